"""The store's side of grouping: report profiles, their blocking keys, and incidents as components.

Each report is stored with its profile (``report_profiles``) and filed under its blocking keys
(``report_keys``: token × month → report, with the report's incident and day). A new report is
compared with the stored reports filed under its lookup keys, per incident nearest in time first
(``nearby.py``), and the pipeline stops testing an incident once one of its reports links. Below
the bound per key and incident that is every such report, so what it links to does not depend on
how many reports came before.

When a report links to several incidents they become one: the surviving id is the smallest,
the others' reports and sources move to it and their rows go. ``regroup`` (``casus resolve``)
recomputes every profile from the stored reports and documents and rebuilds the incidents as
the connected components of the same decision, which is what ingesting from scratch gives.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime

from casus.models import Document
from casus.resolve.components import attachments, components
from casus.resolve.facts import report_title
from casus.resolve.pairwise import ReportProfile, blocking_keys, report_profile, text_profile
from casus.store.codec import report_from_json, report_to_json
from casus.store.nearby import report_day


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


class GroupingMixin:
    """Statements of :class:`casus.store.sql.SQLStore` that place reports into incidents."""

    def linkable_reports(self, keys: set[str]) -> list[tuple[str, list[ReportProfile]]]:
        """Stored reports filed under any of these keys, as (incident id, profiles), by incident id."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"SELECT r.incident_id, p.profile FROM reports r JOIN report_profiles p ON p.report_id = r.id "
            f"WHERE r.id IN (SELECT report_id FROM report_keys WHERE key IN ({marks})) ORDER BY r.incident_id, r.id",
            sorted(keys),
        ).fetchall()
        out: dict[str, list[ReportProfile]] = {}
        for incident_id, profile in rows:
            out.setdefault(incident_id, []).append(ReportProfile.from_json(json.loads(profile)))
        return list(out.items())

    def linkable_documents(self, keys: set[str]) -> list[tuple[str, ReportProfile]]:
        """Stored documents without a report of their own filed under any of these keys, by id."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"SELECT doc_id, profile FROM document_profiles WHERE doc_id IN "
            f"(SELECT doc_id FROM document_keys WHERE key IN ({marks})) ORDER BY doc_id",
            sorted(keys),
        ).fetchall()
        return [(doc_id, ReportProfile.from_json(json.loads(profile))) for doc_id, profile in rows]

    def _file_document(self, doc_id: str, profile: ReportProfile) -> None:
        self.conn.execute(
            "INSERT INTO document_profiles (doc_id, profile) VALUES (?, ?)", (doc_id, json.dumps(profile.to_json()))
        )
        self._file_document_keys(doc_id, profile)

    def _file_document_keys(self, doc_id: str, profile: ReportProfile) -> None:
        day = report_day(profile)
        self.conn.executemany(
            "INSERT INTO document_keys (key, doc_id, day) VALUES (?, ?, ?)",
            [(k, doc_id, day) for k in sorted(blocking_keys(profile))],
        )

    def _add_sources(self, doc_id: str, incidents: list[str], copy_of: str | None = None) -> None:
        """Counting an incident's sources again for each one it gains would cost more the larger it
        grows; each source inserted adds one instead (the pass after a run recounts those it touched).
        During an ingest run the incident is only marked for that pass: updating its row rewrites
        the whole of it, derived fields included, and a large incident's run to hundreds of
        kilobytes, so each source gained cost more the larger it grew."""
        for incident_id in incidents:
            added = self.conn.execute(
                "INSERT INTO incident_sources (incident_id, doc_id, copy_of) VALUES (?, ?, ?) ON CONFLICT DO NOTHING "
                "RETURNING doc_id",
                (incident_id, doc_id, copy_of),
            ).fetchall()
            if self.defer_reindex:
                self.conn.execute(
                    "INSERT INTO dirty_incidents (incident_id) VALUES (?) ON CONFLICT DO NOTHING", (incident_id,)
                )
                continue
            self.conn.execute(
                "UPDATE incidents SET updated_at = ?, n_sources = n_sources + ? WHERE id = ?",
                (utc_now(), len(added), incident_id),
            )

    def add_source(
        self,
        doc: Document,
        signature: bytes,
        bands: list[str],
        copy_of: str,
        profile: ReportProfile | None = None,
        linked: list[str] = (),
    ) -> list[str]:
        """A near-copy: a source of its original's incidents and, filed by its own text
        ``profile``, of those its text links to (``linked``)."""
        incidents = self.incidents_of_document(copy_of)
        with self.conn.transaction():
            self._insert_document(doc, signature, bands)
            self._add_sources(doc.id, incidents, copy_of)
            if profile is not None:
                self._file_document(doc.id, profile)
                self._add_sources(doc.id, sorted(set(linked) - set(incidents)))
        return sorted(set(incidents) | set(linked))

    def add_text_only(
        self, doc: Document, signature: bytes, bands: list[str], profile: ReportProfile, incidents: list[str]
    ) -> list[str]:
        """Store a document extraction found no report in, as a source (without facts) of the
        incidents its text links to; it stays filed, so reports that come later can link to it."""
        with self.conn.transaction():
            self._insert_document(doc, signature, bands)
            self._file_document(doc.id, profile)
            self._add_sources(doc.id, sorted(set(incidents)))
        return sorted(set(incidents))

    def _file_report(self, report_id: int, incident_id: str, profile: ReportProfile) -> None:
        self.conn.execute(
            "INSERT INTO report_profiles (report_id, profile) VALUES (?, ?)",
            (report_id, json.dumps(profile.to_json())),
        )
        self._file_keys(report_id, incident_id, profile)

    def _file_keys(self, report_id: int, incident_id: str, profile: ReportProfile) -> None:
        day = report_day(profile)
        self.conn.executemany(
            "INSERT INTO report_keys (key, report_id, incident_id, day) VALUES (?, ?, ?, ?)",
            [(k, report_id, incident_id, day) for k in sorted(blocking_keys(profile))],
        )

    def refile_keys(self) -> None:
        """Rewrite every report's and every report-less document's blocking keys from its stored
        profile (migration 0006)."""
        docs = self.conn.execute("SELECT doc_id, profile FROM document_profiles ORDER BY doc_id").fetchall()
        self.conn.execute("DELETE FROM document_keys")
        for doc_id, profile in docs:
            self._file_document_keys(doc_id, ReportProfile.from_json(json.loads(profile)))
        rows = self.conn.execute(
            "SELECT r.id, r.incident_id, p.profile FROM reports r JOIN report_profiles p ON p.report_id = r.id "
            "ORDER BY r.id"
        ).fetchall()
        self.conn.execute("DELETE FROM report_keys")
        for report_id, incident_id, profile in rows:
            self._file_keys(report_id, incident_id, ReportProfile.from_json(json.loads(profile)))

    def _create_incident(self, incident_id: str, title: str) -> None:
        now = utc_now()
        self.conn.execute(
            "INSERT INTO incidents (id, title, profile, created_at, updated_at) VALUES (?, ?, '{}', ?, ?)",
            (incident_id, title, now, now),
        )

    def _merge_incident(self, survivor: str, other: str) -> None:
        """Move ``other``'s reports and sources to ``survivor`` and drop ``other``."""
        self._merge_tallies(survivor, other)
        self.conn.execute("UPDATE reports SET incident_id = ? WHERE incident_id = ?", (survivor, other))
        self.conn.execute("UPDATE report_keys SET incident_id = ? WHERE incident_id = ?", (survivor, other))
        self.conn.execute(
            "INSERT INTO incident_sources (incident_id, doc_id, copy_of) "
            "SELECT ?, doc_id, copy_of FROM incident_sources WHERE incident_id = ? ON CONFLICT DO NOTHING",
            (survivor, other),
        )
        self._drop_incident(other)

    def _drop_incident(self, incident_id: str) -> None:
        for table in ("incident_sources", "incident_keys", "incident_facts", "dirty_incidents"):
            self.conn.execute(f"DELETE FROM {table} WHERE incident_id = ?", (incident_id,))
        self.forget_tallies([incident_id])
        self.conn.delete_search_text(incident_id)
        self.conn.execute("DELETE FROM incidents WHERE id = ?", (incident_id,))

    def _place_report(self, doc_id: str, placement, renamed: dict[str, str]) -> tuple[str, bool]:
        """Store one report in the incident its links make it part of; returns (incident id, created)."""
        links = sorted({renamed.get(i, i) for i in placement.links})
        created = not links
        incident_id = _new_id() if created else links[0]
        if created:
            self._create_incident(incident_id, report_title(placement.report))
        for other in links[1:]:
            self._merge_incident(incident_id, other)
            renamed[other] = incident_id
        report_id = self._insert_report(doc_id, incident_id, placement.report)
        self._file_report(report_id, incident_id, placement.profile)
        self._tally_report(incident_id, placement.report, report_id)
        self.conn.execute(
            "INSERT INTO incident_sources (incident_id, doc_id, copy_of) VALUES (?, ?, NULL) ON CONFLICT DO NOTHING",
            (incident_id, doc_id),
        )
        self._add_sources_quietly(incident_id, placement.attach)
        return incident_id, created

    def _add_sources_quietly(self, incident_id: str, docs: list[str]) -> None:
        """Documents without a report that this report links to (reindexing counts them)."""
        self.conn.executemany(
            "INSERT INTO incident_sources (incident_id, doc_id, copy_of) VALUES (?, ?, NULL) ON CONFLICT DO NOTHING",
            [(incident_id, d) for d in sorted(set(docs))],
        )

    def _insert_report(self, doc_id: str, incident_id: str, report) -> int:
        row = self.conn.execute(
            "INSERT INTO reports (doc_id, incident_id, main, data) VALUES (?, ?, ?, ?) RETURNING id",
            (doc_id, incident_id, int(report.main), json.dumps(report_to_json(report))),
        ).fetchone()
        return int(row[0])

    # --- casus resolve ------------------------------------------------------------------
    def _stored_reports(self) -> Iterator[tuple[int, str, str, ReportProfile]]:
        """(report id, document id, current incident id, profile recomputed from the stored report and text)."""
        rows = self.conn.execute("SELECT id, doc_id, incident_id, data FROM reports ORDER BY id").fetchall()
        for report_id, doc_id, incident_id, data in rows:
            yield (
                report_id,
                doc_id,
                incident_id,
                report_profile(report_from_json(json.loads(data)), self.document(doc_id)),
            )

    def refile_reports(self) -> dict[int, tuple[str, str, ReportProfile]]:
        """Recompute every report's profile and blocking keys; the migration's backfill, and the
        first step of ``regroup``. Returns report id → (document id, incident id, profile)."""
        reports = {rid: (doc, inc, p) for rid, doc, inc, p in self._stored_reports()}
        self.conn.execute("DELETE FROM report_keys")
        self.conn.execute("DELETE FROM report_profiles")
        for rid, (_, incident_id, profile) in reports.items():
            self._file_report(rid, incident_id, profile)
        return reports

    def refile_documents(self) -> dict[str, ReportProfile]:
        """Recompute the text profile and keys of every document that has no report of its own."""
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM reports) ORDER BY id"
        ).fetchall()
        texts = {doc_id: text_profile(self.document(doc_id)) for (doc_id,) in rows}
        self.conn.execute("DELETE FROM document_keys")
        self.conn.execute("DELETE FROM document_profiles")
        for doc_id, profile in texts.items():
            self._file_document(doc_id, profile)
        return texts

    def regroup(self) -> dict[str, int]:
        """Rebuild every incident as a connected component of the pairwise decision over the
        stored reports, without extracting again. Returns counts before and after."""
        with self.conn.transaction():
            before = self.conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
            reports = self.refile_reports()
            doc_of = {rid: doc for rid, (doc, _, _) in reports.items()}
            groups = components({rid: p for rid, (_, _, p) in reports.items()}, doc_of=doc_of)
            old_ids = set(r[0] for r in self.conn.execute("SELECT id FROM incidents").fetchall())
            assigned: dict[int, str] = {}
            used: set[str] = set()
            for group in groups:  # each keeps the smallest old id not yet taken, so ids survive a no-op
                free = sorted({reports[rid][1] for rid in group} - used)
                incident_id = free[0] if free else _new_id()
                used.add(incident_id)
                assigned.update((rid, incident_id) for rid in group)
            copies = self.conn.execute(
                "SELECT DISTINCT doc_id, copy_of FROM incident_sources WHERE copy_of IS NOT NULL"
            ).fetchall()
            for incident_id in sorted(used - old_ids):
                self._create_incident(incident_id, "")  # the title comes with reindex_incident
            for rid, incident_id in sorted(assigned.items()):
                self.conn.execute("UPDATE reports SET incident_id = ? WHERE id = ?", (incident_id, rid))
            self.conn.execute(
                "UPDATE report_keys SET incident_id = (SELECT incident_id FROM reports WHERE reports.id = report_id)"
            )
            self.conn.execute("DELETE FROM incident_sources")
            for incident_id in sorted(old_ids - used):  # no report points at them any more
                self._drop_incident(incident_id)
            sources: dict[str, set[str]] = defaultdict(set)  # document → incidents
            for rid, incident_id in assigned.items():
                sources[doc_of[rid]].add(incident_id)
            extracted = set(sources)
            texts = self.refile_documents()
            profiles = {rid: p for rid, (_, _, p) in reports.items()}
            for doc, incidents in attachments(texts, profiles, assigned).items():
                sources[doc] |= incidents
            copy_of = {doc: original for doc, original in copies if doc not in extracted}
            _follow_copies(sources, copy_of)
            self.conn.executemany(
                "INSERT INTO incident_sources (incident_id, doc_id, copy_of) VALUES (?, ?, ?)",
                sorted((i, doc, copy_of.get(doc)) for doc, incs in sources.items() for i in incs),
            )
            self.forget_tallies()  # reports moved: each incident is counted afresh
            for incident_id in sorted(used):
                self.reindex_incident(incident_id)
        return {"reports": len(reports), "incidents_before": before, "incidents_after": len(used)}

    def remove_document(self, doc_id: str) -> list[str]:
        """Take a document, its reports and their filing out of the store, in the caller's
        transaction, and refresh the incidents it was in; an incident left with no report goes
        too. Used when an imported STIX report comes again with new content."""
        touched = self.incidents_of_document(doc_id)
        of_doc = "SELECT id FROM reports WHERE doc_id = ?"
        for table in ("report_keys", "report_profiles"):
            self.conn.execute(f"DELETE FROM {table} WHERE report_id IN ({of_doc})", (doc_id,))
        self.conn.execute("DELETE FROM reports WHERE doc_id = ?", (doc_id,))
        for table in ("document_keys", "document_profiles", "incident_sources", "doc_bands"):
            self.conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        self.forget_tallies(touched)
        for incident_id in touched:
            left = self.conn.execute("SELECT count(*) FROM reports WHERE incident_id = ?", (incident_id,)).fetchone()
            if left[0]:
                self.reindex_incident(incident_id)
            else:
                self._drop_incident(incident_id)
        return touched


def _follow_copies(sources: dict[str, set[str]], copy_of: dict[str, str]) -> None:
    """A near-copy is a source of whatever incidents its original is a source of, even when the
    original is itself a copy; repeat until nothing changes (chains are short)."""
    changed = True
    while changed:
        changed = False
        for doc, original in sorted(copy_of.items()):
            wanted = sources.get(original, set())
            if not wanted <= sources.get(doc, set()):
                sources.setdefault(doc, set()).update(wanted)
                changed = True
