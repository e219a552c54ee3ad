"""Extraction of claims, attributions, denials and responses from short articles (``Extractor``).

Every article here is our own wording, written the way wire reports are. Facts are compared as
plain tuples, so a failure prints what was read instead of what was expected.
"""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casus.ingest.text import read_text
from casus.models import OPERATION_TYPES, RESPONSE_TYPES, SECTORS, Certainty, Document, Report


def _article(headline: str, published: str, body: str) -> str:
    return f"{headline}\n{published}\n\n{body}\n"


def _read(extractor, text: str, source: str = "article.txt"):
    doc = read_text(text, source)
    return doc, extractor.extract(doc)


def _one(extractor, text: str) -> Report:
    _, reports = _read(extractor, text)
    assert len(reports) == 1, reports
    return reports[0]


def _attributions(r: Report):
    return {(a.by, a.to) for a in r.attributions}


def _responses(r: Report):
    return {(x.by, x.type, x.against) for x in r.responses}


ALBANIA = _article(
    "Albania cuts ties with Iran over cyberattack on government",
    "2022-09-07",
    "Albania severed diplomatic relations with Iran on Wednesday and ordered Iranian embassy staff to leave "
    "the country within 24 hours.\n"
    "The move follows a cyberattack on Albania in July that shut down government websites and online "
    "public services for several days.\n"
    "Albanian Prime Minister Edi Rama said an investigation had established without a shadow of a doubt "
    "that Iran was behind the attack.\n"
    "A hacker group calling itself HomeLand Justice claimed responsibility for the attack in July and leaked "
    "documents it said it had stolen.\n"
    "Iran denied involvement and called the decision a provocation.\n"
    "Rama said the embassy in Tirana would be closed by Friday.",
)

CLAIM = _article(
    "Hackers claim attack on Albanian government",
    "2022-07-20",
    "A hacker group calling itself HomeLand Justice claimed responsibility on Monday for a cyberattack that "
    "took down Albanian government websites.\n"
    "The group posted a video on its Telegram channel showing the ransom note left on government computers.\n"
    "Albania's National Agency for Information Society said it had shut down the affected systems to contain "
    "the attack.\n"
    "Officials said no data had been lost and that services would be back within days.\n"
    "The government has not said who it believes is behind the attack, though some researchers pointed to "
    "Iran.",
)

# Georgia, October 2019: thousands of websites defaced, two broadcasters knocked off air. Each
# response test adds one sentence to this article, which by itself states no response.
GEORGIA = (
    "Georgia links Russia to cyberattack on websites\n"
    "2020-02-20\n"
    "\n"
    "A cyberattack in late October defaced thousands of Georgian websites, including the president's "
    "website, "
    "and took two television stations off the air.\n"
    "Georgian officials said on Thursday that Russian military intelligence was behind the attack.\n"
    "Investigators said the hackers had compromised a hosting provider in Tbilisi to reach the sites.\n"
    "{extra}\n"
    "The hacking campaign was one of the largest the country has seen.\n"
)

PATCH_NEWS = _article(
    "Microsoft fixes six zero-day flaws in monthly security update",
    "2023-03-15",
    "Microsoft released patches on Tuesday for more than 80 vulnerabilities in Windows and Office, including "
    "six that attackers were already exploiting.\n"
    "The company urged customers to install the update quickly because working exploit code is circulating "
    "online.\n"
    "One flaw in Outlook lets an attacker steal password hashes simply by sending a crafted email.\n"
    "Security researchers said the bug was easy to abuse and expected more hacking attempts in the coming "
    "weeks.\n"
    "Administrators in Germany and France were advised to prioritise servers exposed to the internet.\n"
    "The next scheduled update is due in April.",
)

CRIMINAL_RANSOMWARE = _article(
    "Ransomware attack disrupts hospital chain in Ohio",
    "2023-06-02",
    "A ransomware attack forced a chain of hospitals in Ohio to divert ambulances on Thursday after its "
    "computer systems were encrypted.\n"
    "The company said it had taken its networks offline to contain the intrusion and was working with "
    "outside cybersecurity experts.\n"
    "No group has claimed responsibility, and investigators have not said who is behind the attack.\n"
    "Patients were asked to bring paper copies of their medication lists.\n"
    "Police said they were treating the incident as a criminal matter.\n"
    "Emergency services were expected to return to normal by the weekend.",
)


def test_report_claim_by_named_group(extractor):
    r = _one(extractor, CLAIM)
    assert [c.by for c in r.claims] == ["HomeLand Justice"]
    assert [m.value for m in r.victims] == ["ALB"]
    # "some researchers pointed to Iran" is no attribution by anyone
    assert r.attributions == []


@pytest.mark.parametrize(
    ("sentence", "claimants"),
    [
        (
            "Marsh Heron Crew, Quillfox.Team and Copper Lantern have claimed responsibility.",
            ["Marsh Heron Crew", "Quillfox.Team", "Copper Lantern"],
        ),
        ("Hackers have claimed responsibility.", []),  # a common word that opens the sentence is no name
        ("Georgia has claimed responsibility for the response.", []),  # a state is no persona
    ],
)
def test_report_claim_by_listed_unknown_names(extractor, sentence, claimants):
    r = _one(extractor, GEORGIA.format(extra=sentence))
    assert [c.by for c in r.claims] == claimants


def test_report_attribution_with_high_certainty(extractor):
    r = _one(extractor, ALBANIA)
    [attribution] = [a for a in r.attributions if (a.by, a.to) == ("ALB", "IRN")]
    assert attribution.certainty is Certainty.HIGH
    assert attribution.date == "2022-09-07"
    assert "without a shadow of a doubt" in attribution.evidence.sentence


def test_report_full_albania_article(extractor):
    r = _one(extractor, ALBANIA)
    assert [m.value for m in r.victims] == ["ALB"]
    assert [c.by for c in r.claims] == ["HomeLand Justice"]
    assert _attributions(r) == {("ALB", "IRN")}
    assert [d.by for d in r.denials] == ["IRN"]
    assert {("ALB", "sever_relations", "IRN"), ("ALB", "expel_diplomats", "IRN")} <= _responses(r)
    assert [m.value for m in r.first_activity] == ["2022-07"]
    assert {"disruption", "leak"} <= {m.value for m in r.operation_types}
    assert "government" in {m.value for m in r.sectors}
    # vocabularies of casus-summary/1
    assert {m.value for m in r.operation_types} <= set(OPERATION_TYPES)
    assert {m.value for m in r.sectors} <= set(SECTORS)
    assert {x.type for x in r.responses} <= set(RESPONSE_TYPES)


@pytest.mark.parametrize(
    ("sentence", "accuser", "group"),
    [
        ("Britain said Fancy Bear was behind the attack.", "GBR", "APT28"),
        ("Britain said APT28 was behind the attack.", "GBR", "APT28"),
        ("Britain accused APT28 of carrying out the attack.", "GBR", "APT28"),
        ("The United States said Sandworm was behind the attack.", "USA", "Sandworm"),
    ],
)
def test_report_group_alias_resolves_to_sponsor_state(extractor, sentence, accuser, group):
    r = _one(extractor, GEORGIA.format(extra=sentence))
    assert _attributions(r) == {("GEO", "RUS"), (accuser, "RUS")}
    assert r.groups == [group]


@pytest.mark.parametrize(
    ("sentence", "level"),
    [
        ("Britain said without a shadow of a doubt that the GRU was behind the attack.", Certainty.HIGH),
        ("Britain said the GRU was likely behind the attack.", Certainty.MODERATE),
        ("Britain said the GRU was behind the attack.", None),
    ],
)
def test_report_certainty_of_attribution(extractor, sentence, level):
    r = _one(extractor, GEORGIA.format(extra=sentence))
    [a] = [a for a in r.attributions if a.by == "GBR"]
    assert (a.to, a.certainty) == ("RUS", level)


@pytest.mark.parametrize(
    ("sentence", "deniers"),
    [
        ("Russia denied involvement in the attack.", ["RUS"]),
        ("The Kremlin denied any involvement.", ["RUS"]),
        ("Russia did not deny involvement.", []),
        ("Did Russia deny involvement?", []),
    ],
)
def test_report_denial_by_accused(extractor, sentence, deniers):
    r = _one(extractor, GEORGIA.format(extra=sentence))
    assert [d.by for d in r.denials] == deniers


def test_report_base_article_has_no_response(extractor):
    r = _one(extractor, GEORGIA.format(extra=""))
    assert [m.value for m in r.victims] == ["GEO"]
    assert _attributions(r) == {("GEO", "RUS")}
    assert r.responses == []
    assert r.denials == []
    assert [m.value for m in r.first_activity] == ["2019-10"]  # "late October" before a February article
    assert "defacement" in {m.value for m in r.operation_types}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Georgia severed diplomatic relations with Russia on Thursday.", ("GEO", "sever_relations", "RUS")),
        ("Georgia cut ties with Russia.", ("GEO", "sever_relations", "RUS")),
        ("Georgia expelled Russia's diplomats over the attack.", ("GEO", "expel_diplomats", "RUS")),
        ("Georgia expelled three Russian embassy staff.", ("GEO", "expel_diplomats", "RUS")),
        ("The Georgian foreign ministry summoned the Russian ambassador.", ("GEO", "summon_ambassador", "RUS")),
        ("The United States imposed sanctions on Russia over the attack.", ("USA", "sanctions", "RUS")),
        ("The US Justice Department indicted six Russian officers over the attack.", ("USA", "indictment", "RUS")),
        ("A US grand jury indicted six GRU officers.", ("USA", "indictment", "RUS")),
        ("The European Union condemned the attack.", ("EU", "condemnation", "RUS")),
        ("The British government condemned the attack.", ("GBR", "condemnation", "RUS")),
        ("The United States said it will hold Russia accountable.", ("USA", "pledge_action", "RUS")),
        ("Estonia said it stands with Georgia.", ("EST", "solidarity", "GEO")),
        ("The United States said all options are on the table in answering Russia.", ("USA", "pledge_action", "RUS")),
        (
            'The US president said he is "looking" at possible retaliation for the Russian hackers.',
            ("USA", "pledge_action", "RUS"),
        ),
        ("Georgia lodged a formal protest with Russia over the attack.", ("GEO", "condemnation", "RUS")),
        ("The Georgian foreign minister raised concerns over the breach with Russia.", ("GEO", "condemnation", "RUS")),
    ],
)
def test_report_response_types(extractor, sentence, expected):
    r = _one(extractor, GEORGIA.format(extra=sentence))
    assert _responses(r) == {expected}


ROLE_WINDOW = (
    "mentions._role looks four tokens past a state for an attack noun, across the verb: in "
    "'Britain condemned the attack' or 'Britain said the hacking group ...' the speaker is read "
    "as "
    "the attacker (hostile/hostile_act), so it can neither speak nor respond"
)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Britain blamed the attack on Fancy Bear.", ("GBR", "RUS")),
        ("Britain accused APT 28 of carrying out the attack.", ("GBR", "RUS")),
        ("Britain said the hacking group Fancy Bear was behind the attack.", ("GBR", "RUS")),
        ("The United States said the attack was carried out by Sandworm.", ("USA", "RUS")),
        ("A US official said Washington had technical information linking the GRU to the attacks.", ("USA", "RUS")),
        ("The United States said Russian hackers stole data from the hosting provider.", ("USA", "RUS")),
        ("Britain said it suspects Russia's secret service was behind the attack.", ("GBR", "RUS")),
        ("Tom Hale, a spokesperson for the British government, said it was a probable Russian attack.", ("GBR", "RUS")),
    ],
)
def test_report_attribution_when_attack_noun_follows_speaker(extractor, sentence, expected):
    r = _one(extractor, GEORGIA.format(extra=sentence))
    assert expected in _attributions(r)


@pytest.mark.parametrize("sentence", ["Britain condemned the attack.", "The UK condemned the attack."])
def test_report_condemnation_by_state_name(extractor, sentence):
    r = _one(extractor, GEORGIA.format(extra=sentence))
    assert _responses(r) == {("GBR", "condemnation", "RUS")}


def test_report_condemning_state_is_not_accused(extractor):
    sentence = "Britain condemned the cyberattack on Georgia and said Russia's GRU was responsible for it."
    r = _one(extractor, GEORGIA.format(extra=sentence))
    assert all(a.to == "RUS" for a in r.attributions), r.attributions
    assert all(x.against == "RUS" for x in r.responses), r.responses


@pytest.mark.parametrize(
    "sentence",
    [
        "Georgia did not sever ties with Russia.",
        "Georgia has never cut diplomatic relations with Russia.",
        "Georgia could cut ties with Russia, officials said.",
        "Georgia would sever diplomatic relations with Russia if the attacks continued.",
        "The United States may impose sanctions on Russia over the attack.",
    ],
)
def test_report_negated_or_hypothetical_response_is_no_fact(extractor, sentence):
    r = _one(extractor, GEORGIA.format(extra=sentence))
    assert r.responses == []


@pytest.mark.parametrize("text", [PATCH_NEWS, CRIMINAL_RANSOMWARE], ids=["patch", "crime"])
def test_report_distractor_articles_give_no_report(extractor, text):
    _, reports = _read(extractor, text)
    assert reports == []


def _facts(r: Report):
    yield from r.victims
    yield from r.sectors
    yield from r.operation_types
    yield from r.first_activity
    yield from r.claims
    yield from r.attributions
    yield from r.denials
    yield from r.responses


@pytest.mark.parametrize(
    "text",
    [
        ALBANIA,
        CLAIM,
        GEORGIA.format(extra="Russia denied involvement. Georgia cut ties with Russia."),
        GEORGIA.format(
            extra="“We stand with Georgia,” the Estonian foreign minister said.\n\n"
            "Britain said APT28\u00a0was likely behind the attack."
        ),
    ],
    ids=["albania", "claim", "georgia", "quotes"],
)
def test_report_evidence_quotes_document_text(extractor, text):
    doc, reports = _read(extractor, text)
    facts = [f for r in reports for f in _facts(r)]
    assert len(facts) >= 4
    for fact in facts:
        ev = fact.evidence
        assert ev.doc_id == doc.id
        assert doc.text[ev.start : ev.end] == ev.sentence
        assert ev.rule.startswith("casus.")


# --- property: any text, however garbled, extracts without error and with exact evidence -----

_SOUP = [
    "Iran",
    "Russia",
    "said",
    "attack",
    "cyberattack",
    "hackers",
    "U.S.",
    '"',
    "“",
    "”",
    ".",
    ",",
    "?",
    "condemned",
    "denied",
    "APT28",
    "claimed",
    "responsibility",
    "on",
    "Monday",
    "in",
    "July",
    "2022",
    "the",
    "government",
    "of",
    "Albania",
    "ties",
    "severed",
    "with",
    "ambassador",
    "summoned",
    "\n",
    "\n\n",
    "—",
    "-",
    "(",
    ")",
    "日本",
    "31",
    "pro-Russian",
    "’s",
    "'s",
    "sanctions",
    "indicted",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_SOUP), max_size=120), st.sampled_from([None, date(2022, 9, 8)]))
def test_report_any_text_gives_exact_evidence(extractor, words, published):
    text = " ".join(words)
    doc = Document("soup", "soup.txt", text, "", published)
    for report in extractor.extract(doc):
        facts = report.claims + report.attributions + report.denials + report.responses
        facts += report.victims + report.operation_types + report.sectors + report.first_activity
        for fact in facts:
            ev = fact.evidence
            assert text[ev.start : ev.end] == ev.sentence


def test_report_attributing_government_is_the_victim_of_attacks_on_its_own_ministries(extractor):
    text = _article(
        "Belgium says Chinese state hackers breached ministries",
        "2023-06-02",
        "Belgium's foreign ministry said on Friday that Chinese state-backed hackers had targeted several "
        "ministries over the past year.\n"
        "The intruders stole internal documents, officials said.\n",
    )
    report = _one(extractor, text)
    assert ("BEL", "CHN") in _attributions(report)
    assert [m.value for m in report.victims] == ["BEL"]


def test_report_named_owner_keeps_the_attributing_state_out_of_the_victims(extractor):
    text = _article(
        "Britain says Russian hackers hit Ukrainian ministries",
        "2022-02-18",
        "Britain said on Friday that Russian military intelligence had targeted several Ukrainian ministries "
        "with a wave of denial-of-service attacks.\n",
    )
    report = _one(extractor, text)
    assert ("GBR", "RUS") in _attributions(report)
    assert "GBR" not in [m.value for m in report.victims]


def test_report_group_saying_it_hacked_claims_and_hacktivists_have_no_sponsor(extractor):
    text = _article(
        "Hacktivists say they crippled Belarus railway systems",
        "2022-01-24",
        "A group of Belarusian hacktivists calling itself the Cyber Partisans said on Monday it had encrypted "
        "servers of the state railway company, disrupting ticketing in Minsk.\n"
        "Russia's foreign ministry condemned the attack as an act of terrorism.\n",
    )
    report = _one(extractor, text)
    assert [c.by for c in report.claims] == ["Cyber Partisans"]
    # MISP records the group's country, not a sponsor: no state is blamed for hacktivists
    assert not report.attributions
    assert {r.against for r in report.responses} <= {"Cyber Partisans"}


def test_report_company_saying_it_disrupted_a_group_is_no_claim(extractor):
    text = _article(
        "Microsoft disrupts Russian hacking group's servers",
        "2023-03-10",
        "Microsoft said on Friday that the Russian group APT28 had targeted government email accounts in Poland "
        "for months in a phishing campaign.\n"
        "Microsoft said it had taken down dozens of servers used in the campaign.\n",
    )
    report = _one(extractor, text)
    assert report.claims == []
    assert ("Microsoft", "RUS") in _attributions(report)


