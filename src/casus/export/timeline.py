"""An incident's facts in time order, each with its evidence, for ``casus show`` and the web."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from casus.models import Evidence
from casus.store.base import IncidentRow

ORDER = {"first_activity": 0, "claim": 1, "attribution": 2, "denial": 3, "response": 4}


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact of one report. ``date`` is the fact's own date (a claim or denial has none but the
    report's); ``published`` is the day the report made it known."""

    kind: str  # a key of ORDER
    date: str | None
    published: str | None
    by: str = ""
    to: str = ""  # accused, or the target of a response
    detail: str = ""  # certainty of an attribution, type of a response, victims of a first activity
    evidence: Evidence | None = None

    def key(self) -> tuple:
        """What makes two reports' facts the same fact (a certainty may differ between them)."""
        if self.kind == "claim":
            return (self.kind, self.by.lower())
        if self.kind == "attribution":
            return (self.kind, self.by, self.to)
        return (self.kind, self.by, self.to, self.detail) if self.kind == "response" else (self.kind, self.by)


def facts(row: IncidentRow) -> Iterator[Fact]:
    for r in row.reports:
        victims = ", ".join(v.value for v in r.victims)
        for m in r.first_activity:
            yield Fact("first_activity", m.value, r.published, detail=victims, evidence=m.evidence)
        for c in r.claims:
            yield Fact("claim", r.published, r.published, c.by, evidence=c.evidence)
        for a in r.attributions:
            certainty = a.certainty.value if a.certainty else ""
            yield Fact("attribution", a.date, r.published, a.by, a.to, certainty, a.evidence)
        for d in r.denials:
            yield Fact("denial", r.published, r.published, d.by, evidence=d.evidence)
        for x in r.responses:
            yield Fact("response", x.date, r.published, x.by, x.against, x.type, x.evidence)


def _describe(f: Fact) -> str:
    if f.kind == "first_activity":
        return f"activity against {f.detail}"
    if f.kind == "claim":
        return f"{f.by} claimed the operation"
    if f.kind == "attribution":
        return f"{f.by} attributed it to {f.to}" + (f" ({f.detail})" if f.detail else "")
    if f.kind == "denial":
        return f"{f.by} denied involvement"
    return f"{f.by}: {f.detail.replace('_', ' ')} → {f.to}"


def timeline(row: IncidentRow) -> list[tuple[str | None, str, str, Evidence]]:
    """(date, kind, description, evidence) rows: dated facts by date, undated ones after their kind."""
    rows = [(f.date, f.kind.replace("_", " "), _describe(f), f.evidence) for f in facts(row)]
    rows.sort(key=lambda t: (t[0] or "9999", ORDER[t[1].replace(" ", "_")]))
    return rows
