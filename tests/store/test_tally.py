"""An incident's tally gives exactly what deriving its fields from all its reports gives, however
its reports arrive (one by one in any order, or as incidents that merge), and the store keeps it
in step so that reindexing never re-reads an incident's reports."""

import json
import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casus.ingest import read_paths
from casus.ingest.text import document_id
from casus.models import Attribution, Certainty, Claim, Denial, Document, Evidence, Mention, Report, Response
from casus.pipeline import ingest_documents
from casus.resolve import band_keys, report_profile, shingle_signature
from casus.resolve.facts import incident_fields, incident_profile, incident_title, seen_span
from casus.resolve.pairwise import text_profile
from casus.store import Placement, open_store
from casus.store.codec import report_from_json
from casus.store.tally import Tally

from .statements import statements

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EV = Evidence("d", "A sentence.", 0, 11, "test.v1")
STATES = ["ALB", "IRN", "RUS", "EST", "USA"]
DAYS = [None, "2021", "2021-03", "2021-03-04", "2021-03-20", "2021-04", "2022-01-02"]
CERTAINTIES = [None, Certainty.LOW, Certainty.MODERATE, Certainty.HIGH]

mention = st.builds(Mention, st.sampled_from(STATES), st.just(EV))
reports = st.builds(
    Report,
    doc_id=st.sampled_from(["a1", "b2", "c3", "d4"]),
    title=st.sampled_from(["", "Hack", "Breach"]),
    published=st.sampled_from(DAYS),
    victims=st.lists(mention, max_size=3),
    sectors=st.lists(st.builds(Mention, st.sampled_from(["energy", "finance", "media"]), st.just(EV)), max_size=2),
    operation_types=st.lists(st.builds(Mention, st.sampled_from(["wiper", "ddos"]), st.just(EV)), max_size=2),
    first_activity=st.lists(st.builds(Mention, st.sampled_from(DAYS[1:]), st.just(EV)), max_size=2),
    claims=st.lists(
        st.builds(Claim, st.sampled_from(["Homeland Justice", "HOMELAND JUSTICE", "Killnet"]), st.just(EV))
    ),
    attributions=st.lists(
        st.builds(
            Attribution,
            st.sampled_from(STATES),
            st.sampled_from(STATES),
            st.just(EV),
            st.sampled_from(CERTAINTIES),
            st.sampled_from(DAYS),
        ),
        max_size=3,
    ),
    denials=st.lists(st.builds(Denial, st.sampled_from(STATES), st.just(EV)), max_size=2),
    responses=st.lists(
        st.builds(
            Response,
            st.sampled_from(STATES),
            st.sampled_from(["sanctions", "condemnation"]),
            st.sampled_from(STATES),
            st.just(EV),
            st.sampled_from(DAYS),
        ),
        max_size=2,
    ),
    groups=st.lists(st.sampled_from(["APT28", "APT34"]), max_size=2),
)


def _derived(reports_by_id: dict[int, Report]) -> tuple:
    """What the store derived before tallies: from all reports, read in (document, report id) order."""
    ordered = [reports_by_id[i] for i in sorted(reports_by_id, key=lambda i: (reports_by_id[i].doc_id, i))]
    fields = incident_fields(ordered)
    return fields, incident_title(ordered), incident_profile(ordered).to_json(), seen_span(fields, ordered)


def _tallied(tally: Tally) -> tuple:
    fields = tally.fields()
    news = tally.earliest_published()
    return (
        fields,
        tally.incident_title(),
        tally.incident_profile().to_json(),
        seen_span(fields, [Report("", published=news)] if news else []),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(reports, min_size=1, max_size=8), st.randoms(use_true_random=False), st.integers(0, 8))
def test_tally_equals_derivation_from_all_reports(batch, rng, cut):
    by_id = dict(enumerate(batch, start=1))
    arrival = list(by_id)
    rng.shuffle(arrival)
    one, other = Tally(), Tally()  # two incidents, then merged
    for i in arrival:
        (one if i <= cut else other).add(by_id[i], i)
    one.merge(Tally.from_json(other.to_json()))
    expected = _derived(by_id)
    assert json.dumps(_tallied(Tally.from_json(one.to_json())), sort_keys=True) == json.dumps(expected, sort_keys=True)