STATE_COMPANY_RANSOMWARE = _article(
    "Freight operator halts ports after ransomware attack",
    "2024-03-08",
    "Ostrava Freight, the Czech state-owned rail and port operator, declared force majeure on Friday after "
    "a ransomware attack encrypted its terminal systems on March 5.\n\nThe company said its container "
    "terminals were working manually. Investigators have not said who was behind the attack.",
)
ARREST_STORY = _article(
    "Police arrest 19-year-old suspected of leading ransomware gang",
    "2024-03-08",
    "Dutch police arrested a 19-year-old man suspected of leading a ransomware gang that hit dozens of "
    "companies in the United States.\n\nThe gang stole data from firms and demanded ransoms, prosecutors said. "
    "The suspect was detained at Schiphol airport.",
)


def test_report_unattributed_attack_on_state_owned_company_is_an_incident(extractor):
    r = _one(extractor, STATE_COMPANY_RANSOMWARE)
    assert [m.value for m in r.victims] == ["CZE"]
    assert "ransomware" in {m.value for m in r.operation_types}
    assert not r.attributions


def test_report_arrest_in_a_criminal_case_is_no_incident(extractor):
    _, reports = _read(extractor, ARREST_STORY)
    assert reports == []


def test_report_campaign_since_an_old_year_is_not_background(extractor):
    text = _article(
        "Hackers hit ministries for years, agency says",
        "2025-01-09",
        "The Chinese hacking group Jade Lantern has carried out cyberattacks on Japanese government agencies "
        "since 2019, the National Police Agency said on Wednesday.",
    )
    r = _one(extractor, text)
    assert "JPN" in {m.value for m in r.victims}


def test_report_persona_no_list_knows_claims_and_is_accused(extractor):
    text = _article(
        "Estonian ministry websites defaced",
        "2024-05-02",
        "Websites of the Estonian interior ministry were defaced by hackers on Wednesday. A hacker collective calling "
        "itself Grey Otter Brigade claimed responsibility for the attack in a post on Telegram.\n\n"
        "Estonia's information system authority said the attack was carried out by Grey Otter Brigade.",
    )
    r = _one(extractor, text)
    assert {c.by for c in r.claims} == {"Grey Otter Brigade"}
    assert ("EST", "Grey Otter Brigade") in _attributions(r)


