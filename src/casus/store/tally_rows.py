"""Each incident's tally (``store/tally.py``) kept as rows, one per tallied value, updated per report.

Why: kept as one JSON document per incident, the tally of a large incident grows with its reports
(every distinct attribution and response pair, every voted value), and reading, decoding,
re-encoding and rewriting it whole on every report made a report cost more the larger its
incident. As rows keyed by (incident, kind, value), a report touches only the rows of its own
values, each with one upsert, so adding it costs the same in an incident of 10,000 reports as in
one of 1; the whole tally is read only when the incident's fields are derived, once per run.

How: ``tally_heads`` holds what an incident has one of (its report count, the title's sort key
and title, the first and last publication) and ``tally_entries`` one row per value: kind (a voted
field, an attribution, a response, a claim, a denial, a first-activity date, a profile counter),
the value, a count, the position it was first seen at (``[doc_id, report_id, index]``), the
spelling seen there, the highest certainty and the earliest date. The upserts fold a row in with
the same rules as :meth:`Tally.merge` (counts add up, the earliest position and its spelling win,
the higher certainty wins, the earliest date wins), so a report is counted in by upserting the
rows of a one-report tally, and two incidents that merge by upserting one's rows into the other.
Both back ends run the same statements (``INSERT … ON CONFLICT … DO UPDATE``, row values).
"""

from __future__ import annotations

import json

from casus.models import Report
from casus.resolve.facts import CERTAINTY_RANK
from casus.store.codec import report_from_json
from casus.store.tally import Tally

NO_POSITION = ("", 0, 0)  # the position of values whose first sighting decides nothing
PROFILE_COUNTERS = ("victims", "accused", "groups", "named")

HEAD_FIELDS = "reports, title, title_undated, title_published, title_doc, title_report, published_min, published_max"
ENTRY_FIELDS = "kind, item, n, pos_doc, pos_report, pos_index, spelling, certainty, certainty_rank, earliest"
ENTRY_MARKS = ", ".join("?" * 11)  # incident_id and the entry's fields

_HEAD_EARLIER = (
    "(excluded.title_undated, excluded.title_published, excluded.title_doc, excluded.title_report) < "
    "(tally_heads.title_undated, tally_heads.title_published, tally_heads.title_doc, tally_heads.title_report)"
)
_TITLE_WINS = f"tally_heads.title_doc IS NULL OR {_HEAD_EARLIER}"
HEAD_UPSERT = (
    "ON CONFLICT (incident_id) DO UPDATE SET reports = tally_heads.reports + excluded.reports, "
    + ", ".join(
        f"{c} = CASE WHEN {_TITLE_WINS} THEN excluded.{c} ELSE tally_heads.{c} END"
        for c in ("title", "title_undated", "title_published", "title_doc", "title_report")
    )
    + ", published_min = CASE WHEN tally_heads.published_min IS NULL OR excluded.published_min < "
    "tally_heads.published_min THEN excluded.published_min ELSE tally_heads.published_min END"
    ", published_max = CASE WHEN tally_heads.published_max IS NULL OR excluded.published_max > "
    "tally_heads.published_max THEN excluded.published_max ELSE tally_heads.published_max END"
)

_ENTRY_EARLIER = (
    "(excluded.pos_doc, excluded.pos_report, excluded.pos_index) < "
    "(tally_entries.pos_doc, tally_entries.pos_report, tally_entries.pos_index)"
)
_SURER = "excluded.certainty_rank > tally_entries.certainty_rank"
ENTRY_UPSERT = (
    "ON CONFLICT (incident_id, kind, item) DO UPDATE SET n = tally_entries.n + excluded.n, "
    + ", ".join(
        f"{c} = CASE WHEN {_ENTRY_EARLIER} THEN excluded.{c} ELSE tally_entries.{c} END"
        for c in ("pos_doc", "pos_report", "pos_index", "spelling")
    )
    + ", "
    + ", ".join(
        f"{c} = CASE WHEN {_SURER} THEN excluded.{c} ELSE tally_entries.{c} END"
        for c in ("certainty", "certainty_rank")
    )
    + ", earliest = CASE WHEN tally_entries.earliest IS NULL OR excluded.earliest < tally_entries.earliest "
    "THEN excluded.earliest ELSE tally_entries.earliest END"
)


