"""An incident's derived fields as running tallies, so that deriving them costs the same for an
incident of 10,000 reports as for one of 1.

Why: ``casus.resolve.facts`` derives an incident's fields from all its reports (votes, unions,
earliest dates), and re-reading thousands of reports each time a feed poll adds one makes the
cost of a report grow with its incident. Every one of those derivations is a fold that can be
kept per incident and updated one report at a time, provided each value remembers where it was
first seen: the reports are read in (document id, report id) order, and that order decides which
spelling of a claimant is kept, which value wins a tie in a vote, and the order of the lists.
So each tallied value keeps its position ``[doc_id, report_id, index in the report]``, and the
fields come out exactly as :func:`casus.resolve.facts.incident_fields` gives them from all the
reports (tests/store/test_tally.py holds the two to equality); two incidents that merge add up.
The store keeps each tally as rows, one per tallied value (``store/tally_rows.py``).
"""

from __future__ import annotations

import json
import math
from collections import Counter

from casus.models import Report
from casus.resolve.facts import CERTAINTY_RANK, OPERATION_SHARE, VICTIM_SHARE, report_title
from casus.resolve.merge import Profile, earliest

VOTED = (("victims", VICTIM_SHARE), ("sectors", OPERATION_SHARE), ("operation_types", OPERATION_SHARE))