def test_report_lead_names_the_victim_when_no_sentence_says_whose_entities_were_hit(extractor):
    text = _article(
        "Oil giant admits hack of 20,000 computers",
        "2024-05-02",
        "Norwegian energy company Fjordoil confirmed on Tuesday that 20,000 of its computers had been "
        "infected with malware, corroborating the claim of a hacking collective known as Silent Fjord.\n\n"
        "The company said its oil production was not affected.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["NOR"]
    assert {c.by for c in r.claims} == {"Silent Fjord"}


def test_report_measures_retold_or_in_force_are_not_answers_to_this_attack(extractor):
    text = _article(
        "Hackers cripple Iranian state bank",
        "2025-06-20",
        "A hacker group called Silver Crane said on Tuesday that it had hacked Iran's state-owned Bank Melli "
        "on June 17, knocking its online services offline.\n\n"
        "The bank is also under US sanctions. The United States and Britain last month unveiled sanctions "
        "against Silver Crane's rivals.\n\n"
        "Iran's central bank said the attack had been contained.",
    )
    r = _one(extractor, text)
    assert "IRN" in {m.value for m in r.victims}
    assert not [x for x in r.responses if x.type == "sanctions"], _responses(r)


def test_report_the_accused_counter_accusing_is_no_attribution(extractor):
    text = _article(
        "Netherlands blames China for defence network hack",
        "2024-02-07",
        "The Dutch government said on Tuesday that Chinese state-backed hackers were behind a cyberattack on a "
        "Dutch military network last year.\n\n"
        "China's foreign ministry rejected the accusation. \"It is the Netherlands that has long been conducting "
        'cyberattacks around the world," the Chinese foreign ministry spokesperson said.',
    )
    r = _one(extractor, text)
    assert ("NLD", "CHN") in _attributions(r)
    assert not [a for a in r.attributions if a.by == "CHN"], _attributions(r)


def test_report_where_the_culprit_lives_is_not_a_victim(extractor):
    text = _article(
        "Ransomware attack shuts Danish state ferry operator",
        "2024-03-08",
        "A ransomware attack shut the booking systems of Denmark's state-owned ferry operator on Thursday.\n\n"
        "The attack was carried out by a criminal gang believed to be based in Russia, the Danish police said. "
        "A suspect was arrested in Spain last month.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["DNK"]


def test_report_airstrike_in_answer_to_a_cyberattack_is_military_action(extractor):
    text = _article(
        "Army strikes militant hacking unit",
        "2024-04-14",
        "Hezbollah hackers attacked the networks of Israeli water utilities on Friday, officials said.\n\n"
        "Israel's army said it launched an airstrike on a building that housed the Hezbollah cyber unit in "
        "response to the cyberattack.",
    )
    r = _one(extractor, text)
    assert ("ISR", "military_action", "Hezbollah") in _responses(r)


def test_report_pledge_of_any_necessary_action(extractor):
    text = _article(
        "President vows response to ransomware attack on pipeline",
        "2024-04-14",
        "Russian hackers hit a Canadian pipeline operator with ransomware on Monday, officials said.\n\n"
        "Canada will take 'any necessary action' to defend its critical infrastructure, Prime Minister "
        "Justin Trudeau said, and urged Russia to take action against the gang.",
    )
    r = _one(extractor, text)
    assert ("CAN", "pledge_action", "RUS") in _responses(r)


def test_report_operation_types_from_how_the_attack_is_told(extractor):
    text = _article(
        "Hackers plant fake story on state news agency",
        "2024-04-14",
        "Hackers broke into the website of Latvia's state news agency on Friday and published a fake story "
        "about a military draft, the government said.\n\n"
        "The attackers also posted a message on the agency's homepage. The Latvian government blamed Russia.",
    )
    r = _one(extractor, text)
    assert {"influence", "defacement"} <= {m.value for m in r.operation_types}


def test_report_condemnation_of_a_campaign_against_other_states_answers_that_campaign(extractor):
    text = _article(
        "Polish news agency hit by Russian cyberattack",
        "2024-06-01",
        "Poland's state news agency was hit by a Russian cyberattack on Friday, Poland's digital minister said.\n\n"
        "The EU and NATO condemned Russia's malicious cyber campaign against Germany and Czechia earlier in May.\n\n"
        "Poland condemned the attack on its news agency.",
    )
    r = _one(extractor, text)
    assert ("POL", "condemnation", "RUS") in _responses(r)
    assert not [x for x in r.responses if x.by in ("EU", "NATO")], _responses(r)


def test_report_calling_the_accusation_disinformation_is_a_denial(extractor):
    text = _article(
        "Chinese hackers breached ministry email, firm says",
        "2024-07-12",
        "Chinese state-backed hackers breached email accounts at Norway's foreign ministry, the Norwegian "
        "government said on Thursday.\n\n"
        "China has called the Norwegian report \u201cdisinformation\u201d, saying on Friday that it opposes all "
        "forms of hacking.",
    )
    r = _one(extractor, text)
    assert {d.by for d in r.denials} == {"CHN"}


def test_report_speaker_naming_the_attack_after_its_author_attributes_it(extractor):
    text = _article(
        "Danish news agency hacked",
        "2024-06-01",
        "Denmark's state news agency was hacked on Friday and a false report appeared on its feed.\n\n"
        "A spokesperson for the Danish security service said it was a probable Russian cyberattack.",
    )
    r = _one(extractor, text)
    assert ("DNK", "RUS") in _attributions(r)


def test_report_speaker_named_after_said_with_a_firm(extractor):
    text = _article(
        "Hackers wipe ministry computers",
        "2024-07-12",
        "Hackers wiped computers at the Saudi labour ministry on Monday. The hackers were likely working on "
        "behalf of the Iranian government, said Adam Meyers, vice president with cyber security firm CrowdStrike.",
    )
    r = _one(extractor, text)
    assert ("CrowdStrike", "IRN") in _attributions(r)


def test_report_the_group_claiming_is_the_one_named_before_not_one_named_after(extractor):
    text = _article(
        "Iran-linked hackers hit US water utility",
        "2023-11-28",
        "Hackers linked to Iran's Revolutionary Guard, calling themselves Blue Heron Team, took control of a "
        "pump station at a water utility in Ohio, US officials said.\n\n"
        "The cyber group has claimed responsibility for attacks on water systems in Israel, as Israel battles "
        "the Hamas militant group in Gaza.",
    )
    r = _one(extractor, text)
    assert {c.by for c in r.claims} == {"Blue Heron Team"}


def test_report_sector_is_what_this_attack_hit_not_what_the_group_usually_hits(extractor):
    text = _article(
        "Ransomware shuts Estonian state port operator",
        "2024-03-08",
        "A ransomware attack hit the container terminals of Estonia's state-owned port operator on Thursday, "
        "the Estonian government said.\n\n"
        "The gang behind it has typically targeted hospitals and schools. The health ministry said it "
        "had seen no attack on its systems.",
    )
    r = _one(extractor, text)
    sectors = {m.value for m in r.sectors}
    assert "transport" in sectors
    assert "health" not in sectors


def test_report_measure_against_the_victim_and_acts_in_relative_clauses_are_no_answers(extractor):
    text = _article(
        "UAE hacked Qatari news agency, officials say",
        "2017-07-17",
        "The United Arab Emirates orchestrated the hacking of Qatar's state news agency in May, US "
        "intelligence officials said on Sunday.\n\n"
        "Saudi Arabia and its allies then broke relations with Qatar. Hackers also hit countries that "
        "supported Doha, including Turkey.",
    )
    r = _one(extractor, text)
    assert not [x for x in r.responses if x.type == "sever_relations"], _responses(r)
    assert not [x for x in r.responses if x.type == "solidarity"], _responses(r)


def test_report_a_language_is_no_victim(extractor):
    text = _article(
        "Hackers leak Chilean army emails",
        "2022-09-30",
        "A hacker group called Silver Macaw, 'guacamaya' in Spanish, leaked six terabytes of emails stolen "
        "from Chile's army, the Chilean defence ministry said on Friday.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["CHL"]


def test_report_a_firm_named_as_its_heads_employer_speaks(extractor):
    text = _article(
        "Mobile operator down after cyberattack",
        "2023-12-12",
        "The network of Ukraine's largest mobile operator was knocked offline by a cyberattack on Tuesday.\n\n"
        "Volnastar CEO Ivan Petrenko said in a TV appearance that Russia was responsible for the outage.",
    )
    r = _one(extractor, text)
    assert ("Volnastar", "RUS") in _attributions(r)


def test_report_operation_types_said_not_to_have_happened_are_not_read(extractor):
    text = _article(
        "No data breach in Chinese hacking attempt at power grid, ministry says",
        "2021-03-02",
        "Chinese state-sponsored hackers targeted India's power grid with malware, disrupting several "
        "load dispatch centres, the Indian power ministry said.\n\n"
        "There was no data breach, and officials feared the hackers would leak grid designs. Such attacks "
        "typically wipe data.",
    )
    r = _one(extractor, text)
    ops = {m.value for m in r.operation_types}
    assert "disruption" in ops
    assert not ops & {"data_theft", "leak", "wiper"}, ops


def test_report_a_one_word_body_heading_another_name_is_not_that_body(extractor):
    text = _article(
        "Canada says Chinese hackers breached research council",
        "2014-07-29",
        "Chinese state-sponsored hackers breached the computers of Canada's National Research Council, "
        "the Canadian government said on Tuesday.\n\n"
        "The Treasury Board Secretariat said the intrusion came from a highly sophisticated Chinese "
        "state-sponsored actor.",
    )
    r = _one(extractor, text)
    assert not [a for a in r.attributions if a.by == "USA"], _attributions(r)


def test_report_a_link_to_a_state_that_is_no_operation_is_no_attribution(extractor):
    text = _article(
        "Hackers hit Sudanese state bank",
        "2025-06-17",
        "A hacker group called Grey Sparrow said on Tuesday it had destroyed the data of Sudan's state-owned "
        "Bank Kish, whose online services went offline.\n\n"
        "It has been sanctioned by both the United States and the European Union for its alleged role in "
        "transactions linked to Iran's military.",
    )
    r = _one(extractor, text)
    assert not [a for a in r.attributions if a.to == "IRN"], _attributions(r)


def test_report_a_state_saying_its_own_agency_was_hacked_is_the_victim(extractor):
    text = _article(
        "Hackers post fake comments by emir",
        "2017-05-24",
        "Bahrain said on Wednesday its state news agency had been hacked, after a fake story about the king "
        "appeared on its website.\n\nIran denied any role.",
    )
    r = _one(extractor, text)
    assert "BHR" in {m.value for m in r.victims}


def test_report_claim_by_a_persona_named_only_in_quotes(extractor):
    text = _article(
        "Hackers deface Slovak ministry websites",
        "2024-03-08",
        'Websites of Slovakia\'s finance ministry were defaced on Thursday. "Black Lynx Brigade" claimed the '
        'attack in a post on Telegram.\n\n"We will respond," said the Slovak interior minister.',
    )
    r = _one(extractor, text)
    assert {c.by for c in r.claims} == {"Black Lynx Brigade"}
    assert [m.value for m in r.victims] == ["SVK"]
    assert "defacement" in {m.value for m in r.operation_types}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Finland pinned the attack on Russia on Monday.", ("attribution", ("FIN", "RUS"))),
        ("Finland laid the blame for the attack on Russia on Monday.", ("attribution", ("FIN", "RUS"))),
        ("Moscow said Russia was not involved in the attack.", ("denial", "RUS")),
        ("The Kremlin said Russia had no role in the hack.", ("denial", "RUS")),
    ],
)
def test_report_common_phrasings_of_accusing_and_denying(extractor, sentence, expected):
    text = _article(
        "Finnish parliament hacked",
        "2024-03-11",
        "Hackers linked to Russian intelligence breached the email accounts of Finland's parliament last "
        f"week, officials said.\n\n{sentence}",
    )
    r = _one(extractor, text)
    kind, value = expected
    if kind == "attribution":
        assert value in _attributions(r)
    else:
        assert value in {d.by for d in r.denials}


def test_report_target_noun_far_from_any_attack_word_is_no_victim(extractor):
    text = _article(
        "Hackers take Georgian ministry offline",
        "2020-02-20",
        "Hackers took the website of the Georgian foreign ministry offline on Wednesday in a cyberattack.\n"
        "American agencies and experts who have been helping the government in Tbilisi for years with advice on "
        "budgets, customs, statistics and trade were briefed on the hack.\n"
        "The ministry said the site was restored after two hours.",
    )
    assert [m.value for m in _one(extractor, text).victims] == ["GEO"]


def test_report_accused_own_words_are_no_response(extractor):
    text = GEORGIA.replace("Georgia links Russia to", "UK and US officials say Russia was behind")
    r = _one(extractor, text.format(extra='The Russian embassy in the US slammed the accusations as "baseless".'))
    assert not [x for x in _responses(r) if x[1] == "condemnation"], r.responses


def test_report_operation_told_in_past_perfect_counts(extractor):
    # reported speech puts this incident's own deeds in the past perfect: "had been copied"
    extra = "The hackers posted a note saying that internal data had been copied and then wiped."
    r = _one(extractor, GEORGIA.format(extra=extra))
    assert {"data_theft", "wiper"} <= {m.value for m in r.operation_types}


def test_report_wiper_when_the_data_comes_before_deleted(extractor):
    extra = "Officials said that files on the ministry's servers were deleted."
    r = _one(extractor, GEORGIA.format(extra=extra))
    assert "wiper" in {m.value for m in r.operation_types}


@pytest.mark.parametrize(
    "extra",
    [
        "Prosecutors said the hackers ran a campaign aimed at disrupting the coming election.",
        "The charges are part of an effort to disrupt the hackers' work.",
    ],
)
def test_report_purpose_is_no_operation_type(extractor, extra):
    r = _one(extractor, GEORGIA.replace("and took two television stations off the air", "").format(extra=extra))
    assert "disruption" not in {m.value for m in r.operation_types}


def test_report_victim_of_websites_that_went_offline(extractor):
    text = _article(
        "Estonian government websites go down during summit",
        "2023-05-04",
        "Several Estonian government websites went offline on Thursday during the summit.\n"
        "The foreign ministry said Russian hackers were behind it.\n"
        "Officials said the cyberattack lasted two hours.",
    )
    assert [m.value for m in _one(extractor, text).victims] == ["EST"]


def test_report_undated_sentences_after_an_old_event_stay_background(extractor):
    text = _article(
        "Statistics office hit by cyberattack",
        "2025-02-03",
        "Norway's statistics agency was hit by a cyberattack on Friday that took its servers offline.\n\n"
        "A cyberattack in March 2021, blamed on Russia, had hit the country's parliament. Norway expelled three "
        "Russian diplomats over it. Russia denied any involvement in that attack.\n\n"
        "The office said its data had not been stolen.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["NOR"]
    assert not r.responses and not r.denials


def test_report_news_words_bring_a_paragraph_back_from_its_background(extractor):
    text = _article(
        "Statistics office hit by cyberattack",
        "2025-02-03",
        "A cyberattack in March 2021 had hit Norway's parliament. Now the statistics office of Norway was hit by a "
        "cyberattack that took its servers offline. Norway blamed Russia and expelled three Russian diplomats.",
    )
    r = _one(extractor, text)
    assert ("NOR", "expel_diplomats", "RUS") in {(x.by, x.type, x.against) for x in r.responses}


def test_report_perfect_tense_accusation_is_active_and_an_office_holder_speaks(extractor):
    text = _article(
        "Casino chain's servers wiped",
        "2025-03-02",
        "US director of national intelligence Jane Roe has accused Iran of orchestrating the destructive hack "
        "of a Nevada casino chain last month, which wiped thousands of its servers. The cyberattack cost the "
        "chain about 40 million dollars.",
    )
    r = _one(extractor, text)
    assert ("USA", "IRN") in _attributions(r)


def test_report_it_after_an_accuser_is_the_group_named_before_not_a_state(extractor):
    text = _article(
        "Australia blames China for parliament hacks",
        "2025-03-02",
        "Australia blamed China for cyberattacks on its parliament by the hacking group Jade Lantern. "
        "Months earlier the New Zealand government blamed the same group for attacks on its parliament office, "
        "while the United Kingdom has also blamed it for targeting members of parliament.",
    )
    r = _one(extractor, text)
    assert ("GBR", "NZL") not in _attributions(r)
    assert ("AUS", "CHN") in _attributions(r)


def test_report_pledge_naming_nobody_is_general_but_those_responsible_are_the_culprit(extractor):
    general = _article(
        "Britain accuses Russia over cyberattacks on games",
        "2025-03-02",
        "Britain accused Russia of cyberattacks that disrupted the ticketing systems of the winter games. "
        "“The UK will continue to work with our allies to counter future malicious cyber attacks,” the foreign "
        "secretary said.",
    )
    r = _one(extractor, general)
    assert ("GBR", "RUS") in _attributions(r)
    assert not [x for x in r.responses if x.type == "pledge_action"]
    described = general.replace("to counter future malicious cyber attacks", "to hold those responsible accountable")
    r = _one(extractor, described)
    assert ("GBR", "pledge_action", "RUS") in _responses(r)


NEWSWIRE = _article(
    "Norway blames Russia for cyberattack on state news agency",
    "2025-06-01",
    "Norway said on Friday that Russia was likely behind a cyberattack on the state news agency NTBX that "
    "published a fake report calling up reservists to fight in Finland.\n\n"
    "The fake article appeared twice on the newswire and was withdrawn, the agency said.\n\n"
    "The Kremlin has denied carrying out cyberattacks against Western countries in the past. Last year Oslo "
    "expelled a Russian diplomat over an espionage case, and in March 2024 it dismantled a Russian spy ring.\n\n"
    "Germany and Czechia this month condemned a campaign by the Russian hacking group APT28 against their "
    "political parties. The European Union said it stood in solidarity with Germany and Czechia.",
)


def test_report_facts_about_other_states_own_attacks_and_older_measures_stay_out(extractor):
    r = _one(extractor, NEWSWIRE)
    assert [m.value for m in r.victims] == ["NOR"]  # its state agency; reservists "to fight in Finland" are no hit
    assert _attributions(r) == {("NOR", "RUS")}  # not Germany's and Czechia's over their own parties
    assert not r.responses  # no condemnation of that campaign, no solidarity with its victims
    assert not r.denials  # a denial of attacks "in the past"
    assert "data_theft" not in {m.value for m in r.operation_types}  # the spy ring of March 2024


def test_report_unknown_organisation_speaks_and_a_hedge_is_no_hypothesis(extractor):
    text = _article(
        "Hackers knock Estonian power firms offline",
        "2025-06-01",
        "Twelve Estonian power companies were compromised in a cyberattack in May, the security body GridWatchCERT "
        "said on Monday.\n\n"
        "GridWatchCERT said some of the attacks may have been carried out by Sandworm, though it said it could not "
        "be certain.\n\n"
        "A hacker group calling itself Iron Wolves Legion claimed on Telegram that it had struck the power grid.",
    )
    r = _one(extractor, text)
    found = {(a.by, a.to): a.certainty for a in r.attributions}
    # the group's sponsor state stands in for it only where the article names that state
    assert found.get(("GridWatchCERT", "Sandworm")) is Certainty.LOW
    assert {c.by for c in r.claims} == {"Iron Wolves Legion"}
    named = _one(extractor, text.replace("by Sandworm,", "by Sandworm, a unit of Russia's military intelligence,"))
    assert ("GridWatchCERT", "RUS") in _attributions(named)


def test_report_a_service_word_before_a_network_names_a_target_and_a_generic_ministry_no_state(extractor):
    text = _article(
        "Danish intelligence says Chinese hackers breached defence network",
        "2025-02-06",
        "Chinese state-sponsored hackers broke into a Danish military network, the Danish intelligence service "
        "said on Tuesday. The hackers gained access to a network of the Ministry of Defence used for research, "
        "the service said.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["DNK"]


def test_report_a_known_officials_name_inside_a_longer_name_is_someone_else(extractor):
    from casus.extract.mentions import find_mentions, pipeline

    nlp = pipeline()[0]
    longer = nlp("Park Jin Hyok worked for a front company of North Korea's intelligence agency.")
    assert "KOR" not in {m.actor for m in find_mentions(longer)}
    alone = nlp("Foreign Minister Park Jin said Seoul condemned the attack.")
    assert "KOR" in {m.actor for m in find_mentions(alone)}


def test_report_a_government_speaking_of_an_attack_on_its_ministries_is_the_victim(extractor):
    text = _article(
        "Paraguay declares emergency over ransomware attack",
        "2025-05-09",
        "Paraguay's president declared a national emergency on Sunday over a ransomware attack by the Vexa gang "
        "that has crippled the systems of the finance ministry and several other government agencies.\n\n"
        "Vexa claimed responsibility and demanded a ransom of $10 million.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["PRY"]
    assert {c.by for c in r.claims} == {"Vexa"}


def test_report_each_state_in_a_list_of_hit_forces_is_a_victim(extractor):
    text = _article(
        "Hackers leak military emails of four states",
        "2025-05-09",
        "A hacktivist collective called Quetzal Leaks said it had stolen emails from the armed forces of "
        "Colombia, Peru and Chile. The hacked files were published online.",
    )
    r = _one(extractor, text)
    assert {m.value for m in r.victims} == {"COL", "PER", "CHL"}
    assert {c.by for c in r.claims} == {"Quetzal Leaks"}


def test_report_head_of_a_states_body_speaks_and_every_listed_culprit_is_accused(extractor):
    text = _article(
        "Fuel stations across Iran paralysed by cyberattack",
        "2025-10-27",
        "A cyberattack paralysed fuel distribution at petrol stations across Iran on Tuesday.\n\n"
        "Jan Roe, the head of Iran's civil defence organisation, said on Wednesday that the attack was probably "
        "carried out by Israel and the United States.",
    )
    r = _one(extractor, text)
    assert {("IRN", "ISR"), ("IRN", "USA")} <= _attributions(r)


def test_report_no_indication_that_data_was_stolen_is_no_data_theft(extractor):
    text = _article(
        "Ransomware attack on state IT provider cripples services in 70 towns",
        "2025-11-02",
        "A ransomware attack on a state-owned IT provider in Austria has paralysed the administrations of more "
        "than 70 towns, officials said on Thursday. Criminals encrypted its servers on Monday night, and the "
        "provider said there was no indication that data had been stolen.",
    )
    r = _one(extractor, text)
    assert "ransomware" in {m.value for m in r.operation_types}
    assert "data_theft" not in {m.value for m in r.operation_types}


def test_report_a_leak_of_stolen_data_is_a_data_theft_too(extractor):
    text = _article(
        "Hackers leak files of Slovak defence ministry",
        "2025-11-02",
        "A hacker group calling itself Tatra Ghost leaked documents of the Slovak defence ministry on its Telegram "
        "channel on Monday, the ministry said. The cyberattack also took the ministry's website offline.",
    )
    r = _one(extractor, text)
    ops = {m.value: m for m in r.operation_types}
    assert {"leak", "data_theft"} <= ops.keys()
    assert ops["data_theft"].evidence.sentence == ops["leak"].evidence.sentence


def test_report_a_denial_of_service_disrupts(extractor):
    text = _article(
        "Slovak ministry websites hit by DDoS",
        "2025-11-02",
        "Websites of the Slovak defence ministry were hit by DDoS attacks on Monday, the ministry said. A hacker "
        "group calling itself Tatra Ghost claimed the attack.",
    )
    ops = {m.value for m in _one(extractor, text).operation_types}
    assert {"ddos", "disruption"} <= ops


def test_report_a_law_naming_past_hacks_in_passing_is_no_incident(extractor):
    text = _article(
        "Norway passes cyber security law requiring ransomware payment reports",
        "2025-11-25",
        "Norway's parliament on Monday passed a law requiring large companies to report ransomware payments to "
        "the government within 72 hours.\n\nThe legislation follows damaging breaches, including a ransomware "
        "attack on a state-owned insurer in January that exposed the data of millions of Norwegians.",
    )
    _, reports = _read(extractor, text)
    assert reports == []


def test_report_measures_over_another_cause_answer_something_else(extractor):
    text = _article(
        "Montenegro government servers hit by ransomware",
        "2025-08-30",
        "Montenegro's government said on Tuesday that a ransomware attack had knocked out its main servers and "
        "that Russian hackers were likely behind it.\n\nEarlier this year Montenegro joined EU sanctions against "
        "Russia and expelled six Russian diplomats after the invasion of Ukraine.",
    )
    r = _one(extractor, text)
    assert ("MNE", "RUS") in _attributions(r)
    assert not r.responses


def test_report_defaced_sites_of_several_authorities_a_front_and_nothing_disrupted(extractor):
    text = _article(
        "Hackers deface Greek water authority sites",
        "2025-04-27",
        "Hackers defaced the websites of several Greek regional water authorities on Wednesday, the national "
        "cyber security authority said. A persona calling itself Blue Trident claimed responsibility on "
        "Telegram.\n\nGreek officials said the group was a front for Turkish intelligence. The authority said "
        "no water supply had been disrupted.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["GRC"]
    assert ("GRC", "TUR") in _attributions(r)
    assert "disruption" not in {m.value for m in r.operation_types}


def test_report_a_follow_up_keeps_measures_taken_months_before(extractor):
    text = _article(
        "US indicts Iranian hackers over attacks on water utilities",
        "2025-11-05",
        "The US Justice Department on Tuesday unsealed an indictment against three Iranian nationals accused of "
        "hacking into control systems at US water utilities on behalf of Iran's Revolutionary Guards.\n\n"
        "The Treasury Department sanctioned the three men in February.",
    )
    r = _one(extractor, text)
    assert ("USA", "sanctions", "IRN") in _responses(r)


def test_report_an_unattributed_attack_on_a_port_is_an_incident(extractor):
    text = _article(
        "Portugal's largest port halts operations after ransomware attack",
        "2025-07-06",
        "The port of Sines, Portugal's busiest by cargo volume, halted container operations for two days after a "
        "ransomware attack on its terminal system, the port authority said on Thursday.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["PRT"]


def test_report_a_campaign_running_since_an_old_year_leaves_the_next_sentence_in_the_news(extractor):
    text = _article(
        "Czech Republic summons Chinese ambassador over hack of foreign ministry",
        "2025-05-28",
        "The Czech Republic on Wednesday accused China of a cyber espionage campaign against its foreign ministry "
        "and summoned the Chinese ambassador.\n\nThe campaign targeted a network of the ministry since 2022, "
        "Foreign Minister Jan Lipski said. NATO condemned the campaign and expressed solidarity with Prague.",
    )
    r = _one(extractor, text)
    assert {("NATO", "condemnation", "CHN"), ("NATO", "solidarity", "CZE")} <= _responses(r)


def test_report_a_gang_listing_a_victim_on_its_leak_site_claims_it(extractor):
    text = _article(
        "Ransomware gang lists Belgian police data on leak site",
        "2025-10-02",
        "A ransomware group called Greyfen has listed the Belgian interior ministry on its dark web leak site and "
        "published what it says are internal documents stolen in a cyberattack last week.",
    )
    assert {c.by for c in _one(extractor, text).claims} == {"Greyfen"}


def test_report_a_private_firms_ransomware_reported_to_the_police_is_no_incident(extractor):
    text = _article(
        "Ransomware attack halts deliveries at Danish bakery chain",
        "2025-06-18",
        "AARHUS (Port & Cargo Weekly) - A ransomware attack has shut down the computer systems of Kornblad, a "
        "bakery chain serving supermarkets in Denmark, for a second day.\n\nThe company said criminals had "
        "encrypted its servers and that it had reported the attack to the police. No group has claimed it.",
    )
    _, reports = _read(extractor, text)
    assert reports == []


def test_report_a_claim_on_a_leak_site_to_have_stolen_data_is_a_claim_not_a_leak(extractor):
    text = _article(
        "Gabon's tax agency hit by cyberattack",
        "2025-10-20",
        "Gabon's tax agency said on Wednesday that it had been the target of a cyberattack that disrupted its "
        "online services, after the ransomware group Greyfen claimed on its leak site to have stolen the agency's "
        "data.",
    )
    r = _one(extractor, text)
    assert {c.by for c in r.claims} == {"Greyfen"}
    assert "leak" not in {m.value for m in r.operation_types}


def test_report_a_states_intelligence_service_owning_an_attack_claims_it_for_the_state(extractor):
    text = _article(
        "Ukraine's military intelligence says it hacked Russian tax service",
        "2025-12-12",
        "Ukraine's military intelligence said on Tuesday that it had carried out a cyberattack on Russia's tax "
        "service, destroying its database and backup copies and paralysing the service for days.",
    )
    r = _one(extractor, text)
    assert {c.by for c in r.claims} == {"UKR"}
    assert {"wiper", "disruption"} <= {m.value for m in r.operation_types}


def test_report_a_condemnation_naming_no_culprit_implies_no_attribution(extractor):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        "A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday. Latvia blamed "
        "Russia for the attack.\n\nThe European Union condemned the attack on Latvia. Britain condemned Russia "
        "over the attack.",
    )
    r = _one(extractor, text)
    assert ("EU", "condemnation", "RUS") in _responses(r)
    assert ("EU", "RUS") not in _attributions(r)  # the EU's sentence names no culprit
    assert ("GBR", "RUS") in _attributions(r)


@pytest.mark.parametrize(
    "sentence, certainty",
    [
        ("Riga pointed the finger at Moscow.", None),
        ('Latvian Prime Minister Andris Kalns said Russia was "most likely" responsible.', "moderate"),
        ("Latvia's cyber security centre traced the intrusion to hackers linked to Russian intelligence.", None),
        ("The attack bore the hallmarks of Russian state hackers, according to the Latvian security service.", "low"),
        ("Latvian officials suspect Russia was behind the attack.", "low"),
        ("Latvian authorities said evidence pointed to Russia.", None),
        ("Latvia's interior minister said the attackers were \"without doubt\" acting on Moscow's orders.", "high"),
    ],
)
def test_report_common_ways_of_accusing_are_attributions(extractor, sentence, certainty):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        f"A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday.\n\n{sentence}",
    )
    r = _one(extractor, text)
    assert [(a.by, a.to, a.certainty.value if a.certainty else None) for a in r.attributions] == [
        ("LVA", "RUS", certainty)
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Latvia's cyber security centre said it had not traced the attack to any state.",
        "There was no evidence pointing to Russia, Latvia's police said.",
        "Latvia said it was investigating whether the attack originated in Russia.",
        "The president pointed the finger at underfunded IT departments.",
    ],
)
def test_report_sentences_that_accuse_nobody_are_no_attributions(extractor, sentence):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        f"A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday.\n\n{sentence}",
    )
    assert _one(extractor, text).attributions == []


def test_report_passive_condemnation_answers_and_a_denial_by_name_calling(extractor):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        "A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday. Latvia blamed "
        "Russia for the attack.\n\nThe attack was condemned by Estonia and Lithuania. Latvia vowed to hold "
        "those responsible to account.\n\nRussia's foreign ministry said the accusations were "
        '"another manifestation of Russophobia".',
    )
    r = _one(extractor, text)
    assert {("EST", "condemnation", "RUS"), ("LTU", "condemnation", "RUS")} <= _responses(r)
    assert ("LVA", "condemnation", "RUS") not in _responses(r)  # the subject of the passive did not
    assert ("LVA", "pledge_action", "RUS") in _responses(r)
    assert {d.by for d in r.denials} == {"RUS"}


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("In a post on Telegram, the group Frostveil boasted of the attack.", "Frostveil"),
        ("The ransomware gang Quillgrim added the railway to its leak site on Wednesday.", "Quillgrim"),
        ("A previously unknown group, Baltic Wolves, said it was responsible.", "Baltic Wolves"),
    ],
)
def test_report_boasts_leak_site_listings_and_appositive_personas_claim(extractor, sentence, claimant):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        f"A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday.\n\n{sentence}",
    )
    assert {c.by for c in _one(extractor, text).claims} == {claimant}


def test_report_a_boast_of_another_attack_is_no_claim(extractor):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        "A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday.\n\nThe ransomware "
        "group Quillgrim, which boasted of an attack on a Swedish firm last year, has not commented.",
    )
    assert _one(extractor, text).claims == []


