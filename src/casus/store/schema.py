"""The store's schema as an ordered list of migrations, shared by SQLite and PostgreSQL.

Each migration is common SQL with type words filled in per back end (``{blob}``, ``{serial}``, ``{keyed}``),
plus SQL that only one back end needs (full-text search differs), plus an optional Python step
that fills new columns from what is stored. ``casus db upgrade`` applies the pending ones in order
and records each in ``migrations``, so an old store keeps its data and gains the new tables.

In words: ``documents`` keyed by content hash; ``doc_bands`` (MinHash band → document) to find
copies; ``incidents`` with their summed profile and their derived fields (``summary``) as JSON;
``incident_keys`` (no longer written: grouping files reports, not incidents); ``reports`` (one
document's account of one incident, with every fact's evidence, as JSON) with their grouping
profiles (``report_profiles``) and blocking keys (``report_keys``: token × month → report),
and the same for documents with no report of their own (``document_profiles``, ``document_keys``);
``tally_heads`` and ``tally_entries`` (what each incident's fields are derived from, one row per
tallied value, updated per report);
``incident_sources`` (document → incident, copies included); ``incident_facts`` (kind, subject,
object, detail) for filters, actor pages, graphs and charts; and a full-text index over each
incident's title and quoted sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from casus.store.tally import Tally


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str
    dialect_sql: dict[str, str] = field(default_factory=dict)
    backfill: Callable | None = None  # called with the store, inside the migration's transaction


TYPES = {
    "sqlite": {"blob": "BLOB", "serial": "INTEGER PRIMARY KEY", "keyed": "WITHOUT ROWID"},
    "postgresql": {"blob": "BYTEA", "serial": "BIGSERIAL PRIMARY KEY", "keyed": ""},
}

INITIAL = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', published TEXT,
    url TEXT, text TEXT NOT NULL, signature {blob}, ingested_at TEXT NOT NULL);
CREATE TABLE doc_bands (band TEXT NOT NULL, doc_id TEXT NOT NULL REFERENCES documents(id));
CREATE INDEX doc_bands_band ON doc_bands(band);
CREATE TABLE incidents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, profile TEXT NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL);
CREATE INDEX incidents_updated ON incidents(updated_at);
CREATE TABLE incident_keys (key TEXT NOT NULL, incident_id TEXT NOT NULL REFERENCES incidents(id),
    PRIMARY KEY (key, incident_id)) {keyed};
CREATE TABLE reports (
    id {serial}, doc_id TEXT NOT NULL REFERENCES documents(id),
    incident_id TEXT NOT NULL REFERENCES incidents(id), main INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX reports_incident ON reports(incident_id);
CREATE INDEX reports_doc ON reports(doc_id);
CREATE TABLE incident_sources (incident_id TEXT NOT NULL REFERENCES incidents(id),
    doc_id TEXT NOT NULL REFERENCES documents(id), copy_of TEXT,
    PRIMARY KEY (incident_id, doc_id)) {keyed};
CREATE INDEX incident_sources_doc ON incident_sources(doc_id)
"""

INDEX = """
ALTER TABLE incidents ADD COLUMN summary TEXT;
ALTER TABLE incidents ADD COLUMN seen_from TEXT;
ALTER TABLE incidents ADD COLUMN seen_to TEXT;
ALTER TABLE incidents ADD COLUMN n_sources INTEGER NOT NULL DEFAULT 0;
CREATE INDEX incidents_seen ON incidents(seen_from DESC, id);
CREATE TABLE incident_facts (
    incident_id TEXT NOT NULL REFERENCES incidents(id), kind TEXT NOT NULL, subject TEXT NOT NULL,
    object TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '');
CREATE INDEX incident_facts_subject ON incident_facts(kind, subject, incident_id);
CREATE INDEX incident_facts_object ON incident_facts(kind, object, incident_id);
CREATE INDEX incident_facts_detail ON incident_facts(kind, detail, incident_id);
CREATE INDEX incident_facts_incident ON incident_facts(incident_id);
CREATE INDEX documents_ingested ON documents(ingested_at, id)
"""

