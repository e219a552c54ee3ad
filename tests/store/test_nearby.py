"""Placing a report into a large incident reads a bounded number of its stored reports, nearest
in time first, and below the bound exactly the reports an unbounded lookup finds; on both back ends."""

from datetime import date, timedelta

import pytest

from casus.ingest.text import document_id
from casus.models import Document, Evidence, Mention, Report
from casus.resolve import band_keys, report_profile, shingle_signature
from casus.resolve.pairwise import ReportProfile, lookup_keys
from casus.store import Placement, open_store

from .statements import statements


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def _add_report(store, n: int, day: date, victim: str = "ALB", into: list[str] = ()) -> str:
    """Store a one-report document (victim ``victim``, published ``day``); returns its incident."""
    text = f"Report {n}\n{day.isoformat()}\n\nOfficials in the capital said hackers hit ministry number {n}."
    doc = Document(document_id(text), f"r{n}.txt", text, f"Report {n}", day)
    start = text.index("Officials")
    ev = Evidence(doc.id, text[start:], start, len(text), "test.v1")
    report = Report(doc.id, title=doc.title, published=day.isoformat(), victims=[Mention(victim, ev)])
    sig = shingle_signature(text)
    [(incident_id, _)] = store.add_document(
        doc, sig, band_keys(sig), [Placement(report, report_profile(report, None), list(into))]
    )
    return incident_id


def _big_incident(store, n: int) -> str:
    """One incident of ``n`` reports naming one victim, one a day through September 2022."""
    incident_id = _add_report(store, 0, date(2022, 9, 1))
    for i in range(1, n):
        _add_report(store, i, date(2022, 9, 1) + timedelta(days=i % 30), into=[incident_id])
    return incident_id


def test_a_large_incident_offers_at_most_the_cap_on_each_side_nearest_first(store):
    store.nearby_first, store.nearby_cap = 2, 4
    incident_id = _big_incident(store, 30)
    new = ReportProfile(victims=frozenset({"ALB"}), published="2022-09-15")
    [(found, profiles)] = store.nearby_reports(new)
    offered = [p.published[-2:] for p in profiles]
    assert found == incident_id
    # 30 stored reports share the key: the first pass reads 2 a side of the 15th, the second 4 a
    # side; the furthest in time are never read
    assert offered == ["15", "14", "16", "13", "17", "12", "18", "11"]


def test_the_first_pass_alone_when_nothing_more_is_asked(store):
    """A caller that stops at the first link reads only the first pass, not up to the cap."""
    store.nearby_first, store.nearby_cap = 2, 4
    _big_incident(store, 30)
    with statements(store) as reads:
        [(_, profiles)] = store.nearby_reports(ReportProfile(victims=frozenset({"ALB"}), published="2022-09-15"))
        first = next(profiles)
    assert first.published == "2022-09-15"
    # the incidents under the keys, the first pass's rows, one batch of profiles: nothing more
    assert len(reads) == 3


def test_below_the_cap_the_same_reports_as_the_unbounded_lookup(store):
    ids = {_add_report(store, i, date(2022, 9, 1 + i), victim="ALB" if i % 2 else "MNE") for i in range(12)}
    assert len(ids) == 12
    new = ReportProfile(victims=frozenset({"ALB", "MNE"}), published="2022-09-10")
    bounded = {(i, frozenset(p.published for p in ps)) for i, ps in store.nearby_reports(new)}
    unbounded = {(i, frozenset(p.published for p in ps)) for i, ps in store.linkable_reports(lookup_keys(new))}
    assert bounded == unbounded and len(bounded) == 12


def test_a_merged_incident_is_found_under_its_survivor_only(store):
    a = _add_report(store, 1, date(2022, 9, 1))
    b = _add_report(store, 2, date(2022, 9, 2))
    merged = _add_report(store, 3, date(2022, 9, 3), into=[a, b])
    new = ReportProfile(victims=frozenset({"ALB"}), published="2022-09-02")
    [(found, profiles)] = store.nearby_reports(new)
    assert found == merged == min(a, b)
    assert sorted(p.published for p in profiles) == ["2022-09-01", "2022-09-02", "2022-09-03"]


