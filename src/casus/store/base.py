"""The narrow interface every store implements; the pipeline and exports see nothing else.

Writes come one document at a time, in one transaction each (``add_document``), so an
interrupted run loses at most the document in flight. Lookups are by key (content hash, band
key, profile key), which keeps the cost of adding a document flat as the store grows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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
