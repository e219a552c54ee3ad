"""What the API and the pages show, composed from store queries: one place, two renderings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from casus.export.summary import FORMAT
from casus.extract.gazetteer import describe
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


def actor_info(actor: str) -> dict:
    a = describe(actor)
    return {"id": a.id, "name": a.name, "kind": a.kind.value, "sponsor": a.sponsor, "aliases": list(a.aliases)}


def actors(store: SQLStore) -> list[dict]:
    roles: dict[str, dict[str, int]] = defaultdict(dict)
    for actor, role, n in store.actor_roles():
        roles[actor][role] = n
    out = [{**actor_info(a), "roles": {r: rs[r] for r in ROLE_ORDER if r in rs}} for a, rs in roles.items()]
    return sorted(out, key=lambda a: (-sum(a["roles"].values()), a["name"]))


def actor_detail(store: SQLStore, actor: str, limit: int = 100) -> dict | None:
    roles = {role: n for _, role, n in store.actor_roles(actor)}
    if not roles:
        return None

    def listed(**kw) -> list[dict]:
        return [incident_item(s) for s in store.query_incidents(IncidentQuery(**kw), limit=limit)[1]]

    responses = []
    for item in listed(responder=actor):
        for r in item["responses"]:
            if r["by"] == actor:
                responses.append({**r, "incident": item["id"], "incident_title": item["title"]})
    return {
        **actor_info(actor),
        "alias_source": "reference data (MISP galaxies and casus lexicons); aliases link names, never merge facts",
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