def test_regroup_keeps_the_keys_incidents(store):
    for i in range(4):
        _add_report(store, i, date(2022, 9, 1 + i))  # each filed as an incident of its own
    store.regroup()
    new = ReportProfile(victims=frozenset({"ALB"}), published="2022-09-02")
    bounded = {(i, frozenset(p.published for p in ps)) for i, ps in store.nearby_reports(new)}
    unbounded = {(i, frozenset(p.published for p in ps)) for i, ps in store.linkable_reports(lookup_keys(new))}
    assert bounded == unbounded and sum(len(days) for _, days in bounded) == 4


def test_upgrade_files_old_reports_for_the_nearby_lookup(tmp_path, first_schema_copy):
    seeded = open_store(tmp_path / "seed.db")
    incident_id = _add_report(seeded, 1, date(2022, 9, 1))
    seeded.close()
    first_schema_copy(tmp_path / "old.db", tmp_path / "seed.db")
    store = open_store(tmp_path / "old.db")  # 0003 to 0006: profiles, then keys with incident and day
    try:
        [(found, profiles)] = store.nearby_reports(ReportProfile(victims=frozenset({"ALB"}), published="2022-09-05"))
        assert found == incident_id and [p.published for p in profiles] == ["2022-09-01"]
    finally:
        store.close()


def test_refile_keys_restores_incident_and_day_from_stored_profiles(store):
    incident_id = _add_report(store, 1, date(2022, 9, 1))
    store.conn.execute("UPDATE report_keys SET incident_id = '', day = ''")  # as keys filed before 0006 read
    new = ReportProfile(victims=frozenset({"ALB"}), published="2022-09-05")
    assert [i for i, _ in store.nearby_reports(new)] == [""]
    store.refile_keys()
    assert [i for i, _ in store.nearby_reports(new)] == [incident_id]


def _add_text_only(store, n: int, day: date) -> str:
    text = f"Note {n}\n{day.isoformat()}\n\nA short note number {n} on the Volnastar wiper."
    doc = Document(document_id(text), f"n{n}.txt", text, f"Note {n}", day)
    sig = shingle_signature(text)
    store.add_text_only(
        doc, sig, band_keys(sig), ReportProfile(operations=("volnastar",), published=day.isoformat()), []
    )
    return doc.id


def test_documents_without_a_report_are_read_up_to_the_cap_on_each_side(store):
    store.nearby_documents_cap = 3
    ids = {_add_text_only(store, i, date(2022, 9, 1) + timedelta(days=i)): i for i in range(20)}
    new = ReportProfile(operations=("volnastar",), published="2022-09-11")
    found = sorted(ids[d] for d, _ in store.nearby_documents(new))
    assert found == [7, 8, 9, 10, 11, 12]  # the 11th and the two after it; the three before it
    store.nearby_documents_cap = 32
    unbounded = [d for d, _ in store.linkable_documents(lookup_keys(new))]
    assert [d for d, _ in store.nearby_documents(new)] == unbounded and len(unbounded) == 20


def test_documents_already_sources_of_the_incidents_joined_are_not_offered(store):
    incident_id = _add_report(store, 1, date(2022, 9, 1))
    attached = _add_text_only(store, 1, date(2022, 9, 2))
    store._add_sources(attached, [incident_id])
    loose = _add_text_only(store, 2, date(2022, 9, 3))
    new = ReportProfile(operations=("volnastar",), published="2022-09-02")
    assert [d for d, _ in store.nearby_documents(new)] == sorted([attached, loose])
    assert [d for d, _ in store.nearby_documents(new, [incident_id])] == [loose]


def test_other_keys_are_read_only_when_the_lead_keys_reports_do_not_link(store):
    """An incident sharing many keys with the new report is read under one of them first; its
    other keys are read only if the caller goes on, and then every candidate comes, as unbounded."""
    incident_id = _add_report(store, 0, date(2022, 9, 1))
    for i in range(1, 12):
        _add_report(store, i, date(2022, 9, 1 + i), victim="ALB" if i % 2 else "MNE", into=[incident_id])
    new = ReportProfile(victims=frozenset({"ALB", "MNE"}), published="2022-09-06")
    with statements(store) as reads:
        [(found, profiles)] = store.nearby_reports(new)
        first = next(profiles)
    assert found == incident_id and first.published == "2022-09-06"
    assert len(reads) == 3  # the incidents under the keys, the lead key's rows, one batch of profiles
    assert reads[1].count("UNION ALL") == 1  # one key's two sides of the day, not every key's
    offered = {first.published, *(p.published for p in profiles)}
    [(_, every)] = store.linkable_reports(lookup_keys(new))
    assert offered == {p.published for p in every} and len(offered) == 12