def test_report_a_ministry_saying_a_gang_encrypted_its_systems_is_the_victim(extractor):
    text = _article(
        "Ministry of finance attacked",
        "2024-03-14",
        "Costa Rica's finance ministry said the Varlock gang had encrypted its tax and customs systems, forcing "
        "it to process declarations by hand. The gang demanded a ransom of $10 million.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["CRI"]
    assert ("CRI", "Varlock") in _attributions(r)


@pytest.mark.parametrize(
    "headline, body, victim",
    [
        (
            "Health insurer hit by ransomware",
            "The state insurer of Malawi said ransomware encrypted its servers. The gang later published "
            "members' personal data on its leak site.",
            "MWI",
        ),
        (
            "Tax office hit",
            "The tax directorate of Senegal confirmed that it had been the target of a cyberattack claimed by the "
            "ransomware group Moxhunt. The group said it had stolen 1 terabyte of data.",
            "SEN",
        ),
    ],
)
def test_report_a_state_body_named_by_its_kind_makes_an_attack_a_state_incident(extractor, headline, body, victim):
    r = _one(extractor, _article(headline, "2024-03-14", body))
    assert [m.value for m in r.victims] == [victim]


def test_report_a_news_agency_reporting_a_hospital_ransomware_makes_no_state_incident(extractor):
    text = _article(
        "Hospital hit by ransomware",
        "2024-03-14",
        "A hospital in Leipzig said ransomware had encrypted its servers and patient records, news agency dpa "
        "reported. The hospital's emergency room turned away ambulances for two days.",
    )
    _, reports = _read(extractor, text)
    assert reports == []


def test_report_a_follow_up_about_an_attack_years_back_tells_that_attacks_story(extractor):
    text = _article(
        "Germany seeks officer over 2016 hacking of its parliament",
        "2021-05-12",
        "Chancellor Olaf Scholz said there was hard evidence that Russia was responsible for the 2016 hacking "
        "of the German parliament.\n\n"
        "Investigators found that the hackers had stolen emails from dozens of deputies in 2016.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["DEU"]
    assert ("DEU", "RUS") in _attributions(r)
    assert [m.value for m in r.first_activity] == ["2016"]


@pytest.mark.parametrize(
    "sentence",
    [
        "In August Latvia expelled a Russian diplomat in an espionage case.",
        "The European Union is expected to discuss sanctions against GRU officers over the attack later this month.",
        "Latvia plans to expel Russian diplomats over the attack.",
        "Latvia asked the United Nations to help investigate the attack.",
    ],
)
def test_report_measures_for_another_case_planned_or_asked_for_are_no_responses(extractor, sentence):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-09-14",
        "A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday. Latvia blamed "
        f"Russia for the attack.\n\n{sentence}",
    )
    assert _one(extractor, text).responses == []


def test_report_never_having_anything_to_do_with_attacks_denies(extractor):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        "A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday. Latvia blamed "
        'Russia for the attack.\n\nRussia "has never had anything to do with hacker attacks", Kremlin '
        "spokesman Dmitry Peskov said.",
    )
    assert {d.by for d in _one(extractor, text).denials} == {"RUS"}


@pytest.mark.parametrize(
    "sentence, op",
    [
        ("The attackers overwrote the master boot records of hundreds of computers, rendering them unusable.", "wiper"),
        ("Waves of junk traffic flooded the railway's servers for hours.", "ddos"),
        ("The hackers siphoned off documents from the railway's servers.", "data_theft"),
    ],
)
def test_report_operations_told_in_plain_words(extractor, sentence, op):
    text = _article(
        "Cyberattack on Latvian railway",
        "2024-03-14",
        f"A cyberattack hit the systems of Latvia's state railway on Tuesday, officials said.\n\n{sentence}",
    )
    assert op in {m.value for m in _one(extractor, text).operation_types}


def test_report_a_destructive_word_for_relations_is_no_wiper(extractor):
    text = _article(
        "Cyberattack on Latvian railway",
        "2024-03-14",
        "A cyberattack hit the systems of Latvia's state railway on Tuesday, officials said. Latvia blamed "
        "Russia.\n\nThe Russian embassy called the accusation destructive for bilateral relations.",
    )
    assert "wiper" not in {m.value for m in _one(extractor, text).operation_types}


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia on Friday dismissed as groundless Latvian claims that Russian state bodies were behind the attack.",
        "Russia's foreign ministry called Riga's allegations of Russian involvement \"absurd\".",
    ],
)
def test_report_a_denial_quoting_the_accusation_it_answers(extractor, sentence):
    text = _article(
        "Moscow rejects Riga's hacking charge",
        "2024-03-15",
        f"A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday.\n\n{sentence}",
    )
    r = _one(extractor, text)
    assert {d.by for d in r.denials} == {"RUS"}
    assert _attributions(r) == {("LVA", "RUS")}


def test_report_a_defacement_showing_a_groups_logo_is_its_claim(extractor):
    text = _article(
        "Broadcaster's website hijacked",
        "2024-03-14",
        "Hackers took over the website of Latvia's state broadcaster on Tuesday, officials said. The hijacked "
        'pages displayed the words "We are here" and the logo of a group calling itself the Cyber Jihad Front.',
    )
    assert {c.by for c in _one(extractor, text).claims} == {"Cyber Jihad Front"}


def test_report_first_activity_from_the_intruders_entry_not_from_when_officials_spoke(extractor):
    text = _article(
        "Investigators retrace broadcaster hack",
        "2024-06-10",
        "Investigators quoted in Riga this week said the cyberattack on Latvia's state broadcaster used the same "
        "infrastructure as earlier Russian operations.\n\nThe attackers first got into the network on January 23, "
        "using the passwords of a subcontractor.",
    )
    assert [m.value for m in _one(extractor, text).first_activity] == ["2024-01-23"]


def test_report_defenders_training_in_a_drill_named_after_past_attacks_is_no_incident(extractor):
    text = _article(
        "Iron Harbour: thousands of cyber defenders train in Riga",
        "2024-04-20",
        "Teams from thirty countries defended a fictional island's power grid and water systems against "
        "simulated cyberattacks this week. Organisers said the scenario drew on the attacks Ukraine suffers "
        "every day, when hackers disrupted its power grid and wiped government computers.",
    )
    _, reports = _read(extractor, text)
    assert reports == []


def test_report_an_ally_sending_its_specialists_assists(extractor):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        "A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday. Latvia blamed "
        "Russia for the attack.\n\nNATO has sent one of its top cyber specialists to Riga.",
    )
    assert ("NATO", "assistance", "LVA") in _responses(_one(extractor, text))


def test_report_a_government_saying_it_would_use_all_instruments_pledges(extractor):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        "A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday. Latvia blamed "
        "Russia for the attack.\n\nA spokesperson for Latvia's foreign ministry said the government would "
        '"use all available instruments, including at EU level", against those responsible.',
    )
    assert ("LVA", "pledge_action", "RUS") in _responses(_one(extractor, text))


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("The Cuba ransomware gang has claimed responsibility for the attack.", "Cuba"),
        ("Hackers who identified themselves as Anonymous Philippines claimed the attack.", "Anonymous Philippines"),
    ],
)
def test_report_a_group_named_after_a_state_is_the_group(extractor, sentence, claimant):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        f"A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday.\n\n{sentence}",
    )
    r = _one(extractor, text)
    assert {c.by for c in r.claims} == {claimant}
    assert [m.value for m in r.victims] == ["LVA"]


def test_report_the_largest_us_ransomware_attack_names_no_group(extractor):
    text = _article(
        "Pipeline hit",
        "2024-03-14",
        "Officials called it the largest US ransomware attack on energy infrastructure, after the systems of a "
        "state-owned power company were encrypted. The United States blamed Russia for the cyberattack.",
    )
    r = _one(extractor, text)
    assert r.claims == [] and ("USA", "RUS") in _attributions(r)


@pytest.mark.parametrize(
    "sentence",
    [
        "Montenegro's National Security Agency said Russian services were behind the attack.",
        "Coordinated Russian services are behind the attack, the Montenegrin government said.",
        "The attacks were part of Russia's hybrid warfare against his country, Montenegro's prime minister said.",
    ],
)
def test_report_a_states_own_agency_and_russian_services_behind_an_attack(extractor, sentence):
    text = _article(
        "Cyberattack cripples Montenegro government servers",
        "2022-08-26",
        f"A cyberattack crippled the servers of Montenegro's government on Monday, officials said.\n\n{sentence}",
    )
    r = _one(extractor, text)
    assert _attributions(r) == {("MNE", "RUS")}
    assert [m.value for m in r.victims] == ["MNE"]


def test_report_a_latin_american_government_is_no_us_victim(extractor):
    text = _article(
        "Ransomware gang hits Costa Rica",
        "2022-04-20",
        "Costa Rica's finance ministry said ransomware had encrypted its tax systems. Analysts said it was the "
        "first time the gang had crippled a Latin American government.",
    )
    assert [m.value for m in _one(extractor, text).victims] == ["CRI"]


def test_report_a_team_from_an_agency_arriving_to_help_assists_and_an_aim_to_expose_accuses_nobody(extractor):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        "A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday. Latvia blamed "
        "Russia for the attack.\n\nA team from the FBI arrived in Riga on Wednesday to help the authorities. "
        "He said Britain's National Cyber Security Centre had been working with industry to expose Russian "
        "activity.",
    )
    r = _one(extractor, text)
    assert ("USA", "assistance", "LVA") in _responses(r)
    assert _attributions(r) == {("LVA", "RUS")}


def test_report_a_ransomware_gang_claiming_on_its_leak_site_and_accusations_against_a_state(extractor):
    text = _article(
        "Ransomware hits Latvian railway",
        "2024-03-14",
        "A ransomware attack disrupted the ticketing systems of Latvia's state railway on Tuesday.\n\n"
        "Quillgrim said on its dark web leak site that it was responsible for the attack. A Chinese foreign "
        'ministry spokesman said accusations against China over the hack were "baseless".',
    )
    r = _one(extractor, text)
    assert {c.by for c in r.claims} == {"Quillgrim"}
    assert [m.value for m in r.victims] == ["LVA"]


def test_report_context_sentences_about_other_acts_and_older_findings_accuse_nobody(extractor):
    text = _article(
        "Montenegro Blames Russian Services for Cyber Attack on State Servers",
        "2022-08-26",
        "A cyberattack has knocked out Montenegro's government websites since last weekend. Montenegro's "
        "National Security Agency said Russian services were behind the attack.\n\n"
        "After Russia invaded Ukraine in February, Podgorica joined EU sanctions against Moscow. Researchers "
        "have previously linked the Cuba ransomware gang to a Russian-speaking actor. The Quillgrim gang, which "
        "analysts believe is run from Russia, was behind more than 1,000 attacks worldwide, according to the FBI.",
    )
    r = _one(extractor, text)
    assert _attributions(r) == {("MNE", "RUS")}
    assert _responses(r) == set()


def test_report_the_attackers_in_an_older_year_are_this_storys(extractor):
    text = _article(
        "Researchers tie plant sabotage malware to state lab",
        "2018-10-23",
        "Researchers said on Tuesday they had traced the malware used against an industrial plant to a "
        "government laboratory.\n\nIn 2017 the attackers reached the safety systems of a petrochemical plant in "
        "Saudi Arabia and deployed the malware, which brought the plant's operations to a halt.",
    )
    assert [m.value for m in _one(extractor, text).victims] == ["SAU"]


def test_report_a_president_declaring_an_emergency_over_attacks_on_the_public_sector(extractor):
    text = _article(
        "Chaves declares emergency over Quillgrim cyberattacks",
        "2022-05-09",
        "Costa Rica's new president signed a decree on Sunday declaring a national emergency over the wave of "
        "cyberattacks that has paralysed parts of the public sector since mid-April.\n\n"
        "The attacks began on April 17, when the Quillgrim ransomware group encrypted servers at the Finance "
        "Ministry. Its chats, leaked in late February by a researcher, showed the group working like a firm.\n\n"
        "On Friday the State Department of the United States announced a reward of up to $10 million for "
        "information on Quillgrim's leaders, in a statement that cited the Costa Rica attack. Costa Rican "
        "officials said teams from the United States, Spain and Israel had been helping the government's "
        "technical staff restore systems.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["CRI"]
    assert [m.value for m in r.first_activity] == ["2022-04-17"]
    assert {("USA", "assistance", "CRI"), ("ESP", "assistance", "CRI"), ("ISR", "assistance", "CRI")} <= _responses(r)
    assert ("USA", "pledge_action", "Quillgrim") in _responses(r)
    assert "CRI" not in {a.to for a in r.attributions}


def test_report_a_central_bank_named_bank_of_a_state_is_that_states_entity(extractor):
    text = _article(
        "Bank of Zambia refuses to pay ransomware gang",
        "2022-05-16",
        "The Bank of Zambia has made it clear that it will not pay the cybercriminals who breached its systems "
        "last week. The attack was carried out by a ransomware gang that stole data from the bank's network.",
    )
    assert [m.value for m in _one(extractor, text).victims] == ["ZMB"]


def test_report_dates_of_an_invasion_or_an_election_are_no_first_activity(extractor):
    text = _article(
        "Election commission website defaced",
        "2016-05-02",
        "Hackers defaced the website of the Philippines' election commission ahead of the May 9 national "
        "elections, officials said. The Quillgrim gang, which backed Russia after the invasion of Ukraine in "
        "February, posted a message on the hacked site.",
    )
    assert _one(extractor, text).first_activity == []


def test_report_a_minister_warning_of_attacks_to_come_is_no_incident(extractor):
    text = _article(
        "Minister warns Russia is ready to launch cyber attacks on UK",
        "2024-11-25",
        "A British minister warned that Russia is reckless in cyberspace and could target British businesses "
        "and infrastructure, in a speech at a cyber defence conference in London. Russian hackers have attacked "
        "British institutions before, he said.",
    )
    _, reports = _read(extractor, text)
    assert reports == []


def test_report_a_leader_revealing_that_networks_were_hacked_tells_of_his_states_hit(extractor):
    text = _article(
        "Morrison says state actor hacked political parties",
        "2019-02-18",
        "Prime Minister Scott Morrison has revealed that the networks of the Liberal, Labor and National parties "
        'were hacked by a "sophisticated state actor". Chinese foreign ministry spokesman Geng Shuang said '
        'accusations against China over the cyber attack were "baseless".',
    )
    assert [m.value for m in _one(extractor, text).victims] == ["AUS"]


def test_report_a_leader_telling_of_another_states_hit_is_no_victim_himself(extractor):
    text = _article(
        "Blinken condemns Albania hack",
        "2022-09-08",
        "Secretary of State Antony Blinken said the Albanian government's networks were hacked by Iranian "
        "state actors, and condemned the cyberattack.",
    )
    assert [m.value for m in _one(extractor, text).victims] == ["ALB"]


def test_report_a_spokesman_calling_accusations_against_his_state_baseless_denies(extractor):
    text = _article(
        "Political parties hacked",
        "2019-02-18",
        "Prime Minister Scott Morrison has revealed that the networks of the Liberal, Labor and National parties "
        "were hacked by a sophisticated state actor.\n\nChinese foreign ministry spokesman Geng Shuang said "
        'accusations against China over the cyber attack were "baseless".',
    )
    r = _one(extractor, text)
    assert {d.by for d in r.denials} == {"CHN"}
    assert [m.value for m in r.victims] == ["AUS"]


def test_report_an_accusation_dated_to_a_month_before_the_attack_is_about_another(extractor):
    text = _article(
        "Pro-Russian hackers knock Lithuanian sites offline",
        "2022-06-28",
        "A pro-Russian hacker group disrupted the websites of Lithuania's tax service and airports on June 27, "
        "officials said. Lithuania blamed Russia for the attack.\n\nIn May, Romania's national cyber security "
        "agency said Killnet had targeted the websites of the government and the border police.",
    )
    assert _attributions(_one(extractor, text)) == {("LTU", "RUS")}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The attack appears to have originated from China, Latvia's technology minister said.", ("LVA", "CHN")),
        (
            "Latvia's security service informed that the attacks are organized and coordinated by the special "
            "services of Russia.",
            ("LVA", "RUS"),
        ),
    ],
)
def test_report_origin_and_organisers_named_by_a_states_voice(extractor, sentence, expected):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        f"A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday.\n\n{sentence}",
    )
    assert _attributions(_one(extractor, text)) == {expected}


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        (
            'A hacker group calling itself "Latvia Cyber Force" has claimed on X that it gained access to the '
            "railway's servers.",
            "Latvia Cyber Force",
        ),
        ("Hackers from the Baltic Wolves group took the responsibility for the attack.", "Baltic Wolves"),
    ],
)
def test_report_personas_holding_a_states_name_and_translated_claims(extractor, sentence, claimant):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        f"A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday.\n\n{sentence}",
    )
    r = _one(extractor, text)
    assert {c.by for c in r.claims} == {claimant}
    assert [m.value for m in r.victims] == ["LVA"]


def test_report_a_firm_speaking_again_and_a_pledge_to_answer_this_act(extractor):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        "A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday. Latvia blamed Russia "
        "for the attack.\n\nCrowdStrike published its analysis on Wednesday. The firm said it attributed the "
        'activity "with moderate confidence" to APT28. Latvia would respond to "this act of aggression" together '
        "with its allies, the prime minister said.",
    )
    r = _one(extractor, text)
    assert ("CrowdStrike", "RUS") in _attributions(r)
    assert ("LVA", "pledge_action", "RUS") in _responses(r)


