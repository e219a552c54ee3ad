"""The text route of the pairwise decision: two close accounts that share their rare vocabulary."""

from datetime import date

from casus.models import Document, Report
from casus.resolve.pairwise import report_profile, same_incident, text_link
from casus.resolve.signals import rare_terms, text_similarity

STORY = (
    "Ransomware hit the container terminals of Kestrelport, the state-owned operator of the ports of "
    "Vossberg and Quillmouth, forcing dockers to log cargo by hand. Kestrelport declared force majeure "
    "and said the Quillmouth terminal would reopen on Monday."
)
RETOLD = (
    "Kestrelport lifted force majeure at Vossberg and Quillmouth after the ransomware attack, and the "
    "operator said its terminals were back to normal."
)
OTHER = "Parliament passed a budget for hospitals and schools after a long debate about taxes and pensions."


def _profile(text: str, published: str):
    doc = Document(id=text[:16], source="a.txt", text=text, title="", published=date.fromisoformat(published))
    return report_profile(Report(doc.id, published=published), doc)


def test_signals_rare_terms_weigh_rare_words_and_skip_common_ones():
    terms = rare_terms(STORY)
    assert "kestrelport" in terms and "quillmouth" in terms
    assert "terminals" not in terms and "monday" not in terms


def test_pairwise_text_route_links_close_accounts_of_one_story():
    a, b = _profile(STORY, "2024-03-08"), _profile(RETOLD, "2024-03-12")
    assert text_similarity(dict(a.terms), dict(b.terms)) > 0.15
    assert text_link(a, b) and same_incident(a, b)


def test_pairwise_text_route_needs_shared_words_and_close_dates():
    a = _profile(STORY, "2024-03-08")
    assert not text_link(a, _profile(OTHER, "2024-03-09"))
    assert not text_link(a, _profile(RETOLD, "2025-04-30"))  # more than a year later: another story


def test_pairwise_text_route_links_a_follow_up_that_repeats_the_rarest_particulars():
    a = _profile(STORY, "2024-03-08")
    assert text_link(a, _profile(RETOLD, "2024-09-30"))  # half a year later, the same particulars
    # months later, one rare word in common is not enough: "Kestrelport" alone names the victim
    only_victim = "Kestrelport opened a new warehouse for grain exports and hired two hundred workers."
    assert not text_link(a, _profile(only_victim, "2024-09-30"))


def test_pairwise_follow_up_route_does_not_count_state_names_as_particulars():
    first = "Albanian officials said the Zellweger registry was hit by hackers and Albania closed its offices."
    later = "Albanian officials said the Zellweger registry reopened, and Albania hired more clerks."
    a, b = _profile(first, "2024-01-10"), _profile(later, "2024-06-10")
    assert {"zellweger", "albanian"} <= a.key_terms() & b.key_terms()
    assert not text_link(a, b)  # one particular and the state's own names: not enough months later


def _titled(title: str, text: str, published: str):
    doc = Document(id=title[:16], source="t.txt", text=text, title=title, published=date.fromisoformat(published))
    return report_profile(Report(doc.id, title=title, published=published), doc)


def test_signals_headline_names_are_the_protagonists_the_body_writes_capitalised():
    from casus.resolve.signals import headline_names

    text = (
        "Users around the world could not open their mail when Outlook went down, and Microsoft blamed a "
        "flood of traffic. Engineers at Microsoft restored the service. The outage lasted hours."
    )
    assert headline_names("Microsoft Outlook Down After Reported Attack", text) == ["microsoft", "outlook"]
    assert headline_names("Russian Hackers Hit Microsoft", text) == ["microsoft"]  # no state, no trade word
    costa = "Costa Rica said hackers hit the Aduana portal. Officials in Costa Rica restored the Aduana systems."
    assert headline_names("Costa Rica Aduana Portal Hit", costa) == ["aduana"]  # a state's name of two words neither


def test_pairwise_shared_headline_protagonist_links_close_accounts():
    a = _titled(
        "Microsoft outage caused by traffic flood",
        "Users lost mail for hours when Outlook went down, and Microsoft blamed a flood of junk traffic.",
        "2024-06-05",
    )
    b = _titled(
        "Microsoft mail down after hacking group boasts of attack",
        "A group that calls itself Crimson Jackal said it had taken down the mail service of Microsoft.",
        "2024-06-05",
    )
    assert set(a.headlines) & set(b.headlines) == {"microsoft"}
    assert same_incident(a, b)
    c = _titled(
        "Microsoft mail down after hacking group boasts of attack",
        "A group that calls itself Crimson Jackal said it had taken down the mail service of Microsoft.",
        "2024-09-20",
    )
    assert not same_incident(a, c)  # months apart: another outage


ATTACK = (
    "Hackers took over a booster station of the Harwick water authority through a Velmtronix controller "
    "exposed to the internet, and the pumps were switched to manual operation. Engineers said the Velmtronix "
    "panels carried a message signed by the intruders."
)
SANCTIONS = (
    "The Treasury sanctioned six officers over intrusions into water utilities that used Velmtronix "
    "controllers, including the station at Harwick, officials said, citing pump panels defaced with a message."
)
SAME_GROUP = (
    "The ransomware gang LockBit encrypted the servers of a hospital chain, and LockBit posted patient "
    "records on its leak site after the chain refused to pay."
)


def test_pairwise_a_coined_story_name_links_a_follow_up_months_later():
    from casus.resolve.signals import story_names

    a, b = _profile(ATTACK, "2024-01-10"), _profile(SANCTIONS, "2024-04-02")
    assert "velmtronix" in story_names(dict(a.terms))
    assert text_link(a, b)
    assert not text_link(a, _profile(SANCTIONS, "2025-06-02"))  # over a year: another story


def test_pairwise_a_group_name_is_no_story_name():
    from casus.resolve.signals import story_names

    assert "lockbit" not in story_names(dict(_profile(SAME_GROUP, "2024-01-10").terms))


def test_the_names_that_follow_an_office_are_no_particular_of_a_story():
    from casus.resolve.signals import rare_terms

    text = (
        "Deputy Foreign Minister Sergei Ryabkovitch dismissed the charges, and spokeswoman Maria Zakharovna "
        "called them absurd. The Velmtronix controllers at the plant were wiped."
    )
    terms = rare_terms(text)
    assert "velmtronix" in terms
    assert not {"ryabkovitch", "zakharovna"} & terms.keys()
