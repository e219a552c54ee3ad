"""Incidents as a STIX 2.1 bundle that the standard's validator accepts and OpenCTI reads.

The mapping, and why:

- The incident is an ``incident`` SDO, not a ``grouping``. A grouping is an analyst's set of
  objects "that share context", with no meaning of its own, while relationships such as
  ``attributed-to`` and ``targets`` need a subject that *is* the operation. OpenCTI models
  incidents the same way (incident → attributed-to / targets). The per-article containers are
  ``report`` objects, so a grouping would only duplicate them.
- States, international bodies and companies are ``identity`` objects (a state's identity is
  its government, sector ``government-national``), and each state also has a ``location``
  with its ISO 3166-1 alpha-2 code, linked by ``located-at``. Threat groups and personas are
  ``intrusion-set`` objects with the aliases the MISP galaxies (and local alias files) record:
  they are the activity clusters vendors and the press name, and the state or organisation
  behind one is what it is attributed to.
- ``relationship`` objects say what the incident is ``attributed-to`` (accused states and
  groups, claimants) and what it ``targets`` (its victims).
- Each attributor's attribution is an ``opinion`` on the ``attributed-to`` relationship,
  created by the attributor's identity, with the certainty casus read mapped onto STIX's enum
  (high → strongly-agree, moderate or unstated → agree, low → neutral) and onto the
  ``confidence`` property with the spec's Low/Med/High scale (15/50/85), so nothing is lost.
  A denial is a ``strongly-disagree`` opinion on the attributions to the denier. Claims and
  state responses have no STIX object of their own and are ``note`` objects labelled
  ``claim`` or ``response`` plus the response type.
- Every opinion and note cites its sources in ``external_references``: the article (URL when
  known), the quote, and ``external_id`` ``<document id>#<start>-<end>``, the offsets of the
  quote in the stored text. Each article is a ``report`` whose ``external_references`` hold
  its URL and every quote it gave, and whose ``object_refs`` list what it supports.

Ids are UUIDv5 under one fixed casus namespace, from what an object is (``incident`` +
casus incident id, ``identity`` + actor id, ``relationship`` + its ends…), and timestamps
come from the store (when the documents behind an object were ingested), never from the
clock: exporting twice writes the same bytes, and importing a newer export updates the
objects an older one created. Objects are written as they are made, so a large store is
exported in bounded memory.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import IO

import pycountry

from casus.actors import ActorProfile, Knowledge
from casus.export.select import ExportIncident, MergedFact, quote
from casus.extract.gazetteer import describe
from casus.models import ActorKind, Evidence
from casus.store import DocumentRow

NAMESPACE = uuid.UUID("8f2b6f5e-0c1d-5a4e-9b7a-63617375732e")  # fixed forever: ids depend on it
SPEC = "2.1"
OPINION = {"high": "strongly-agree", "moderate": "agree", "": "agree", "low": "neutral"}
CONFIDENCE = {"high": 85, "moderate": 50, "low": 15}  # STIX 2.1 appendix A, Low/Med/High scale
CERTAINTY_OF = {v: k for k, v in CONFIDENCE.items()}
EPOCH = "2000-01-01T00:00:00.000Z"  # only for a store whose documents carry no ingest time


def stix_id(kind: str, *key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, '|'.join((kind, *key)))}"


CASUS = stix_id("identity", "casus")


def timestamp(value: str | None) -> str:
    """A stored ISO time (``2026-11-23T10:00:00.123456+00:00``) or date as a STIX timestamp."""
    if not value:
        return EPOCH
    if len(value) == 10:
        return value + "T00:00:00.000Z"
    day, _, rest = value.partition("T")
    clock = rest[:12] if len(rest) >= 12 and rest[8] == "." else rest[:8] + ".000"
    return f"{day}T{clock}Z"


def _base(kind: str, sid: str, created: str, modified: str, by: str | None = CASUS) -> dict:
    obj = {"type": kind, "spec_version": SPEC, "id": sid, "created": created, "modified": modified}
    if by:
        obj["created_by_ref"] = by
    return obj


def _source(doc: DocumentRow | None, doc_id: str) -> str:
    return (doc.source if doc else doc_id[:12])[:300] or doc_id[:12]


def _http(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) and len(url) <= 2000 else None


def evidence_ref(ev: Evidence, doc: DocumentRow | None) -> dict:
    """One quote as an external reference: where it was read, the quote, and its offsets."""
    ref = {"source_name": _source(doc, ev.doc_id), "description": quote(ev.sentence)}
    if doc and _http(doc.url):
        ref["url"] = _http(doc.url)
    ref["external_id"] = f"{ev.doc_id}#{ev.start}-{ev.end}"
    return ref


class ActorObjects:
    """The STIX objects of each actor, made once per bundle; each remembers the ingest times of
    the incidents it appears in, so its own timestamps follow what casus learnt about it."""

    def __init__(self, knowledge: Knowledge | None = None) -> None:
        self.seen: dict[str, list[str]] = {}  # actor id → [created, modified]
        self.knowledge = knowledge or Knowledge()

    def ref(self, actor: str, created: str, modified: str) -> str:
        span = self.seen.setdefault(actor, [created, modified])
        span[0], span[1] = min(span[0], created), max(span[1], modified)
        return self.id_of(actor)

    @staticmethod
    def id_of(actor: str) -> str:
        kind = describe(actor).kind
        return stix_id("intrusion-set" if kind == ActorKind.GROUP else "identity", actor)

    def identity_of(self, actor: str) -> str | None:
        """The identity that can author an opinion: groups have none."""
        return None if describe(actor).kind == ActorKind.GROUP else self.id_of(actor)

    def objects(self) -> Iterator[dict]:
        for actor in sorted(self.seen):
            created, modified = (timestamp(t) for t in self.seen[actor])
            yield from actor_objects(self.knowledge.profile(actor), created, modified)


def actor_objects(a: ActorProfile, created: str, modified: str) -> list[dict]:
    """The objects of one actor: an intrusion set for a group, an identity otherwise, and for a
    state also its location."""
    actor = a.id
    ref = [{"source_name": "casus", "external_id": actor[:200]}]
    if a.cluster:
        ref.append(
            {"source_name": "misp-galaxy:threat-actor", "external_id": a.cluster.uuid, "description": a.cluster.value}
        )
    if a.kind == ActorKind.GROUP:
        obj = _base("intrusion-set", stix_id("intrusion-set", actor), created, modified)
        obj.update(name=a.name[:300], external_references=ref)
        if a.aliases:
            obj["aliases"] = sorted({x[:300] for x in a.aliases})
        if a.sponsor:
            obj["description"] = f"Reference data (MISP galaxies) name {describe(a.sponsor).name} as its sponsor."
        return [obj]
    identity = _base("identity", stix_id("identity", actor), created, modified)
    identity.update(name=a.name[:300], identity_class="organization", external_references=ref)
    if a.aliases:
        identity["description"] = "Also known as " + ", ".join(a.aliases) + "."
    if a.kind != ActorKind.STATE:
        return [identity]
    identity.pop("description", None)
    identity["sectors"] = ["government-national"]
    identity["description"] = f"The state of {a.name}: its government, bodies and officials."
    country = pycountry.countries.get(alpha_3=actor)
    location = _base("location", stix_id("location", actor), created, modified)
    location.update(name=a.name, country=country.alpha_2 if country else actor[:2], external_references=ref)
    link = _base("relationship", stix_id("relationship", actor, "located-at"), created, modified)
    link.update(relationship_type="located-at", source_ref=identity["id"], target_ref=location["id"])
    return [identity, location, link]


def _relationship(incident: str, kind: str, target: str, created: str, modified: str, text: str) -> dict:
    obj = _base("relationship", stix_id("relationship", incident, kind, target), created, modified)
    obj.update(relationship_type=kind, source_ref=incident, target_ref=target, description=text)
    return obj


def _span(evidence: list[Evidence], docs: dict[str, DocumentRow], default: tuple[str, str]) -> tuple[str, str]:
    times = [docs[e.doc_id].ingested_at for e in evidence if e.doc_id in docs]
    return (timestamp(min(times)), timestamp(max(times))) if times else default


def _describe(inc: ExportIncident) -> str:
    f = inc.fields
    parts = [f"Victims: {', '.join(describe(v).name for v in f['victims']) or 'unknown'}."]
    if f["first_activity"]:
        parts.append(f"First activity: {f['first_activity']}.")
    if f["operation_types"]:
        parts.append(f"Operation: {', '.join(t.replace('_', ' ') for t in f['operation_types'])}.")
    if f["sectors"]:
        parts.append(f"Sectors: {', '.join(s.replace('_', ' ') for s in f['sectors'])}.")
    parts.append(f"Sources: {len(inc.documents)}.")
    return " ".join(parts)


def fact_text(f: MergedFact) -> str:
    by = describe(f.by).name
    if f.kind == "claim":
        return f"{by} claimed responsibility."
    if f.kind == "attribution":
        certainty = f" (certainty: {f.detail})" if f.detail else ""
        when = f", on {f.date}" if f.date else ""
        return f"{by} attributed the operation to {describe(f.to).name}{certainty}{when}."
    if f.kind == "denial":
        return f"{by} denied involvement."
    about = f", concerning {describe(f.to).name}" if f.to else ""
    return f"{by} response: {f.detail.replace('_', ' ')}{about}" + (f", on {f.date}." if f.date else ".")


def incident_objects(inc: ExportIncident, actors: ActorObjects) -> Iterator[dict]:
    """The incident, its relationships, opinions and notes, then one report per document."""
    row, created, modified = inc.row, timestamp(inc.created), timestamp(inc.modified)
    docs = {d.id: d for d in inc.documents}
    sid = stix_id("incident", row.id)
    incident = _base("incident", sid, created, modified)
    incident.update(
        name=(row.title or "Untitled incident")[:500],
        description=_describe(inc),
        external_references=[{"source_name": "casus", "external_id": row.id}],
    )
    yield incident
    supports: dict[str, list[str]] = {d.id: [sid] for d in inc.documents}  # document → objects it supports

    def cite(obj: dict, evidence: list[Evidence], also: Iterable[str] = ()) -> dict:
        obj["external_references"] = [evidence_ref(e, docs.get(e.doc_id)) for e in evidence]
        for e in evidence:
            for ref in (obj["id"], *also):
                if e.doc_id in supports and ref not in supports[e.doc_id]:
                    supports[e.doc_id].append(ref)
        return obj

    rels: dict[str, dict] = {}
    for v in inc.fields["victims"]:
        target = actors.ref(v, inc.created, inc.modified)
        rels[target + "targets"] = _relationship(
            sid, "targets", target, created, modified, f"The operation hit {describe(v).name}."
        )
    accused = {f.to for f in inc.facts if f.kind == "attribution"}
    claimants = {f.by for f in inc.facts if f.kind == "claim"}
    for a in sorted(accused | claimants):
        target = actors.ref(a, inc.created, inc.modified)
        name = describe(a).name
        text = {
            (True, False): f"Attributed to {name}.",
            (False, True): f"Claimed by {name} itself.",
            (True, True): f"Attributed to {name}, which also claimed it.",
        }[(a in accused, a in claimants)]
        rels[a] = _relationship(sid, "attributed-to", target, created, modified, text)
    yield from rels.values()
    for r in rels.values():  # every source supports the incident's relationships
        for objs in supports.values():
            objs.append(r["id"])

    for f in inc.facts:
        when = _span(f.evidence, docs, (created, modified))
        by = actors.ref(f.by, inc.created, inc.modified)
        if f.kind == "attribution":
            rel = rels[f.to]["id"]
            obj = _base("opinion", stix_id("opinion", row.id, f.by, f.to), *when, actors.identity_of(f.by))
            obj.update(explanation=fact_text(f), authors=[describe(f.by).name[:300]], opinion=OPINION[f.detail])
            obj["object_refs"] = [rel]
            if f.detail in CONFIDENCE:
                obj["confidence"] = CONFIDENCE[f.detail]
            yield cite(obj, f.evidence, [by])
            continue
        targets = [rels[f.by]["id"]] if f.kind == "denial" and f.by in rels else []
        targets = targets or [r["id"] for a, r in rels.items() if f.kind == "denial" and describe(a).sponsor == f.by]
        if f.kind == "denial" and targets and actors.identity_of(f.by):
            obj = _base("opinion", stix_id("opinion", row.id, f.by, "denial"), *when, actors.identity_of(f.by))
            obj.update(explanation=fact_text(f), authors=[describe(f.by).name[:300]], opinion="strongly-disagree")
            obj["object_refs"] = targets
            yield cite(obj, f.evidence, [by])
            continue
        note = _base("note", stix_id("note", row.id, f.kind, f.by, f.to, f.detail), *when)
        labels = [f.kind] + ([f.detail.replace("_", "-")] if f.kind == "response" and f.detail else [])
        refs = [sid, by] + ([actors.ref(f.to, inc.created, inc.modified)] if f.to else [])
        if f.kind == "claim":
            refs.append(rels[f.by]["id"])
        note.update(abstract=fact_text(f), content=_content(f), authors=[describe(f.by).name[:300]], labels=labels)
        note["object_refs"] = list(dict.fromkeys(refs))
        yield cite(note, f.evidence)

    for d in inc.documents:
        yield report_object(d, supports[d.id], [e for f in inc.facts for e in f.evidence if e.doc_id == d.id])


def _content(f: MergedFact) -> str:
    quotes = "\n".join(f"“{quote(e.sentence)}”" for e in f.evidence)
    return f"{fact_text(f)}\n\n{quotes}".strip()


def report_object(doc: DocumentRow, refs: list[str], evidence: list[Evidence]) -> dict:
    at = timestamp(doc.ingested_at)
    obj = _base("report", stix_id("report", doc.id), at, at)
    main = {"source_name": _source(doc, doc.id), "external_id": doc.id}
    if _http(doc.url):
        main["url"] = _http(doc.url)
    if doc.title:
        main["description"] = doc.title[:1000]
    seen, quotes = set(), []
    for e in sorted(evidence, key=lambda e: (e.start, e.end)):
        if (e.start, e.end) not in seen:
            seen.add((e.start, e.end))
            quotes.append(evidence_ref(e, doc))
    obj.update(
        name=(doc.title or doc.source or doc.id)[:500],
        report_types=["threat-report"],
        published=timestamp(doc.published) if doc.published else at,
        object_refs=list(dict.fromkeys(refs)),
        external_references=[main, *quotes],
    )
    return obj


def casus_identity() -> dict:
    obj = _base("identity", CASUS, EPOCH, EPOCH, by=None)
    obj.update(
        name="casus",
        identity_class="system",
        description="Sourced records of state cyber operations, read from open-source reporting.",
    )
    return obj


def write_bundle(incidents: Iterable[ExportIncident], out: IO[str], knowledge: Knowledge | None = None) -> int:
    """Write one bundle; returns the number of objects. The bundle id is derived from every
    object written, so it changes exactly when the content does."""
    digest = hashlib.sha256()
    actors = ActorObjects(knowledge)
    count = 0
    out.write('{"type": "bundle", "objects": [\n')

    def emit(obj: dict) -> None:
        nonlocal count
        text = json.dumps(obj, ensure_ascii=False, sort_keys=True)
        digest.update(text.encode())
        out.write((",\n" if count else "") + text)
        count += 1

    emit(casus_identity())
    for inc in incidents:
        for obj in incident_objects(inc, actors):
            emit(obj)
    for obj in actors.objects():
        emit(obj)
    bundle_id = f"bundle--{uuid.uuid5(NAMESPACE, digest.hexdigest())}"
    out.write(f'\n], "id": "{bundle_id}"}}\n')
    return count
