"""An incident's fields, derived from its reports: the one place where reports become a record.

- claims, attributions, denials and responses: the union over reports, one per tuple, with
  the earliest date any report gives it and the firmest certainty;
- victims: those a third or more of the reports state (one stray report among five does not
  make a victim), and the best-supported one always;
- operation types and sectors: those a fifth of the reports state, since outlets tell different
  parts of how it was done;
- first activity: the earliest date, as precise as the reports allow.

The store keeps these fields beside each incident so that lists, filters and charts never have
to re-read the reports; the export and the web pages read the same derivation.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import reduce

from casus.models import Report
from casus.resolve.merge import Profile, earliest, merge_profiles, profile_of

VICTIM_SHARE = 1 / 3  # a victim most reports do not name is a stray
OPERATION_SHARE = 0.2  # outlets tell different parts of how it was done, but one stray in five is a stray
CERTAINTY_RANK = {"high": 3, "moderate": 2, "low": 1, None: 0}


def _voted(reports: list[Report], field: str, share: float) -> list[str]:
    counts = Counter(v for r in reports for v in dict.fromkeys(m.value for m in getattr(r, field)))
    if not counts:
        return []
    need = max(1, math.ceil(len(reports) * share))
    top = counts.most_common(1)[0][0]
    return [v for v, n in counts.most_common() if n >= need or v == top]


def _not_the_accused(victims: list[str], attributions: dict) -> list[str]:
    """A state the incident's attributions accuse is not also its victim (a report that read the
    accused's retort, "US attacks on China", as a victim), unless no other victim is left."""
    accused = {to for _, to in attributions}
    return [v for v in victims if v not in accused] or victims


def _min_date(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if a or b else None


def incident_fields(reports: list[Report]) -> dict:
    """The ``casus-summary/1`` fields of one incident, bar its id, title and sources."""
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
        "victims": _not_the_accused(_voted(reports, "victims", VICTIM_SHARE), attributions),
        "sectors": _voted(reports, "sectors", OPERATION_SHARE),
        "first_activity": earliest([m.value for r in reports for m in r.first_activity]),
        "operation_types": _voted(reports, "operation_types", OPERATION_SHARE),
        "claimed_by": list(claimed.values()),
        "attributions": list(attributions.values()),
        "denials": [{"by": d} for d in denials],
        "responses": list(responses.values()),
    }


def report_title(report: Report) -> str:
    """A report's headline, or a description of it for an article without one."""
    if report.title:
        return report.title
    victims = ", ".join(m.value for m in report.victims) or "unknown victim"
    accused = sorted({a.to for a in report.attributions})
    return f"Cyber operation against {victims}" + (f", attributed to {', '.join(accused)}" if accused else "")


def incident_title(reports: list[Report]) -> str:
    """The headline of the earliest report (then the smallest document id): the same whichever
    article arrived first."""
    if not reports:
        return ""
    first = min(reports, key=lambda r: (r.published is None, r.published or "", r.doc_id))
    return report_title(first)


def incident_profile(reports: list[Report]) -> Profile:
    """The incident's actors and dates summed over its reports, as lists and the API show them."""
    return reduce(merge_profiles, (profile_of(r) for r in reports), Profile(reports=0))


def fact_rows(fields: dict) -> list[tuple[str, str, str, str]]:
    """(kind, subject, object, detail) rows the store indexes for filters, actor pages and charts."""
    rows = [("victim", v, "", "") for v in fields["victims"]]
    rows += [("operation", t, "", "") for t in fields["operation_types"]]
    rows += [("sector", s, "", "") for s in fields["sectors"]]
    rows += [("claim", c, "", "") for c in fields["claimed_by"]]
    rows += [("attribution", a["by"], a["to"], a["certainty"] or "") for a in fields["attributions"]]
    rows += [("denial", d["by"], "", "") for d in fields["denials"]]
    rows += [("response", r["by"], r["against"], r["type"]) for r in fields["responses"]]
    return list(dict.fromkeys(rows))


def seen_span(fields: dict, reports: list[Report]) -> tuple[str | None, str | None]:
    """The first days an incident is known in, as a (from, to) pair of full dates: its first
    activity, or failing that its earliest news. "2022-07" spans 2022-07-01 to 2022-07-31, so a
    date-range filter matches an incident whose month overlaps the range."""
    when = fields["first_activity"] or min((r.published for r in reports if r.published), default=None)
    if not when:
        return None, None
    if len(when) == 4:
        return f"{when}-01-01", f"{when}-12-31"
    if len(when) == 7:
        return f"{when}-01", f"{when}-31"
    return when[:10], when[:10]


def search_text(title: str, fields: dict, reports: list[Report], limit: int = 100_000) -> str:
    """What full-text search reads for one incident: its title, its actors and every quoted
    sentence behind its facts (names as the articles write them), bounded in size."""
    parts = [title]
    for r in reports:
        parts.append(r.title)
        for name in ("victims", "sectors", "operation_types", "first_activity"):
            parts += [m.evidence.sentence for m in getattr(r, name)]
        for group in (r.claims, r.attributions, r.denials, r.responses):
            parts += [x.evidence.sentence for x in group]
    parts += [" ".join(x for row in fact_rows(fields) for x in row if x)]
    text = "\n".join(dict.fromkeys(p for p in parts if p))
    return text[:limit]
