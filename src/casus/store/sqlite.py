"""The embedded store: one SQLite file.

Schema, in words: ``documents`` keyed by content hash; ``doc_bands`` (MinHash band → document)
to find copies; ``incidents`` with their resolution profile as JSON; ``incident_keys`` (victim,
accused, claimant → incident) to find candidates; ``reports`` (one document's account of one
incident, with every fact's evidence, as JSON); ``incident_sources`` (document → incident,
copies included). Schema versions are recorded in ``migrations`` and applied in order.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from casus.errors import StoreError
from casus.models import Document
from casus.resolve import Profile
from casus.store.base import IncidentRow, Placement
from casus.store.codec import report_from_json, report_to_json

MIGRATIONS = [
    (
        "0001_initial",
        """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', published TEXT,
        url TEXT, text TEXT NOT NULL, signature BLOB, ingested_at TEXT NOT NULL);
    CREATE TABLE doc_bands (band TEXT NOT NULL, doc_id TEXT NOT NULL REFERENCES documents(id));
    CREATE INDEX doc_bands_band ON doc_bands(band);
    CREATE TABLE incidents (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, profile TEXT NOT NULL, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL);
    CREATE INDEX incidents_updated ON incidents(updated_at);
    CREATE TABLE incident_keys (key TEXT NOT NULL, incident_id TEXT NOT NULL REFERENCES incidents(id),
        PRIMARY KEY (key, incident_id)) WITHOUT ROWID;
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id),
        incident_id TEXT NOT NULL REFERENCES incidents(id), main INTEGER NOT NULL, data TEXT NOT NULL);
    CREATE INDEX reports_incident ON reports(incident_id);
    CREATE INDEX reports_doc ON reports(doc_id);
    CREATE TABLE incident_sources (incident_id TEXT NOT NULL REFERENCES incidents(id),
        doc_id TEXT NOT NULL REFERENCES documents(id), copy_of TEXT,
        PRIMARY KEY (incident_id, doc_id)) WITHOUT ROWID;
    CREATE INDEX incident_sources_doc ON incident_sources(doc_id);
    """,
    ),
]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class SQLiteStore:
    """A store in one SQLite file; ``path`` may be ``:memory:`` for throwaway runs."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.upgrade()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as a casus store ({exc})") from None

    # --- schema -----------------------------------------------------------------------
    def upgrade(self) -> list[str]:
        self.db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        done = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, sql.split(";")):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            applied.append(name)
        return applied

    # --- lookups ----------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def near_duplicates(self, bands: list[str]) -> list[tuple[str, bytes]]:
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        return list(
            self.db.execute(
                f"SELECT DISTINCT d.id, d.signature FROM doc_bands b JOIN documents d ON d.id = b.doc_id "
                f"WHERE b.band IN ({marks})",
                bands,
            )
        )

    def incidents_of_document(self, doc_id: str) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT incident_id FROM incident_sources WHERE doc_id = ? ORDER BY incident_id", (doc_id,)
            )
        ]

    def candidates(self, keys: set[str], limit: int = 50) -> list[tuple[str, Profile]]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT i.id, i.profile FROM incidents i WHERE i.id IN "
            f"(SELECT incident_id FROM incident_keys WHERE key IN ({marks})) "
            f"ORDER BY i.updated_at DESC LIMIT ?",
            [*sorted(keys), limit],
        )
        return [(r[0], Profile.from_json(json.loads(r[1]))) for r in rows]

    # --- writes -----------------------------------------------------------------------
    def _insert_document(self, doc: Document, signature: bytes, bands: list[str]) -> None:
        self.db.execute(
            "INSERT INTO documents (id, source, title, published, url, text, signature, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.id,
                doc.source,
                doc.title,
                doc.published.isoformat() if doc.published else None,
                doc.url,
                doc.text,
                signature,
                _now(),
            ),
        )
        self.db.executemany("INSERT INTO doc_bands VALUES (?, ?)", [(b, doc.id) for b in bands])

    def _file_keys(self, incident_id: str, profile: Profile) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO incident_keys VALUES (?, ?)", [(k, incident_id) for k in profile.keys()]
        )

    def add_document(
        self,
        doc: Document,
        signature: bytes,
        bands: list[str],
        placements: list[Placement],
    ) -> list[tuple[str, bool]]:
        out = []
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self._insert_document(doc, signature, bands)
            for p in placements:
                created = p.incident_id is None
                incident_id = p.incident_id or uuid.uuid4().hex[:12]
                if created:
                    self.db.execute(
                        "INSERT INTO incidents VALUES (?, ?, ?, ?, ?)",
                        (incident_id, p.title, json.dumps(p.profile.to_json()), _now(), _now()),
                    )
                else:
                    self.db.execute(
                        "UPDATE incidents SET profile = ?, updated_at = ? WHERE id = ?",
                        (json.dumps(p.profile.to_json()), _now(), incident_id),
                    )
                self._file_keys(incident_id, p.profile)
                self.db.execute(
                    "INSERT INTO reports (doc_id, incident_id, main, data) VALUES (?, ?, ?, ?)",
                    (doc.id, incident_id, int(p.report.main), json.dumps(report_to_json(p.report))),
                )
                self.db.execute("INSERT OR IGNORE INTO incident_sources VALUES (?, ?, NULL)", (incident_id, doc.id))
                out.append((incident_id, created))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return out

    def add_source(self, doc: Document, signature: bytes, bands: list[str], copy_of: str) -> list[str]:
        incidents = self.incidents_of_document(copy_of)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self._insert_document(doc, signature, bands)
            for incident_id in incidents:
                self.db.execute(
                    "INSERT OR IGNORE INTO incident_sources VALUES (?, ?, ?)", (incident_id, doc.id, copy_of)
                )
                self.db.execute("UPDATE incidents SET updated_at = ? WHERE id = ?", (_now(), incident_id))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return incidents

    # --- reads ------------------------------------------------------------------------
    def _row(self, incident_id: str, title: str, profile: str) -> IncidentRow:
        reports = [
            report_from_json(json.loads(r[0]))
            for r in self.db.execute("SELECT data FROM reports WHERE incident_id = ? ORDER BY id", (incident_id,))
        ]
        sources = [
            r[0]
            for r in self.db.execute(
                "SELECT d.source FROM incident_sources s JOIN documents d ON d.id = s.doc_id "
                "WHERE s.incident_id = ? ORDER BY d.source",
                (incident_id,),
            )
        ]
        return IncidentRow(incident_id, title, Profile.from_json(json.loads(profile)), sources, reports)

    def incidents(self) -> Iterator[IncidentRow]:
        rows = self.db.execute("SELECT id, title, profile FROM incidents ORDER BY created_at, id").fetchall()
        for r in rows:
            yield self._row(*r)

    def incident(self, incident_id: str) -> IncidentRow | None:
        r = self.db.execute("SELECT id, title, profile FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        return self._row(*r) if r else None

    def document(self, doc_id: str) -> Document | None:
        r = self.db.execute(
            "SELECT id, source, text, title, published, url FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if not r:
            return None
        return Document(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]) if r[4] else None, r[5])

    def counts(self) -> dict[str, int]:
        return {
            t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "incidents", "reports")
        }

    def close(self) -> None:
        self.db.close()


def open_store(url: str | Path) -> SQLiteStore:
    """A store from a path or URL; PostgreSQL joins here behind the same interface."""
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        raise StoreError(f"{text}: PostgreSQL stores are not supported yet; use a SQLite file")
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///") :]
    return SQLiteStore(text)
