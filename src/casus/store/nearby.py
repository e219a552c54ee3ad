"""Which stored reports a new report is compared with: per incident, the nearest in time first.

Why: a major incident gathers thousands of reports over the years, all filed under the same
blocking keys (its victim, accused, group and malware, month by month). Reading and testing
every one of them for each new article makes ingest cost grow with the incident; it should not.

How: each blocking key row also carries its report's incident and day (``report_keys``, migration
0006), kept in (key, incident, day) order (its primary key since 0008). For each lookup key the
incidents under it are found by a loose index scan (one seek per incident, not per report); then,
per incident, under one of its keys (one of the new report's own month, if it has one), the
``nearby_first`` reports nearest to the new report's day on either side. Those are tested nearest
first and the pipeline stops at an incident's first link, which for an article about a large
incident is almost always one of the first few. Only when none links are the same read under the
incident's other keys, and only when none of those links either and a key held more reports of
that incident does a last pass read up to ``nearby_cap`` on either side. A large incident shares
dozens of keys with an article about it (its tokens in three months, its rarest words in three
years), and reading under all of them before testing one cost more the more of them its reports
had filled.

Exactness: when no key holds more than ``nearby_cap`` reports of one incident on one side of the
new report's day in the months it looks at, every candidate ``linkable_reports`` would return is
tested, so the links are exactly those of the unbounded comparison (and grouping stays
independent of arrival order). Beyond that, the reports furthest in time from the new one under
a crowded key are not tested: a bound, met only by incidents far larger than any answer key's.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from casus.resolve.pairwise import ReportProfile, lookup_keys

# Documents without a report read per key and side of the day. All of them are read and checked
# (is it a source already?) for every report placed, under each of its ~90 lookup keys: at 32 a
# side, the rows read per placement kept growing for tens of thousands of documents around a
# large incident (bench/scale.py: about 630 at 5,500 documents, 1,240 at 23,000, up to 5,760 once
# every key is full), nearly all of them sources of that incident already. At 8 the keys fill
# early and the cost stays flat after; the shared corpora's figures are the same at 8 as at 32.
NEARBY_DOCUMENTS = 8
NEARBY_FIRST = 8  # reports read per key, incident and side of the day before any is tested
NEARBY_CAP = 64  # at most this many per key, incident and side, when none of the first links
PROFILE_BATCH = 16  # profiles decoded at a time, nearest first
BRANCHES = 200  # UNION ALL branches per statement (SQLite allows 500 compound terms)


def report_day(profile: ReportProfile) -> str:
    """The day a report is filed at for nearness: its publication, else its first activity, else ''."""
    return profile.published or profile.first_activity or ""


@lru_cache(maxsize=8192)
def _ordinal(day: str) -> int | None:
    """Days since year 1 of a full or partial ISO date ('2022', '2022-07', '2022-07-15'); None if undated.
    Kept per day: sorting the candidates of a large incident parses the same few hundred days over
    and over, and parsing them was most of what the sort cost."""
    if not day:
        return None
    parts = [int(p) for p in day[:10].split("-") if p.isdigit()] + [1, 1]
    try:
        return date(parts[0], parts[1], parts[2]).toordinal()
    except ValueError:
        return None


def _nearness(target: int | None, day: str, report_id: int) -> tuple:
    """Sort key: days from the new report's day (undated on either side: last), then day and id."""
    ordinal = _ordinal(day)
    gap = abs(ordinal - target) if ordinal is not None and target is not None else float("inf")
    return gap, day, report_id


