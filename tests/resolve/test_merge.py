"""Resolution: the pairwise decision between reports, its blocking keys, and what summing keeps.

Each test builds two report profiles and checks the decision the weighed signals give; no
single disagreeing field vetoes a link, but pairs with no shared signal stay apart."""

from collections import Counter

import pytest

from casus.models import Document, Report
from casus.resolve import Profile, ReportProfile, merge_profiles, profile_of, report_profile, same_incident
from casus.resolve.merge import earliest
from casus.resolve.pairwise import blocking_keys, comparable, features, link_score, lookup_keys


def _p(victims=(), accused=(), claimants=(), groups=(), published=None, first=None, names=(), ops=(), title=()):
    return ReportProfile(
        frozenset(victims),
        frozenset(accused),
        frozenset(claimants),
        frozenset(groups),
        published,
        first,
        tuple(names),
        tuple(ops),
        tuple(title),
    )


def test_same_victim_and_accused_in_the_same_days_link():
    a = _p(["ALB"], ["IRN"], published="2022-09-07", first="2022-07")
    b = _p(["ALB"], ["IRN"], published="2022-09-08", first="2022-07-15")
    assert same_incident(a, b) and same_incident(b, a)


def test_different_victims_and_accused_with_nothing_shared_stay_apart():
    a = _p(["ALB"], ["IRN"], published="2022-09-07")
    b = _p(["MNE"], ["RUS"], published="2022-09-07")
    assert not comparable(a, b)
    assert not same_incident(a, b)


def test_disagreeing_victims_weigh_against_but_do_not_veto_a_shared_rare_name():
    # one operation reported from two sides: the extracted victims differ, the named company does not
    a = _p(["UKR"], ["RUS"], published="2023-12-12", names=["kyivstar"])
    b = _p(["RUS"], ["RUS"], published="2023-12-13", names=["kyivstar"])
    assert features(a, b)["victims_clash"] == 1.0
    assert same_incident(a, b)
    assert link_score(a, b) < link_score(a, _p(["UKR"], ["RUS"], published="2023-12-13", names=["kyivstar"]))


def test_a_named_malware_links_reports_whose_accused_was_missed():
    a = _p(["UKR"], ["RUS"], published="2022-04-12", ops=["industroyer2"], groups=["Sandworm"])
    b = _p(["UKR"], published="2022-04-13", ops=["industroyer2"])
    assert same_incident(a, b)


def test_disjoint_accused_and_claimants_keep_a_shared_victim_apart():
    a = _p(["GEO"], ["RUS"], ["persona one"], published="2019-10-28")
    b = _p(["GEO"], ["IRN"], ["persona two"], published="2019-10-29")
    assert comparable(a, b)
    assert not same_incident(a, b)


def test_same_victim_and_accused_a_year_apart_are_two_incidents():
    a = _p(["ALB"], ["IRN"], published="2022-09-07", first="2022-07")
    b = _p(["ALB"], ["IRN"], published="2023-09-07", first="2023-08")
    assert not comparable(a, b)  # no shared month: never even compared
    assert not same_incident(a, b)


def test_a_victim_alone_is_not_enough_months_apart():
    a = _p(["USA"], published="2023-05-01")
    b = _p(["USA"], published="2023-06-20")
    assert comparable(a, b)
    assert not same_incident(a, b)


def test_undated_reports_are_compared_by_shared_tokens_in_any_month():
    dated = _p(["ALB"], ["IRN"], published="2022-09-07")
    undated = _p(["ALB"], ["IRN"])
    assert comparable(dated, undated) and comparable(undated, dated)
    assert same_incident(dated, undated)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (_p(["ALB"], published="2022-09-07"), _p(["ALB"], published="2022-10-30")),
        (_p(["ALB"], published="2022-09-07"), _p(["ALB"], published="2022-11-30")),
        (_p(["ALB"]), _p(["ALB"], published="2022-11-30")),
        (_p(names=["kyivstar"], published="2023-12-31"), _p(names=["kyivstar"], first="2024-01-02")),
        (_p(["ALB"], ["IRN"]), _p(["MNE"])),
    ],
)
def test_lookup_finds_exactly_the_comparable_reports_either_way(a, b):
    found_ab = bool(lookup_keys(a) & blocking_keys(b))
    found_ba = bool(lookup_keys(b) & blocking_keys(a))
    assert found_ab == found_ba == comparable(a, b)


