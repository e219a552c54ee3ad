"""A follow-up years later that dates the attack to the time of the first reports is close to
them in time; one that does not, or dates another attack, stays apart."""

from dataclasses import replace

from casus.resolve.pairwise import ReportProfile, features, same_incident

FIRST = ReportProfile(
    victims=frozenset({"DEU"}),
    published="2015-06-12",
    first_activity="2015-05",
    operations=("Sofacy",),
    names=("landtag",),
)


def _follow_up(first_activity: str | None) -> ReportProfile:
    return ReportProfile(
        victims=frozenset({"DEU"}),
        accused=frozenset({"RUS"}),
        published="2020-05-13",
        first_activity=first_activity,
        operations=("Sofacy",),
        names=("landtag",),
    )


def test_a_follow_up_dating_the_attack_to_the_first_reports_links_to_them():
    near = features(FIRST, _follow_up("2015-05"))
    far = features(FIRST, _follow_up(None))
    assert near["published_gap_log"] < far["published_gap_log"] - 0.5
    assert same_incident(FIRST, _follow_up("2015-05"))


def test_a_follow_up_without_the_attacks_date_or_with_another_stays_apart():
    assert not same_incident(FIRST, _follow_up(None))
    assert not same_incident(FIRST, _follow_up("2019-11"))


def _measure(published: str, accused: str, words: tuple[str, ...]) -> ReportProfile:
    return ReportProfile(
        victims=frozenset({"NOR"}),
        accused=frozenset({accused}),
        published=published,
        terms=tuple((w, 1.0) for w in words),
    )


def test_a_later_measure_naming_the_body_hit_and_a_culprit_links_to_the_same_victims_attack():
    attack = _measure("2020-10-13", "RUS", ("storting", "kravenko", "mailboxes", "oslo", "parliamentarians"))
    measure = _measure("2021-03-02", "RUS", ("storting", "kravenko", "oslo", "sanctions", "prosecutor"))
    assert same_incident(attack, measure)


def test_a_later_story_sharing_only_country_names_or_naming_another_culprit_stays_apart():
    attack = _measure("2020-10-13", "RUS", ("storting", "kravenko", "mailboxes", "oslo", "norwegians"))
    assert not same_incident(attack, _measure("2021-03-02", "RUS", ("oslo", "norwegians", "sanctions", "fishing")))
    assert not same_incident(attack, _measure("2021-03-02", "CHN", ("storting", "kravenko", "oslo", "sanctions")))


def test_two_states_hit_by_one_gang_in_one_week_are_two_stories():
    words = (("conti", 1.0), ("gigabytes", 0.8), ("paralysed", 0.7), ("decree", 0.5))
    costa_rica = ReportProfile(victims=frozenset({"CRI"}), published="2022-05-09", terms=words)
    zambia = ReportProfile(victims=frozenset({"ZMB"}), published="2022-05-16", terms=words)
    assert not same_incident(costa_rica, zambia)
    story = words[1:] + (("ifx", 1.0),)
    wrong_victim = ReportProfile(victims=frozenset({"USA"}), published="2022-05-12", terms=story)
    right_victim = ReportProfile(victims=frozenset({"COL"}), published="2022-05-10", terms=story)
    assert same_incident(wrong_victim, right_victim)  # a victim misread still joins on the story's own words


def test_an_indictment_years_later_naming_the_storys_coined_name_links_and_is_found_by_the_index():
    from casus.resolve.pairwise import blocking_keys, lookup_keys

    words = (("veltronix", 1.0), ("tsvelkov", 0.9), ("petrochemical", 0.6), ("controllers", 0.5))
    sanctions = ReportProfile(
        victims=frozenset({"SAU"}), accused=frozenset({"RUS"}), published="2020-10-23", terms=words
    )
    charges = ReportProfile(victims=frozenset({"SAU"}), accused=frozenset({"RUS"}), published="2022-03-24", terms=words)
    assert same_incident(sanctions, charges)
    assert lookup_keys(charges) & blocking_keys(sanctions) and lookup_keys(sanctions) & blocking_keys(charges)
    elsewhere = ReportProfile(
        victims=frozenset({"QAT"}), accused=frozenset({"RUS"}), published="2022-03-24", terms=words
    )
    assert not same_incident(sanctions, elsewhere)


def test_a_measure_weeks_later_naming_the_state_body_hit_links_across_months():
    words = (("eduskunta", 1.0), ("mailboxes", 0.6), ("parliamentarians", 0.5), ("prosecutor", 0.3))
    attack = ReportProfile(
        victims=frozenset({"FIN"}), accused=frozenset({"RUS"}), published="2020-10-13", terms=words[:3]
    )
    charges = ReportProfile(
        victims=frozenset({"FIN"}), accused=frozenset({"RUS"}), published="2020-12-08", terms=words[:1] + words[3:]
    )
    assert same_incident(attack, charges)
    assert not same_incident(
        attack,
        ReportProfile(
            victims=frozenset({"FIN"}), accused=frozenset({"CHN"}), published="2020-12-08", terms=words[:1] + words[3:]
        ),
    )


def test_a_day_inside_a_month_agrees_less_than_the_same_date():
    def report(first_activity: str) -> ReportProfile:
        return ReportProfile(victims=frozenset({"USA"}), published="2023-06-20", first_activity=first_activity)

    same = features(report("2023-05-29"), report("2023-05-29"))["first_activity_agree"]
    inside = features(report("2023-05"), report("2023-05-29"))["first_activity_agree"]
    apart = features(report("2023-03"), report("2023-05-29"))["first_activity_agree"]
    assert same == 1.0 and 0.0 < inside < same and apart == 0.0