def head_row(tally: Tally) -> tuple:
    """(reports, title, its sort key's four parts, first and last publication) of a tally."""
    key, title = tally.title if tally.title else ([None, None, None, None], None)
    undated = None if key[0] is None else int(key[0])
    published = tally.published or [None, None]
    return (tally.reports, title, undated, key[1], key[2], key[3], published[0], published[1])


def entry_rows(tally: Tally) -> list[tuple]:
    """One row per tallied value: (kind, item, n, position × 3, spelling, certainty, its rank, earliest date)."""
    rows: list[tuple] = []

    def add(kind: str, item: str, n: int = 1, pos=NO_POSITION, spelling=None, certainty=None, date=None) -> None:
        rank = CERTAINTY_RANK[certainty]
        rows.append((kind, item, n, pos[0], int(pos[1]), int(pos[2]), spelling, certainty, rank, date))

    for field, counts in tally.voted.items():
        for value, (n, pos) in counts.items():
            add(f"vote:{field}", value, n, pos)
    for key, a in tally.attributions.items():
        add("attribution", key, pos=a["pos"], certainty=a["certainty"], date=a["date"])
    for key, r in tally.responses.items():
        add("response", key, pos=r["pos"], date=r["date"])
    for lower, (pos, spelling) in tally.claimed.items():
        add("claim", lower, pos=pos, spelling=spelling)
    for by, pos in tally.denials.items():
        add("denial", by, pos=pos)
    for value in tally.first_activity:
        add("first_activity", value)
    for name in PROFILE_COUNTERS:
        for value, n in tally.profile[name].items():
            add(f"profile:{name}", value, n)
    for value in tally.profile["firsts"]:
        add("profile:firsts", value)
    return rows


def tally_from_rows(head: tuple, entries: list[tuple]) -> Tally:
    """The tally the rows hold: the inverse of :func:`head_row` and :func:`entry_rows`."""
    reports, title, undated, published, doc, report, published_min, published_max = head
    tally = Tally()
    tally.reports = int(reports)
    if doc is not None:
        tally.title = [[bool(undated), published, doc, int(report)], title]
    if published_min is not None:
        tally.published = [published_min, published_max]
    firsts, profile_firsts = [], []
    for kind, item, n, pos_doc, pos_report, pos_index, spelling, certainty, _, date in entries:
        pos = [pos_doc, int(pos_report), int(pos_index)]
        group, _, name = kind.partition(":")
        if group == "vote":
            tally.voted.setdefault(name, {})[item] = [int(n), pos]
        elif group == "profile" and name == "firsts":
            profile_firsts.append(item)
        elif group == "profile":
            tally.profile[name][item] = int(n)
        elif kind == "attribution":
            by, to = json.loads(item)
            tally.attributions[item] = {"pos": pos, "by": by, "to": to, "date": date, "certainty": certainty}
        elif kind == "response":
            by, type_, against = json.loads(item)
            tally.responses[item] = {"pos": pos, "by": by, "type": type_, "against": against, "date": date}
        elif kind == "claim":
            tally.claimed[item] = [pos, spelling]
        elif kind == "denial":
            tally.denials[item] = pos
        elif kind == "first_activity":
            firsts.append(item)
    tally.first_activity = sorted(firsts)
    tally.profile["firsts"] = sorted(profile_firsts)
    for name in PROFILE_COUNTERS:  # a fixed order, whatever order the rows came in
        tally.profile[name] = dict(sorted(tally.profile[name].items()))
    return tally


