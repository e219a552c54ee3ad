"""One store over SQL, shared by SQLite and PostgreSQL.

The back ends differ in four things only, and each lives in its connection class
(:mod:`casus.store.sqlite`, :mod:`casus.store.postgres`): how to connect, the placeholder
style, how a write transaction begins, and full-text search. Every statement here is written
once with ``?`` placeholders, and every value is bound, never formatted into the SQL.

Writes come one document at a time, in one transaction each, so an interrupted run loses at
most the document in flight. Each write also refreshes the derived fields of the incidents it
touches (``summary``, ``incident_facts``, the search text), so that reads — lists, filters,
actor pages, charts — never re-derive incidents from their reports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from casus.errors import StoreError
from casus.models import Document, Report
from casus.resolve import Profile
from casus.resolve.facts import fact_rows, search_text, seen_span
from casus.store.base import DocumentRow, IncidentQuery, IncidentRow, IncidentSummary, Placement
from casus.store.codec import report_from_json
from casus.store.feeds import FeedStateMixin
from casus.store.grouping import GroupingMixin, utc_now
from casus.store.nearby import NearbyMixin
from casus.store.schema import MIGRATIONS, statements
from casus.store.tally import NO_FIELDS, SEARCH_TEXT_CHARS
from casus.store.tally_rows import TallyMixin


class Connection(Protocol):
    """What a back end provides: bound statements, write transactions and its search syntax."""

    dialect: str

    def execute(self, sql: str, params: tuple | list = ()) -> Any: ...

    def executemany(self, sql: str, rows: list) -> None: ...

    def transaction(self) -> AbstractContextManager: ...

    def has_table(self, name: str) -> bool: ...

    def search_condition(self, query: str) -> tuple[str, list]:
        """SQL true for incidents ``i`` whose search text matches the user's words (all of them)."""
        ...

    def set_search_text(self, incident_id: str, text: str) -> None: ...

    def delete_search_text(self, incident_id: str) -> None: ...

    def optimize(self) -> None: ...

    def data_version(self) -> int | None:
        """A number that changes whenever another connection commits; None if the back end has none."""
        ...

    def close(self) -> None: ...


def _summary(r: tuple) -> IncidentSummary:
    """A row of (id, title, summary, seen_from, n_sources); an undated incident's '' is None."""
    return IncidentSummary(r[0], r[1], json.loads(r[2] or "{}"), r[3] or None, r[4])


@dataclass(slots=True)
class _Where:
    sql: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def fact(self, kind: str, column: str, value: str | None) -> None:
        if value:
            self.sql.append(f"i.id IN (SELECT incident_id FROM incident_facts WHERE kind = ? AND {column} = ?)")
            self.params += [kind, value]

    def text(self) -> str:
        return (" WHERE " + " AND ".join(self.sql)) if self.sql else ""