def test_report_a_state_spying_on_its_own_journalist_is_victim_and_accused(extractor):
    text = _article(
        "Moroccan journalist's phone hacked with spyware, Amnesty says",
        "2020-06-22",
        "The mobile phone of Moroccan investigative journalist Omar Radi was repeatedly infected with spyware, "
        "Amnesty International said on Monday, adding that the Moroccan authorities were likely behind the "
        "surveillance.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["MAR"]
    assert ("Amnesty International", "MAR") in _attributions(r)
    assert "data_theft" in {m.value for m in r.operation_types}


def test_report_a_report_counting_attacks_that_surged_is_no_incident(extractor):
    text = _article(
        "Report: Hacktivist DDoS attacks in Europe surged in 2024",
        "2025-02-10",
        "Distributed denial-of-service attacks by hacktivists against European government websites rose by 40 "
        "percent last year, a security firm said in a report. Iranian groups attacked Israeli and Latvian "
        "targets, and pro-Russian hackers disrupted sites in Poland and Lithuania, it said.",
    )
    _, reports = _read(extractor, text)
    assert reports == []


def test_report_the_nationality_of_a_security_firm_is_no_victim(extractor):
    text = _article(
        "Cambodia election bodies hacked",
        "2018-07-11",
        "Chinese hackers stole files from the networks of Cambodia's election commission, according to a report "
        "by a US cyber security firm. The hackers also created fake accounts on social networks.",
    )
    r = _one(extractor, text)
    assert [m.value for m in r.victims] == ["KHM"]
    assert "phishing" not in {m.value for m in r.operation_types}


def test_report_a_claim_dated_to_the_attack_days_stands(extractor):
    text = _article(
        "Indian hackers hit Pakistani websites",
        "2025-05-11",
        "A group that identifies itself as the Indian Cyber Force claimed on its Telegram channel that it had "
        "taken down the websites of Pakistan's revenue board on Thursday and Friday.\n\nThe outage began on "
        "Saturday, officials said.",
    )
    assert {c.by for c in _one(extractor, text).claims} == {"Indian Cyber Force"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Pakistan accused Indian hackers of the attack; New Delhi has itself accused Pakistan-based groups of "
        "attacks on Indian websites, charges Islamabad rejects.",
        "Pakistan's telecom authority said the campaign was coordinated by Indian hackers; Islamabad denied any "
        "state involvement in attacks on India.",
    ],
)
def test_report_the_state_right_before_a_denial_denies_not_the_accused_named_earlier(extractor, sentence):
    text = _article(
        "Indian hackers hit Pakistani websites",
        "2025-05-11",
        f"Hackers took down the websites of Pakistan's revenue board on Thursday, officials said.\n\n{sentence}",
    )
    assert "IND" not in {d.by for d in _one(extractor, text).denials}


def test_report_an_accusation_in_a_relative_clause_about_another_deed_is_not_this_ones(extractor):
    text = _article(
        "Phone maker's software hijacked",
        "2023-03-30",
        "A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday. Latvia blamed "
        "North Korea for the cyberattack.\n\nResearchers compared the case to the $620 million Ronin theft, "
        "which the FBI "
        "attributed to the Lazarus Group. Officials described the attack, which Estonia attributed to North "
        "Korea as well, as the worst in years.",
    )
    assert _attributions(_one(extractor, text)) == {("LVA", "PRK"), ("EST", "PRK")}


@pytest.mark.parametrize(
    "sentence",
    [
        "A spokesman for the DPRK flatly rejected the claim by the south Korean puppet authorities that the DPRK "
        "was behind the cyber attack.",
        "North Korea rejected the claim by South Korea's government that it was behind the cyber attack.",
    ],
)
def test_report_state_media_rejecting_a_claim_by_another_state(extractor, sentence):
    text = _article(
        "DPRK rejects hacking charge",
        "2013-04-16",
        "A cyber attack paralysed the computer networks of South Korean banks and broadcasters in March.\n\n"
        f"{sentence}",
    )
    assert {d.by for d in _one(extractor, text).denials} == {"PRK"}


def test_report_the_articles_word_on_a_groups_masters_outranks_the_reference_data(extractor):
    text = _article(
        "Hackers leak Polish minister's emails",
        "2021-06-10",
        "Hackers leaked the emails of Poland's top government aide on Friday, officials said. Poland's government "
        "blamed UNC1151 for the hack.\n\nUNC1151, a group linked to the Russian special services, has targeted "
        "officials across the region, researchers said.",
    )
    assert _attributions(_one(extractor, text)) == {("POL", "RUS")}


@pytest.mark.parametrize(
    "sentence",
    [
        '"The Russian state has no relation to any cyber attack," Kremlin spokesman Dmitry Peskov said.',
        'Russia "was never involved" in the attack, the Russian foreign ministry said.',
    ],
)
def test_report_denials_that_disclaim_any_relation(extractor, sentence):
    text = _article(
        "Cyberattack halts Latvian rail ticketing",
        "2024-03-14",
        "A cyberattack disrupted the ticketing systems of Latvia's state railway on Tuesday. Latvia blamed "
        f"Russia for the attack.\n\n{sentence}",
    )
    assert {d.by for d in _one(extractor, text).denials} == {"RUS"}


def test_report_a_group_named_by_where_it_sits_is_that_state_and_gaining_access_dates_the_attack(extractor):
    text = _article(
        "Hackers read State Department email, officials say",
        "2023-09-29",
        "The hackers stole thousands of emails from State Department officials after gaining access to "
        "their accounts in mid-May.\n\n"
        "The department has not formally attributed the hack, but Microsoft has blamed a “China-based” "
        "hacking group for the intrusion.",
    )
    r = _one(extractor, text)
    assert _attributions(r) == {("Microsoft", "CHN")}
    assert not r.claims and [m.value for m in r.first_activity] == ["2023-05"]


def test_report_a_voice_saying_who_was_to_blame_accuses(extractor):
    text = _article(
        "Lithuanian ministry says it was hacked",
        "2024-08-01",
        "Lithuania's defence ministry said on Saturday that its network had been hacked and that internal "
        "documents were stolen and leaked. It declared that Russian actors were to blame.\n\n"
        "Officials in Vilnius said Belarus was not to blame.",
    )
    assert _attributions(_one(extractor, text)) == {("LTU", "RUS")}


def test_report_a_firm_with_its_legal_suffix_tracing_footprints_to_a_state(extractor):
    text = _article(
        "Ransomware hits Israeli logistics firms",
        "2020-11-12",
        "A new ransomware strain encrypted the networks of several Israeli logistics companies this week.\n\n"
        "The Japanese security company Trend Micro Inc. revealed on Thursday a new strain whose code has "
        "footprints leading to Iran.",
    )
    assert _attributions(_one(extractor, text)) == {("Trend Micro", "IRN")}


def test_report_a_firm_written_without_its_inner_capital_is_still_that_firm(extractor):
    text = _article(
        "Hackers hit Danish ministry",
        "2023-05-02",
        "Hackers breached the email system of Denmark's foreign ministry last week.\n\n"
        "The intrusion has footprints leading to Russia, according to Crowdstrike.",
    )
    assert _attributions(_one(extractor, text)) == {("CrowdStrike", "RUS")}


def test_report_a_bare_comma_ends_a_list_of_accused_when_a_new_clause_begins(extractor):
    text = _article(
        "Power cut in Lithuania was a cyberattack, US report says",
        "2016-02-26",
        "Hackers cut power to thousands of customers in Lithuania in December.\n\n"
        "Unlike Lithuanian officials, who have blamed Moscow, the U.S. government report does not attribute "
        "the attack.",
    )
    assert _attributions(_one(extractor, text)) == {("LTU", "RUS")}


def test_report_the_state_accused_of_a_hack_on_a_product_is_no_victim(extractor):
    text = _article(
        "Canada, Japan and the EU accuse China of Microsoft Exchange hack in joint rebuke",
        "2021-07-19",
        "Britain, the United States and the European Union accused China on Monday of being behind a hack of "
        "email servers that compromised the Norwegian parliament's systems, in the broadest condemnation yet "
        "of Beijing's activity in cyberspace.",
    )
    r = _one(extractor, text)
    assert "CHN" not in {m.value for m in r.victims}
    assert all(x.against == "CHN" for x in r.responses if x.type == "condemnation")


def test_report_an_accusation_an_event_came_after_is_an_earlier_matter(extractor):
    text = _article(
        "Hackers leak designs of Seoul's nuclear reactors",
        "2014-12-22",
        "Hackers leaked blueprints of South Korean nuclear reactors and said they had breached the operator's "
        "network.\n\n"
        "The incident comes days after the U.S. government blamed North Korea for a devastating attack on a "
        "Hollywood studio, which it said was carried out by North Korean hackers.",
    )
    r = _one(extractor, text)
    assert not r.attributions


def test_report_a_service_that_foiled_the_attack_defends_and_expelled_officers_are_diplomats(extractor):
    text = _article(
        "Belgium foiled Russian hacking attempt on arms control agency, expelled three officers",
        "2019-05-16",
        "The Belgian military intelligence service thwarted a cyberattack by the Russian military intelligence "
        "service GRU on an arms control agency in Brussels in March, the defence minister announced on Thursday.\n\n"
        "Belgium expelled three Russian intelligence officers over the operation.",
    )
    r = _one(extractor, text)
    assert {a.to for a in r.attributions} <= {"RUS"}
    assert ("BEL", "expel_diplomats", "RUS") in _responses(r)


def test_report_state_media_answering_an_accusation_it_retells_denies_it(extractor):
    text = _article(
        "Pyongyang rejects US hacking charge",
        "2016-03-03",
        "Pyongyang, March 3 (KCNA) -- A spokesman for the Foreign Ministry of the DPRK released a statement on "
        "Thursday over the cyberattack on a Californian bank.\n\n"
        "The statement said the U.S. is spreading rumours, making the DPRK the culprit of the hacking attack "
        "on the bank.\n\n"
        "The DPRK has nothing to do with the hacking.",
    )
    r = _one(extractor, text)
    assert _attributions(r) == {("USA", "PRK")}
    assert {d.by for d in r.denials} == {"PRK"} and "PRK" not in {m.value for m in r.victims}


@pytest.mark.parametrize(
    "sentence",
    [
        "Washington on Tuesday imposed sanctions on a Russian national, Pavel Orlovsky, over the attack.",
        "The United States announced its own sanctions against Orlovsky on Tuesday.",
    ],
)
def test_report_a_measure_on_a_named_person_is_no_measure_against_his_state(extractor, sentence):
    """The man sanctioned is no state the article holds to be behind the attack: the record keeps no
    sanctions against Russia that nobody imposed."""
    text = _article(
        "Hackers leak patient records of Australian insurer",
        "2024-01-23",
        "Hackers breached the networks of Australia's largest health insurer and leaked patient records, the "
        f"company said. Australian police said Russian hackers were behind the attack.\n\n{sentence}",
    )
    assert ("USA", "sanctions", "RUS") not in _responses(_one(extractor, text))


def test_report_blame_for_past_attacks_is_not_for_this_one_and_a_blackout_dates_it(extractor):
    text = _article(
        "Blackout hits Slovak gas plant, officials suspect sabotage",
        "2021-04-12",
        "A blackout struck the control systems of Slovakia's state-owned gas operator on Sunday, and the "
        "government said a cyberattack on the operator's network had caused it. Investigators found that "
        "hackers had planted malware in its systems.\n\n"
        "Slovak officials have blamed Russia for some past attacks on the country's networks without offering "
        "evidence.",
    )
    r = _one(extractor, text)
    assert not r.attributions
    assert [m.value for m in r.first_activity] == ["2021-04-11"]


def test_report_a_firm_introduced_by_its_trade_names_the_ransomware_it_was_hit_with(extractor):
    text = _article(
        "Ransomware at Norwegian data centre disrupts government agencies",
        "2024-01-22",
        "A ransomware attack on a data centre run by the IT services company Fjordlink in Norway knocked out "
        "systems used by Norwegian government agencies, the company said on Monday.\n\n"
        "Fjordlink said the attack took place overnight. It said the attackers had used Akira ransomware.",
    )
    assert ("Fjordlink", "Akira") in _attributions(_one(extractor, text))


def test_report_a_voice_in_a_relative_clause_is_not_the_subject_that_accuses(extractor):
    text = _article(
        "Wiper cripples Ukrainian firms and spreads abroad",
        "2018-02-16",
        "A wiper disguised as ransomware crippled computers at Ukrainian ministries and banks last June.\n\n"
        "Denmark, home of shipping firm Maersk, which said the attack cost it up to $300m, also pointed the "
        "finger at Moscow.",
    )
    assert _attributions(_one(extractor, text)) == {("DNK", "RUS")}


def test_report_a_spy_agency_that_suspects_speaks_and_the_source_of_a_worm_is_its_author(extractor):
    text = _article(
        "Worm hit Iranian refinery controllers, officials say",
        "2011-04-20",
        "Hackers infected the control systems of an Iranian refinery with a computer worm in March, officials "
        "said. The malware disrupted production for two days.\n\n"
        "The head of Iran's passive defence agency, Reza Karimi, said investigations had shown that \"the "
        'source of the worm was the Zionist regime".\n\n'
        "Iran's spy agency suspects that Israel or its sympathisers are behind the attack, lawmakers said.",
    )
    assert _attributions(_one(extractor, text)) == {("IRN", "ISR")}
    spy = _article(
        "Websites of Seoul ministries knocked offline",
        "2009-07-08",
        "A wave of denial-of-service attacks knocked the websites of South Korean ministries offline on Tuesday.\n\n"
        "South Korea's spy agency suspects that North Korea is behind the attacks, lawmakers said.",
    )
    assert _attributions(_one(extractor, spy)) == {("KOR", "PRK")}


def test_report_the_foreign_office_of_an_article_about_germany_is_germanys(extractor):
    text = _article(
        "Germany blames Russian military intelligence for hacking party emails",
        "2024-05-03",
        "Hackers broke into the email accounts of a German governing party last year, Berlin said on Friday, "
        "blaming Russia's GRU for the attack.\n\n"
        "The Foreign Office said it had summoned the acting Russian ambassador over the incident.",
    )
    assert ("DEU", "summon_ambassador", "RUS") in _responses(_one(extractor, text))
    assert not {x for x in _responses(_one(extractor, text)) if x[0] == "GBR"}


def test_report_an_operation_attributed_to_hackers_according_to_a_firms_report_is_the_firms_finding(extractor):
    text = _article(
        "French candidate's campaign targeted by phishing, report says",
        "2017-04-25",
        "A French presidential candidate's campaign team was the target of a phishing operation attributed to "
        "a group of Russian hackers, according to a report published on Tuesday by the Japanese security "
        "company Trend Micro.\n\n"
        "The hackers set up fake domains to steal staff passwords.",
    )
    assert _attributions(_one(extractor, text)) == {("Trend Micro", "RUS")}


def test_report_an_accusation_over_attacks_on_another_state_is_not_this_incidents(extractor):
    text = _article(
        "Wiper hits Ukrainian ministries",
        "2022-02-24",
        "A destructive wiper hit the networks of several Ukrainian ministries on Wednesday, Kyiv said, blaming "
        "Russia for the attack.\n\n"
        "Britain on Tuesday blamed North Korea for attacks against Japanese crypto exchanges.",
    )
    assert _attributions(_one(extractor, text)) == {("UKR", "RUS")}


def test_report_a_named_national_is_no_accused_state_and_a_partner_in_an_attribution_is_no_culprit(extractor):
    text = _article(
        "Prague names APT28 over attacks on ministries",
        "2024-05-03",
        "Hackers broke into the email systems of Czech ministries last year and stole diplomatic cables.\n\n"
        "The Czech government has publicly identified the Russian group APT28 as being behind the cyberattacks, in a "
        "rare public attribution coordinated with Germany.\n\n"
        "Washington on Tuesday named a Russian national, Pavel Orlovsky, as a member of the group.",
    )
    assert _attributions(_one(extractor, text)) == {("CZE", "RUS")}


def test_report_the_attacks_of_an_older_year_are_background(extractor):
    text = _article(
        "FBI says North Korea behind studio hack",
        "2014-12-20",
        "Hackers wiped computers and leaked films of an American film studio last month, and the FBI on Friday "
        "blamed North Korea for the attack.\n\n"
        "Experts noted that North Korea was previously suspected in the 2013 attacks that wiped computers at "
        "South Korean banks and broadcasters.",
    )
    assert "KOR" not in {m.value for m in _one(extractor, text).victims}


def test_report_a_claim_for_an_earlier_wave_the_attack_came_after_is_not_this_ones(extractor):
    text = _article(
        "Ransomware hits data centre serving Swedish agencies",
        "2024-01-22",
        "A ransomware attack on a data centre knocked out systems used by Swedish government agencies on "
        "Saturday, officials said.\n\n"
        "The attack comes about a year after a wave of attacks on Swedish websites claimed by the group "
        "Anonymous Sudan.",
    )
    assert not _one(extractor, text).claims


def test_report_a_measure_the_incident_came_after_is_an_earlier_matter(extractor):
    text = _article(
        "Hackers stole personnel records of US federal employees",
        "2015-06-05",
        "Hackers stole the personnel records of four million US federal employees, the government said, and "
        "officials blamed China for the breach.\n\n"
        "It comes a year after the Justice Department charged five Chinese military officers with hacking US "
        "companies.",
    )
    assert not _one(extractor, text).responses


def test_report_the_day_a_report_was_published_does_not_date_the_attack(extractor):
    text = _article(
        "Studio hack was North Korea's work, FBI says",
        "2014-12-20",
        "Hackers wiped computers at an American film studio.\n\n"
        "The FBI, in a report on its findings published on Friday, said the cyber attack on the studio was the "
        "work of North Korea.",
    )
    assert [m.value for m in _one(extractor, text).first_activity] != ["2014-12-19"]


def test_report_an_actor_deep_in_a_sentence_is_no_speaker_for_the_quote_that_follows(extractor):
    text = _article(
        "Prosecutors say North Korea behind reactor operator hack",
        "2015-03-17",
        "Hackers stole design documents from a South Korean nuclear reactor operator in December.\n\n"
        "Seoul prosecutors said the malicious code matched code used before by North Korean hackers. "
        "Investigators also found that the hacker had reached the internet through addresses in Shenyang, in "
        "northeastern China.\n\n"
        '"We have concluded that this was the work of hackers affiliated with North Korea," a senior '
        "prosecutor told a press briefing.",
    )
    assert "CHN" not in {a.by for a in _one(extractor, text).attributions}


def test_report_a_states_intelligence_service_that_was_hit_is_its_victim_not_a_culprit(extractor):
    text = _article(
        "Ransomware gang leaks files it says it stole from Chile's intelligence agency",
        "2022-04-30",
        "A ransomware gang has begun publishing files it claims to have stolen from Chile's national "
        "intelligence agency, after encrypting the agency's servers last week.",
    )
    r = _one(extractor, text)
    assert "CHL" in {m.value for m in r.victims} and "CHL" not in {a.to for a in r.attributions}