class TallyMixin:
    """Statements of :class:`casus.store.sql.SQLStore` that keep each incident's tally
    (``tally_heads`` and ``tally_entries``, migration 0007) in step with its reports."""

    def tally(self, incident_id: str) -> Tally:
        """The incident's tally; one missing (an incident regrouped, or stored before 0006) is
        counted from its reports and kept."""
        head = self.conn.execute(
            f"SELECT {HEAD_FIELDS} FROM tally_heads WHERE incident_id = ?", (incident_id,)
        ).fetchone()
        if head is None:
            return self._count_tally(incident_id)
        entries = self.conn.execute(
            f"SELECT {ENTRY_FIELDS} FROM tally_entries WHERE incident_id = ?", (incident_id,)
        ).fetchall()
        return tally_from_rows(tuple(head), [tuple(e) for e in entries])

    def _count_tally(self, incident_id: str) -> Tally:
        """Count the incident's tally from all its reports, and keep it."""
        tally = Tally()
        for report_id, data in self.conn.execute(
            "SELECT id, data FROM reports WHERE incident_id = ? ORDER BY doc_id, id", (incident_id,)
        ).fetchall():
            tally.add(report_from_json(json.loads(data)), report_id)
        self.forget_tallies([incident_id])
        self._upsert_tally(incident_id, tally)
        return tally

    def _upsert_tally(self, incident_id: str, tally: Tally) -> None:
        """Fold ``tally`` into the incident's rows (or write them, if it has none)."""
        self.conn.execute(
            f"INSERT INTO tally_heads (incident_id, {HEAD_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) {HEAD_UPSERT}",
            (incident_id, *head_row(tally)),
        )
        rows = entry_rows(tally)
        if rows:
            self.conn.executemany(
                f"INSERT INTO tally_entries (incident_id, {ENTRY_FIELDS}) VALUES ({ENTRY_MARKS}) {ENTRY_UPSERT}",
                [(incident_id, *row) for row in rows],
            )

    def _has_tally(self, incident_id: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM tally_heads WHERE incident_id = ?", (incident_id,)).fetchone() is not None
        )

    def _tally_report(self, incident_id: str, report: Report, report_id: int) -> None:
        """Count a report just stored into its incident's tally: the rows of its own values only
        (a new incident's tally, or one missing, is counted from its reports, this one included)."""
        if not self._has_tally(incident_id):
            self._count_tally(incident_id)
            return
        one = Tally()
        one.add(report, report_id)
        self._upsert_tally(incident_id, one)

    def _merge_tallies(self, survivor: str, other: str) -> None:
        """Before ``other``'s reports move to ``survivor``: one tally, the sum of both, folded in
        by the database, row by row, with the same rules as a report's."""
        for incident_id in (survivor, other):
            if not self._has_tally(incident_id):
                self._count_tally(incident_id)
        self.conn.execute(
            f"INSERT INTO tally_heads (incident_id, {HEAD_FIELDS}) SELECT CAST(? AS TEXT), {HEAD_FIELDS} "
            f"FROM tally_heads WHERE incident_id = ? {HEAD_UPSERT}",
            (survivor, other),
        )
        self.conn.execute(
            f"INSERT INTO tally_entries (incident_id, {ENTRY_FIELDS}) SELECT CAST(? AS TEXT), {ENTRY_FIELDS} "
            f"FROM tally_entries WHERE incident_id = ? {ENTRY_UPSERT}",
            (survivor, other),
        )
        self.forget_tallies([other])

    def forget_tallies(self, incident_ids: list[str] | None = None) -> None:
        """Drop tallies (all, or these incidents'), to be counted afresh from the reports."""
        for table in ("tally_entries", "tally_heads"):
            if incident_ids is None:
                self.conn.execute(f"DELETE FROM {table}")
            for incident_id in incident_ids or []:
                self.conn.execute(f"DELETE FROM {table} WHERE incident_id = ?", (incident_id,))