class SQLStore(GroupingMixin, NearbyMixin, TallyMixin, FeedStateMixin):
    """The casus store over one connection. Not shared between threads: a server keeps one per worker."""

    def __init__(self, conn: Connection, url: str):
        self.conn = conn
        self.url = url
        # set during an ingest run: touched incidents are marked and derived once at its end
        self.defer_reindex = False

    # --- schema -----------------------------------------------------------------------
    def _applied(self) -> set[str]:
        if not self.conn.has_table("migrations"):
            return set()
        return {r[0] for r in self.conn.execute("SELECT name FROM migrations").fetchall()}

    def pending_migrations(self) -> list[str]:
        done = self._applied()
        return [m.name for m in MIGRATIONS if m.name not in done]

    def upgrade(self) -> list[str]:
        """Apply pending migrations in order, each in its own transaction; returns their names.
        Each is checked again under the writer lock, so two writers opening a new store at once
        migrate it once: the second finds the work done."""
        with self.conn.transaction():
            self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        applied = []
        for m in MIGRATIONS:
            if m.name in self._applied():
                continue
            with self.conn.transaction():
                if m.name in self._applied():
                    continue
                for statement in statements(m, self.conn.dialect):
                    self.conn.execute(statement)
                if m.backfill:
                    m.backfill(self)
                self.conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (m.name, utc_now()))
            applied.append(m.name)
        return applied

    def writing(self) -> AbstractContextManager:
        """One write transaction under the store's writer lock (writes inside it join it): what
        an ingester decides from its lookups stays true until it has written."""
        return self.conn.transaction()

    # --- lookups for ingest -----------------------------------------------------------
    def write_mark(self) -> int | None:
        """Changes whenever another writer commits (None: this back end cannot tell), so an
        ingester knows whether what it looked up before taking the writer lock still holds."""
        return self.conn.data_version()

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def near_duplicates(self, bands: list[str]) -> list[tuple[str, bytes]]:
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self.conn.execute(
            f"SELECT DISTINCT d.id, d.signature FROM doc_bands b JOIN documents d ON d.id = b.doc_id "
            f"WHERE b.band IN ({marks})",
            bands,
        ).fetchall()
        return [(r[0], bytes(r[1])) for r in rows]

    def incidents_of_document(self, doc_id: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT incident_id FROM incident_sources WHERE doc_id = ? ORDER BY incident_id", (doc_id,)
        ).fetchall()
        return [r[0] for r in rows]

    # --- writes -----------------------------------------------------------------------
    def _insert_document(self, doc: Document, signature: bytes, bands: list[str]) -> None:
        self.conn.execute(
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
                utc_now(),
            ),
        )
        if bands:
            self.conn.executemany("INSERT INTO doc_bands (band, doc_id) VALUES (?, ?)", [(b, doc.id) for b in bands])

    def add_document(
        self, doc: Document, signature: bytes, bands: list[str], placements: list[Placement]
    ) -> list[tuple[str, bool]]:
        out = []
        renamed: dict[str, str] = {}  # incidents merged away by an earlier report of this document
        with self.conn.transaction():
            self._insert_document(doc, signature, bands)
            out = [self._place_report(doc.id, p, renamed) for p in placements]
            out = [(renamed.get(i, i), created) for i, created in out]
            for incident_id in dict.fromkeys(i for i, _ in out):
                if self.defer_reindex:
                    self.conn.execute(
                        "INSERT INTO dirty_incidents (incident_id) VALUES (?) ON CONFLICT DO NOTHING", (incident_id,)
                    )
                else:
                    self.reindex_incident(incident_id)
        return out

    def reindex_dirty(self, batch: int = 200) -> int:
        """Derive the fields of every incident an ingest run left waiting, each once, however many
        reports it gained: adding a report then costs the same in an incident of 10,000 as of 1.
        Commits in batches, so readers see progress and a crash loses at most one batch's work."""
        done = 0
        while True:
            ids = [
                r[0]
                for r in self.conn.execute(
                    "SELECT incident_id FROM dirty_incidents ORDER BY incident_id LIMIT ?", (batch,)
                ).fetchall()
            ]
            if not ids:
                return done
            with self.conn.transaction():
                for incident_id in ids:
                    self.reindex_incident(incident_id)
                    self.conn.execute("DELETE FROM dirty_incidents WHERE incident_id = ?", (incident_id,))
            done += len(ids)

    def reindex_incident(self, incident_id: str) -> None:
        """Refresh an incident's derived fields, facts and search text from its tally, which
        equals a derivation from all its reports (``store/tally.py``); the search text reads
        the reports in order only as far as its size bound reaches."""
        row = self.conn.execute("SELECT title FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        if row is None:
            return
        tally = self.tally(incident_id)
        fields = tally.fields()
        earliest_news = tally.earliest_published()
        seen_from, seen_to = seen_span(fields, [Report("", published=earliest_news)] if earliest_news else [])
        title = tally.incident_title() or row[0]
        (n_sources,) = self.conn.execute(
            "SELECT count(*) FROM incident_sources WHERE incident_id = ?", (incident_id,)
        ).fetchone()
        self.conn.execute(
            "UPDATE incidents SET title = ?, profile = ?, summary = ?, seen_from = ?, seen_to = ?, n_sources = ?, "
            "updated_at = ? WHERE id = ?",
            (
                title,
                json.dumps(tally.incident_profile().to_json()),
                json.dumps(fields),
                seen_from or "",
                seen_to or "",
                n_sources,
                utc_now(),
                incident_id,
            ),
        )
        self.conn.execute("DELETE FROM incident_facts WHERE incident_id = ?", (incident_id,))
        self.conn.executemany(
            "INSERT INTO incident_facts (incident_id, kind, subject, object, detail) VALUES (?, ?, ?, ?, ?)",
            [(incident_id, *f) for f in fact_rows(fields)],
        )
        self.conn.set_search_text(incident_id, self._search_text(incident_id, title, fields))

    def _search_text(self, incident_id: str, title: str, fields: dict) -> str:
        """``search_text`` over the incident's reports in (document, report) order, read in growing
        batches until the text alone passes its size bound: what follows would be cut off anyway."""
        reports: list = []
        batch = 64
        while True:
            rows = self.conn.execute(
                "SELECT data FROM reports WHERE incident_id = ? ORDER BY doc_id, id LIMIT ? OFFSET ?",
                (incident_id, batch, len(reports)),
            ).fetchall()
            reports += [report_from_json(json.loads(r[0])) for r in rows]
            if len(rows) < batch or len(search_text(title, NO_FIELDS, reports, limit=SEARCH_TEXT_CHARS + 1)) > (
                SEARCH_TEXT_CHARS
            ):
                return search_text(title, fields, reports, limit=SEARCH_TEXT_CHARS)
            batch *= 2

    # --- reads: whole incidents ----------------------------------------------------------
    def _row(self, incident_id: str, title: str, profile: str) -> IncidentRow:
        reports = [
            report_from_json(json.loads(r[0]))
            for r in self.conn.execute(
                "SELECT data FROM reports WHERE incident_id = ? ORDER BY doc_id, id", (incident_id,)
            ).fetchall()
        ]
        sources = [
            r[0]
            for r in self.conn.execute(
                "SELECT d.source FROM incident_sources s JOIN documents d ON d.id = s.doc_id "
                "WHERE s.incident_id = ? ORDER BY d.source",
                (incident_id,),
            ).fetchall()
        ]
        return IncidentRow(incident_id, title, Profile.from_json(json.loads(profile)), sources, reports)

    def incidents(self) -> Iterator[IncidentRow]:
        rows = self.conn.execute("SELECT id, title, profile FROM incidents ORDER BY created_at, id").fetchall()
        for r in rows:
            yield self._row(*r)

    def incident(self, incident_id: str) -> IncidentRow | None:
        r = self.conn.execute("SELECT id, title, profile FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        return self._row(*r) if r else None

    def document(self, doc_id: str) -> Document | None:
        r = self.conn.execute(
            "SELECT id, source, text, title, published, url FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if not r:
            return None
        return Document(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]) if r[4] else None, r[5])

    def counts(self) -> dict[str, int]:
        return {
            t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "incidents", "reports")
        }

    # --- reads: queries for the API and the web pages ------------------------------------
    def _where(self, q: IncidentQuery) -> _Where:
        w = _Where()
        w.fact("victim", "subject", q.victim)
        w.fact("attribution", "object", q.attributed_to)
        w.fact("attribution", "subject", q.attributed_by)
        w.fact("response", "subject", q.responder)
        w.fact("response", "detail", q.response)
        w.fact("operation", "subject", q.operation)
        w.fact("sector", "subject", q.sector)
        w.fact("claim", "subject", q.claimed_by)
        if q.actor:
            w.sql.append(
                "i.id IN (SELECT incident_id FROM incident_facts WHERE subject = ? UNION "
                "SELECT incident_id FROM incident_facts WHERE object = ?)"
            )
            w.params += [q.actor, q.actor]
        if q.since:
            w.sql.append("i.seen_to >= ?")
            w.params.append(q.since.isoformat())
        if q.until:
            w.sql.append("i.seen_from <= ? AND i.seen_from <> ''")
            w.params.append(q.until.isoformat())
        if q.text and q.text.strip():
            sql, params = self.conn.search_condition(q.text)
            w.sql.append(sql)
            w.params += params
        return w

    def query_incidents(self, q: IncidentQuery, limit: int = 25, offset: int = 0) -> tuple[int, list[IncidentSummary]]:
        """One page of incidents matching every filter, newest first, and how many match in all."""
        w = self._where(q)
        total = self.conn.execute(f"SELECT count(*) FROM incidents i{w.text()}", w.params).fetchone()[0]
        # Page through the (seen_from, id) index first and read whole rows only for the page:
        # a deep page then skips index entries, not rows with their JSON. Undated ('') sort last.
        rows = self.conn.execute(
            f"SELECT id, title, summary, seen_from, n_sources FROM incidents WHERE id IN "
            f"(SELECT i.id FROM incidents i{w.text()} ORDER BY i.seen_from DESC, i.id LIMIT ? OFFSET ?) "
            f"ORDER BY seen_from DESC, id",
            [*w.params, limit, offset],
        ).fetchall()
        return total, [_summary(r) for r in rows]

    def incident_summary(self, incident_id: str) -> IncidentSummary | None:
        r = self.conn.execute(
            "SELECT id, title, summary, seen_from, n_sources FROM incidents WHERE id = ?", (incident_id,)
        ).fetchone()
        return _summary(r) if r else None

    def sources_of(self, incident_ids: list[str]) -> dict[str, list[str]]:
        if not incident_ids:
            return {}
        marks = ",".join("?" * len(incident_ids))
        out: dict[str, list[str]] = {i: [] for i in incident_ids}
        for incident_id, source in self.conn.execute(
            f"SELECT s.incident_id, d.source FROM incident_sources s JOIN documents d ON d.id = s.doc_id "
            f"WHERE s.incident_id IN ({marks}) ORDER BY d.source",
            incident_ids,
        ).fetchall():
            out[incident_id].append(source)
        return out

    def actor_roles(self, actor: str | None = None) -> list[tuple[str, str, int]]:
        """(actor, role, incidents) for every actor, or one: roles are victim, attributor, accused,
        claimant, denier, responder, and target (of a response)."""
        one = " AND subject = ?" if actor else ""
        one_obj = " AND object = ?" if actor else ""
        params = [actor] if actor else []
        sql = (
            f"SELECT subject, kind, count(DISTINCT incident_id) FROM incident_facts "
            f"WHERE kind IN ('victim', 'attribution', 'claim', 'denial', 'response'){one} GROUP BY subject, kind "
            f"UNION ALL SELECT object, kind || '_object', count(DISTINCT incident_id) FROM incident_facts "
            f"WHERE kind IN ('attribution', 'response') AND object <> ''{one_obj} GROUP BY object, kind"
        )
        names = {
            "victim": "victim",
            "attribution": "attributor",
            "claim": "claimant",
            "denial": "denier",
            "response": "responder",
            "attribution_object": "accused",
            "response_object": "target",
        }
        return [(r[0], names[r[1]], r[2]) for r in self.conn.execute(sql, params + params).fetchall()]

    def edges(self, incident_id: str | None = None, actor: str | None = None) -> list[tuple[str, str, str, str, int]]:
        """(kind, from, to, detail, incidents) for attributions, responses, claims and denials."""
        w, params = "kind IN ('attribution', 'response', 'claim', 'denial', 'victim')", []
        if incident_id:
            w += " AND incident_id = ?"
            params.append(incident_id)
        if actor:
            w += " AND (subject = ? OR object = ?)"
            params += [actor, actor]
        rows = self.conn.execute(
            f"SELECT kind, subject, object, detail, count(DISTINCT incident_id) FROM incident_facts WHERE {w} "
            f"GROUP BY kind, subject, object, detail",
            params,
        ).fetchall()
        return [tuple(r) for r in rows]

    def incidents_per_year(self) -> list[tuple[str, str, int]]:
        """(year, accused actor, incidents): what the chart of accused states per year draws."""
        rows = self.conn.execute(
            "SELECT substr(i.seen_from, 1, 4), f.object, count(DISTINCT i.id) FROM incidents i "
            "JOIN incident_facts f ON f.incident_id = i.id AND f.kind = 'attribution' "
            "WHERE i.seen_from <> '' GROUP BY substr(i.seen_from, 1, 4), f.object"
        ).fetchall()
        return [tuple(r) for r in rows]

    def response_counts(self) -> list[tuple[str, str, int]]:
        """(responder, response type, incidents)."""
        rows = self.conn.execute(
            "SELECT subject, detail, count(DISTINCT incident_id) FROM incident_facts WHERE kind = 'response' "
            "GROUP BY subject, detail"
        ).fetchall()
        return [tuple(r) for r in rows]

    def query_documents(self, limit: int = 25, offset: int = 0, incident_id: str | None = None):
        w, params = "", []
        if incident_id:
            w, params = " WHERE d.id IN (SELECT doc_id FROM incident_sources WHERE incident_id = ?)", [incident_id]
        total = self.conn.execute(f"SELECT count(*) FROM documents d{w}", params).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT d.id, d.source, d.title, d.published, d.url, d.ingested_at FROM documents d{w} "
            f"ORDER BY d.ingested_at DESC, d.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return total, [DocumentRow(*r) for r in rows]

    def copy_of(self, doc_id: str) -> str | None:
        r = self.conn.execute(
            "SELECT copy_of FROM incident_sources WHERE doc_id = ? AND copy_of IS NOT NULL", (doc_id,)
        ).fetchone()
        return r[0] if r else None

    def optimize(self) -> None:
        """Refresh the query planner's statistics after a batch of writes."""
        self.conn.optimize()

    def close(self) -> None:
        self.conn.close()


def require_current(store: SQLStore) -> SQLStore:
    """Refuse a store whose schema is behind this version of casus, naming the fix."""
    pending = store.pending_migrations()
    if pending:
        store.close()
        raise StoreError(
            f"{store.url}: the store's schema is behind this casus ({', '.join(pending)} pending); "
            f"run `casus db upgrade --db {store.url}`"
        )
    return store