SEARCH = {
    # FTS5 rows share the rowid of their incident; the Porter stemmer lets "attributed" find "attribute".
    "sqlite": "CREATE VIRTUAL TABLE incident_search USING fts5(body, tokenize='porter unicode61')",
    "postgresql": """
ALTER TABLE incidents ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN search_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED;
CREATE INDEX incidents_search ON incidents USING GIN (search_tsv)
""",
}


REPORT_PROFILES = """
CREATE TABLE report_profiles (report_id BIGINT PRIMARY KEY REFERENCES reports(id), profile TEXT NOT NULL);
CREATE TABLE report_keys (key TEXT NOT NULL, report_id BIGINT NOT NULL REFERENCES reports(id),
    PRIMARY KEY (key, report_id)) {keyed};
CREATE TABLE document_profiles (doc_id TEXT PRIMARY KEY REFERENCES documents(id), profile TEXT NOT NULL);
CREATE TABLE document_keys (key TEXT NOT NULL, doc_id TEXT NOT NULL REFERENCES documents(id),
    PRIMARY KEY (key, doc_id)) {keyed}
"""


# incidents whose derived fields wait for the end of an ingest run: written with each document,
# so a run that dies before its last pass leaves them for the next one, not stale for good
DIRTY = "CREATE TABLE dirty_incidents (incident_id TEXT PRIMARY KEY) {keyed}"


# casus watch: each feed's validators for conditional GETs, and every item link handled or tried
FEEDS = """
CREATE TABLE feeds (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, polled_at TEXT NOT NULL);
CREATE TABLE feed_items (feed_url TEXT NOT NULL, link TEXT NOT NULL, status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, seen_at TEXT NOT NULL, PRIMARY KEY (feed_url, link)) {keyed}
"""


# Flat ingest cost however large an incident grows: each blocking key row names its report's
# incident and day, so that placing a report reads, per key and incident, the reports nearest in
# time (store/nearby.py) instead of all of them; and each incident keeps the tallies its fields
# are derived from (store/tally.py), so that deriving them does not re-read its reports. A tally
# missing is counted from the incident's reports on first use; 0007 keeps them as rows instead
# and its backfill counts those of incidents stored before this one.
FLAT_INGEST = """
ALTER TABLE report_keys ADD COLUMN incident_id TEXT NOT NULL DEFAULT '';
ALTER TABLE report_keys ADD COLUMN day TEXT NOT NULL DEFAULT '';
CREATE INDEX report_keys_nearby ON report_keys(key, incident_id, day, report_id);
CREATE INDEX report_keys_incident ON report_keys(incident_id);
ALTER TABLE document_keys ADD COLUMN day TEXT NOT NULL DEFAULT '';
CREATE INDEX document_keys_nearby ON document_keys(key, day, doc_id);
CREATE TABLE incident_tallies (incident_id TEXT PRIMARY KEY REFERENCES incidents(id), tally TEXT NOT NULL)
"""


def _file_reports_nearby(store) -> None:
    """Reports and documents filed before 0003 get their profiles and keys now, from their facts
    and text (their incidents stay as they were until ``casus resolve`` regroups them); later ones
    keep their profiles and are refiled under keys with the new columns. Every incident's fields
    are then derived by 0007's backfill (and 0002's with it), which needs the tallies' rows."""
    unfiled = (
        "SELECT (SELECT count(*) FROM reports WHERE id NOT IN (SELECT report_id FROM report_profiles)) + "
        "(SELECT count(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM reports) "
        "AND id NOT IN (SELECT doc_id FROM document_profiles))"
    )
    if store.conn.execute(unfiled).fetchone()[0]:
        store.refile_reports()
        store.refile_documents()
    else:
        store.refile_keys()


# Each incident's tally as rows, one per tallied value (store/tally_rows.py), instead of one JSON
# document rewritten whole on every report: a report then upserts the rows of its own values.
TALLY_ROWS = """
CREATE TABLE tally_heads (incident_id TEXT PRIMARY KEY REFERENCES incidents(id), reports INTEGER NOT NULL,
    title TEXT, title_undated INTEGER, title_published TEXT, title_doc TEXT, title_report BIGINT,
    published_min TEXT, published_max TEXT);
CREATE TABLE tally_entries (incident_id TEXT NOT NULL REFERENCES incidents(id), kind TEXT NOT NULL,
    item TEXT NOT NULL, n INTEGER NOT NULL, pos_doc TEXT NOT NULL, pos_report BIGINT NOT NULL,
    pos_index INTEGER NOT NULL, spelling TEXT, certainty TEXT, certainty_rank INTEGER NOT NULL, earliest TEXT,
    PRIMARY KEY (incident_id, kind, item)) {keyed}
"""