def test_decision_and_features_are_symmetric():
    a = _p(["UKR"], ["RUS"], ["x"], ["Sandworm"], "2022-04-12", "2022-03", ["zhora"], ["industroyer2"], ["grid"])
    b = _p(["UKR", "POL"], ["RUS"], [], ["Sandworm"], "2022-04-20", "2022-04", ["zhora"], [], ["grid", "attack"])
    assert features(a, b) == features(b, a)
    assert link_score(a, b) == link_score(b, a)


def test_report_profile_reads_names_and_malware_from_the_text():
    text = (
        "Kyivstar outage blamed on Sandworm\n2023-12-13\n\n"
        "Hackers knocked Kyivstar offline on Tuesday using a wiper related to Industroyer2, officials said."
    )
    doc = Document("d", "a.txt", text, "Kyivstar outage blamed on Sandworm")
    p = report_profile(Report("d", title=doc.title, published="2023-12-13"), doc)
    assert "kyivstar" in p.names
    assert "industroyer2" in p.operations
    assert "hackers" not in p.names  # common words are no names
    assert ReportProfile.from_json(p.to_json()) == p


def _profile(victims=(), accused=(), groups=(), named=(), first=None, published=None) -> Profile:
    return Profile(Counter(victims), Counter(accused), Counter(groups), Counter(named), first, published, published, 1)


def test_merge_profiles_adds_counts_and_widens_dates():
    a = Profile(
        Counter({"ALB": 2}),
        Counter({"IRN": 2}),
        Counter({"homeland justice": 1}),
        Counter(),
        "2022-07",
        "2022-09-07",
        "2022-09-08",
        2,
    )
    b = _profile(["ALB", "MNE"], ["IRN"], named=["APT34"], first="2022-07-15", published="2022-09-06")
    m = merge_profiles(a, b)
    assert m.victims == Counter({"ALB": 3, "MNE": 1})
    assert m.accused == Counter({"IRN": 3})
    assert m.groups == Counter({"homeland justice": 1})
    assert m.named == Counter({"APT34": 1})
    assert m.first_activity == "2022-07-15"
    assert (m.published_min, m.published_max) == ("2022-09-06", "2022-09-08")
    assert m.reports == 3
    assert a.victims == Counter({"ALB": 2}) and b.reports == 1  # the inputs are left alone


def test_merge_profile_json_round_trip():
    p = _profile(["ALB"], ["IRN"], ["homeland justice"], ["APT34"], "2022-07", "2022-09-07")
    assert Profile.from_json(p.to_json()) == p
    assert Profile.from_json({}) == Profile()


def test_merge_profile_of_empty_report():
    p = profile_of(Report("doc", published="2022-09-07"))
    assert (p.first_activity, p.published_min, p.published_max, p.reports) == (None, "2022-09-07", "2022-09-07", 1)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        (["2022-07"], "2022-07"),
        (["2022-07", "2022-07-15"], "2022-07-15"),  # as precise as the reports allow
        (["2022-07-15", "2022-07"], "2022-07-15"),
        (["2022-07-20", "2022-07", "2022-07-15"], "2022-07-15"),
        (["2022-08-01", "2022-07"], "2022-07"),  # an earlier month beats a later day
        (["2022", "2022-03-04", "2021-12"], "2021-12"),
        (["2022", "2022-05"], "2022-05"),
    ],
)
def test_merge_earliest(values, expected):
    assert earliest(values) == expected


def test_lead_names_are_rare_words_not_common_compounds_or_the_trade_vocabulary():
    from casus.resolve.signals import lead_names

    names = lead_names("Iran-Linked Hackers Hit Kyivstar And JBS With DDoS", "Pro-Russian Ransomware crews")
    assert {"kyivstar", "jbs"} <= set(names)
    assert not {"iran-linked", "pro-russian", "ddos", "ransomware", "hackers", "and"} & set(names)
