"""The ingest job: read → dedup → extract → resolve → store, one document at a time.

1. Read files (``ingest``); unreadable ones are reported and skipped.
2. A document whose content hash is stored already is skipped: re-ingesting is a no-op.
3. A near-duplicate of a stored document (a wire copy) becomes one more source of that
   document's incidents; its facts are not counted a second time.
4. Otherwise extraction gives its reports. Each is compared with every stored report filed
   under its blocking keys (actors, names, malware × month); it joins the incidents it links
   to, merging them if there are several, or starts one. Incidents are thus the connected
   components of a pairwise decision, whatever order the articles came in.
5. The document, its reports and placements are written in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from casus.errors import InputError
from casus.extract.report import Extractor
from casus.ingest import read_paths
from casus.models import Document, Report
from casus.resolve import band_keys, shingle_signature, similarity
from casus.resolve.neardup import DUPLICATE_SIMILARITY
from casus.resolve.pairwise import lookup_keys, report_profile, same_incident
from casus.store import Placement, Store, open_store


@dataclass(slots=True)
class IngestSummary:
    documents_read: int = 0
    skipped: int = 0  # already stored (same content)
    copies: int = 0  # near-duplicates kept as sources
    failed: int = 0
    incidents_new: int = 0
    incidents_updated: int = 0
    errors: list[str] = field(default_factory=list)


def place(store: Store, report: Report, doc: Document) -> Placement:
    """The incidents this report links to: those holding a stored report it is one incident
    with. Once one report of an incident links, the incident's other reports are not tested."""
    profile = report_profile(report, doc)
    links = [
        incident_id
        for incident_id, profiles in store.linkable_reports(lookup_keys(profile))
        if any(same_incident(profile, other) for other in profiles)
    ]
    return Placement(report, profile, links)


def ingest_document(store: Store, extractor: Extractor, doc: Document, summary: IngestSummary) -> None:
    if store.has_document(doc.id):
        summary.skipped += 1
        return
    signature = shingle_signature(doc.text)
    bands = band_keys(signature)
    for other_id, other_sig in store.near_duplicates(bands):
        if similarity(signature, other_sig) >= DUPLICATE_SIMILARITY:
            summary.copies += 1
            summary.incidents_updated += len(store.add_source(doc, signature, bands, other_id))
            return
    try:
        reports = extractor.extract(doc)
    except Exception as exc:  # noqa: BLE001 - one odd document must not end a long run
        summary.failed += 1
        summary.errors.append(f"{doc.source}: extraction failed ({type(exc).__name__}: {exc})")
        return
    placements = [place(store, report, doc) for report in reports]
    for _, created in store.add_document(doc, signature, bands, placements):
        if created:
            summary.incidents_new += 1
        else:
            summary.incidents_updated += 1


def ingest_documents(
    store: Store,
    items: Iterable[Document | InputError],
    on_item: Callable[[Document | InputError], None] | None = None,
    summary: IngestSummary | None = None,
    extractor: Extractor | None = None,
) -> IngestSummary:
    extractor = extractor or Extractor()
    summary = summary if summary is not None else IngestSummary()
    for item in items:
        if isinstance(item, InputError):
            summary.failed += 1
            summary.errors.append(str(item))
        else:
            summary.documents_read += 1
            ingest_document(store, extractor, item, summary)
        if on_item:
            on_item(item)
    return summary


def ingest_paths(paths: list[str], db: str) -> IngestSummary:
    """Ingest files and folders into the store at ``db``; the library entry point of ``casus ingest``."""
    store = open_store(db)
    try:
        return ingest_documents(store, read_paths(paths))
    finally:
        store.close()