def test_a_later_measure_retelling_the_attack_at_length_links_to_the_same_victims_story():
    words = tuple((w, 1.0) for w in ("medilink", "optimo", "claimants", "darknet", "extortion", "policyholders"))

    def report(published: str, victim: str) -> ReportProfile:
        return ReportProfile(victims=frozenset({victim}), published=published, terms=words)

    assert same_incident(report("2022-11-10", "AUS"), report("2024-01-23", "AUS"))
    assert not same_incident(report("2022-11-10", "AUS"), report("2024-01-23", "NZL"))
    assert not same_incident(report("2018-11-10", "AUS"), report("2024-01-23", "AUS"))


def test_a_coined_name_retold_in_another_states_story_months_later_links_nothing():
    words = ("zentrix", "kravenko", "mailboxes", "parliamentarians", "asset", "freezes", "listed", "officer")
    sanctions = ReportProfile(
        victims=frozenset({"DEU"}),
        accused=frozenset({"RUS"}),
        published="2020-10-22",
        terms=tuple((w, 1.0) for w in words),
    )
    other = ReportProfile(
        victims=frozenset({"NOR"}),
        accused=frozenset({"RUS"}),
        published="2021-03-16",
        terms=tuple(
            (w, 1.0)
            for w in ("zentrix", "kravenko", "storting", "fjordline", "intrusions", "dullest", "exchange", "mps")
        ),
    )
    same_victim = ReportProfile(victims=frozenset({"DEU"}), published=other.published, terms=other.terms)
    assert not same_incident(sanctions, other)
    assert same_incident(sanctions, same_victim)


def _story(published: str, headlines: tuple[str, ...], words: tuple[str, ...], victims=("GBR",)) -> ReportProfile:
    return ReportProfile(
        victims=frozenset(victims),
        published=published,
        headlines=headlines,
        terms=tuple((w, 1.0) for w in words),
    )


def test_a_malware_named_in_a_headline_links_the_outbreak_to_its_attribution_months_later():
    outbreak = _story(
        "2017-05-13",
        (),
        ("wannacry", "ambulances", "unpatched", "telefonica", "carmaker", "cryptology", "bitcoin", "kill-switch"),
    )
    blame = _story(
        "2017-12-19",
        ("wannacry",),
        ("wannacry", "gchq", "indiscriminate", "enquiries", "defences", "pyongyang", "reckless", "bossert"),
    )
    assert same_incident(outbreak, blame)
    # another state's outbreak named in that headline, or a plain headline word, links nothing
    assert not same_incident(_story(outbreak.published, (), dict(outbreak.terms), victims=("FRA",)), blame)
    plain = _story(blame.published, ("reckless",), tuple(w for w, _ in blame.terms if w != "wannacry"))
    assert not same_incident(outbreak, plain)


def test_a_state_that_denies_the_hack_is_the_accused_of_the_story_whoever_accuses_it():
    from casus.models import Denial, Evidence, Report
    from casus.resolve.pairwise import report_profile

    said = Evidence("d", "China has rejected the accusations from the start.", 0, 50, "casus.denial.v1")
    report = Report("d", title="Spy chief names China as leading suspect", denials=[Denial("CHN", said)])
    assert report_profile(report, None).accused == frozenset({"CHN"})


def test_a_name_the_headlines_give_the_story_links_sanctions_two_years_on_and_the_index_finds_them():
    from casus.resolve.pairwise import blocking_keys, lookup_keys

    breach = _story(
        "2022-10-20",
        ("medibank",),
        ("medibank", "koczkar", "apologised", "gigabytes", "reputational", "responder", "encrypting", "halt"),
        victims=(),
    )
    sanctions = _story(
        "2024-01-23",
        ("medibank",),
        ("medibank", "ermakov", "aleksandr", "trilateral", "blunter", "terminations", "gigabytes", "wong"),
        victims=("AUS",),
    )
    assert same_incident(breach, sanctions)
    assert lookup_keys(breach) & blocking_keys(sanctions) and lookup_keys(sanctions) & blocking_keys(breach)
    # five years on, the same name is another story
    later = _story("2027-06-01", sanctions.headlines, tuple(w for w, _ in sanctions.terms), victims=("AUS",))
    assert not same_incident(breach, later)


def test_years_later_a_coined_name_links_only_when_both_lead_with_it_not_when_one_retells_it():
    def report(published: str, names: tuple[str, ...], words: tuple[str, ...]) -> ReportProfile:
        return ReportProfile(
            victims=frozenset({"IRN"}),
            accused=frozenset({"ISR"}),
            published=published,
            names=names,
            terms=tuple((w, 1.0) for w in words),
        )

    port = report("2020-05-19", ("zarvandi",), ("zarvandi", "bandar", "snarled", "containers", "queues", "ships"))
    follow_up = report("2021-11-02", ("zarvandi",), ("zarvandi", "abolfazl", "cargo", "insurers", "berths", "tugs"))
    retold = report("2021-11-02", ("jalavi",), ("zarvandi", "jalavi", "pumps", "fuel", "subsidised", "queues"))
    assert same_incident(port, follow_up)
    assert not same_incident(port, retold)


def test_an_operation_that_began_after_a_report_was_filed_is_a_later_deed_though_it_retells_that_story():
    headline = _story(
        "2021-04-15",
        ("skyforge",),
        ("skyforge", "expulsions", "malign", "mitigations", "orion", "yardstick", "destabilising", "kelin"),
        victims=("USA",),
    )
    words = ("skyforge", "mailboxes", "exfiltrated", "foothold", "multifactor", "resourced", "responder", "orion")
    later = replace(_story("2024-01-20", (), words, victims=("USA",)), first_activity="2023-11")
    assert not same_incident(headline, later)
    # the same later report dating the operation to the first one's time retells that story
    assert same_incident(headline, replace(later, first_activity="2020-12"))
