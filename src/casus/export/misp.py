"""Incidents as MISP events: one event per incident, written as a MISP feed folder.

A MISP feed is a folder of ``<event uuid>.json`` files, each ``{"Event": {...}}``, plus a
``manifest.json`` listing them; MISP adds such a folder as a local feed, and PyMISP loads
each file with ``MISPEvent().load(path)``. The events are built here as plain JSON (PyMISP is
only needed to read them), with uuids and timestamps derived from the store, so writing the
feed twice gives the same files.

In an event:
- tags: ``misp-galaxy:threat-actor="<cluster>"`` for every group the incident is attributed
  to or claimed by that the MISP threat-actor galaxy knows, plus ``casus:victim``,
  ``casus:attributed-to`` and ``casus:response`` tags for filtering;
- each source article is a ``link`` attribute (its URL) or, for a file with no URL, a ``text``
  attribute naming it, both in "External analysis";
- victims are ``target-location`` or ``target-org`` attributes, groups ``threat-actor``;
- every claim, attribution, denial and response is a ``text`` attribute per quote: the value
  is the quote, the comment says what it supports, where it was read and at which offsets.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from casus.actors import Knowledge
from casus.export.select import ExportIncident, quote
from casus.export.stix import NAMESPACE, fact_text
from casus.extract.gazetteer import describe
from casus.models import ActorKind

ORG = {"name": "casus", "uuid": str(uuid.uuid5(NAMESPACE, "misp-org|casus"))}
CATEGORY = {"claim": "Attribution", "attribution": "Attribution", "denial": "Attribution", "response": "Other"}


def _uuid(*key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(("misp", *key))))


def _epoch(stamp: str) -> str:
    if not stamp:
        return "0"
    return str(int(datetime.fromisoformat(stamp).timestamp()))


def _day(value: str | None) -> str | None:
    if not value:
        return None
    return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]


def _tag(name: str, value: str) -> dict:
    """A ``name="value"`` tag; a quote inside an imported name would end the value early."""
    return {"name": f'{name}="{value.replace(chr(34), chr(39))[:200]}"'}


def event(inc: ExportIncident, knowledge: Knowledge | None = None) -> dict:
    knowledge = knowledge or Knowledge()
    row, f = inc.row, inc.fields
    docs = {d.id: d for d in inc.documents}
    stamp = _epoch(inc.modified)
    attributes: list[dict] = []

    def attribute(key: str, kind: str, category: str, value: str, comment: str, when: str) -> None:
        attributes.append(
            {
                "uuid": _uuid(row.id, key),
                "type": kind,
                "category": category,
                "value": value,
                "comment": comment[:1000],
                "to_ids": False,
                "distribution": "5",  # inherit the event's
                "timestamp": when,
            }
        )

    for d in inc.documents:
        when = _epoch(d.ingested_at)
        label = f"{d.title or d.source} ({d.published or 'undated'}; casus document {d.id})"
        if d.url and d.url.startswith(("http://", "https://")):
            attribute(f"source|{d.id}", "link", "External analysis", d.url[:2000], label, when)
        else:
            attribute(f"source|{d.id}", "text", "External analysis", (d.source or d.id)[:1000], label, when)
    for v in f["victims"]:
        kind = "target-location" if describe(v).kind == ActorKind.STATE else "target-org"
        attribute(f"victim|{v}", kind, "Targeting data", describe(v).name, f"victim ({v})", stamp)
    tags = [_tag("casus:victim", v) for v in f["victims"]]
    groups = [a for a in dict.fromkeys([*f["claimed_by"], *(a["to"] for a in f["attributions"])])]
    for g in groups:
        profile = knowledge.profile(g)
        if profile.kind != ActorKind.GROUP.value:
            continue
        attribute(f"group|{g}", "threat-actor", "Attribution", profile.name, "claimed by or attributed to", stamp)
        if profile.cluster:
            tags.append(_tag("misp-galaxy:threat-actor", profile.cluster.value))
    tags += [_tag("casus:attributed-to", a) for a in dict.fromkeys(a["to"] for a in f["attributions"])]
    tags += [_tag("casus:response", r) for r in dict.fromkeys(r["type"] for r in f["responses"])]
    for fact in inc.facts:
        for ev in fact.evidence:
            doc = docs.get(ev.doc_id)
            where = f"{doc.source if doc else ev.doc_id} [{ev.start}:{ev.end}] document {ev.doc_id}"
            key = f"{fact.kind}|{fact.by}|{fact.to}|{fact.detail}|{ev.doc_id}|{ev.start}"
            when = _epoch(doc.ingested_at) if doc else stamp
            attribute(key, "text", CATEGORY[fact.kind], quote(ev.sentence), f"{fact_text(fact)} {where}", when)
    return {
        "Event": {
            "uuid": _uuid(row.id),
            "info": (row.title or "Untitled incident")[:1000],
            "date": _day(f["first_activity"]) or (inc.created or "1970-01-01")[:10],
            "timestamp": stamp,
            "publish_timestamp": "0",
            "published": False,
            "analysis": "2",  # completed: the event states what the sources say
            "threat_level_id": "4",  # undefined: casus reads no severity
            "distribution": "0",  # your organisation only; widen it when sharing
            "Orgc": ORG,
            "Tag": list({t["name"]: t for t in tags}.values()),
            "Attribute": attributes,
        }
    }


def write_feed(incidents: Iterable[ExportIncident], folder: Path, knowledge: Knowledge | None = None) -> int:
    """Write one ``<uuid>.json`` per incident and the feed's ``manifest.json``; returns the count."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for inc in incidents:
        ev = event(inc, knowledge)["Event"]
        (folder / f"{ev['uuid']}.json").write_text(json.dumps({"Event": ev}, ensure_ascii=False) + "\n")
        manifest[ev["uuid"]] = {
            "Orgc": ORG,
            "Tag": ev["Tag"],
            "info": ev["info"],
            "date": ev["date"],
            "analysis": ev["analysis"],
            "threat_level_id": ev["threat_level_id"],
            "timestamp": ev["timestamp"],
        }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return len(manifest)
