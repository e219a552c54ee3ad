"""An incident's facts in time order, each with its evidence, for ``casus show`` and the web."""

from __future__ import annotations

from casus.models import Evidence
from casus.store.base import IncidentRow

ORDER = {"first activity": 0, "claim": 1, "attribution": 2, "denial": 3, "response": 4}


def timeline(row: IncidentRow) -> list[tuple[str | None, str, str, Evidence]]:
    """(date, kind, description, evidence) rows: dated facts by date, undated ones after their kind."""
    rows: list[tuple[str | None, str, str, Evidence]] = []
    for r in row.reports:
        for m in r.first_activity:
            rows.append(
                (m.value, "first activity", f"activity against {', '.join(v.value for v in r.victims)}", m.evidence)
            )
        for c in r.claims:
            rows.append((r.published, "claim", f"{c.by} claimed the operation", c.evidence))
        for a in r.attributions:
            certainty = f" ({a.certainty.value})" if a.certainty else ""
            rows.append((a.date, "attribution", f"{a.by} attributed it to {a.to}{certainty}", a.evidence))
        for d in r.denials:
            rows.append((r.published, "denial", f"{d.by} denied involvement", d.evidence))
        for x in r.responses:
            rows.append((x.date, "response", f"{x.by}: {x.type.replace('_', ' ')} → {x.against}", x.evidence))
    rows.sort(key=lambda t: (t[0] or "9999", ORDER[t[1]]))
    return rows