class NearbyMixin:
    """Statements of :class:`casus.store.sql.SQLStore` that find a new report's nearest stored ones."""

    nearby_first = NEARBY_FIRST
    nearby_cap = NEARBY_CAP
    nearby_documents_cap = NEARBY_DOCUMENTS

    def nearby_documents(self, profile: ReportProfile, sources_of: list[str] = ()) -> list[tuple[str, ReportProfile]]:
        """Stored documents without a report of their own this profile could link to, by id: under
        each lookup key the ``nearby_documents_cap`` nearest in time on either side of its day.
        All of them are tested (each that links becomes a source), so the bound is what keeps a
        crowded key from costing more as the store grows; below it this is every candidate.
        Documents already sources of an incident in ``sources_of`` (those the report joins) are
        left out: they are sources of the report's incident whether they link or not, and around
        a large incident they are most of the candidates."""
        keys = sorted(lookup_keys(profile))
        day = report_day(profile)
        branches, params = [], []
        for key in keys:
            for cond, order in ((">=", "day, doc_id"), ("<", "day DESC, doc_id DESC")):
                branches.append(
                    f"SELECT * FROM (SELECT doc_id FROM document_keys WHERE key = ? AND day {cond} ? "
                    f"ORDER BY {order} LIMIT ?) AS b{len(branches)}"
                )
                params += [key, day, self.nearby_documents_cap]
        # the documents already sources are left out by the database, each with a lookup by key:
        # around a large incident, fetching them all only to drop them cost more as it grew
        incidents = sorted(set(sources_of))
        not_sources = (
            " WHERE NOT EXISTS (SELECT 1 FROM incident_sources s WHERE s.doc_id = u.doc_id "
            f"AND s.incident_id IN ({','.join('?' * len(incidents))}))"
            if incidents
            else ""
        )
        found: set[str] = set()
        for start in range(0, len(branches), BRANCHES):
            union = " UNION ALL ".join(branches[start : start + BRANCHES])
            sql = f"SELECT DISTINCT u.doc_id FROM ({union}) AS u{not_sources}"
            found.update(
                r[0] for r in self.conn.execute(sql, [*params[3 * start : 3 * (start + BRANCHES)], *incidents])
            )
        out = []
        ids = sorted(found)
        for start in range(0, len(ids), PROFILE_BATCH * 8):
            batch = ids[start : start + PROFILE_BATCH * 8]
            marks = ",".join("?" * len(batch))
            out += self.conn.execute(
                f"SELECT doc_id, profile FROM document_profiles WHERE doc_id IN ({marks})", batch
            ).fetchall()
        return [(doc_id, ReportProfile.from_json(json.loads(p))) for doc_id, p in sorted(out)]

    def nearby_reports(self, profile: ReportProfile) -> list[tuple[str, Iterator[ReportProfile]]]:
        """Per incident (by id), the profiles of its stored reports this one could link to, nearest
        in time first, read lazily: stop iterating at the first link and the rest is never read."""
        keys = sorted(lookup_keys(profile))
        if not keys:
            return []
        pairs = self._incident_keys(keys)
        day = report_day(profile)
        own_month = f"@{day[:7]}"
        by_incident: dict[str, list[str]] = defaultdict(list)
        for key, incident_id in pairs:
            by_incident[incident_id].append(key)
        for incident_keys in by_incident.values():  # the lead key first: one of the report's own month
            incident_keys.sort(key=lambda k: (not k.endswith(own_month), k))
        leads = [(incident_keys[0], incident_id) for incident_id, incident_keys in sorted(by_incident.items())]
        first = self._nearest_rows(leads, day, self.nearby_first)  # every incident in pairs has rows
        return [
            (incident_id, self._profiles_nearest(incident_id, by_incident[incident_id], day, first[incident_id]))
            for incident_id in sorted(by_incident)
        ]

    def _incident_keys(self, keys: list[str]) -> list[tuple[str, str]]:
        """(key, incident) for each incident with a report under each key: a loose index scan,
        one index seek per incident under a key however many reports it files there."""
        values = ",".join("(?)" for _ in keys)
        rows = self.conn.execute(
            f"WITH RECURSIVE wanted(key) AS (VALUES {values}), "
            "walk(key, incident_id) AS ("
            "SELECT w.key, (SELECT min(k.incident_id) FROM report_keys k WHERE k.key = w.key) FROM wanted w "
            "UNION ALL "
            "SELECT w.key, (SELECT min(k.incident_id) FROM report_keys k WHERE k.key = w.key "
            "AND k.incident_id > w.incident_id) FROM walk w WHERE w.incident_id IS NOT NULL) "
            "SELECT key, incident_id FROM walk WHERE incident_id IS NOT NULL",
            keys,
        ).fetchall()
        return sorted((k, i) for k, i in rows)

    def _nearest_rows(
        self, pairs: list[tuple[str, str]], day: str, limit: int
    ) -> dict[str, tuple[dict[int, str], bool]]:
        """Per incident: {report id: day} of the ``limit`` reports nearest ``day`` on either side
        under each of its keys, and whether a key and side filled its limit (more may be left)."""
        branches, params = [], []
        for key, incident_id in pairs:
            for cond, order in ((">=", "k.day, k.report_id"), ("<", "k.day DESC, k.report_id DESC")):
                branches.append(
                    f"SELECT * FROM (SELECT k.incident_id, k.key, k.report_id, k.day FROM report_keys k "
                    f"WHERE k.key = ? AND k.incident_id = ? AND k.day {cond} ? ORDER BY {order} LIMIT ?) "
                    f"AS b{len(branches)}"
                )
                params += [key, incident_id, day, limit]
        found: dict[str, dict[int, str]] = defaultdict(dict)
        counts: dict[tuple[str, str, bool], int] = defaultdict(int)
        for start in range(0, len(branches), BRANCHES):
            sql = " UNION ALL ".join(branches[start : start + BRANCHES])
            rows = self.conn.execute(sql, params[4 * start : 4 * (start + BRANCHES)]).fetchall()
            for incident_id, key, report_id, row_day in rows:
                found[incident_id][int(report_id)] = row_day
                counts[(incident_id, key, row_day >= day)] += 1
        full = {incident_id for (incident_id, _, _), n in counts.items() if n >= limit}
        return {incident_id: (rows, incident_id in full) for incident_id, rows in found.items()}

    def _profiles_nearest(
        self, incident_id: str, keys: list[str], day: str, first: tuple[dict[int, str], bool]
    ) -> Iterator[ReportProfile]:
        """The incident's candidate profiles, nearest first: the lead key's, then (only if the
        caller is still iterating) the other keys' as many, then (only if it still is and a key had
        more) the rest up to ``nearby_cap`` a side. Together: the candidates of every key."""
        target = _ordinal(day)
        rows, more = first
        yield from self._profiles_in_order(rows, target)
        if len(keys) > 1:
            others = self._nearest_rows([(k, incident_id) for k in keys[1:]], day, self.nearby_first)
            other_rows, other_more = others.get(incident_id, ({}, False))
            yield from self._profiles_in_order({r: d for r, d in other_rows.items() if r not in rows}, target)
            rows, more = {**rows, **other_rows}, more or other_more
        if not more or self.nearby_cap <= self.nearby_first:
            return
        wider, _ = self._nearest_rows([(k, incident_id) for k in keys], day, self.nearby_cap)[incident_id]
        yield from self._profiles_in_order({r: d for r, d in wider.items() if r not in rows}, target)

    def _profiles_in_order(self, rows: dict[int, str], target: int | None) -> Iterator[ReportProfile]:
        ordered = sorted(rows, key=lambda r: _nearness(target, rows[r], r))
        for start in range(0, len(ordered), PROFILE_BATCH):
            batch = ordered[start : start + PROFILE_BATCH]
            marks = ",".join("?" * len(batch))
            stored = dict(
                self.conn.execute(
                    f"SELECT report_id, profile FROM report_profiles WHERE report_id IN ({marks})", batch
                ).fetchall()
            )
            for report_id in batch:
                yield ReportProfile.from_json(json.loads(stored[report_id]))