def _doc(n: int, victim: str) -> tuple[Document, Report]:
    text = f"Report {n}\n2022-09-0{1 + n % 9}\n\nOfficials said hackers in {victim} number {n} struck."
    doc = Document(document_id(text), f"r{n}.txt", text, f"Report {n}", date(2022, 9, 1 + n % 9))
    report = Report(doc.id, title=doc.title, published=f"2022-09-0{1 + n % 9}", victims=[Mention(victim, EV)])
    return doc, report


def test_reindex_reads_no_report_beyond_the_search_text(tmp_path):
    """A stored incident is derived from its tally: reindexing it reads its reports only for the
    search text, in batches, and the fields equal the derivation from all of them."""
    store = open_store(tmp_path / "t.db")
    try:
        incident_id, stored = None, {}
        for n in range(40):
            doc, report = _doc(n, random.Random(n).choice(["ALB", "MNE"]))
            sig = shingle_signature(doc.text)
            placement = Placement(report, report_profile(report, None), [incident_id] if incident_id else [])
            [(incident_id, _)] = store.add_document(doc, sig, band_keys(sig), [placement])
            stored[n] = report
        with statements(store) as reads:
            store.reindex_incident(incident_id)
        # one batch of reports for a short search text; no statement reads all of them for the fields
        assert sum("FROM reports" in sql for sql in reads) == 1
        row = store.incident(incident_id)
        summary = json.loads(
            store.conn.execute("SELECT summary FROM incidents WHERE id = ?", (incident_id,)).fetchone()[0]
        )
        assert summary == incident_fields(row.reports)
        assert row.profile.to_json() == incident_profile(row.reports).to_json()
    finally:
        store.close()


# --- the store's tallies, kept as rows (store/tally_rows.py) ---------------------------------

SPELLINGS = ["Cyber Front", "CYBER FRONT", "cyber front", "Ghost Unit"]


def _random_report(rng: random.Random, doc_id: str, published: str | None) -> Report:
    """A report with a few of every tallied kind, drawn so that values repeat across reports."""

    def pick(values, most):
        return [rng.choice(values) for _ in range(rng.randint(0, most))]

    return Report(
        doc_id,
        title=rng.choice(["", "Outage", "Leak"]),
        published=published,
        victims=[Mention(v, EV) for v in pick(STATES, 2)],
        sectors=[Mention(v, EV) for v in pick(["energy", "media"], 1)],
        operation_types=[Mention(v, EV) for v in pick(["wiper", "ddos"], 2)],
        first_activity=[Mention(v, EV) for v in pick(DAYS[1:], 1)],
        claims=[Claim(v, EV) for v in pick(SPELLINGS, 2)],
        attributions=[
            Attribution(rng.choice(STATES), rng.choice(STATES), EV, rng.choice(CERTAINTIES), rng.choice(DAYS))
            for _ in range(rng.randint(0, 3))
        ],
        denials=[Denial(v, EV) for v in pick(STATES, 1)],
        responses=[
            Response(rng.choice(STATES), rng.choice(["sanctions", "condemnation"]), "RUS", EV, rng.choice(DAYS))
            for _ in range(rng.randint(0, 2))
        ],
        groups=pick(["APT28", "APT34"], 1),
    )


def _fill(store, n_docs: int, seed: int) -> None:
    """Documents whose reports start incidents, join one, or join two and merge them."""
    rng = random.Random(seed)
    incidents: list[str] = []
    for n in range(n_docs):
        text = f"Dispatch {seed}-{n}\n2022-10-0{1 + n % 9}\n\nA made-up account, number {n}, of a network outage."
        published = rng.choice([None, f"2022-10-0{1 + n % 9}"])
        doc = Document(document_id(text), f"d{n}.txt", text, f"Dispatch {n}", None)
        placements = []
        for _ in range(rng.randint(1, 2)):
            report = _random_report(rng, doc.id, published)
            links = rng.sample(incidents, min(len(incidents), rng.choice([0, 1, 1, 2])))
            placements.append(Placement(report, report_profile(report, None), links))
        sig = shingle_signature(doc.text)
        store.add_document(doc, sig, band_keys(sig), placements)
        incidents = [r[0] for r in store.conn.execute("SELECT id FROM incidents ORDER BY id").fetchall()]


