"""The narrow interface every store implements; the pipeline and exports see nothing else.

Writes come one document at a time, in one transaction each (``add_document``), so an
interrupted run loses at most the document in flight. Lookups are by key (content hash, band
key, profile key), which keeps the cost of adding a document flat as the store grows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from casus.models import Document, Report
from casus.resolve import Profile


@dataclass(slots=True)
class IncidentRow:
    id: str
    title: str
    profile: Profile
    sources: list[str]
    reports: list[Report]


@dataclass(slots=True)
class Placement:
    """Where one report of a document goes: an existing incident, or a new one (``incident_id``
    None) with the title and profile given."""

    report: Report
    incident_id: str | None
    profile: Profile
    title: str


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
    def has_document(self, doc_id: str) -> bool: ...

    def near_duplicates(self, bands: list[str]) -> list[tuple[str, bytes]]:
        """(doc id, signature) of stored documents sharing a band."""
        ...

    def incidents_of_document(self, doc_id: str) -> list[str]: ...

    def candidates(self, keys: set[str], limit: int = 50) -> list[tuple[str, Profile]]:
        """Incidents filed under any of these profile keys, most recently updated first."""
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

    def add_source(self, doc: Document, signature: bytes, bands: list[str], copy_of: str) -> list[str]:
        """Store a near-duplicate as one more source of the incidents of ``copy_of``."""
        ...

    def incidents(self) -> Iterator[IncidentRow]: ...

    def incident(self, incident_id: str) -> IncidentRow | None: ...

    def document(self, doc_id: str) -> Document | None: ...

    def counts(self) -> dict[str, int]: ...

    def close(self) -> None: ...
