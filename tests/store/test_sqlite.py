"""The SQLite store: schema migrations, lookups by key, one transaction per document."""

import sqlite3
from datetime import date

import pytest

from casus.errors import StoreError
from casus.ingest.text import document_id
from casus.models import Claim, Document, Evidence, Mention, Report
from casus.resolve import band_keys, profile_of, shingle_signature
from casus.store import Placement, SQLiteStore, open_store
from casus.store.sqlite import MIGRATIONS

TEXT = (
    "Tirana blames Tehran for July hack\n2022-09-07\n\n"
    "Albania said on Wednesday that Iran was behind the July cyberattack on its government websites."
)


def _doc(text: str = TEXT, source: str = "a.txt") -> Document:
    return Document(document_id(text), source, text, text.split("\n")[0], date(2022, 9, 7))


def _report(doc: Document, victim: str = "ALB") -> Report:
    start = doc.text.index("Albania")
    sentence = doc.text[start:]
    ev = Evidence(doc.id, sentence, start, start + len(sentence), "test.v1")
    return Report(
        doc.id,
        title=doc.title,
        published="2022-09-07",
        victims=[Mention(victim, ev)],
        claims=[Claim("HomeLand Justice", ev)],
    )


def _placement(report: Report, incident_id: str | None = None) -> Placement:
    return Placement(report, incident_id, profile_of(report), report.title)


def _add(store, doc: Document, placements=None):
    sig = shingle_signature(doc.text)
    return store.add_document(
        doc, sig, band_keys(sig), [_placement(_report(doc))] if placements is None else placements
    )


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "casus.db"


@pytest.fixture
def store(db_path):
    s = open_store(db_path)
    yield s
    s.close()


def _migrations(path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [r[0] for r in db.execute("SELECT name FROM migrations ORDER BY name")]


def test_sqlite_migrations_recorded_and_idempotent(db_path):
    store = open_store(db_path)
    store.close()
    assert _migrations(db_path) == [name for name, _ in MIGRATIONS]
    again = SQLiteStore(db_path)
    try:
        assert again.upgrade() == []  # nothing left to apply
        assert again.counts() == {"documents": 0, "incidents": 0, "reports": 0}
    finally:
        again.close()
    assert _migrations(db_path) == [name for name, _ in MIGRATIONS]


def test_sqlite_data_survives_reopen(db_path):
    doc = _doc()
    with_store = open_store(f"sqlite:///{db_path}")
    [(incident_id, created)] = _add(with_store, doc)
    with_store.close()
    assert created
    reopened = open_store(db_path)
    try:
        assert reopened.has_document(doc.id)
        assert reopened.document(doc.id) == doc
        row = reopened.incident(incident_id)
        assert row.sources == ["a.txt"]
        assert row.reports == [_report(doc)]  # every fact with its evidence, round-tripped
    finally:
        reopened.close()


def test_sqlite_add_document_then_has_document(store):
    doc = _doc()
    assert not store.has_document(doc.id)
    [(incident_id, created)] = _add(store, doc)
    assert created and store.has_document(doc.id)
    assert store.counts() == {"documents": 1, "incidents": 1, "reports": 1}
    assert store.document("0" * 64) is None
    assert store.incident("nosuchid") is None


def test_sqlite_candidates_by_key(store):
    doc = _doc()
    [(incident_id, _)] = _add(store, doc)
    [(found, profile)] = store.candidates({"v:ALB"})
    assert found == incident_id
    assert profile == profile_of(_report(doc))
    assert [i for i, _ in store.candidates({"g:homeland justice", "v:XXX"})] == [incident_id]
    assert store.candidates({"v:MNE"}) == []
    assert store.candidates(set()) == []


def test_sqlite_second_report_joins_existing_incident(store):
    first, second = _doc(), _doc(TEXT + " Iran denied it.", "b.txt")
    [(incident_id, _)] = _add(store, first)
    assert _add(store, second, [_placement(_report(second), incident_id)]) == [(incident_id, False)]
    row = store.incident(incident_id)
    assert row.sources == ["a.txt", "b.txt"]
    assert len(row.reports) == 2
    assert row.profile.reports == 1  # the profile stored is the one the placement carried
    assert store.counts() == {"documents": 2, "incidents": 1, "reports": 2}


def test_sqlite_near_duplicates_by_band(store):
    doc = _doc()
    _add(store, doc)
    sig = shingle_signature(doc.text)
    assert store.near_duplicates(band_keys(sig)) == [(doc.id, sig)]
    assert store.near_duplicates(["0:0000000000000000"]) == []
    assert store.near_duplicates([]) == []


ROWID = (
    "sqlite.incidents_of_document orders by rowid, but incident_sources is a WITHOUT ROWID table: "
    "'no such column: rowid', so add_source (every near-duplicate) fails"
)


def test_sqlite_incidents_of_document(store):
    doc = _doc()
    [(incident_id, _)] = _add(store, doc)
    assert store.incidents_of_document(doc.id) == [incident_id]
    assert store.incidents_of_document("0" * 64) == []


def test_sqlite_add_source(store):
    doc = _doc()
    [(incident_id, _)] = _add(store, doc)
    copy = _doc(TEXT.replace("Tirana", "Albania"), "copy.txt")
    copy_sig = shingle_signature(copy.text)
    assert store.add_source(copy, copy_sig, band_keys(copy_sig), doc.id) == [incident_id]
    assert store.incident(incident_id).sources == ["a.txt", "copy.txt"]
    assert store.counts() == {"documents": 2, "incidents": 1, "reports": 1}


def test_sqlite_duplicate_document_rolls_back(store):
    doc = _doc()
    _add(store, doc)
    before = store.counts()
    with pytest.raises((sqlite3.DatabaseError, StoreError)):
        _add(store, doc)  # same id again, with a placement that would start a new incident
    assert store.counts() == before
    assert not store.db.in_transaction
    other = _doc(TEXT + " More to follow.", "b.txt")
    _add(store, other)  # still usable
    assert store.counts() == {"documents": 2, "incidents": 2, "reports": 2}


def test_sqlite_failure_mid_document_leaves_nothing_behind(store):
    doc = _doc()
    good, bad = _placement(_report(doc)), _placement(_report(doc, "MNE"), incident_id="nosuchincident")
    with pytest.raises((sqlite3.DatabaseError, StoreError)):
        _add(store, doc, [good, bad])  # the first placement's incident is written before the failure
    assert store.counts() == {"documents": 0, "incidents": 0, "reports": 0}
    assert not store.has_document(doc.id)
    assert store.candidates({"v:ALB"}) == []
    assert store.near_duplicates(band_keys(shingle_signature(doc.text))) == []
    _add(store, doc)
    assert store.counts() == {"documents": 1, "incidents": 1, "reports": 1}


def test_sqlite_open_non_database_file(tmp_path):
    path = tmp_path / "notes.db"
    content = "These are my notes, not a database.\n" * 50
    path.write_text(content)
    with pytest.raises(StoreError) as info:
        open_store(path)
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message
    assert path.read_text() == content  # left untouched


@pytest.mark.parametrize("url", ["postgresql://casus@localhost/casus", "postgres://localhost/casus"])
def test_sqlite_postgres_url_is_store_error(url):
    with pytest.raises(StoreError, match="PostgreSQL") as info:
        open_store(url)
    assert url in str(info.value)


def test_sqlite_open_in_missing_folder_is_store_error(tmp_path):
    with pytest.raises(StoreError) as info:
        open_store(tmp_path / "no" / "such" / "folder" / "casus.db")
    assert "casus.db" in str(info.value)
