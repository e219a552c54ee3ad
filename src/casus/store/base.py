"""The narrow interface every store implements; the pipeline and exports see nothing else.

Writes come one document at a time, in one transaction each (``add_document``), so an
interrupted run loses at most the document in flight. Lookups are by key (content hash, band
key, blocking key), which keeps the cost of adding a document flat as the store grows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from casus.models import Document, Report
from casus.resolve import Profile
from casus.resolve.pairwise import ReportProfile


@dataclass(slots=True)
class IncidentRow:
    id: str
    title: str
    profile: Profile
    sources: list[str]
    reports: list[Report]


@dataclass(slots=True)
class Placement:
    """One report of a document, its grouping profile, and the incidents it links to: none (a
    new incident), one (it joins it) or several (they merge into one, the smallest id); and the
    stored documents without a report that it links to, which become sources of its incident."""

    report: Report
    profile: ReportProfile
    links: list[str] = field(default_factory=list)
    attach: list[str] = field(default_factory=list)


@dataclass(slots=True)
class IncidentSummary:
    """An incident as lists show it: its derived fields (``casus-summary/1`` minus sources)."""

    id: str
    title: str
    fields: dict
    seen_from: str | None
    n_sources: int


@dataclass(slots=True)
class DocumentRow:
    id: str
    source: str
    title: str
    published: str | None
    url: str | None
    ingested_at: str


@dataclass(slots=True)
class IncidentQuery:
    """Filters on incidents; each set one must hold. Actors are identifiers (``ALB``, ``APT28``)."""

    text: str | None = None  # full-text search over titles and quoted sentences
    victim: str | None = None
    attributed_to: str | None = None
    attributed_by: str | None = None
    responder: str | None = None
    response: str | None = None
    operation: str | None = None
    sector: str | None = None
    claimed_by: str | None = None
    actor: str | None = None  # in any role
    since: date | None = None
    until: date | None = None


class Store(Protocol):
    def writing(self) -> AbstractContextManager:
        """A write transaction under the store's writer lock; lookups made in it stay true."""
        ...

    def write_mark(self) -> int | None:
        """Changes whenever another writer commits; None when the store cannot tell."""
        ...

    def has_document(self, doc_id: str) -> bool: ...

    def near_duplicates(self, bands: list[str]) -> list[tuple[str, bytes]]:
        """(doc id, signature) of stored documents sharing a band."""
        ...

    def incidents_of_document(self, doc_id: str) -> list[str]: ...

    def linkable_reports(self, keys: set[str]) -> list[tuple[str, list[ReportProfile]]]:
        """Every stored report filed under any of these keys, grouped by incident, by incident id."""
        ...

    def nearby_reports(self, profile: ReportProfile) -> list[tuple[str, Iterator[ReportProfile]]]:
        """Per incident, by id, the stored reports this profile could link to, nearest in time
        first and read lazily; bounded per key and incident (see :mod:`casus.store.nearby`)."""
        ...

    def regroup(self) -> dict[str, int]:
        """Rebuild all incidents from the stored reports (``casus resolve``)."""
        ...

    defer_reindex: bool  # while true, add_document marks incidents for reindex_dirty instead

    def reindex_dirty(self) -> int:
        """Derive the fields of every incident marked while deferring; returns how many."""
        ...

    def add_document(
        self,
        doc: Document,
        signature: bytes,
        bands: list[str],
        placements: list[Placement],
    ) -> list[tuple[str, bool]]:
        """Store the document and its reports; returns (incident id, created) per placement."""
        ...

    def add_source(
        self,
        doc: Document,
        signature: bytes,
        bands: list[str],
        copy_of: str,
        profile: ReportProfile | None = None,
        linked: list[str] = (),
    ) -> list[str]:
        """Store a near-duplicate as one more source of the incidents of ``copy_of`` (and of
        those its own text links to)."""
        ...

    def linkable_documents(self, keys: set[str]) -> list[tuple[str, ReportProfile]]:
        """Stored documents without a report of their own filed under any of these keys."""
        ...

    def nearby_documents(self, profile: ReportProfile, sources_of: list[str] = ()) -> list[tuple[str, ReportProfile]]:
        """Stored documents without a report this profile could link to, by id, bar those already
        sources of ``sources_of``; bounded per key (see :mod:`casus.store.nearby`)."""
        ...

    def add_text_only(
        self, doc: Document, signature: bytes, bands: list[str], profile: ReportProfile, incidents: list[str]
    ) -> list[str]:
        """Store a document extraction found no report in, as a source of ``incidents``."""
        ...

    def feed_validators(self, feed_url: str) -> tuple[str | None, str | None]:
        """The (ETag, Last-Modified) a watched feed last answered with, or (None, None)."""
        ...

    def save_feed_validators(self, feed_url: str, etag: str | None, last_modified: str | None) -> None: ...

    def settled_feed_items(self, feed_url: str, links: list[str], max_attempts: int) -> set[str]:
        """The feed's item links needing no fetch: stored, or failed ``max_attempts`` times."""
        ...

    def record_feed_item(self, feed_url: str, link: str, done: bool) -> None: ...

    def incidents(self) -> Iterator[IncidentRow]: ...

    def incident(self, incident_id: str) -> IncidentRow | None: ...

    def document(self, doc_id: str) -> Document | None: ...

    def counts(self) -> dict[str, int]: ...

    def close(self) -> None: ...
