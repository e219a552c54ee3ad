"""Incidents as ``casus-summary/1`` (see the shared FORMAT.md) and as full JSON lines.

An incident's fields are derived from its reports here, at export time:

- claims, attributions, denials and responses: the union over reports, one per tuple, with
  the earliest date any report gives it and the firmest certainty;
- victims: those a third or more of the reports state (one stray report among five does not
  make a victim), and the best-supported one always;
- operation types and sectors: any report's, since outlets tell different parts of how it was done;
- first activity: the earliest date, as precise as the reports allow.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict

from casus.models import Report
from casus.resolve.merge import earliest
from casus.store.base import IncidentRow

FORMAT = "casus-summary/1"
VICTIM_SHARE = 1 / 3  # a victim most reports do not name is a stray
OPERATION_SHARE = 0.0  # any report that says how it was done counts: outlets tell different parts
CERTAINTY_RANK = {"high": 3, "moderate": 2, "low": 1, None: 0}


def _voted(reports: list[Report], field: str, share: float) -> list[str]:
    counts = Counter(v for r in reports for v in dict.fromkeys(m.value for m in getattr(r, field)))
    if not counts:
        return []
    need = max(1, math.ceil(len(reports) * share))
    top = counts.most_common(1)[0][0]
    return [v for v, n in counts.most_common() if n >= need or v == top]


def _min_date(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if a or b else None


def summarize(row: IncidentRow) -> dict:
    reports = row.reports
    attributions: dict[tuple[str, str], dict] = {}
    for r in reports:
        for a in r.attributions:
            cur = attributions.setdefault((a.by, a.to), {"by": a.by, "to": a.to, "date": None, "certainty": None})
            cur["date"] = _min_date(cur["date"], a.date)
            c = a.certainty.value if a.certainty else None
            if CERTAINTY_RANK[c] > CERTAINTY_RANK[cur["certainty"]]:
                cur["certainty"] = c
    responses: dict[tuple[str, str, str], dict] = {}
    for r in reports:
        for x in r.responses:
            cur = responses.setdefault(
                (x.by, x.type, x.against), {"by": x.by, "type": x.type, "against": x.against, "date": None}
            )
            cur["date"] = _min_date(cur["date"], x.date)
    claimed: dict[str, str] = {}
    for r in reports:
        for c in r.claims:
            claimed.setdefault(c.by.lower(), c.by)
    denials = list(dict.fromkeys(d.by for r in reports for d in r.denials))
    return {
        "id": row.id,
        "title": row.title,
        "victims": _voted(reports, "victims", VICTIM_SHARE),
        "sectors": _voted(reports, "sectors", OPERATION_SHARE),
        "first_activity": earliest([m.value for r in reports for m in r.first_activity]),
        "operation_types": _voted(reports, "operation_types", OPERATION_SHARE),
        "claimed_by": list(claimed.values()),
        "attributions": list(attributions.values()),
        "denials": [{"by": d} for d in denials],
        "responses": list(responses.values()),
        "sources": row.sources,
    }


def summary_document(rows) -> dict:
    return {"format": FORMAT, "incidents": [summarize(r) for r in rows]}


def full_record(row: IncidentRow) -> dict:
    """One incident with every report and every fact's evidence, for ``--format jsonl``."""
    record = summarize(row)
    record["reports"] = [asdict(r) for r in row.reports]
    return record