def test_report_a_gangs_other_deeds_name_no_victim_of_this_attack(extractor):
    text = _article(
        "Hackers auction data stolen from Britain's tax authority",
        "2023-11-21",
        "A ransomware gang hit the networks of Britain's tax authority in October and has put stolen data up for "
        "auction, the government said.\n\n"
        "The gang has also been linked to attacks on hospitals in the United States and on the Chilean army.",
    )
    assert not {"USA", "CHL"} & {m.value for m in _one(extractor, text).victims}


def test_report_passive_and_named_by_make_no_culprit_and_a_call_on_a_state_targets_it(extractor):
    text = _article(
        "Moscow dismisses hacking claims, says Dutch story was staged",
        "2018-10-05",
        "Dutch military intelligence said four Russian officers tried to hack the network of the chemical weapons "
        "watchdog in The Hague in April.\n\n"
        "The US charged seven Russians, including the four men named by the Dutch, with hacking.\n\n"
        'NATO said allies stood in solidarity with the Netherlands, and called on Russia to "stop its reckless '
        'pattern of behaviour."',
    )
    r = _one(extractor, text)
    assert "NLD" not in {a.to for a in r.attributions}
    assert {x[2] for x in _responses(r) if x[1] == "condemnation"} <= {"RUS"}


def test_report_a_groups_other_claims_a_similar_attack_and_a_habitual_plaint_name_no_victim(extractor):
    text = _article(
        "Pro-Russian hackers knock Slovenian ministry websites offline",
        "2023-03-14",
        "A pro-Russian group called Quillgrim knocked the websites of Slovenia's ministries offline on Monday, "
        "the government said.\n\n"
        "Quillgrim has also claimed attacks on sites in Austria and Hungary in recent weeks, researchers said.\n\n"
        "Last month Croatia's tax office shut its portal for two days after a similar attack.\n\n"
        "Moscow says Russian institutions are themselves under constant attack from Western hackers.",
    )
    assert {m.value for m in _one(extractor, text).victims} == {"SVN"}


def test_report_nobody_claiming_the_attack_is_no_claim_by_a_group_named_before(extractor):
    text = _article(
        "Ransomware shuts Estonian rail ticketing",
        "2022-05-10",
        "A ransomware attack shut the ticketing systems of Estonia's state railway on Monday, officials said.\n\n"
        "The malware used code published last year by a group calling itself Tollbridge.\n\n"
        "Nobody had claimed responsibility for the attack by Tuesday.",
    )
    assert not _one(extractor, text).claims


@pytest.mark.parametrize(
    "sentence",
    [
        "The group, which calls itself Ferrous Owls, said Monday on its Telegram channel that it had encrypted "
        "servers of the railway.",
        "Members of a network of exiled hackers known as Ferrous Owls announced what they said was their boldest "
        "operation yet: a ransomware attack on the railway.",
    ],
)
def test_report_a_group_saying_on_a_weekday_it_encrypted_or_announcing_its_operation_claims_it(extractor, sentence):
    text = _article(
        "Hacktivists cripple Belarusian railway systems",
        "2022-01-25",
        "Ticketing at Belarus's state railway was down on Monday after a cyberattack, officials said.\n\n" + sentence,
    )
    assert {c.by for c in _one(extractor, text).claims} == {"Ferrous Owls"}


def test_report_an_answer_to_an_accusation_makes_its_speaker_the_accused_and_its_retort_no_attribution(extractor):
    text = _article(
        "Beijing calls Dutch hacking report a smear",
        "2024-02-08",
        "A Chinese Foreign Ministry spokesperson on Wednesday rejected a Dutch report on alleged Chinese hacking of "
        "a Dutch military network, calling it groundless.\n\n"
        'The report, she said, was "a smear campaign launched by the United States and its allies."\n\n'
        "She cited reports that American intelligence agencies had stolen data from Chinese universities.",
    )
    r = _one(extractor, text)
    assert ("CHN", "USA") not in _attributions(r)
    assert {d.by for d in r.denials} == {"CHN"}
    assert "data_theft" not in {m.value for m in r.operation_types}


def test_report_states_that_back_or_share_the_finding_join_the_attribution(extractor):
    text = _article(
        "US blames North Korea for hospital ransomware outbreak",
        "2017-12-19",
        "The United States on Tuesday publicly blamed North Korea for the ransomware attack that crippled "
        "hospitals in Britain in May.\n\n"
        "Australia and Canada also said they backed the finding, and Japan said it shared the U.S. assessment.",
    )
    assert {("AUS", "PRK"), ("CAN", "PRK"), ("JPN", "PRK")} <= _attributions(_one(extractor, text))


def test_report_a_claim_of_an_attack_on_another_state_is_no_claim_of_this_one(extractor):
    text = _article(
        "Ransomware paralyses Israeli university",
        "2023-02-14",
        "A ransomware attack paralysed the computer network of an Israeli university on Sunday, forcing it to "
        "postpone exams, the university said. Israel's cyber directorate blamed Iran.\n\n"
        "A group calling itself Copper Wren last year claimed an attack that set off a fire at an Iranian "
        "steel plant.",
    )
    assert not _one(extractor, text).claims


@pytest.mark.parametrize(
    ("sentence", "leak"),
    [
        ("The hackers sent what appear to be stolen patient records to media outlets on Tuesday.", True),
        ("The company said data on some 8,000 employees may have leaked.", False),
    ],
)
def test_report_stolen_data_sent_to_the_media_is_a_leak_and_data_that_may_have_leaked_is_not(extractor, sentence, leak):
    text = _article(
        "Chinese hackers blamed for breach at Estonian hospital group",
        "2021-05-25",
        "Estonia's largest hospital group was hit by a cyberattack last week, and officials blamed hackers "
        "working for China.\n\n" + sentence,
    )
    assert ("leak" in {m.value for m in _one(extractor, text).operation_types}) is leak


def test_report_a_claimed_attack_on_a_states_websites_is_an_incident_with_no_state_behind_it(extractor):
    text = _article(
        "Airline website down as hacktivists target Swedish sites",
        "2023-02-15",
        "Swedish websites and an airline's booking app were hit by a cyber attack on Tuesday, in the latest of a "
        "string of attacks on Swedish targets.\n\n"
        "A group calling itself Desert Lynx took responsibility on its Telegram channel.",
    )
    r = _one(extractor, text)
    assert {c.by for c in r.claims} == {"Desert Lynx"}
    assert "SWE" in {m.value for m in r.victims}


def test_report_an_attack_on_nhs_hospitals_hits_the_state_whoever_did_it(extractor):
    text = _article(
        "London hospitals declare critical incident after cyber attack",
        "2024-06-04",
        "Several NHS hospitals in London declared a critical incident on Tuesday after a ransomware attack on a "
        "pathology supplier in Britain cancelled operations and blood tests.",
    )
    assert "GBR" in {m.value for m in _one(extractor, text).victims}


def test_report_the_north_is_north_korea_in_an_article_on_the_two_koreas(extractor):
    text = _article(
        "South Korea says its military network was hacked",
        "2016-12-06",
        "South Korea's military said on Monday that its internal network had been hacked, and South Korea's "
        "defence ministry blamed North Korea for the intrusion.\n\n"
        "The North has denied any involvement in cyber attacks on the South.",
    )
    r = _one(extractor, text)
    assert {d.by for d in r.denials} == {"PRK"}


@pytest.mark.parametrize(
    ("lead", "sentence"),
    [
        (
            "Hackers stole data from the networks of the US defence ministry in a breach disclosed on Thursday.",
            "The disclosure comes days after Google said a campaign originating in Jinan, China, had tried to steal "
            "the Gmail passwords of senior U.S. officials.",
        ),
        (
            "Malware was found on computers of Iran's oil ministry, Iranian officials said on Thursday.",
            "Iran has accused the United States of waging a covert war against its nuclear programme, including "
            "the assassination of scientists.",
        ),
    ],
)
def test_report_an_accusation_over_an_earlier_matter_or_a_deed_of_violence_is_no_attribution(extractor, lead, sentence):
    text = _article("Hackers hit government networks", "2012-05-31", lead + "\n\n" + sentence)
    assert not _attributions(_one(extractor, text))


@pytest.mark.parametrize(
    "sentence",
    [
        "A judge granted the FBI a court order allowing it to seize a domain the hackers used to control the "
        "malware, the Justice Department said.",
        "The FBI said on Wednesday it had disrupted a botnet of hacked routers that the Russian hackers used.",
    ],
)
def test_report_a_takedown_of_the_operations_means_is_a_cyber_operation_in_reply(extractor, sentence):
    text = _article(
        "US blames Russian military hackers for router malware",
        "2018-05-24",
        "The United States accused Russia's military intelligence of infecting routers in Ukraine with "
        "malware.\n\n" + sentence,
    )
    assert ("USA", "cyber_operation", "RUS") in _responses(_one(extractor, text))


def test_report_a_state_firm_admitting_malware_was_found_in_its_system_was_hit(extractor):
    text = _article(
        "Power company confirms malware on plant network",
        "2019-10-31",
        "The Nuclear Power Corporation of Lithuania (NPCL) has admitted that malware was found in its system at a "
        "power plant, a day after it denied any cyber attack.",
    )
    assert {m.value for m in _one(extractor, text).victims} == {"LTU"}


def test_report_a_statement_months_before_the_operation_on_earlier_years_attributes_nothing_to_it():
    from casus.extract.scope import dated_before

    statement = (
        "Washington, Seoul and Tokyo said in a joint statement in January that North Korean hackers stole more "
        "than $659 million in crypto in 2024 alone."
    )
    assert dated_before(statement, "2025-02-21", date(2025, 2, 27), to_the_month=True)
    assert not dated_before("In January 2025 the hackers struck.", "2024-12", date(2025, 2, 27), to_the_month=True)


def test_report_a_group_also_blamed_by_others_for_a_theft_elsewhere_names_no_victim(extractor):
    text = _article(
        "FBI says North Korea behind crypto exchange heist",
        "2025-02-27",
        "The FBI said on Wednesday that North Korean hackers stole $1.5 billion from a crypto exchange based in "
        "the United Arab Emirates.\n\n"
        "The same hackers were also blamed by U.S. and Japanese authorities for the theft of $308 million from "
        "Japanese exchange DMM Bitcoin last May.",
    )
    assert "JPN" not in {m.value for m in _one(extractor, text).victims}


@pytest.mark.parametrize(
    "sentence",
    [
        "An employee opened an attachment to an email disguised as an official notice, letting the malware in.",
        "The hackers broke into the network of Japan's pension agency through a virus-laden email sent to staff.",
    ],
)
def test_report_an_opened_email_attachment_or_a_virus_laden_email_is_phishing(extractor, sentence):
    text = _article(
        "Pension agency says data on a million people stolen",
        "2015-06-02",
        "Japan's pension agency said on Monday that hackers had stolen data on a million people, and officials "
        "blamed China.\n\n" + sentence,
    )
    assert "phishing" in {m.value for m in _one(extractor, text).operation_types}


def test_report_where_an_attack_came_from_and_whom_a_finger_points_at_are_no_victims(extractor):
    r = _one(
        extractor,
        _article(
            "Latvia points finger at Kremlin over attacks on ministry websites",
            "2024-03-06",
            "Latvia accused the Russian authorities on Tuesday of a wave of cyberattacks that knocked the "
            "websites of its ministries offline.\n"
            "Officials said the hackers came from computers with addresses belonging to Russian state bodies.\n"
            "The protests outside the Latvian embassy in Moscow were part of the same campaign, the minister said.",
        ),
    )
    assert {v.value for v in r.victims} == {"LVA"}
    assert ("LVA", "RUS") in _attributions(r)


@pytest.mark.parametrize(
    "sentence",
    [
        "Under rules agreed last year, the bloc can impose travel bans and asset freezes on those responsible.",
        "The Finnish police found that the inquiry had not produced enough evidence to bring charges against anyone.",
    ],
)
def test_report_a_power_to_impose_measures_or_no_grounds_to_charge_is_no_measure(extractor, sentence):
    r = _one(
        extractor,
        _article(
            "Finland says Russia behind hack of parliament email",
            "2024-03-06",
            f"Finland said on Tuesday that Russia was behind a hack of the parliament's email system.\n{sentence}",
        ),
    )
    assert not {x for x in _responses(r) if x[1] in ("sanctions", "indictment")}


def test_report_a_shared_body_name_is_the_state_its_own_sentence_names(extractor):
    r = _one(
        extractor,
        _article(
            "Russia's ambassador summoned over parliament hack",
            "2020-10-22",
            "Germany said on Thursday that Russia was behind the hack of the Bundestag's network.\n"
            "Britain imposed matching sanctions on the officers involved.\n"
            "Germany had pressed for the measures since May, when the Foreign Office summoned Russia's ambassador.",
        ),
    )
    assert ("DEU", "summon_ambassador", "RUS") in _responses(r)
    assert ("GBR", "summon_ambassador", "RUS") not in _responses(r)


def test_report_the_month_may_is_no_hedge_and_an_incident_this_one_follows_is_an_earlier_matter(extractor):
    r = _one(
        extractor,
        _article(
            "Britain blames Russia for hack of its foreign ministry",
            "2024-05-20",
            "Britain said on Monday that Russia was behind a hack of the foreign ministry's email system.\n"
            "On 20 May the Foreign Office summoned Russia's ambassador over the hack.\n"
            "It also follows an incident in March, when Britain expelled a Russian diplomat over a spy case.",
        ),
    )
    assert ("GBR", "summon_ambassador", "RUS") in _responses(r)
    assert ("GBR", "expel_diplomats", "RUS") not in _responses(r)


def test_report_the_maker_of_the_equipment_hit_is_no_victim(extractor):
    r = _one(
        extractor,
        _article(
            "US sanctions Iranian officers over hacks of water utilities",
            "2024-02-02",
            "The United States on Friday imposed sanctions on six Iranian officials it accused of being behind "
            "cyberattacks on American water utilities.\n"
            "The attacks hit controllers manufactured by Vexatronics, an Israeli company, at several plants.\n"
            "The hackers also defaced screens with equipment made by an Israeli firm.",
        ),
    )
    assert "ISR" not in {v.value for v in r.victims}


def test_report_a_service_that_linked_someone_to_the_attack_is_the_accuser_not_the_culprit(extractor):
    r = _one(
        extractor,
        _article(
            "Australia names hacker behind insurer breach",
            "2024-01-23",
            "Hackers stole the health records of millions of customers of the Australian insurer Kelpcare "
            "in October 2022.\n"
            "Foreign Minister Penny Wong said Australian intelligence and police had linked a Russian citizen "
            "to the attack on Kelpcare.",
        ),
    )
    assert {v.value for v in r.victims} == {"AUS"}
    assert "AUS" not in {a.to for a in r.attributions}


def test_report_states_that_held_a_state_responsible_or_shared_their_allies_assessment_attribute(extractor):
    r = _one(
        extractor,
        _article(
            "Allies blame China for mail server hacks",
            "2021-07-20",
            "Hackers broke into the mail servers of hundreds of American companies in March.\n"
            "On Monday, the United States, Britain and Canada publicly held Beijing responsible for the campaign.\n"
            "Japan said it shared its allies' assessment.",
        ),
    )
    assert {("USA", "CHN"), ("GBR", "CHN"), ("CAN", "CHN"), ("JPN", "CHN")} <= _attributions(r)


def test_report_a_man_a_state_said_was_behind_the_theft_makes_no_culprit_of_the_state():
    from casus.extract import report as R
    from casus.extract.events import attributions
    from casus.extract.roles import Context

    doc = read_text(
        _article(
            "Australia sanctions hacker",
            "2024-01-23",
            "Australia on Tuesday imposed cyber sanctions, targeting a Russian man it said was behind the theft "
            "of the records of an Australian insurer.",
        ),
        "a.txt",
    )
    ref = R._reference_date(doc, doc.text)
    ctx = Context(doc.id, ref)
    ctx.states = {"AUS", "RUS", "USA"}
    ctx.last_speaker = ["USA"]  # a speaker named before: the pronoun's antecedent
    assert not [a for s in R._sentences(doc, ref) for a in attributions(s, ctx)]


def test_report_services_out_of_service_were_hit_and_any_country_a_group_threatens_was_not(extractor):
    r = _one(
        extractor,
        _article(
            "Tax platforms still down as gang publishes stolen files",
            "2022-04-21",
            "Four days after a cyberattack knocked the finance ministry offline, Panama's tax and customs "
            "platforms remained out of service on Thursday.\n"
            "The ransomware gang Vortexa claimed the attack and began publishing files it said it took.\n"
            "In February the gang threatened to strike the infrastructure of any country that launched "
            "attacks against Russia.",
        ),
    )
    assert {v.value for v in r.victims} == {"PAN"}


def test_report_neither_state_having_accused_anyone_is_no_attribution(extractor):
    r = _one(
        extractor,
        _article(
            "Panama fights ransomware gang that crippled its ministries",
            "2022-05-20",
            "A ransomware attack knocked Panama's finance ministry offline in April.\n"
            "Yet neither Panama nor the United States has accused the Russian state of directing the attacks.",
        ),
    )
    assert ("USA", "RUS") not in _attributions(r) and ("PAN", "RUS") not in _attributions(r)


def test_report_where_attacks_were_traced_a_language_and_the_accuseds_own_plaint_name_no_victim(extractor):
    r = _one(
        extractor,
        _article(
            "Latvia tallies damage from weeks of web floods",
            "2024-05-18",
            "For three weeks Latvian websites were hammered by cyberattacks.\n"
            "A group calling itself Night Wolves claimed responsibility for the cyberattacks.\n"
            "The minister said the attacks had been traced to computers in Russian state institutions.\n"
            "Instructions circulated on Russian-language forums.\n"
            "Moscow said it had no part in the attacks; the Kremlin's own website came under attack every day.",
        ),
    )
    assert {v.value for v in r.victims} == {"LVA"}


