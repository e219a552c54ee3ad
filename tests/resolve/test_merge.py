"""Resolution rules: when two profiles may be one incident, and what merging them keeps."""

from collections import Counter

import pytest

from casus.resolve import Profile, match_score, merge_profiles, profile_of
from casus.resolve.merge import MATCH_THRESHOLD, earliest


def _profile(victims=(), accused=(), groups=(), named=(), first=None, published=None) -> Profile:
    return Profile(Counter(victims), Counter(accused), Counter(groups), Counter(named), first, published, published, 1)


def test_merge_same_victim_and_accused_scores_above_threshold():
    a = _profile(["ALB"], ["IRN"], first="2022-07", published="2022-09-07")
    b = _profile(["ALB"], ["IRN"], first="2022-07-15", published="2022-09-20")
    assert match_score(b, a) >= MATCH_THRESHOLD


def test_merge_different_victims_score_zero():
    a = _profile(["ALB"], ["IRN"], first="2022-07", published="2022-09-07")
    b = _profile(["MNE"], ["IRN"], first="2022-07", published="2022-09-07")
    assert match_score(b, a) == 0.0


def test_merge_different_victims_same_named_group_and_accused_may_merge():
    # one campaign reported from two victims' side must name the same group
    a = _profile(["DEU"], ["RUS"], named=["APT28"], first="2018-04", published="2018-10-04")
    b = _profile(["NLD"], ["RUS"], named=["APT28"], first="2018-04", published="2018-10-04")
    assert match_score(b, a) > 0
    assert match_score(_profile(["NLD"], ["RUS"], first="2018-04", published="2018-10-04"), a) == 0.0


def test_merge_disjoint_accused_score_zero():
    a = _profile(["GEO"], ["RUS"], first="2019-10", published="2020-02-20")
    b = _profile(["GEO"], ["IRN"], first="2019-10", published="2020-02-20")
    assert match_score(b, a) == 0.0


def test_merge_disjoint_claimants_score_zero():
    a = _profile(["ALB"], groups=["homeland justice"], first="2022-07", published="2022-07-20")
    b = _profile(["ALB"], groups=["other persona"], first="2022-07", published="2022-07-20")
    assert match_score(b, a) == 0.0
    assert match_score(_profile(["ALB"], groups=["homeland justice"], first="2022-07", published="2022-07-21"), a) > 0


@pytest.mark.parametrize(
    ("first_a", "first_b", "compatible"),
    [
        ("2022-07", "2022-07-15", True),  # the month contains the day
        ("2022", "2022-09-09", True),  # the year contains the day
        ("2022-07-15", "2022-08-10", True),  # 26 days apart
        ("2022-07-15", "2022-09-09", False),  # 56 days apart
        ("2022-07", "2022-09", False),
        ("2021", "2022-07", False),
    ],
)
def test_merge_first_activity_must_be_compatible(first_a, first_b, compatible):
    # published far apart, so no "same news" exception applies
    a = _profile(["ALB"], ["IRN"], first=first_a, published="2022-09-10")
    b = _profile(["ALB"], ["IRN"], first=first_b, published="2022-11-30")
    assert (match_score(b, a) > 0) is compatible
    assert (match_score(a, b) > 0) is compatible


@pytest.mark.parametrize("days_apart", [0, 1, 2])
def test_merge_same_news_overrides_disagreeing_first_activity(days_apart):
    a = _profile(["ALB"], ["IRN"], first="2021-05", published="2022-09-07")
    b = _profile(["ALB"], ["IRN"], first="2022-07-15", published=f"2022-09-{7 + days_apart:02d}")
    assert match_score(b, a) >= MATCH_THRESHOLD


def test_merge_same_news_window_is_two_days():
    a = _profile(["ALB"], ["IRN"], first="2021-05", published="2022-09-07")
    b = _profile(["ALB"], ["IRN"], first="2022-07-15", published="2022-09-10")
    assert match_score(b, a) == 0.0


def test_merge_without_dates_needs_recent_publication():
    a = _profile(["ALB"], ["IRN"], published="2022-09-07")
    assert match_score(_profile(["ALB"], ["IRN"], published="2022-09-25"), a) > 0
    assert match_score(_profile(["ALB"], ["IRN"], published="2022-10-30"), a) == 0.0


def test_merge_victim_alone_needs_publication_dates():
    # a shared victim plus nearby publication passes the threshold; a shared victim alone does not
    near = _profile(["ALB"], published="2022-09-08")
    assert match_score(near, _profile(["ALB"], published="2022-09-07")) > 0
    assert match_score(_profile(["ALB"]), _profile(["ALB"])) == 0.0


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
    assert m.actor_keys() == {"v:ALB", "v:MNE", "a:IRN", "g:homeland justice", "n:APT34"}
    assert m.months() == {"2022-07", "2022-09"}
    assert "v:ALB@2022-07" in m.keys() and "v:ALB" in m.keys()
    # the inputs are left alone
    assert a.victims == Counter({"ALB": 2}) and b.reports == 1


def test_merge_lookup_keys_cover_neighbouring_months_and_undated_incidents():
    p = _profile(["ALB"], ["IRN"], first="2022-12-20", published="2023-01-05")
    keys = p.lookup_keys()
    assert {"v:ALB@2022-11", "v:ALB@2022-12", "v:ALB@2023-01", "v:ALB@2023-02", "v:ALB@-"} <= keys
    assert "v:ALB@2023-03" not in keys and "v:ALB" not in keys
    undated = _profile(["ALB"], ["IRN"])
    assert undated.lookup_keys() == {"v:ALB", "a:IRN"}
    assert "v:ALB@-" in undated.keys()


def test_merge_profile_json_round_trip():
    p = _profile(["ALB"], ["IRN"], ["homeland justice"], ["APT34"], "2022-07", "2022-09-07")
    assert Profile.from_json(p.to_json()) == p


def test_merge_profile_of_empty_report():
    from casus.models import Report

    p = profile_of(Report("doc", published="2022-09-07"))
    assert p.keys() == set()
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
