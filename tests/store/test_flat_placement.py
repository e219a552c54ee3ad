"""Placing a report next to a large incident does as much work whether the incident holds a
few dozen reports and documents or four times as many: the statements' steps, the rows they read
and the pairs tested stay the same once the bounds are met (bench/scale.py measures the time)."""

from datetime import date, timedelta

import pytest

from casus import pipeline
from casus.ingest.text import document_id
from casus.models import Document, Evidence, Mention, Report
from casus.resolve import band_keys, report_profile, shingle_signature
from casus.resolve.pairwise import ReportProfile
from casus.store import Placement, open_store

FIRST_DAY = date(2023, 5, 1)


def _report_doc(n: int, day: date) -> tuple[Document, Report]:
    text = f"Grid note {n}\n{day.isoformat()}\n\nEngineers said intruders reached substation {n} of the grid."
    doc = Document(document_id(text), f"r{n}.txt", text, f"Grid note {n}", day)
    start = text.index("Engineers")
    ev = Evidence(doc.id, text[start:], start, len(text), "test.v1")
    return doc, Report(doc.id, title=doc.title, published=day.isoformat(), victims=[Mention("MDA", ev)])


def _grow(store, incident_id: str | None, start: int, count: int) -> str:
    """``count`` more reports of one incident and as many documents without a report filed under
    the same key, each a source of it, spread over thirty days."""
    for n in range(start, start + count):
        day = FIRST_DAY + timedelta(days=n % 30)
        doc, report = _report_doc(n, day)
        sig = shingle_signature(doc.text)
        placement = Placement(report, report_profile(report, None), [incident_id] if incident_id else [])
        [(incident_id, _)] = store.add_document(doc, sig, band_keys(sig), [placement])
        text = f"Comment {n}\n{day.isoformat()}\n\nA commentary number {n} on the power grid."
        note = Document(document_id(text), f"c{n}.txt", text, f"Comment {n}", day)
        profile = ReportProfile(victims=frozenset({"MDA"}), published=day.isoformat())
        note_sig = shingle_signature(text)
        store.add_text_only(note, note_sig, band_keys(note_sig), profile, [incident_id])
    return incident_id


def _cost_of_placing(store, monkeypatch) -> tuple[int, int, int]:
    """(SQLite virtual-machine steps, pairs tested, incidents linked) of placing one new report."""
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    tested = [0]
    decide = pipeline.same_incident

    def counted(a, b) -> bool:
        tested[0] += 1
        return decide(a, b)

    monkeypatch.setattr(pipeline, "same_incident", counted)
    doc, report = _report_doc(10_000, FIRST_DAY + timedelta(days=15))
    store.conn.db.set_progress_handler(step, 1)
    try:
        placement = pipeline.place(store, report, doc)
    finally:
        store.conn.db.set_progress_handler(None, 1)
    return steps[0], tested[0], len(placement.links)


@pytest.mark.parametrize("unbounded", [False, True])
def test_placing_next_to_a_large_incident_costs_the_same_at_four_times_its_size(tmp_path, monkeypatch, unbounded):
    store = open_store(str(tmp_path / "casus.db"))
    try:
        if unbounded:  # the check itself: without the bound on documents, the steps grow with the incident
            store.nearby_documents_cap = 10**6
        incident_id = _grow(store, None, 0, 40)
        small = _cost_of_placing(store, monkeypatch)
        _grow(store, incident_id, 40, 120)
        large = _cost_of_placing(store, monkeypatch)
    finally:
        store.close()
    assert small[2] == large[2] == 1  # it joins the incident both times
    assert large[1] == small[1]  # the same pairs tested: the nearest first, and the first links
    if unbounded:
        assert large[0] > 2 * small[0]
    else:
        assert large[0] <= 1.15 * small[0], (small, large)


def test_each_key_and_band_row_goes_into_as_few_trees_as_its_lookups_need(tmp_path):
    """About forty key rows and sixteen band rows are written per document, each into every tree
    of its table; the primary keys are the lookups' order, so no second index is kept beside them
    (report keys keep one by incident, for merges)."""
    store = open_store(str(tmp_path / "casus.db"))
    try:
        trees = {
            table: store.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
            ).fetchone()[0]
            for table in ("document_keys", "report_keys", "doc_bands")
        }
    finally:
        store.close()
    assert trees == {"document_keys": 0, "report_keys": 1, "doc_bands": 0}


def test_upgrading_to_the_lookup_order_keeps_every_key_and_band_row(store_url, monkeypatch):
    """A store written before 0008 keeps its key and band rows through it, and finds the same."""
    from casus.store import sql

    monkeypatch.setattr(sql, "MIGRATIONS", [m for m in sql.MIGRATIONS if m.name != "0008_keys_as_looked_up"])
    store = open_store(store_url)
    try:
        incident_id = _grow(store, None, 0, 12)
        counts = [store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("report_keys", "doc_bands")]
        new = ReportProfile(victims=frozenset({"MDA"}), published="2023-05-16")
        before = ([d for d, _ in store.nearby_documents(new)], [i for i, _ in store.nearby_reports(new)])
        monkeypatch.undo()
        assert store.upgrade() == ["0008_keys_as_looked_up"]
        assert [
            store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("report_keys", "doc_bands")
        ] == counts
        after = ([d for d, _ in store.nearby_documents(new)], [i for i, _ in store.nearby_reports(new)])
        assert after == before and before[1] == [incident_id] and len(before[0]) == 8  # the eight before the day
        _grow(store, incident_id, 12, 2)  # and new rows go in as before
    finally:
        store.close()


def test_an_incidents_reports_are_read_in_order_without_sorting_them_all(tmp_path):
    """The pass after a run reads the first reports of each incident it touched, in (document,
    report) order, for the search text: an index in that order, so never a sort of all of them."""
    store = open_store(str(tmp_path / "casus.db"))
    try:
        plan = store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT data FROM reports WHERE incident_id = ? ORDER BY doc_id, id LIMIT ? OFFSET ?",
            ("x", 64, 0),
        ).fetchall()
    finally:
        store.close()
    steps = " ".join(row[-1] for row in plan)
    assert "reports_incident_order" in steps and "TEMP B-TREE" not in steps, steps
