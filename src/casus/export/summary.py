"""Incidents as ``casus-summary/1`` (see the shared FORMAT.md) and as full JSON lines.

The fields themselves are derived from the reports in :mod:`casus.resolve.facts`.
"""

from __future__ import annotations

from dataclasses import asdict

from casus.resolve.facts import incident_fields
from casus.store.base import IncidentRow

FORMAT = "casus-summary/1"


def summarize(row: IncidentRow) -> dict:
    return {"id": row.id, "title": row.title, **incident_fields(row.reports), "sources": row.sources}


def summary_document(rows) -> dict:
    return {"format": FORMAT, "incidents": [summarize(r) for r in rows]}


def full_record(row: IncidentRow) -> dict:
    """One incident with every report and every fact's evidence, for ``--format jsonl``."""
    record = summarize(row)
    record["reports"] = [asdict(r) for r in row.reports]
    return record
