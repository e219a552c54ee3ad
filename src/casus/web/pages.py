"""The HTML pages: server-rendered, readable without JavaScript, every value escaped by Jinja2."""

from __future__ import annotations

import time
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse

from casus.models import OPERATION_TYPES, RESPONSE_TYPES, SECTORS
from casus.web import data, views
from casus.web.deps import PageDep, QueryDep, StoreDep, found, query_params

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _render(request: Request, template: str, **context):
    return request.app.state.templates.TemplateResponse(request, template, context)


ACTOR_LIST_SECONDS = 60  # the filter form's suggestions may lag a write by this much


def _known_actors(request: Request, store) -> list[str]:
    """Actor ids for the form's suggestions, cached: listing them scans every fact, and the
    list page is the busiest page there is."""
    expires, actors = request.app.state.actor_cache
    if time.monotonic() >= expires:
        actors = sorted({a for a, _, _ in store.actor_roles()})
        request.app.state.actor_cache = (time.monotonic() + ACTOR_LIST_SECONDS, actors)
    return actors


def _pages(total: int, page: PageDep, params: dict) -> dict:
    last = max(1, -(-total // page.per_page))

    def link(n: int) -> str:
        return "?" + urlencode({**params, "page": n, "per_page": page.per_page})

    return {
        "page": page.page,
        "last": last,
        "prev": link(page.page - 1) if page.page > 1 else None,
        "next": link(page.page + 1) if page.page < last else None,
    }


@router.get("/")
def incidents_page(request: Request, store: StoreDep, query: QueryDep, page: PageDep):
    total, rows = store.query_incidents(query, limit=page.per_page, offset=page.offset)
    params = query_params(query)
    return _render(
        request,
        "incidents.html",
        title="Incidents",
        total=total,
        rows=rows,
        filters=params,
        pages=_pages(total, page, params),
        export_url="/api/export?" + urlencode(params),
        api_url="/api/incidents?" + urlencode(params),
        actors=_known_actors(request, store),
        vocab={"response": RESPONSE_TYPES, "operation": OPERATION_TYPES, "sector": SECTORS},
    )


@router.get("/incidents/{incident_id}")
def incident_page(request: Request, incident_id: Annotated[str, Path(max_length=64)], store: StoreDep):
    detail = found(data.incident_detail(store, incident_id), f"incident {incident_id!r}")
    graph = views.graph(store.edges(incident_id=incident_id))
    return _render(request, "incident.html", title=detail["title"], i=detail, graph=graph)


@router.get("/documents")
def documents_page(request: Request, store: StoreDep, page: PageDep):
    total, rows = store.query_documents(limit=page.per_page, offset=page.offset)
    return _render(request, "documents.html", title="Documents", total=total, rows=rows, pages=_pages(total, page, {}))


@router.get("/documents/{doc_id}")
def document_page(
    request: Request,
    doc_id: Annotated[str, Path(max_length=64)],
    store: StoreDep,
    start: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
    end: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
):
    doc = found(store.document(doc_id), f"document {doc_id!r}")
    parts = None
    if start is not None or end is not None:
        if start is None or end is None or not start < end <= len(doc.text):
            raise RequestValidationError(
                [{"loc": ("query", "end"), "msg": f"start and end must mark a span of the text (0–{len(doc.text)})"}]
            )
        parts = (doc.text[:start], doc.text[start:end], doc.text[end:])
    incidents = [store.incident_summary(i) for i in store.incidents_of_document(doc.id)]
    return _render(
        request,
        "document.html",
        title=doc.title or doc.source,
        doc=doc,
        parts=parts,
        incidents=[i for i in incidents if i],
        copy_of=store.copy_of(doc.id),
    )


@router.get("/actors")
def actors_page(request: Request, store: StoreDep, q: Annotated[str | None, Query(max_length=100)] = None):
    knowledge = request.app.state.knowledge
    found_ = data.search_actors(store, q, knowledge) if q and q.strip() else None
    return _render(
        request,
        "actors.html",
        title="Actors",
        actors=data.actors(store, knowledge),
        roles=data.ROLE_ORDER,
        q=q or "",
        found=found_,
    )


@router.get("/actors/{actor_id:path}")
def actor_page(request: Request, actor_id: Annotated[str, Path(max_length=100)], store: StoreDep):
    knowledge = request.app.state.knowledge
    detail = found(data.actor_detail(store, actor_id, knowledge=knowledge), f"actor {actor_id!r}")
    actor_id = detail["id"]
    graph = views.graph(store.edges(actor=actor_id), max_nodes=24)
    return _render(request, "actor.html", title=detail["name"], a=detail, graph=graph)


@router.get("/graph")
def graph_page(request: Request, store: StoreDep):
    graph = views.graph(store.edges(), max_nodes=36, size=760)
    return _render(request, "graph.html", title="Attribution graph", graph=graph)


@router.get("/charts")
def charts_page(request: Request, store: StoreDep):
    return _render(
        request,
        "charts.html",
        title="Charts",
        per_year=views.per_year_chart(store.incidents_per_year()),
        responses=views.responses_chart(store.response_counts()),
    )


@router.get("/api")
def api_page(request: Request):
    spec = request.app.openapi()
    routes = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = [(p["name"], p.get("in", ""), p.get("description", "")) for p in op.get("parameters", [])]
            routes.append((method.upper(), path, op.get("summary", ""), params))
    return _render(request, "api.html", title="API", routes=routes)
