"""Reports to JSON and back: the store keeps each report whole, evidence included."""

from __future__ import annotations

from dataclasses import asdict

from casus.models import Attribution, Certainty, Claim, Denial, Evidence, Mention, Report, Response


def report_to_json(report: Report) -> dict:
    return asdict(report)


def _ev(d: dict) -> Evidence:
    return Evidence(**d)


def report_from_json(d: dict) -> Report:
    def mentions(key: str) -> list[Mention]:
        return [Mention(m["value"], _ev(m["evidence"])) for m in d.get(key, [])]

    return Report(
        doc_id=d["doc_id"],
        main=d.get("main", True),
        title=d.get("title", ""),
        published=d.get("published"),
        victims=mentions("victims"),
        sectors=mentions("sectors"),
        operation_types=mentions("operation_types"),
        first_activity=mentions("first_activity"),
        claims=[Claim(c["by"], _ev(c["evidence"])) for c in d.get("claims", [])],
        attributions=[
            Attribution(
                a["by"],
                a["to"],
                _ev(a["evidence"]),
                Certainty(a["certainty"]) if a.get("certainty") else None,
                a.get("date"),
            )
            for a in d.get("attributions", [])
        ],
        denials=[Denial(x["by"], _ev(x["evidence"])) for x in d.get("denials", [])],
        responses=[
            Response(r["by"], r["type"], r["against"], _ev(r["evidence"]), r.get("date"))
            for r in d.get("responses", [])
        ],
        groups=list(d.get("groups", [])),
    )