def _counted_afresh(store, incident_id: str) -> Tally:
    """The tally counted from all the incident's stored reports, as the store had it before rows."""
    tally = Tally()
    for report_id, data in store.conn.execute(
        "SELECT id, data FROM reports WHERE incident_id = ? ORDER BY doc_id, id", (incident_id,)
    ).fetchall():
        tally.add(report_from_json(json.loads(data)), report_id)
    return tally


def _assert_tallies_counted_afresh(store) -> int:
    """Every incident's stored tally is the one counted from its reports, value by value, and
    its stored fields are those derived from all its reports; returns how many incidents."""
    ids = [r[0] for r in store.conn.execute("SELECT id FROM incidents ORDER BY id").fetchall()]
    for incident_id in ids:
        assert store.tally(incident_id).to_json() == _counted_afresh(store, incident_id).to_json()
        row = store.incident(incident_id)
        summary = store.conn.execute("SELECT summary FROM incidents WHERE id = ?", (incident_id,)).fetchone()[0]
        assert json.loads(summary) == incident_fields(row.reports)
        assert row.profile.to_json() == incident_profile(row.reports).to_json()
    return len(ids)


def test_tallies_upserted_per_report_equal_a_count_from_scratch(store_url):
    """Reports counted in one by one and incidents merged row by row, on both back ends, leave
    each incident's tally equal to one counted afresh from its reports; so does ``casus resolve``."""
    store = open_store(store_url)
    try:
        _fill(store, 24, seed=5)
        merged = store.conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
        assert merged < store.conn.execute("SELECT count(*) FROM reports").fetchone()[0]  # some merged
        entries = store.conn.execute("SELECT count(DISTINCT kind) FROM tally_entries").fetchone()[0]
        assert entries >= 10  # every kind of value was tallied
        assert _assert_tallies_counted_afresh(store) == merged
        store.regroup()
        assert store.conn.execute("SELECT count(*) FROM tally_heads").fetchone()[0] > 0
        _assert_tallies_counted_afresh(store)
    finally:
        store.close()


def test_ingested_texts_have_tallies_equal_a_count_from_scratch(store_url, extractor):
    """The bundled example articles, ingested as ``casus ingest`` does, then regrouped."""
    store = open_store(store_url)
    try:
        summary = ingest_documents(store, read_paths([str(EXAMPLES)]), extractor=extractor)
        assert summary.documents_read >= 8 and not summary.failed
        largest = "SELECT count(*) FROM reports GROUP BY incident_id ORDER BY 1 DESC LIMIT 1"
        assert store.conn.execute(largest).fetchone()[0] >= 3  # reports were folded into one tally
        assert _assert_tallies_counted_afresh(store) >= 2
        store.regroup()
        assert _assert_tallies_counted_afresh(store) >= 2
    finally:
        store.close()