def _tallies_as_rows(store) -> None:
    """Each JSON tally of 0006 becomes rows and the old table goes; an incident with none (a store
    older than 0006, whose fields 0006 left to this step) is counted from its reports and derived."""
    for (incident_id,) in store.conn.execute("SELECT incident_id FROM incident_tallies ORDER BY 1").fetchall():
        (data,) = store.conn.execute(
            "SELECT tally FROM incident_tallies WHERE incident_id = ?", (incident_id,)
        ).fetchone()
        store._upsert_tally(incident_id, Tally.from_json(data))
    store.conn.execute("DROP TABLE incident_tallies")
    for (incident_id,) in store.conn.execute(
        "SELECT id FROM incidents WHERE id NOT IN (SELECT incident_id FROM tally_heads) ORDER BY id"
    ).fetchall():
        store.reindex_incident(incident_id)


# Fewer trees written per document: each blocking key row (about forty a document) and each band
# row (sixteen) went into its table's primary key and a second index ordered for the lookups;
# now the primary key is that order, and the second index goes. Every tree a row goes into
# costs a page written per row once the tables outgrow memory, at each document's commit.
# An incident's reports are indexed in the order its search text reads them (document, report):
# by incident alone, the first 64 of a 25,000-report incident took sorting all of them (0.1 s).
KEYS_AS_LOOKED_UP = """
CREATE TABLE document_keys_0008 (key TEXT NOT NULL, doc_id TEXT NOT NULL REFERENCES documents(id),
    day TEXT NOT NULL DEFAULT '', PRIMARY KEY (key, day, doc_id)) {keyed};
INSERT INTO document_keys_0008 (key, doc_id, day) SELECT key, doc_id, day FROM document_keys;
DROP TABLE document_keys;
ALTER TABLE document_keys_0008 RENAME TO document_keys;
CREATE TABLE report_keys_0008 (key TEXT NOT NULL, report_id BIGINT NOT NULL REFERENCES reports(id),
    incident_id TEXT NOT NULL DEFAULT '', day TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (key, incident_id, day, report_id)) {keyed};
INSERT INTO report_keys_0008 (key, report_id, incident_id, day)
    SELECT key, report_id, incident_id, day FROM report_keys;
DROP TABLE report_keys;
ALTER TABLE report_keys_0008 RENAME TO report_keys;
CREATE INDEX report_keys_incident ON report_keys(incident_id);
CREATE TABLE doc_bands_0008 (band TEXT NOT NULL, doc_id TEXT NOT NULL REFERENCES documents(id),
    PRIMARY KEY (band, doc_id)) {keyed};
INSERT INTO doc_bands_0008 (band, doc_id) SELECT DISTINCT band, doc_id FROM doc_bands;
DROP TABLE doc_bands;
ALTER TABLE doc_bands_0008 RENAME TO doc_bands;
CREATE INDEX reports_incident_order ON reports(incident_id, doc_id, id);
DROP INDEX reports_incident
"""


MIGRATIONS: list[Migration] = [
    Migration("0001_initial", INITIAL),
    Migration("0002_incident_index", INDEX, SEARCH),  # derived by 0007's backfill, from tallies
    Migration("0003_report_profiles", REPORT_PROFILES),  # filled by 0006's backfill
    Migration("0004_dirty_incidents", DIRTY),
    Migration("0005_feeds", FEEDS),
    Migration("0006_flat_ingest", FLAT_INGEST, backfill=_file_reports_nearby),
    Migration("0007_tally_rows", TALLY_ROWS, backfill=_tallies_as_rows),
    Migration("0008_keys_as_looked_up", KEYS_AS_LOOKED_UP),
]


def statements(migration: Migration, dialect: str) -> list[str]:
    sql = migration.sql.format(**TYPES[dialect]) + ";\n" + migration.dialect_sql.get(dialect, "")
    return [s.strip() for s in sql.split(";") if s.strip()]
