"""Which incidents an export writes, and what every export format needs about each of them.

All exports take the API's filters (:class:`~casus.store.IncidentQuery`). With no filter the
incidents come in the order they were created, as ``casus export`` always wrote them; with
filters they come in the API's order (newest first). Either way the order is fixed for a given
store, so exporting twice writes the same bytes.

Each incident comes with its documents (ids, sources, titles, URLs, ingest times) and with its
facts merged the way :func:`casus.resolve.facts.incident_fields` merges them, each merged fact
carrying every piece of evidence behind it. The export formats only lay these out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields

from casus.export.timeline import Fact, facts
from casus.models import Evidence
from casus.resolve.facts import incident_fields
from casus.store import DocumentRow, IncidentQuery, IncidentRow

PAGE = 500
MAX_QUOTE = 2000  # a "sentence" longer than this is a page of run-on text; the offsets still say where it is


@dataclass(slots=True)
class MergedFact:
    """One fact of an incident as its fields state it, with every quote behind it."""

    kind: str  # claim, attribution, denial, response
    by: str
    to: str = ""  # the accused, or a response's target
    detail: str = ""  # an attribution's certainty, a response's type
    date: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class ExportIncident:
    row: IncidentRow
    fields: dict
    documents: list[DocumentRow]
    facts: list[MergedFact]

    @property
    def created(self) -> str:
        """When casus first knew of the incident: its first document's ingest time."""
        return min((d.ingested_at for d in self.documents), default="")

    @property
    def modified(self) -> str:
        """When casus last learnt something about it: its latest document's ingest time."""
        return max((d.ingested_at for d in self.documents), default="")


def is_empty(q: IncidentQuery) -> bool:
    return not any(getattr(q, f.name) for f in fields(q))


def quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


def merged_facts(row: IncidentRow, fields_: dict) -> list[MergedFact]:
    """The incident's claims, attributions, denials and responses in the order its fields list
    them, each with the evidence of every report that states it (one quote per sentence)."""
    quotes: dict[tuple, list[Evidence]] = {}
    for f in facts(row):
        if f.kind == "first_activity" or f.evidence is None:
            continue
        bucket = quotes.setdefault(_key(f), [])
        if all((e.doc_id, e.start) != (f.evidence.doc_id, f.evidence.start) for e in bucket):
            bucket.append(f.evidence)
    out = [MergedFact("claim", c, evidence=quotes.get(("claim", c.lower()), [])) for c in fields_["claimed_by"]]
    out += [
        MergedFact(
            "attribution", a["by"], a["to"], a["certainty"] or "", a["date"], quotes.get(("a", a["by"], a["to"]))
        )
        for a in fields_["attributions"]
    ]
    out += [MergedFact("denial", d["by"], evidence=quotes.get(("denial", d["by"]), [])) for d in fields_["denials"]]
    out += [
        MergedFact(
            "response", r["by"], r["against"], r["type"], r["date"], quotes.get(("r", r["by"], r["against"], r["type"]))
        )
        for r in fields_["responses"]
    ]
    for f in out:
        f.evidence = f.evidence or []
    return out


def _key(f: Fact) -> tuple:
    if f.kind == "attribution":
        return ("a", f.by, f.to)
    if f.kind == "response":
        return ("r", f.by, f.to, f.detail)
    return f.key()


def rows(store, query: IncidentQuery) -> Iterator[IncidentRow]:
    if is_empty(query):
        yield from store.incidents()
        return
    offset = 0
    while True:
        _, page = store.query_incidents(query, limit=PAGE, offset=offset)
        for summary in page:
            row = store.incident(summary.id)
            if row is not None:  # unless removed between the listing and the read
                yield row
        if len(page) < PAGE:
            return
        offset += PAGE


def matching(store, query: IncidentQuery | None = None) -> Iterator[ExportIncident]:
    """Every incident matching ``query`` (all of them for None), with its documents and facts."""
    for row in rows(store, query or IncidentQuery()):
        _, docs = store.query_documents(limit=10_000, incident_id=row.id)
        docs.sort(key=lambda d: (d.ingested_at, d.id))
        fields_ = incident_fields(row.reports)
        yield ExportIncident(row, fields_, docs, merged_facts(row, fields_))