def test_report_the_means_of_a_separate_intrusion_are_not_this_operations(extractor):
    r = _one(
        extractor,
        _article(
            "Microsoft says Chinese state hackers exploited mail server flaws",
            "2021-03-03",
            "Microsoft said on Tuesday that a Chinese state-sponsored group had hacked mail servers of American "
            "companies to steal emails.\n"
            "The company said the operation was not connected to the separate supply-chain intrusion "
            "disclosed in December.",
        ),
    )
    assert "supply_chain" not in {m.value for m in r.operation_types}


def test_report_erased_disks_are_a_wiper_and_a_state_that_can_deny_everything_denies_nothing(extractor):
    r = _one(
        extractor,
        _article(
            "Seoul says North Korea behind cyberattack on banks",
            "2013-04-10",
            "South Korea said on Wednesday that North Korea was behind the cyberattack that crippled South Korean "
            "banks last month.\n"
            "When the command was given, the code erased data on hard disks at the banks.\n"
            '"North Korea can cause enormous disruption and then deny everything," said a researcher.',
        ),
    )
    assert "wiper" in {m.value for m in r.operation_types}
    assert not r.denials


def test_report_a_gang_named_after_a_state_stays_the_gang_wherever_the_article_names_it(extractor):
    r = _one(
        extractor,
        _article(
            "Cuba ransomware gang claims attack on Montenegro's government",
            "2022-08-31",
            "The Cuba ransomware gang has claimed responsibility for the cyberattack that crippled "
            "Montenegro's government servers.\n"
            "Cuba ransomware has been active since at least 2019.\n"
            "Montenegro's minister said the attack had been carried out by Cuba, an organised criminal group.",
        ),
    )
    assert "CUB" not in {a.to for a in r.attributions} | {v.value for v in r.victims}
    assert [c.by for c in r.claims] == ["Cuba"]


@pytest.mark.parametrize(
    "sentence, group",
    [
        ("Night Owl announced the breach in posts on its Telegram channel.", "Night Owl"),
        ("The ransomware gang Vortexa later acknowledged that one of its affiliates was responsible.", "Vortexa"),
    ],
)
def test_report_a_group_announcing_the_breach_or_owning_its_affiliates_deed_claims_it(extractor, sentence, group):
    r = _one(
        extractor,
        _article(
            "Israeli insurer hacked, customer files leaked",
            "2020-12-02",
            f"Hackers broke into the servers of the Israeli insurer Shirvest and leaked customer files.\n{sentence}",
        ),
    )
    assert group in {c.by for c in r.claims}


@pytest.mark.parametrize(
    "headline",
    [
        "Ireland becomes first country to ban default passwords on smart devices",
        "New device security rules come into force",
    ],
)
def test_report_a_ban_or_rules_coming_into_force_are_no_incident(extractor, headline):
    text = _article(
        headline,
        "2024-04-29",
        "Makers of connected devices sold in Ireland may no longer ship them with default passwords, under rules "
        "the government says will protect households from hackers.\n\nWeak passwords were behind some of the "
        "largest botnets, which knocked websites offline and hit Irish state services in earlier attacks.",
    )
    _, reports = _read(extractor, text)
    assert reports == []


def test_report_a_groups_reference_sponsor_unnamed_in_the_article_does_not_override_the_state_it_names(extractor):
    r = _one(
        extractor,
        _article(
            "EU ties hacking of politicians to Russian state",
            "2021-09-24",
            "Hackers broke into the email accounts of Polish and German politicians and leaked their messages.\n"
            "The European Union said on Friday that it associated the campaign, tracked as UNC1151, with the "
            "Russian State.",
        ),
    )
    assert {a.to for a in r.attributions if a.by == "EU"} and {a.to for a in r.attributions} <= {"RUS", "Ghostwriter"}


@pytest.mark.parametrize(
    "sentence",
    [
        "No data was reported to have been stolen.",
        "Officials had to rebut rumours about data theft.",
    ],
)
def test_report_data_not_reported_stolen_and_rumours_of_theft_are_no_operation_type(extractor, sentence):
    r = _one(
        extractor,
        _article(
            "Killnet claims cyberattack on Lithuanian government websites",
            "2022-06-28",
            "The pro-Russian group Killnet claimed a denial-of-service cyberattack that knocked Lithuanian "
            f"government websites offline on Monday.\n{sentence}",
        ),
    )
    assert not {m.value for m in r.operation_types} & {"data_theft", "wiper"}


def test_report_sanctions_on_an_unnamed_national_target_the_one_the_article_names(extractor):
    r = _one(
        extractor,
        _article(
            "Australia sanctions Russian man over insurer hack",
            "2024-01-23",
            "Australia on Tuesday imposed its first-ever cyber sanctions, targeting a Russian man over the 2022 "
            "hack of the Australian insurer Kelpcare.\n"
            "Foreign Minister Penny Wong said Australian intelligence had linked Russian citizen and cyber "
            "criminal Pavel Drozdin to the cyberattack on Kelpcare, which stole the records of millions.",
        ),
    )
    assert ("AUS", "sanctions", "Pavel Drozdin") in _responses(r)


def test_report_federal_bodies_named_alone_are_their_states(extractor):
    r = _one(
        extractor,
        _article(
            "Personnel agency hack exposes data of federal workers",
            "2015-06-05",
            "The Office of Personnel Management said on Thursday that its networks had been hacked and the "
            "records of four million federal employees stolen.\n"
            "The National Crime Agency said it was helping the investigation into the cyberattack.",
        ),
    )
    assert {v.value for v in r.victims} == {"USA"}


def test_report_a_gangs_own_persona_is_no_firm_and_its_word_on_who_moved_against_it_no_attribution(extractor):
    _, reports = _read(
        extractor,
        _article(
            "Ransomware gang returns days after takedown",
            "2024-02-26",
            "The ransomware gang LockBit said on Saturday it had restored its leak site after British and American "
            "police seized its servers.\n"
            "LockBitSupp said his backup servers had not been touched, and claimed that the FBI had hacked the "
            "gang because it had leaked stolen court files.",
        ),
    )
    assert not any(a.by == "LockBitSupp" or a.to == "USA" for r in reports for a in r.attributions)


def test_report_a_breach_carried_out_from_a_state_accuses_it(extractor):
    r = _one(
        extractor,
        _article(
            "Storting email breach: Norway names its source",
            "2021-07-19",
            "Hackers broke into the Storting's email system in March.\n"
            "Norway's foreign minister said on Monday that an intelligence assessment had shown that the breach "
            "had been carried out from China.",
        ),
    )
    assert ("NOR", "CHN") in _attributions(r)


def test_report_a_measure_imposed_by_several_states_is_each_ones_and_none_is_its_target(extractor):
    r = _one(
        extractor,
        _article(
            "Blackmoth's leader named and sanctioned",
            "2024-05-07",
            "Hospitals across Britain were hit by a ransomware attack in March that encrypted patient systems.\n"
            "The ransomware gang Blackmoth claimed responsibility for the cyberattack on its leak site.\n"
            "Its leader is now subject to asset freezes and travel bans imposed by the UK Foreign Office, alongside "
            "the US Department of the Treasury's Office of Foreign Assets Control and the Australian Department of "
            "Foreign Affairs.",
        ),
    )
    sanctions = {(by, against) for by, kind, against in _responses(r) if kind == "sanctions"}
    assert {"GBR", "USA", "AUS"} <= {by for by, _ in sanctions}
    assert not {"GBR", "USA", "AUS"} & {against for _, against in sanctions}


def test_report_a_measure_no_one_is_said_to_take_belongs_to_the_state_the_sentence_opens_on(extractor):
    r = _one(
        extractor,
        _article(
            "What we know about the Blackmoth hospital attack",
            "2024-05-07",
            "Hospitals across Britain were hit by a ransomware attack in March that encrypted patient systems.\n"
            "The ransomware gang Blackmoth claimed responsibility for the cyberattack on its leak site.\n"
            "In the United States, an indictment against Russian national Pavel Volkovsky "
            "has been unsealed in New Jersey, charging him "
            "with fraud and extortion over his role as the gang's administrator.",
        ),
    )
    indictments = [x for x in r.responses if x.type == "indictment"]
    assert [(x.by, x.against) for x in indictments] == [("USA", "Pavel Volkovsky")]


def test_report_a_known_official_speaks_for_the_office_the_text_gives_them(extractor):
    r = _one(
        extractor,
        _article(
            "Prague blames Beijing for ministry hack",
            "2025-05-28",
            "The Czech government said on Wednesday that Chinese state hackers had broken into a network of its "
            "foreign ministry.\n"
            "EU foreign policy chief Kaja Kallas issued a declaration expressing solidarity with Czechia.",
        ),
    )
    assert ("EU", "solidarity", "CZE") in _responses(r)
    assert not any(x.by == "EST" for x in r.responses)


def test_report_states_that_sanctioned_people_are_not_the_accused_nor_are_ministers_who_speak(extractor):
    r = _one(
        extractor,
        _article(
            "Prague blames Beijing for ministry hack",
            "2025-05-28",
            "The Czech government said on Wednesday that Chinese state hackers had broken into a network of its "
            "foreign ministry.\n"
            "Last year the United States and Britain sanctioned individuals they said were linked to the hackers, and "
            "British ministers said the group had conducted reconnaissance against lawmakers.",
        ),
    )
    assert "GBR" not in {a.to for a in r.attributions}
    assert "GBR" not in {x.against for x in r.responses}


def test_report_intruders_covering_their_tracks_neither_encrypt_nor_wipe_the_victims_data(extractor):
    r = _one(
        extractor,
        _article(
            "US charges four Chinese military hackers over credit bureau breach",
            "2020-02-10",
            "The Justice Department on Monday charged four members of China's People's Liberation Army with breaking "
            "into the credit "
            "bureau Creditwell and stealing the personal data of 140 million Americans.\n"
            "To hide their tracks, the hackers used encrypted communication channels and wiped log files daily.",
        ),
    )
    assert {m.value for m in r.operation_types} == {"data_theft"}


def test_report_a_state_that_dismisses_anothers_charges_denies_and_its_retorts_accuse_nobody(extractor):
    r = _one(
        extractor,
        _article(
            "Beijing rejects U.S. charges over credit bureau hack",
            "2020-02-11",
            "China on Tuesday dismissed U.S. charges against four members of its armed forces over the data breach "
            "at the credit bureau Creditwell, insisting that its military takes no part in cyber theft and accusing "
            "Washington of hypocrisy on cybersecurity.",
        ),
    )
    assert {d.by for d in r.denials} == {"CHN"}
    assert not any(a.by == "CHN" for a in r.attributions)


def test_report_a_designation_answers_the_culprit_the_release_names_in_its_own_voice(extractor):
    r = _one(
        extractor,
        _article(
            "Treasury acts against institute behind plant sabotage malware",
            "2020-10-23",
            "WASHINGTON - Today, the Department of the Treasury's Office of Foreign Assets Control designated a "
            "Russian government research institution that is connected to the destructive Kestrel malware.\n"
            "In 2017, the Kestrel malware was deployed against a petrochemical plant in Saudi Arabia, shutting down "
            "its safety systems.\n"
            "The institute, controlled by the Government of the Russian Federation, is responsible for building the "
            "tools that enabled the attack.",
        ),
    )
    assert ("USA", "sanctions", "RUS") in _responses(r)


def test_report_other_deeds_a_state_blamed_in_a_relative_clause_without_a_comma_accuse_nobody_here(extractor):
    _, reports = _read(
        extractor,
        _article(
            "Exchange hacker sentenced to five years in prison",
            "2024-11-15",
            "A federal judge on Thursday sentenced Mark Delaney, who stole 90,000 bitcoin from the exchange Coinvault "
            "in 2016, to five years in prison.\n"
            "The theft has been overtaken in size by later heists, including attacks on bridges and exchanges that "
            "U.S. officials have attributed to North Korean state hackers.",
        ),
    )
    assert not any(a.to == "PRK" for r in reports for a in r.attributions)


def test_report_a_government_release_calls_out_the_culprit_pledges_more_and_stands_with_its_ally(extractor):
    r = _one(
        extractor,
        _article(
            "Press release: UK and US call out Russian intelligence over software compromise",
            "2021-04-15",
            "The UK has today exposed the Russian Foreign Intelligence Service as responsible for the compromise of "
            "the Lumen software update, through which hackers breached US government networks.\n"
            "The Foreign Secretary said: \"The UK and the US are calling out Russia's malicious cyber behaviour. "
            "The UK will keep working with its allies to call out Russia's malign behaviour wherever we see it.\"\n"
            "He made clear that the UK stands with the United States in responding to this activity.",
        ),
    )
    found = _responses(r)
    assert {("GBR", "condemnation", "RUS"), ("GBR", "pledge_action", "RUS"), ("GBR", "solidarity", "USA")} <= found


@pytest.mark.parametrize(
    "warning",
    [
        "After the breach, Dutch officers have been told to be alert for phishing e-mails.",
        "After the breach, the Dutch ministry warned the public to watch for phishing messages.",
        '"The breach of a full Dutch staff directory is a starting point for targeted phishing," said a researcher.',
    ],
)
def test_report_a_warning_of_phishing_to_come_is_no_phishing_done(extractor, warning):
    r = _one(
        extractor,
        _article(
            "Hackers steal contact details of all police officers",
            "2024-09-27",
            "Hackers broke into the systems of the Dutch police last week and stole the work contact details of all "
            f"officers, the national police said on Friday, blaming a state actor.\n{warning}",
        ),
    )
    assert "phishing" not in {m.value for m in r.operation_types}


@pytest.mark.parametrize(
    ("sentence", "not_done"),
    [
        ("Officials said the attack had not been designed to knock websites offline.", "disruption"),
        ("The breach prompted an emergency order for federal agencies to pull the product offline.", "disruption"),
        ("The attackers then downloaded variants of the Mirai botnet malware onto compromised firewalls.", "ddos"),
    ],
)
def test_report_an_aim_a_precaution_or_a_recruited_device_is_no_operation_done(extractor, sentence, not_done):
    r = _one(
        extractor,
        _article(
            "Chinese hackers breached ministry networks, Belgium says",
            "2022-07-18",
            f"Belgium said on Monday that Chinese state hackers had breached the networks of its interior ministry.\n"
            f"{sentence}",
        ),
    )
    assert not_done not in {m.value for m in r.operation_types}


def test_report_the_accused_urging_its_accuser_to_stop_blames_the_accuser_for_nothing(extractor):
    r = _one(
        extractor,
        _article(
            "Beijing dismisses British hacking claims as slander",
            "2024-03-26",
            "China on Tuesday dismissed British claims that Chinese state-affiliated hackers had breached the "
            "Electoral Commission as malicious slander.\n"
            "A foreign ministry spokesman said Beijing urged London to stop smearing China and condemned what he "
            "called its reckless accusations.",
        ),
    )
    assert {d.by for d in r.denials} == {"CHN"}
    assert not any(a.by == "CHN" for a in r.attributions)


def test_report_a_sentence_set_in_that_year_goes_on_with_the_older_story_before_it(extractor):
    r = _one(
        extractor,
        _article(
            "China rejects Belgian accusations over ministry hack",
            "2022-07-20",
            "China's embassy in Brussels rejected Belgium's accusation that Chinese state hackers had targeted its "
            "interior ministry.\n"
            "Investigators stumbled on it while helping the ministry deal with flaws in Microsoft Exchange "
            "servers that were exploited around the world in early 2021. In July of that year, the European Union "
            "and Britain jointly blamed hackers operating from China for that campaign.",
        ),
    )
    assert {a.by for a in r.attributions} == {"BEL"}


def test_report_states_the_text_plainly_says_were_hit_are_victims_beside_the_one_the_lead_dwells_on(extractor):
    r = _one(
        extractor,
        _article(
            "Ransomware cripples British hospitals",
            "2017-05-13",
            "A wave of ransomware infections knocked out computers at hospitals across Britain on Friday, forcing "
            "British hospitals to divert ambulances.\n"
            "British health officials said patient records had not been stolen.\n"
            "Russia's Interior Ministry said that about 1,000 of its computers had been hit.",
        ),
    )
    assert {v.value for v in r.victims} == {"GBR", "RUS"}


def test_report_whom_suspicion_fell_on_and_the_target_of_an_earlier_deed_are_no_victims(extractor):
    r = _one(
        extractor,
        _article(
            "Kuwait warns destructive computer virus has struck again",
            "2019-03-11",
            "Kuwait is warning that a computer virus that destroyed systems of its state-run refinery in 2016 "
            "has struck again.\n"
            "State media said a dozen agencies had been hit by the virus, including the Kuwaiti Finance Ministry.\n"
            "Suspicion for the first outbreak of the virus fell on Iran as it came weeks after a sabotage attack "
            "targeting Tehran's oil terminals.\n"
            "US government agencies have found that the virus wiped thousands of computers.",
        ),
    )
    assert {v.value for v in r.victims} == {"KWT"}


def test_report_no_official_accusing_and_groups_joint_statement_attribute_nothing(extractor):
    r = _one(
        extractor,
        _article(
            "Airline grounds flights after hackers claim attack",
            "2025-07-28",
            "Russia's flag carrier cancelled dozens of flights on Monday after a cyberattack crippled its IT systems.\n"
            "The groups, Silent Heron and the Belarusian Cyber Partisans, published a joint statement on Telegram "
            "claiming the attack as flights were being scrapped across Russia.\n"
            "Pro-Kremlin bloggers were quick to blame Ukraine's intelligence services, although no Russian official "
            "has publicly accused Kyiv of involvement.",
        ),
    )
    assert not any(a.by in ("RUS", "BLR") for a in r.attributions)