def _min_date(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if a or b else None


def _first(a: list | None, b: list | None) -> list | None:
    return min(x for x in (a, b) if x is not None) if a is not None or b is not None else None


class Tally:
    """What an incident's fields and profile are derived from, summed over its reports."""

    def __init__(self, state: dict | None = None) -> None:
        s = state or {}
        self.reports: int = s.get("reports", 0)
        self.voted: dict[str, dict[str, list]] = s.get("voted", {f: {} for f, _ in VOTED})  # value: [n, pos]
        self.attributions: dict[str, dict] = s.get("attributions", {})  # json [by, to]: {pos, by, to, ...}
        self.responses: dict[str, dict] = s.get("responses", {})  # json [by, type, against]: {...}
        self.claimed: dict[str, list] = s.get("claimed", {})  # lowercased: [pos, spelling]
        self.denials: dict[str, list] = s.get("denials", {})  # by: pos
        self.first_activity: list[str] = s.get("first_activity", [])  # distinct values
        self.title: list | None = s.get("title")  # [[undated, published, doc_id, report_id], title]
        self.published: list[str] = s.get("published", [])  # [earliest, latest] publication
        self.profile: dict = s.get("profile", {"victims": {}, "accused": {}, "groups": {}, "named": {}, "firsts": []})

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Tally:
        return cls(json.loads(text))

    # --- adding -----------------------------------------------------------------------
    def add(self, report: Report, report_id: int) -> None:
        """Count one report in, wherever it falls in the (document id, report id) order."""
        at = [report.doc_id, int(report_id)]
        self.reports += 1
        for field, _ in VOTED:
            values = dict.fromkeys(m.value for m in getattr(report, field))
            for i, v in enumerate(values):
                self._vote(field, v, 1, [*at, i])
        for i, a in enumerate(report.attributions):
            c = a.certainty.value if a.certainty else None
            self._attribution({"pos": [*at, i], "by": a.by, "to": a.to, "date": a.date, "certainty": c})
        for i, x in enumerate(report.responses):
            self._response({"pos": [*at, i], "by": x.by, "type": x.type, "against": x.against, "date": x.date})
        for i, c in enumerate(report.claims):
            self._claim(c.by.lower(), [[*at, i], c.by])
        for i, d in enumerate(report.denials):
            self.denials[d.by] = _first(self.denials.get(d.by), [*at, i])
        self.first_activity = sorted(set(self.first_activity) | {m.value for m in report.first_activity})
        key = [report.published is None, report.published or "", report.doc_id, int(report_id)]
        self._title([key, report_title(report)])
        if report.published:
            self._published([report.published, report.published])
        p = self.profile
        for name, values in (
            ("victims", {m.value for m in report.victims}),
            ("accused", {a.to for a in report.attributions}),
            ("groups", {c.by.lower() for c in report.claims}),
            ("named", set(report.groups)),
        ):
            for v in values:
                p[name][v] = p[name].get(v, 0) + 1
        if report.first_activity:
            p["firsts"] = sorted(set(p["firsts"]) | {report.first_activity[0].value})

    def merge(self, other: Tally) -> None:
        """Add another incident's tally: the two incidents became one."""
        self.reports += other.reports
        for field, _ in VOTED:
            for v, (n, pos) in other.voted.get(field, {}).items():
                self._vote(field, v, n, pos)
        for entry in other.attributions.values():
            self._attribution(dict(entry))
        for entry in other.responses.values():
            self._response(dict(entry))
        for lower, first in other.claimed.items():
            self._claim(lower, first)
        for by, pos in other.denials.items():
            self.denials[by] = _first(self.denials.get(by), pos)
        self.first_activity = sorted(set(self.first_activity) | set(other.first_activity))
        if other.title:
            self._title(other.title)
        if other.published:
            self._published(other.published)
        for name in ("victims", "accused", "groups", "named"):
            for v, n in other.profile[name].items():
                self.profile[name][v] = self.profile[name].get(v, 0) + n
        self.profile["firsts"] = sorted(set(self.profile["firsts"]) | set(other.profile["firsts"]))

    def _vote(self, field: str, value: str, n: int, pos: list) -> None:
        cur = self.voted.setdefault(field, {}).get(value)
        self.voted[field][value] = [n, pos] if cur is None else [cur[0] + n, min(cur[1], pos)]

    @staticmethod
    def _fold(table: dict, key: str, new: dict) -> dict | None:
        """Add a dated, placed entry: the first sighting is kept whole; a later one keeps the
        earliest position and date. Returns the entry it was folded into, if there was one."""
        cur = table.get(key)
        if cur is None:
            table[key] = new
            return None
        cur["pos"] = min(cur["pos"], new["pos"])
        cur["date"] = _min_date(cur["date"], new["date"])
        return cur

    def _attribution(self, new: dict) -> None:
        cur = self._fold(self.attributions, json.dumps([new["by"], new["to"]]), new)
        if cur is not None and CERTAINTY_RANK[new["certainty"]] > CERTAINTY_RANK[cur["certainty"]]:
            cur["certainty"] = new["certainty"]

    def _response(self, new: dict) -> None:
        self._fold(self.responses, json.dumps([new["by"], new["type"], new["against"]]), new)

    def _claim(self, lower: str, first: list) -> None:
        cur = self.claimed.get(lower)
        if cur is None or first[0] < cur[0]:
            self.claimed[lower] = first

    def _title(self, candidate: list) -> None:
        if self.title is None or candidate[0] < self.title[0]:
            self.title = candidate

    def _published(self, span: list[str]) -> None:
        self.published = [min([*self.published[:1], span[0]]), max([*self.published[1:], span[1]])]

    # --- reading ----------------------------------------------------------------------
    def _voted_values(self, field: str, share: float) -> list[str]:
        counts = self.voted.get(field, {})
        if not counts:
            return []
        need = max(1, math.ceil(self.reports * share))
        ordered = sorted(counts, key=lambda v: (-counts[v][0], counts[v][1]))
        return [v for v in ordered if counts[v][0] >= need or v == ordered[0]]

    def fields(self) -> dict:
        """The ``casus-summary/1`` fields, as ``incident_fields`` gives them from all the reports."""
        attributions = sorted(self.attributions.values(), key=lambda a: a["pos"])
        accused = {a["to"] for a in attributions}
        victims = self._voted_values("victims", VICTIM_SHARE)
        victims = [v for v in victims if v not in accused] or victims
        claimed = sorted(self.claimed.values(), key=lambda c: c[0])
        return {
            "victims": victims,
            "sectors": self._voted_values("sectors", OPERATION_SHARE),
            "first_activity": earliest(self.first_activity),
            "operation_types": self._voted_values("operation_types", OPERATION_SHARE),
            "claimed_by": [spelling for _, spelling in claimed],
            "attributions": [{k: a[k] for k in ("by", "to", "date", "certainty")} for a in attributions],
            "denials": [{"by": by} for by in sorted(self.denials, key=lambda b: self.denials[b])],
            "responses": [
                {k: r[k] for k in ("by", "type", "against", "date")}
                for r in sorted(self.responses.values(), key=lambda r: r["pos"])
            ],
        }

    def incident_title(self) -> str:
        return self.title[1] if self.title else ""

    def earliest_published(self) -> str | None:
        return self.published[0] if self.published else None

    def incident_profile(self) -> Profile:
        """The summed profile ``incident_profile`` gives."""
        p = self.profile
        return Profile(
            victims=Counter(p["victims"]),
            accused=Counter(p["accused"]),
            groups=Counter(p["groups"]),
            named=Counter(p["named"]),
            first_activity=earliest(p["firsts"]),
            published_min=self.published[0] if self.published else None,
            published_max=self.published[1] if self.published else None,
            reports=self.reports,
        )


SEARCH_TEXT_CHARS = 100_000  # the bound on an incident's search text
NO_FIELDS = {k: [] for k in ("victims", "sectors", "operation_types", "claimed_by", "attributions", "denials")} | {
    "responses": [],
    "first_activity": None,
}
