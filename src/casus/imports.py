"""``casus ingest bundle.json``: a STIX 2.1 bundle into the store, in one transaction.

1. The bundle is read and checked whole (:mod:`casus.ingest.stix`); a bad object stops the
   import with one line naming it, before anything is written.
2. Its reports become imported documents and casus reports (:mod:`casus.extract.stix`).
3. Each is stored like an article, joining the incident resolution finds for it:
   - a report a casus bundle made from an article this store holds is that article: skipped;
   - an imported report is keyed by its STIX id, so importing it again changes nothing, and
     importing a version whose text or facts differ replaces the older one instead of adding
     a second;
   - imported documents get no near-duplicate bands: an article ingested later is never taken
     for a copy of an import made from its own quotes.
4. All of it commits together or not at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from casus.actors import Knowledge
from casus.extract.stix import read_reports
from casus.ingest.stix import read_bundle
from casus.pipeline import place
from casus.resolve import shingle_signature


@dataclass(slots=True)
class ImportSummary:
    reports: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    articles: int = 0  # a casus bundle's report of an article this store already holds
    empty: int = 0  # reports stating nothing casus records
    incidents: set[str] = field(default_factory=set)
    skipped: Counter = field(default_factory=Counter)

    def line(self, source: str) -> str:
        skipped = sum(self.skipped.values())
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(self.skipped.items()))
        return (
            f"imported {source}: {self.reports} reports ({self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.articles} already stored as articles, {self.empty} with no facts) "
            f"in {len(self.incidents)} incidents; skipped {skipped} objects of types casus does not read"
            + (f" ({kinds})" if kinds else "")
        )


def _reports_of(store, doc_id: str) -> list:
    """The reports stored for one document, to tell an unchanged re-import from a newer version."""
    rows = (store.incident(i) for i in store.incidents_of_document(doc_id))
    return [r for row in rows if row for r in row.reports if r.doc_id == doc_id]


def import_bundle(store, path: str | Path, knowledge: Knowledge | None = None) -> ImportSummary:
    """Import one bundle; raises InputError (nothing written) for a bad bundle."""
    bundle = read_bundle(path)
    bundle.source = Path(path).name
    imported, empty = read_reports(bundle, knowledge)
    summary = ImportSummary(reports=len(imported) + empty, empty=empty, skipped=bundle.skipped)
    store.defer_reindex = True  # each touched incident is derived once, after the bundle
    try:
        _store_reports(store, imported, summary)
    finally:
        store.defer_reindex = False
    store.reindex_dirty()
    return summary


def _store_reports(store, imported: list, summary: ImportSummary) -> None:
    """Every report of a bundle in one transaction: a bad one leaves the store as it was."""
    with store.conn.transaction():
        for item in imported:
            doc = item.document
            if item.article and store.has_document(item.article):
                summary.articles += 1
                summary.incidents.update(store.incidents_of_document(item.article))
                continue
            if store.has_document(doc.id):
                stored = store.document(doc.id)
                if stored is not None and stored.text == doc.text and _reports_of(store, doc.id) == [item.report]:
                    summary.unchanged += 1
                    summary.incidents.update(store.incidents_of_document(doc.id))
                    continue
                store.remove_document(doc.id)
                summary.updated += 1
            else:
                summary.new += 1
            for incident_id, _ in store.add_document(
                doc, shingle_signature(doc.text), [], [place(store, item.report, doc)]
            ):
                summary.incidents.add(incident_id)