def test_a_report_reads_and_writes_only_its_own_values(tmp_path):
    """Adding a report to a large incident never reads the incident's tally or its reports: it
    upserts the rows of its own values, so it costs what adding one to a new incident costs."""
    store = open_store(tmp_path / "t.db")
    try:
        _fill(store, 30, seed=9)
        biggest = store.conn.execute(
            "SELECT incident_id FROM reports GROUP BY incident_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        held = store.conn.execute("SELECT count(*) FROM tally_entries WHERE incident_id = ?", (biggest,)).fetchone()
        assert held[0] > 20
        rng = random.Random(1)
        text = "Dispatch late\n2022-11-01\n\nOne more made-up account of the outage."
        doc = Document(document_id(text), "late.txt", text, "Dispatch late", None)
        report = _random_report(rng, doc.id, "2022-11-01")
        sig = shingle_signature(doc.text)
        store.defer_reindex = True  # as during an ingest run: the fields are derived at its end
        with statements(store) as seen:
            store.add_document(doc, sig, band_keys(sig), [Placement(report, report_profile(report, None), [biggest])])
        assert not [sql for sql in seen if "FROM tally_entries" in sql or "FROM reports" in sql]
        assert sum("INSERT INTO tally_heads" in sql for sql in seen) == 1
        store.defer_reindex = False
        store.reindex_dirty()
        _assert_tallies_counted_afresh(store)
    finally:
        store.close()


def test_a_failed_write_leaves_the_tally_as_it_was(tmp_path, monkeypatch):
    """The tally is written in the report's transaction: a write that fails after counting the
    report in leaves neither the report nor its count."""
    store = open_store(tmp_path / "t.db")
    try:
        _fill(store, 10, seed=3)
        incident_id = store.conn.execute("SELECT min(id) FROM incidents").fetchone()[0]
        before = store.tally(incident_id).to_json()
        text = "Dispatch lost\n2022-11-02\n\nA made-up account that never gets stored."
        doc = Document(document_id(text), "lost.txt", text, "Dispatch lost", None)
        report = _random_report(random.Random(2), doc.id, "2022-11-02")

        def fail(*_):
            raise RuntimeError("disk gone")

        monkeypatch.setattr(store, "_add_sources_quietly", fail)  # runs after the report is counted in
        sig = shingle_signature(doc.text)
        with pytest.raises(RuntimeError):
            store.add_document(
                doc, sig, band_keys(sig), [Placement(report, report_profile(report, None), [incident_id])]
            )
        assert store.tally(incident_id).to_json() == before
        _assert_tallies_counted_afresh(store)
    finally:
        store.close()


def test_upgrade_turns_json_tallies_into_rows(store_url):
    """A store at 0006 keeps one JSON tally per incident; 0007 makes them rows, drops the old table,
    and the tallies and fields read afterwards are what they were."""
    store = open_store(store_url)
    try:
        _fill(store, 16, seed=7)
        ids = [r[0] for r in store.conn.execute("SELECT id FROM incidents ORDER BY id").fetchall()]
        summaries = store.conn.execute("SELECT id, summary, title FROM incidents ORDER BY id").fetchall()
        with store.writing():  # back to 0006: JSON tallies, no rows
            store.conn.execute("CREATE TABLE incident_tallies (incident_id TEXT PRIMARY KEY, tally TEXT NOT NULL)")
            for incident_id in ids[1:]:  # the first has none, as if regrouped before the upgrade
                store.conn.execute(
                    "INSERT INTO incident_tallies VALUES (?, ?)",
                    (incident_id, _counted_afresh(store, incident_id).to_json()),
                )
            store.conn.execute("DROP TABLE tally_entries")
            store.conn.execute("DROP TABLE tally_heads")
            store.conn.execute("DELETE FROM migrations WHERE name = '0007_tally_rows'")
        assert store.upgrade() == ["0007_tally_rows"]
        assert not store.conn.has_table("incident_tallies")
        assert store.conn.execute("SELECT count(*) FROM tally_heads").fetchone()[0] == len(ids)
        assert store.conn.execute("SELECT id, summary, title FROM incidents ORDER BY id").fetchall() == summaries
        _assert_tallies_counted_afresh(store)
    finally:
        store.close()


def test_a_source_added_to_a_large_incident_is_counted_in_not_recounted(store_url):
    """A document without a report, or a copy, joining an incident adds one to its source count
    without counting the incident's sources again; the count stays what counting gives."""
    store = open_store(store_url)
    try:
        _fill(store, 20, seed=4)
        ids = [r[0] for r in store.conn.execute("SELECT id FROM incidents ORDER BY id").fetchall()]
        text = "Dispatch quiet\n2022-11-03\n\nA made-up note that names no one and tells nothing new."
        doc = Document(document_id(text), "quiet.txt", text, "Dispatch quiet", None)
        sig = shingle_signature(doc.text)
        with statements(store) as seen:
            store.add_text_only(doc, sig, band_keys(sig), text_profile(doc), ids[:2])
            copy = Document(document_id(text + " Again."), "copy.txt", text + " Again.", "Dispatch quiet", None)
            store.add_source(copy, sig, band_keys(sig), doc.id, text_profile(copy), ids[:3])
        assert not [sql for sql in seen if "count(*) FROM incident_sources" in sql]
        for incident_id in ids:
            counted = store.conn.execute(
                "SELECT count(*) FROM incident_sources WHERE incident_id = ?", (incident_id,)
            ).fetchone()[0]
            assert store.incident_summary(incident_id).n_sources == counted
        assert store.incident_summary(ids[0]).n_sources >= 3  # its reports' documents, the note and its copy
    finally:
        store.close()
