"""The ingest job: read → dedup → extract → resolve → store, one document at a time.

1. Read files (``ingest``); unreadable ones are reported and skipped.
2. A document whose content hash is stored already is skipped: re-ingesting is a no-op.
3. A near-duplicate of a stored document (a wire copy) becomes one more source of that
   document's incidents; its facts are not counted a second time.
4. Otherwise extraction gives its reports, and each report joins the best-matching incident
   among the candidates the store files under its victims, accused and claimants, or starts one.
5. The document, its reports and placements are written in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from casus.errors import InputError
from casus.extract.report import Extractor
from casus.ingest import read_paths
from casus.models import Document, Report
from casus.resolve import band_keys, match_score, merge_profiles, profile_of, shingle_signature, similarity
from casus.resolve.neardup import DUPLICATE_SIMILARITY
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


def incident_title(report: Report) -> str:
    if report.title:
        return report.title
    victims = ", ".join(m.value for m in report.victims) or "unknown victim"
    accused = sorted({a.to for a in report.attributions})
    return f"Cyber operation against {victims}" + (f", attributed to {', '.join(accused)}" if accused else "")


def place(store: Store, report: Report) -> Placement:
    """The incident this report joins (the best-scoring candidate), or a new one."""
    profile = profile_of(report)
    best, best_score = None, 0.0
    for incident_id, candidate in store.candidates(profile.lookup_keys()):
        score = match_score(profile, candidate)
        if score > best_score:
            best, best_score = (incident_id, candidate), score
    if best:
        return Placement(report, best[0], merge_profiles(best[1], profile), incident_title(report))
    return Placement(report, None, profile, incident_title(report))


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
    placements = []
    for report in reports:
        placements.append(place(store, report))
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
