"""The ingest job: read → dedup → extract → resolve → store, one document at a time.

1. Read files (``ingest``); unreadable ones are reported and skipped.
2. A document whose content hash is stored already is skipped: re-ingesting is a no-op.
3. A near-duplicate of a stored document (a wire copy) becomes one more source of that
   document's incidents; its facts are not counted a second time.
   A document extraction finds no report in is kept too, filed by its text's signals, and
   becomes a source (without facts) of the incidents whose reports it links to, now or later.
4. Otherwise extraction gives its reports. Each is compared with the stored reports filed
   under its blocking keys (actors, names, malware × month), per incident the nearest in time
   first until one links (``store/nearby.py``: bounded per key and incident, exact below the
   bound); it joins the incidents it links to, merging them if there are several, or starts
   one. Incidents are thus the connected components of a pairwise decision, whatever order the
   articles came in, as long as no key holds more of one incident's reports than the bound.
5. The document, its reports and placements are written in one transaction, and each report is
   counted into its incident's tally (``store/tally.py``); the incidents a run touched are
   derived from their tallies once, after it, at a cost that does not grow with their size.
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
from casus.resolve.pairwise import ReportProfile, report_profile, same_incident, text_profile
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


def linked_incidents(store: Store, profile: ReportProfile) -> list[str]:
    """Incidents holding a stored report this profile links to. Each incident's reports come
    nearest in time first and are read lazily: once one links, the others are neither read nor
    tested, so an article about an incident of 10,000 reports costs about what one of 1 does."""
    return [
        incident_id
        for incident_id, profiles in store.nearby_reports(profile)
        if any(same_incident(profile, other) for other in profiles)
    ]


def place(store: Store, report: Report, doc: Document) -> Placement:
    """The incidents this report links to, and the stored documents without a report it links to."""
    profile = report_profile(report, doc)
    links = linked_incidents(store, profile)
    # documents already sources of the incidents it joins stay so, linked or not: not tested again
    attach = [d for d, other in store.nearby_documents(profile, links) if same_incident(profile, other)]
    return Placement(report, profile, links, attach)


def ingest_document(store: Store, extractor: Extractor, doc: Document, summary: IngestSummary) -> None:
    if store.has_document(doc.id):
        summary.skipped += 1
        return
    signature = shingle_signature(doc.text)
    bands = band_keys(signature)
    for other_id, other_sig in store.near_duplicates(bands):
        if similarity(signature, other_sig) >= DUPLICATE_SIMILARITY:
            summary.copies += 1
            profile = text_profile(doc)
            linked = linked_incidents(store, profile)
            summary.incidents_updated += len(store.add_source(doc, signature, bands, other_id, profile, linked))
            return
    try:
        reports = extractor.extract(doc)
    except Exception as exc:  # noqa: BLE001 - one odd document must not end a long run
        summary.failed += 1
        summary.errors.append(f"{doc.source}: extraction failed ({type(exc).__name__}: {exc})")
        return
    if not reports:  # no report of its own: still a source of the incidents its text links to
        profile = text_profile(doc)
        summary.incidents_updated += len(
            store.add_text_only(doc, signature, bands, profile, linked_incidents(store, profile))
        )
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
    # each touched incident is derived once, after the run, not once per report it gains
    store.defer_reindex = True
    try:
        for item in items:
            if isinstance(item, InputError):
                summary.failed += 1
                summary.errors.append(str(item))
            else:
                summary.documents_read += 1
                ingest_document(store, extractor, item, summary)
            if on_item:
                on_item(item)
    finally:
        store.defer_reindex = False
        store.reindex_dirty()
    return summary


def ingest_paths(paths: list[str], db: str) -> IngestSummary:
    """Ingest files and folders into the store at ``db``; the library entry point of ``casus ingest``."""
    store = open_store(db)
    try:
        return ingest_documents(store, read_paths(paths))
    finally:
        store.close()
