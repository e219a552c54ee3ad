"""Incidents as CSV, one file per record kind, for spreadsheets and pandas.

Column names are fixed (``COLUMNS``) and documented in the README; a test holds the two
together. Fact files have one row per fact and quote, so every row carries its evidence
(document, quote, offsets, the rule that read it); list-valued incident fields are joined
with "; ". A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
leading apostrophe, so article text opened in a spreadsheet stays text and never runs as a
formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from casus.export.select import ExportIncident, quote

EVIDENCE = ["doc_id", "source", "quote", "start", "end", "rule"]
COLUMNS = {
    "incidents": [
        "incident_id",
        "title",
        "first_activity",
        "victims",
        "sectors",
        "operation_types",
        "claimed_by",
        "attributed_to",
        "attributed_by",
        "denied_by",
        "responders",
        "n_sources",
        "first_ingested",
        "last_ingested",
    ],
    "sources": ["incident_id", "doc_id", "source", "title", "published", "url", "ingested_at"],
    "claims": ["incident_id", "by", *EVIDENCE],
    "attributions": ["incident_id", "by", "to", "certainty", "date", *EVIDENCE],
    "denials": ["incident_id", "by", *EVIDENCE],
    "responses": ["incident_id", "by", "type", "against", "date", *EVIDENCE],
}
FACT_FILE = {"claim": "claims", "attribution": "attributions", "denial": "denials", "response": "responses"}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _join(values: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(v for v in values if v))


def rows(inc: ExportIncident) -> dict[str, list[list]]:
    """The rows one incident adds to each file."""
    row, f = inc.row, inc.fields
    docs = {d.id: d for d in inc.documents}
    out: dict[str, list[list]] = {name: [] for name in COLUMNS}
    out["incidents"].append(
        [
            row.id,
            row.title,
            f["first_activity"],
            _join(f["victims"]),
            _join(f["sectors"]),
            _join(f["operation_types"]),
            _join(f["claimed_by"]),
            _join(a["to"] for a in f["attributions"]),
            _join(a["by"] for a in f["attributions"]),
            _join(d["by"] for d in f["denials"]),
            _join(r["by"] for r in f["responses"]),
            len(inc.documents),
            inc.created,
            inc.modified,
        ]
    )
    for d in inc.documents:
        out["sources"].append([row.id, d.id, d.source, d.title, d.published, d.url, d.ingested_at])
    for fact in inc.facts:
        head = {
            "claim": [fact.by],
            "attribution": [fact.by, fact.to, fact.detail, fact.date],
            "denial": [fact.by],
            "response": [fact.by, fact.detail, fact.to, fact.date],
        }[fact.kind]
        for ev in fact.evidence:
            source = docs[ev.doc_id].source if ev.doc_id in docs else ""
            out[FACT_FILE[fact.kind]].append(
                [row.id, *head, ev.doc_id, source, quote(ev.sentence), ev.start, ev.end, ev.rule]
            )
    return out


def write_csv(incidents: Iterable[ExportIncident], folder: Path) -> dict[str, int]:
    """Write ``<kind>.csv`` for every record kind into ``folder``; returns rows per file."""
    folder.mkdir(parents=True, exist_ok=True)
    handles = {name: (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") for name in COLUMNS}
    counts = dict.fromkeys(COLUMNS, 0)
    try:
        writers = {name: csv.writer(h) for name, h in handles.items()}
        for name, w in writers.items():
            w.writerow(COLUMNS[name])
        for inc in incidents:
            for name, new in rows(inc).items():
                writers[name].writerows([[cell(v) for v in r] for r in new])
                counts[name] += len(new)
    finally:
        for h in handles.values():
            h.close()
    return counts