def test_report_a_reporting_rule_and_a_sentencing_with_hacktivists_sympathetic_to_a_state_are_no_incidents(extractor):
    _, rule = _read(
        extractor,
        _article(
            "Cyber agency orders companies to report cyber incidents within six hours",
            "2022-04-28",
            "India's cyber agency on Thursday ordered companies to report cyberattacks such as ransomware, data "
            "breaches and defacements of websites within six hours of noticing them.\n"
            "Officials said ransomware attacks on Indian hospitals and power grids had grown sharply.",
        ),
    )
    _, sentencing = _read(
        extractor,
        _article(
            "Hacker jailed for six years over clinic data extortion",
            "2024-04-30",
            "A Finnish court on Tuesday sentenced a hacker to six years in prison for stealing the records of a "
            "psychotherapy clinic and extorting its patients.\n"
            "Finnish officials have warned that hospitals face growing threats from hacktivists sympathetic to "
            "Russia, who have targeted the websites of Finnish hospitals.",
        ),
    )
    assert rule == [] and sentencing == []


@pytest.mark.parametrize(
    ("sentence", "not_done"),
    [
        ("The hackers also stole 100 gigabytes of data before encrypting it, threatening to leak it online.", "leak"),
        ("The hacker demanded that three reactors be shut down by Christmas.", "disruption"),
        ("The hacker told the operator to take the Gori-1, Gori-3 and Wolsong-2 reactors offline.", "disruption"),
        ("The intrusion marks a shift for a group best known for leaks.", "leak"),
        ('"Most of what we see against such targets is DDoS," one analyst said.', "ddos"),
    ],
)
def test_report_threats_demands_and_a_groups_reputation_are_no_operation_done(extractor, sentence, not_done):
    r = _one(
        extractor,
        _article(
            "Hackers break into nuclear operator's network, Seoul says",
            "2014-12-22",
            "South Korea's state nuclear operator said on Monday that hackers had broken into its network and "
            f"stolen staff data, and Seoul blamed North Korea.\n{sentence}",
        ),
    )
    assert not_done not in {m.value for m in r.operation_types}


def test_report_a_dateline_city_and_state_are_no_victim_and_interrupted_channels_are(extractor):
    r = _one(
        extractor,
        _article(
            "Iran state TV channels briefly hijacked to show exiled dissident leaders",
            "2022-01-27",
            "DUBAI, United Arab Emirates (AP) - Several channels of Iran's state television were interrupted on "
            "Thursday by images of exiled opposition leaders, in what the broadcaster said was a hack.\n"
            "Iranian officials blamed the exiled opposition group for the cyberattack.",
        ),
    )
    assert {v.value for v in r.victims} == {"IRN"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Ankara had every political incentive to blame Moscow for the attack, yet it said nothing.",
        "Iranian officials routinely accuse the United States and Israel of backing hacking groups.",
        "On November 27, Israel's health ministry and cyber directorate said in a joint statement that a "
        "suspected cyber incident had been identified and contained.",
    ],
)
def test_report_motives_habits_other_deeds_and_joint_notices_attribute_nothing(extractor, sentence):
    _, reports = _read(
        extractor,
        _article(
            "Hackers leak hospital patient records",
            "2023-11-30",
            "A hacker group calling itself Malek Team claimed on Tuesday to have stolen the records of 700,000 "
            f"patients of an Israeli hospital and leaked some of them online.\n{sentence}",
        ),
    )
    assert not any(r.attributions for r in reports)


def test_report_turkey_is_a_state_and_sanctions_on_the_victim_answer_something_else(extractor):
    r = _one(
        extractor,
        _article(
            "Turkey's internet domain servers buckle under cyberattack",
            "2015-12-17",
            "Turkey's servers for .tr internet domains were hit by a massive denial-of-service attack this week, "
            "officials said.\n"
            "Moscow has since imposed economic sanctions on Turkey and accused Ankara of profiting from oil "
            "smuggled out of Islamic State territory.",
        ),
    )
    assert {v.value for v in r.victims} == {"TUR"}
    assert not r.responses


def test_report_support_for_a_states_policy_is_no_solidarity_with_it(extractor):
    r = _one(
        extractor,
        _article(
            "Algerian hackers claim leak of Moroccan social security data",
            "2025-04-09",
            "A hacker group calling itself JabaRoot DZ claimed on Tuesday to have stolen and leaked the data of "
            "millions of workers from Morocco's social security fund.\n"
            "On the same day the United States reaffirmed its support for Morocco's autonomy plan.",
        ),
    )
    assert not any(x.type == "solidarity" for x in r.responses)


def test_report_a_group_name_at_a_sentence_end_takes_neither_the_full_stop_nor_the_next_paragraph(extractor):
    r = _one(
        extractor,
        _article(
            "Justice Department seizes ransom paid to pipeline hackers",
            "2021-06-07",
            "The Department of Justice said it had seized bitcoins paid by a US pipeline operator after a ransomware "
            "attack to the ransomware group known as Blackvane.\n\n"
            'According to the affidavit, the FBI traced the payment to a wallet. "The United States will use all '
            'available tools to make these attacks less profitable," the deputy attorney general said.',
        ),
    )
    assert {x.against for x in r.responses} <= {"Blackvane"}
    assert all("\n" not in x.against and not x.against.endswith(".") for x in r.responses)


def test_report_ransomware_on_a_district_administration_is_a_state_incident(extractor):
    r = _one(
        extractor,
        _article(
            "German district declares disaster after ransomware attack",
            "2021-07-09",
            "A district in Germany declared a state of disaster on Friday after a ransomware attack "
            "encrypted the computer systems of its district administration and halted payments of social benefits.\n"
            "The hackers demanded a ransom, which the district refused to pay.",
        ),
    )
    assert {v.value for v in r.victims} == {"DEU"}


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        (
            "Ukrainian who led malware gangs gets 9 years in US prison",
            "A Ukrainian man who led gangs that stole millions from US businesses with banking malware was "
            "sentenced on Thursday to nine years. Prosecutors said the malware had also hit a US city government "
            "and hospitals, whose systems were disrupted.",
        ),
        (
            "Japan's Diet enacts active cyber defence law",
            "Japan's parliament on Friday enacted a law that lets the government act against attackers before "
            "they strike. Officials cited cyberattacks on Japanese ports and hospitals that stole data.",
        ),
    ],
)
def test_report_a_prison_term_and_an_enacted_law_are_no_incidents(extractor, headline, body):
    _, reports = _read(extractor, _article(headline, "2024-05-01", body))
    assert reports == []


def test_report_a_tools_record_and_the_deed_this_one_comes_after_name_no_victims(extractor):
    r = _one(
        extractor,
        _article(
            "Ireland's health service shuts down IT systems after ransomware attack",
            "2021-05-14",
            "Ireland's state health service shut down all of its IT systems on Friday after a ransomware attack, "
            "the government said.\n"
            "Sources said the malware appeared to be a strain known as Conti, which has been used in a string of "
            "attacks on hospitals and local governments in the U.S.\n"
            "The attack comes days after a ransomware gang forced the shutdown of the Colonial Pipeline, the largest "
            "fuel pipeline in the United States.",
        ),
    )
    assert {v.value for v in r.victims} == {"IRL"}


def test_report_a_helping_states_department_in_its_capital_is_no_victim(extractor):
    r = _one(
        extractor,
        _article(
            "Vanuatu government networks down after cyber attack",
            "2022-11-15",
            "Vanuatu's government networks have been down for more than a week after a ransomware attack, officials "
            "said.\n"
            "The Department of Foreign Affairs and Trade in Canberra did not give details of its help after the "
            "attack, but said Australia was supporting the Government of Vanuatu.",
        ),
    )
    assert {v.value for v in r.victims} == {"VUT"}


def test_report_the_episode_coming_months_after_an_earlier_accusation_retells_that_one(extractor):
    r = _one(
        extractor,
        _article(
            "Payroll breach exposes armed forces data",
            "2024-05-07",
            "Hackers breached a payroll system of Britain's Ministry of Defence and stole the bank details of "
            "serving personnel, the defence secretary said on Tuesday.\n"
            "The episode comes two months after the UK attributed an intrusion into the Electoral Commission to "
            "Chinese state-affiliated hackers and imposed sanctions on a Chinese company.",
        ),
    )
    assert not r.attributions and not r.responses


def test_report_an_incident_that_did_not_appear_to_involve_any_breach_steals_nothing(extractor):
    r = _one(
        extractor,
        _article(
            "Polish trains halted by radio sabotage",
            "2023-08-26",
            "About 20 trains in Poland were brought to a halt on Friday night by unauthorised radio signals, "
            "disrupting rail traffic across the country's north-west in what officials called a cyberattack.\n"
            "An official said the cyberattack did not appear to involve any breach of the railways' IT systems.",
        ),
    )
    assert "data_theft" not in {m.value for m in r.operation_types}


def test_report_the_accused_accusing_its_accuser_of_escalating_tensions_blames_it_for_no_operation(extractor):
    r = _one(
        extractor,
        _article(
            "Pyongyang rejects Seoul's reactor hacking charge as 'sheer fabrication'",
            "2015-03-26",
            "North Korea on Thursday rejected South Korea's accusation that it hacked the state nuclear operator, "
            "calling it a sheer fabrication.\n"
            "The statement also attacked joint military drills and accused Seoul of escalating tensions on the "
            "peninsula.",
        ),
    )
    assert not any(a.by == "PRK" for a in r.attributions)


def test_report_earlier_month_about_other_states_is_background(extractor):
    """A sentence dated to an earlier month that names only other states retells another story:
    its accusers are no accusers here and its measure answers nothing here."""
    text = _article(
        "Hackers break into Portugal's medicines regulator",
        "2023-11-20",
        "Portugal's medicines regulator said on Monday that hackers had broken into its systems and "
        "accessed documents on vaccine trials. Officials said services were partly offline.\n\n"
        "In August, Britain and Canada accused a Russian group of targeting vaccine researchers in "
        "both countries, and Ottawa summoned Russia's ambassador.\n\n"
        "The regulator did not say who was behind the attack.",
    )
    r = _one(extractor, text)
    assert {v.value for v in r.victims} == {"PRT"}
    assert r.responses == []
    assert r.attributions == []


def test_report_earlier_month_of_this_story_stays(extractor):
    """An earlier month that names the lead's own state tells this story: a follow-up keeps it."""
    text = _article(
        "Portugal blames Russia for customs agency hack",
        "2023-11-20",
        "Portugal's government on Monday blamed Russia for a cyberattack on its customs agency.\n\n"
        "In August, hackers stole shipping records from Portugal's customs agency and took its "
        "services offline for days.",
    )
    r = _one(extractor, text)
    assert {v.value for v in r.victims} == {"PRT"}
    assert ("PRT", "RUS") in _attributions(r)


@pytest.mark.parametrize(
    "headline",
    [
        "Danish hospitals must report cyberattacks within 24 hours from January",
        "Police seize 30 DDoS-for-hire websites in crackdown on attack services",
        "Parliament passes cyber security bill after wave of data leaks",
    ],
)
def test_report_policy_and_policing_headlines_are_no_incident(extractor, headline):
    """A reporting rule, a seizure of criminal services and a law passed after leaks report no
    operation, though their bodies name attacks and states."""
    text = _article(
        headline,
        "2024-05-02",
        "The measure follows a string of disruptive cyberattacks on hospitals and government "
        "websites in Denmark. Ransomware gangs encrypted networks and leaked patient data, and "
        "officials said some of the attacks disrupted services for days. Experts welcomed the step.",
    )
    assert _read(extractor, text)[1] == []


def test_report_policy_story_with_accusation_deep_in_body_is_no_incident(extractor):
    """A law's story that warns in passing of state-backed groups hiding behind such devices
    reports no operation: the accusation is its background, not its news."""
    text = _article(
        "Britain becomes the first country to ban default passwords on smart devices",
        "2024-04-29",
        "Makers of smart cameras and routers sold in Britain may no longer ship them with default "
        "passwords, under rules that took effect on Monday. Companies that fail to comply face fines. "
        "Consumer groups welcomed the change.\n\n"
        "Botnets spread by scanning the internet for cameras that still use factory logins and "
        "enlisting them in distributed denial-of-service attacks.\n\n"
        "Governments have also raised concerns about insecure devices in state-sponsored hacking. "
        "The UK's National Cyber Security Centre and its allies have warned that state-backed groups, "
        "including actors linked to China, hide their operations behind networks of hijacked home routers.",
    )
    assert _read(extractor, text)[1] == []


def test_report_refusals_and_asides_negate_measures_and_accusations(extractor):
    """'has not, publicly at least, summoned' summons nobody, and 'has refused to accuse' accuses
    nobody: the negation reaches across an aside, and a refusal says the opposite."""
    text = _article(
        "Chinese hackers breach Malaysian foreign ministry, researchers say",
        "2023-03-10",
        "A Chinese state-sponsored group breached the networks of Malaysia's foreign ministry and stole "
        "diplomatic cables, researchers at a security firm said on Friday.\n\n"
        "Kuala Lumpur has not, publicly at least, summoned a Chinese diplomat over the report. "
        "The government has also refused to accuse China, saying its inquiry is continuing.",
    )
    r = _one(extractor, text)
    assert not any(x.type == "summon_ambassador" for x in r.responses)
    assert ("MYS", "CHN") not in _attributions(r)


def test_report_opposing_a_policy_is_no_denial(extractor):
    """A state that 'strongly opposes' a deal or a policy denies nothing; one that strongly
    opposes the accusations does."""
    body = (
        "Iran said on Sunday that Israel was behind a cyberattack that cut power at its Arak plant "
        "and vowed revenge. The hackers disabled the plant's power network, officials said. "
    )
    r = _one(
        extractor,
        _article(
            "Iran blames Israel for Arak plant sabotage",
            "2022-06-12",
            body + "Israeli Prime Minister Naftali Bennett strongly opposes reviving the nuclear deal.",
        ),
    )
    assert r.denials == []
    r = _one(
        extractor,
        _article(
            "Iran blames Israel for Arak plant sabotage",
            "2022-06-12",
            body + "Israel's foreign ministry said Israel strongly opposes these groundless accusations.",
        ),
    )
    assert [d.by for d in r.denials] == ["ISR"]


def test_report_georgia_in_an_atlanta_story_is_the_us_state(extractor):
    """'Charges in Georgia' over an attack on Atlanta name the US state, no victim country."""
    text = _article(
        "Two Russians charged over ransomware attack on Atlanta's courts",
        "2022-03-02",
        "Two Russian men were charged in Georgia on Wednesday over the ransomware attack that "
        "knocked the US city of Atlanta's municipal services offline last year. The hackers "
        "encrypted the city's servers and demanded a ransom, prosecutors said.",
    )
    r = _one(extractor, text)
    assert {v.value for v in r.victims} == {"USA"}


def test_report_defenders_disrupting_the_attackers_is_no_disruption(extractor):
    """A service that 'disrupted an attempt' to hack, a plot 'was disrupted', and a 'close access'
    operation tell of no disruption the attack caused."""
    text = _article(
        "Swiss foil Russian plot to hack anti-doping lab",
        "2019-05-16",
        "Switzerland said on Thursday it had disrupted an attempt by Russia's GRU to hack into the "
        "network of an anti-doping laboratory in Lausanne and had expelled two Russian officers. "
        "The plot was disrupted by the Swiss intelligence service in March. Officials described a "
        "close access operation in which the officers parked a car with hacking equipment outside "
        "the lab to steal passwords.",
    )
    r = _one(extractor, text)
    assert "disruption" not in {m.value for m in r.operation_types}


def test_report_an_attack_from_a_state_names_where_it_came_from(extractor):
    """'A cyberattack from Russia hit its network': the speaker says where it came from, which
    makes that state the accused, not a bystander."""
    text = _article(
        "Danish shipping ministry says cyberattack from Russia hit its network",
        "2023-02-14",
        "Denmark's shipping ministry said on Tuesday that a cyberattack from Russia had hit its "
        "network and stolen internal documents. The ministry said services were running normally.",
    )
    r = _one(extractor, text)
    assert "RUS" in {a.to for a in r.attributions}
    assert {v.value for v in r.victims} == {"DNK"}


def test_report_a_groups_record_tells_no_operation_type(extractor):
    """'Researchers have linked the group to ... ransomware' lists its other deeds: this breach is
    no ransomware attack."""
    text = _article(
        "North Korean hackers stole Philippine navy plans, Manila says",
        "2021-10-05",
        "North Korean hackers broke into the Philippine navy's network and stole operational plans, "
        "the defence ministry in Manila said on Tuesday.\n\n"
        "Security researchers have linked the group to the theft of millions from an Asian central "
        "bank and to this year's ransomware outbreak that encrypted hospital networks.",
    )
    r = _one(extractor, text)
    assert "ransomware" not in {m.value for m in r.operation_types}
    assert "data_theft" in {m.value for m in r.operation_types}


def test_report_another_groups_deed_tells_no_operation_type(extractor):
    """In an article about a hacktivist DDoS campaign, a sentence about a ransomware gang's theft
    from a software firm tells that gang's deed: no ransomware, theft or leak here."""
    text = _article(
        "Pro-Russian hackers knock Austrian ministry websites offline",
        "2023-06-14",
        "Websites of Austria's foreign and defence ministries were knocked offline on Wednesday by "
        "distributed denial-of-service attacks, officials said. The group NoName057(16) claimed the "
        "attacks on its Telegram channel.\n\n"
        "Separately, the ransomware group Play has been publishing data it stole from Lindner, a "
        "Vienna software firm that works for the police.",
    )
    r = _one(extractor, text)
    assert {m.value for m in r.operation_types} & {"ransomware", "data_theft", "leak"} == set()
    assert "ddos" in {m.value for m in r.operation_types}
