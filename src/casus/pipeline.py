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
5. The document, its reports and placements are written in one transaction, decided under the
   store's writer lock, so concurrent ingesters never place a report in a stale incident; each
   report is counted into its incident's tally (``store/tally.py``) by upserting the rows of
   its own values (``store/tally_rows.py``), and the incidents a run touched are derived from
   their tallies once, after it, at a cost that does not grow with their size.

Steps 3 and 4 need no store for the signature and the extraction, so :class:`Prepared` carries
them: :mod:`casus.scaleout` fills it on Dask workers and one writer runs :func:`write_prepared`,
the same code the single-process path runs.
"""

from __future__ import annotations

import time
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


@dataclass(slots=True)
class Prepared:
    """One document with the work that needs no store: its near-copy signature and bands, and its
    reports or why extraction failed. Dask workers fill it ahead of the writer; a single process
    fills it lazily, so a document already stored or a near-copy is never extracted."""

    doc: Document
    signature: bytes | None = None
    bands: list[str] | None = None
    reports: list[Report] | None = None
    error: str | None = None  # the one line reported when extraction failed

    def fingerprint(self) -> tuple[bytes, list[str]]:
        if self.signature is None:
            self.signature = shingle_signature(self.doc.text)
            self.bands = band_keys(self.signature)
        return self.signature, self.bands

    def extract(self, extractor: Extractor | None) -> list[Report] | None:
        """The document's reports, extracting them on first need; None when extraction failed."""
        if self.reports is None and self.error is None:
            try:
                self.reports = extractor.extract(self.doc)
            except Exception as exc:  # noqa: BLE001 - one odd document must not end a long run
                self.error = f"{self.doc.source}: extraction failed ({type(exc).__name__}: {exc})"
        return self.reports


def _original_of(store: Store, signature: bytes, bands: list[str]) -> str | None:
    """The stored document this text is a near-copy of, if any."""
    for other_id, other_sig in store.near_duplicates(bands):
        if similarity(signature, other_sig) >= DUPLICATE_SIMILARITY:
            return other_id
    return None


def _failed(prepared: Prepared, summary: IngestSummary) -> None:
    summary.failed += 1
    summary.errors.append(prepared.error)


def ingest_document(store: Store, extractor: Extractor, doc: Document, summary: IngestSummary) -> None:
    write_prepared(store, Prepared(doc), summary, extractor)


def write_prepared(
    store: Store, prepared: Prepared, summary: IngestSummary, extractor: Extractor | None = None
) -> None:
    """The writer's half of ingest: dedup, near-copy check, placement and the store writes. Shared
    by the single-process and the Dask paths, so both end with the same store."""
    doc = prepared.doc
    mark = store.write_mark()
    if store.has_document(doc.id):
        summary.skipped += 1
        return
    signature, bands = prepared.fingerprint()
    original = _original_of(store, signature, bands)
    if original is None and prepared.extract(extractor) is None:
        _failed(prepared, summary)  # a copy needs no extraction; this one could not be extracted
        return
    # Extraction (the slow part) runs unlocked; the decision and the write run under the store's
    # writer lock, with every lookup made afresh: another ingester may have stored this text or a
    # copy of it, or merged the incidents it links to, since the lookups above. When no other
    # writer committed since, the two lookups above still hold and are not made again: around a
    # band shared by many stored texts, the near-copy lookup is the costlier one.
    with store.writing():
        if mark is None or store.write_mark() != mark:
            if store.has_document(doc.id):
                summary.skipped += 1
                return
            original = _original_of(store, signature, bands)
        _decide_and_write(store, prepared, summary, extractor, original)


def _decide_and_write(
    store: Store, prepared: Prepared, summary: IngestSummary, extractor: Extractor | None, other_id: str | None
) -> None:
    """Under the writer lock, the document not stored and ``other_id`` the stored text it is a
    near-copy of (None: none): file it as a copy, a text without reports, or with its reports."""
    doc = prepared.doc
    signature, bands = prepared.fingerprint()
    if other_id is not None:
        summary.copies += 1
        profile = text_profile(doc)
        linked = linked_incidents(store, profile)
        summary.incidents_updated += len(store.add_source(doc, signature, bands, other_id, profile, linked))
        return
    reports = prepared.extract(extractor)  # extracted already, unless it was taken for a copy before
    if reports is None:
        _failed(prepared, summary)
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
    items: Iterable[Document | Prepared | InputError],
    on_item: Callable[[Document | Prepared | InputError], None] | None = None,
    summary: IngestSummary | None = None,
    extractor: Extractor | None = None,
    batch_documents: int | None = None,
) -> IngestSummary:
    """Write ``items`` in their order. Documents are extracted here; :class:`Prepared` ones come
    extracted already (from Dask workers), so this process then never builds an extractor.

    Items go in batches (``BATCH_DOCUMENTS``, or what ``BATCH_SECONDS`` gathers): each document
    is extracted outside any lock, then the batch is written in one transaction, each document
    in a savepoint of its own. A commit then writes the pages a batch dirtied once, not once per
    document, so what commits cost stays flat as the store's indexes grow. An interrupted batch
    is rolled back whole; its documents are read again on the next run, once each by content.
    ``batch_documents=1`` writes and reports each document before the next is read (a feed poll
    records each item as done as soon as it is stored)."""
    summary = summary if summary is not None else IngestSummary()
    # each touched incident is derived once, after the run, not once per report it gains
    store.defer_reindex = True
    batch: list[tuple[Document | Prepared | InputError, Prepared | InputError]] = []
    started = time.monotonic()
    try:
        for given in items:
            item = given if isinstance(given, (Prepared, InputError)) else Prepared(given)
            if isinstance(item, Prepared) and item.reports is None and item.error is None:
                if not store.has_document(item.doc.id):
                    extractor = extractor or Extractor()
                    item.extract(extractor)  # the slow part, unlocked; a near-copy is extracted for nothing
            if not batch:
                started = time.monotonic()
            batch.append((given, item))
            if len(batch) >= (batch_documents or BATCH_DOCUMENTS) or time.monotonic() - started >= BATCH_SECONDS:
                _write_batch(store, batch, summary, extractor, on_item)
                batch = []
        _write_batch(store, batch, summary, extractor, on_item)
    finally:
        store.defer_reindex = False
        store.reindex_dirty()
    return summary


BATCH_DOCUMENTS = 64  # documents written per commit at most ...
BATCH_SECONDS = 1.0  # ... and gathered for at most this long, so a watched feed's article shows soon


def _write_batch(
    store: Store,
    batch: list[tuple[Document | Prepared | InputError, Prepared | InputError]],
    summary: IngestSummary,
    extractor: Extractor | None,
    on_item: Callable[[Document | Prepared | InputError], None] | None,
) -> None:
    if not batch:
        return
    with store.writing():
        for _, item in batch:
            if isinstance(item, InputError):
                summary.failed += 1
                summary.errors.append(str(item))
            else:
                summary.documents_read += 1
                write_prepared(store, item, summary, extractor)
    if on_item:
        for given, _ in batch:
            on_item(given)


def ingest_paths(paths: list[str], db: str) -> IngestSummary:
    """Ingest files and folders into the store at ``db``; the library entry point of ``casus ingest``."""
    store = open_store(db)
    try:
        return ingest_documents(store, read_paths(paths))
    finally:
        store.close()
