"""What the API and the pages show, composed from store queries: one place, two renderings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

from casus.actors import Knowledge
from casus.export.summary import FORMAT
from casus.store import IncidentQuery, IncidentSummary, SQLStore
from casus.web import views

ROLE_ORDER = ("victim", "accused", "attributor", "claimant", "denier", "responder", "target")


def incident_item(s: IncidentSummary) -> dict:
    return {
        "id": s.id,
        "title": s.title,
        "first_seen": s.seen_from,
        "n_sources": s.n_sources,
        **s.fields,
        "links": {"self": f"/api/incidents/{s.id}", "html": f"/incidents/{s.id}"},
    }


def incident_detail(store: SQLStore, incident_id: str) -> dict | None:
    """The incident with its derived fields, its timeline (every fact with its quotes), its
    documents and its reports as stored, evidence offsets included."""
    summary = store.incident_summary(incident_id)
    row = store.incident(incident_id) if summary else None
    if row is None:
        return None
    _, docs = store.query_documents(limit=1000, incident_id=incident_id)
    sources = {d.id: d.source for d in docs}
    return {
        **incident_item(summary),
        "sources": row.sources,
        "timeline": [asdict(e) for e in views.timeline(row, sources)],
        "documents": [asdict(d) for d in docs],
        "reports": [asdict(r) for r in row.reports],
    }


def actor_info(actor: str, knowledge: Knowledge | None = None) -> dict:
    """What the reference data (and a local alias file) say about an actor: the same profile
    ``casus actor`` prints."""
    return (knowledge or Knowledge()).profile(actor).as_dict()


def actors(store: SQLStore, knowledge: Knowledge | None = None) -> list[dict]:
    roles: dict[str, dict[str, int]] = defaultdict(dict)
    for actor, role, n in store.actor_roles():
        roles[actor][role] = n
    out = [{**actor_info(a, knowledge), "roles": {r: rs[r] for r in ROLE_ORDER if r in rs}} for a, rs in roles.items()]
    return sorted(out, key=lambda a: (-sum(a["roles"].values()), a["name"]))


def actor_detail(store: SQLStore, actor: str, limit: int = 100, knowledge: Knowledge | None = None) -> dict | None:
    """One actor with its incidents by role; None for a name neither the store nor the reference
    data knows. An alias stands for its actor ("Fancy Bear" shows APT28)."""
    knowledge = knowledge or Knowledge()
    roles = {role: n for _, role, n in store.actor_roles(actor)}
    if not roles:
        known = knowledge.resolve(actor)
        if known is None:
            return None
        actor = known
        roles = {role: n for _, role, n in store.actor_roles(actor)}

    def listed(**kw) -> list[dict]:
        return [incident_item(s) for s in store.query_incidents(IncidentQuery(**kw), limit=limit)[1]]

    responses = []
    for item in listed(responder=actor):
        for r in item["responses"]:
            if r["by"] == actor:
                responses.append({**r, "incident": item["id"], "incident_title": item["title"]})
    info = actor_info(actor, knowledge)
    source = "reference data (MISP galaxies and casus lexicons)"
    if info["local_aliases"] and knowledge.source:
        source += f" and the local alias file {Path(knowledge.source).name}"
    return {
        **info,
        "alias_source": source + "; aliases link names, never merge facts",
        "roles": {r: roles[r] for r in ROLE_ORDER if r in roles},
        "as_victim": listed(victim=actor),
        "as_accused": listed(attributed_to=actor),
        "as_accuser": listed(attributed_by=actor),
        "as_claimant": listed(claimed_by=actor),
        "responses": responses,
    }


def export(store: SQLStore, query: IncidentQuery, chunk: int = 500) -> dict:
    """``casus-summary/1`` for every incident matching the query."""
    incidents, offset = [], 0
    while True:
        _, rows = store.query_incidents(query, limit=chunk, offset=offset)
        sources = store.sources_of([r.id for r in rows])
        incidents += [{"id": r.id, "title": r.title, **r.fields, "sources": sources[r.id]} for r in rows]
        if len(rows) < chunk:
            break
        offset += chunk
    return {"format": FORMAT, "incidents": incidents}


def stats(store: SQLStore) -> dict:
    return {
        "counts": store.counts(),
        "incidents_per_year": [
            {"year": y, "accused": a, "incidents": n} for y, a, n in sorted(store.incidents_per_year())
        ],
        "responses": [{"responder": a, "type": t, "incidents": n} for a, t, n in sorted(store.response_counts())],
    }


def search_actors(store: SQLStore, query: str, knowledge: Knowledge | None = None, limit: int = 100) -> list[dict]:
    """Threat groups whose name or an alias contains ``query`` (and the actor a whole name or
    alias stands for), each with its incidents in the store."""
    knowledge = knowledge or Knowledge()
    found = knowledge.search(query)
    exact = knowledge.resolve(query)
    if exact and exact not in {p.id for p in found}:
        found.insert(0, knowledge.profile(exact))
    out = []
    for p in found[:limit]:
        total, _ = store.query_incidents(IncidentQuery(actor=p.id), limit=1)
        out.append({**p.as_dict(), "incidents": total})
    return sorted(out, key=lambda a: (-a["incidents"], a["name"].lower()))
