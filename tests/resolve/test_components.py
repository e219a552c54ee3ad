"""Incidents as connected components: the blocking index finds every pair the decision would
link, and the result is the same whatever order the reports are given in."""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from casus.resolve.components import DisjointSets, attachments, components
from casus.resolve.pairwise import ReportProfile, same_incident

STATES = ["ALB", "IRN", "UKR", "RUS", "USA"]
NAMES = ["kyivstar", "veltrix", "korvel", "nobody"]
DAYS = ["2022-09-01", "2022-09-03", "2022-10-20", "2023-01-05", None]

profiles = st.builds(
    lambda v, a, n, d: ReportProfile(
        victims=frozenset(v), accused=frozenset(a), published=d, names=tuple(sorted(n)), title_words=tuple(sorted(n))
    ),
    st.sets(st.sampled_from(STATES), max_size=2),
    st.sets(st.sampled_from(STATES), max_size=1),
    st.sets(st.sampled_from(NAMES), max_size=2),
    st.sampled_from(DAYS),
)


def _brute_force(reports: dict) -> list[list]:
    """Connected components over every pair, no index: what blocking must not change."""
    sets = DisjointSets()
    for rid in reports:
        sets.find(rid)
    for a, b in combinations(sorted(reports), 2):
        if same_incident(reports[a], reports[b]):
            sets.union(a, b)
    groups: dict = {}
    for rid in sorted(reports):
        groups.setdefault(sets.find(rid), []).append(rid)
    return sorted(groups.values())


@settings(max_examples=60, deadline=None)
@given(st.lists(profiles, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_components_match_all_pairs_and_ignore_order(items, rng):
    reports = {f"r{i:02d}": p for i, p in enumerate(items)}
    expected = _brute_force(reports)
    assert components(reports) == expected
    shuffled = list(reports.items())
    rng.shuffle(shuffled)
    renamed = {f"x{n:02d}": p for n, (_, p) in enumerate(shuffled)}
    back = {f"x{n:02d}": rid for n, (rid, _) in enumerate(shuffled)}
    again = sorted(sorted(back[x] for x in group) for group in components(renamed))
    assert again == expected


def test_reports_of_one_document_are_never_joined_directly():
    p = ReportProfile(victims=frozenset({"ALB"}), accused=frozenset({"IRN"}), published="2022-09-07")
    assert components({1: p, 2: p}) == [[1, 2]]
    assert components({1: p, 2: p}, doc_of={1: "d", 2: "d"}) == [[1], [2]]


def test_a_document_without_report_attaches_to_incidents_but_joins_none():
    a = ReportProfile(victims=frozenset({"UKR"}), published="2023-12-12", names=("kyivstar",))
    b = ReportProfile(victims=frozenset({"ALB"}), published="2023-12-13", names=("kyivstar",))
    text = ReportProfile(published="2023-12-13", names=("kyivstar",), title_words=("kyivstar", "outage"))
    far = ReportProfile(published="2021-01-01", names=("kyivstar",))
    found = attachments({"t": text, "far": far}, {1: a, 2: b}, {1: "I1", 2: "I2"})
    assert found == {"t": {"I1", "I2"}}  # a source of both, and the two stay two incidents
