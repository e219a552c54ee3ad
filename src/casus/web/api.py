"""The JSON API under ``/api``; its OpenAPI description is served at ``/openapi.json`` and
rendered as a page at ``/api``."""

from __future__ import annotations

import hmac
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Request, Response
from pydantic import BaseModel, Field

from casus.errors import InputError
from casus.ingest.files import MAX_BYTES
from casus.web import data, views
from casus.web.deps import PageDep, QueryDep, StoreDep, found

router = APIRouter(prefix="/api", tags=["api"])


class Issue(BaseModel):
    """One malformed part of a request, as FastAPI reports it: where, what is wrong, which check."""

    loc: list[str] = Field(description='where: ["query", "per_page"], ["path", "incident_id"], ["body", "text"]')
    msg: str
    type: str


class Error(BaseModel):
    """Every error the API returns has this shape: one line in ``detail`` that names the input and
    the reason, and for a 422 the list of malformed inputs in ``errors`` (empty otherwise)."""

    detail: str
    errors: list[Issue]


def _answers(*codes: int) -> dict:
    text = {
        400: "the body is not JSON",
        401: "the write token is missing or wrong, or the server is read-only",
        404: "no such id in this store",
        413: "request body over 6 MiB",
        422: "a malformed parameter or body; detail names it",
    }
    return {code: {"model": Error, "description": text[code]} for code in codes}


CHECKED = _answers(422)  # every operation with parameters
FOUND = _answers(404, 422)  # operations on one id

IncidentId = Annotated[str, Path(max_length=64, description="incident id")]
DocumentId = Annotated[str, Path(max_length=64, description="document id: SHA-256 of its normalised text")]
ActorId = Annotated[str, Path(max_length=100, description="actor identifier")]


@router.get("/incidents", responses=CHECKED, summary="Incidents matching every filter given, newest first")
def list_incidents(store: StoreDep, query: QueryDep, page: PageDep) -> dict:
    total, rows = store.query_incidents(query, limit=page.per_page, offset=page.offset)
    return {
        "total": total,
        "page": page.page,
        "per_page": page.per_page,
        "items": [data.incident_item(r) for r in rows],
    }


@router.get(
    "/incidents/{incident_id}",
    responses=FOUND,
    summary="One incident: fields, timeline, documents, reports with evidence",
)
def get_incident(incident_id: IncidentId, store: StoreDep) -> dict:
    detail = found(data.incident_detail(store, incident_id), f"incident {incident_id!r}")
    return detail


def _graph(edges) -> dict:
    g = views.graph(edges)
    return {
        "nodes": [{"id": n.id, "name": n.name, "kind": n.kind, "note": n.note} for n in g.nodes],
        "edges": [
            {"kind": e.kind, "from": e.source, "to": e.target, "label": e.label, "incidents": e.count} for e in g.edges
        ],
    }


@router.get(
    "/incidents/{incident_id}/graph",
    responses=FOUND,
    summary="Who attributed, claimed or responded to whom in one incident",
)
def incident_graph(incident_id: IncidentId, store: StoreDep) -> dict:
    found(store.incident_summary(incident_id), f"incident {incident_id!r}")
    return _graph(store.edges(incident_id=incident_id))


@router.get("/graph", summary="Attributions and responses across the whole store")
def store_graph(store: StoreDep) -> dict:
    return _graph(store.edges())


@router.get("/actors", summary="Every actor in the store, with how many incidents it has in each role")
def list_actors(store: StoreDep, request: Request) -> list[dict]:
    return data.actors(store, request.app.state.knowledge)


@router.get(
    "/actors/{actor_id}",
    responses=FOUND,
    summary="One actor by id or alias: aliases, sponsor, MISP cluster, incidents by role, responses taken",
)
def get_actor(actor_id: ActorId, store: StoreDep, request: Request) -> dict:
    knowledge = request.app.state.knowledge
    detail = found(data.actor_detail(store, actor_id, knowledge=knowledge), f"actor {actor_id!r}")
    return detail


@router.get("/documents", responses=CHECKED, summary="Stored documents, newest first")
def list_documents(store: StoreDep, page: PageDep) -> dict:
    total, rows = store.query_documents(limit=page.per_page, offset=page.offset)
    return {"total": total, "page": page.page, "per_page": page.per_page, "items": [asdict(d) for d in rows]}


@router.get("/documents/{doc_id}", responses=FOUND, summary="One document: its text and the incidents it reports")
def get_document(doc_id: DocumentId, store: StoreDep) -> dict:
    doc = found(store.document(doc_id), f"document {doc_id!r}")
    return {
        "id": doc.id,
        "source": doc.source,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "text": doc.text,
        "copy_of": store.copy_of(doc.id),
        "incidents": store.incidents_of_document(doc.id),
    }


@router.get("/export", responses=CHECKED, summary="casus-summary/1 for every incident matching the filters")
def export(store: StoreDep, query: QueryDep) -> dict:
    return data.export(store, query)


@router.get("/stats", summary="Figures behind the charts: incidents per year by accused, responses by responder")
def stats(store: StoreDep) -> dict:
    return data.stats(store)


class ArticleIn(BaseModel):
    """An article to ingest: ``text`` (plain) or ``html`` (its main text is extracted; nothing is fetched)."""

    text: str | None = Field(None, max_length=MAX_BYTES)
    html: str | None = Field(None, max_length=MAX_BYTES)
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=40, description="publication date, e.g. 2022-09-07")
    url: str | None = Field(None, max_length=2000, description="where it was published; stored, never fetched")


def require_writer(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    token = request.app.state.write_token
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not token or not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(
            401,
            "writes need a valid token: Authorization: Bearer <token>"
            if token
            else "this server is read-only (start it with --write-token-file to accept articles)",
            headers={"WWW-Authenticate": "Bearer"},
        )


@router.post(
    "/documents",
    summary="Ingest one article (needs the write token)",
    status_code=201,
    dependencies=[Depends(require_writer)],
    responses={
        200: {"description": "already stored: the same text was ingested before"},
        **_answers(400, 401, 413, 422),
    },
)
def post_document(article: ArticleIn, request: Request, response: Response, store: StoreDep) -> dict:
    from casus.extract.report import Extractor
    from casus.ingest.html import read_html
    from casus.ingest.jsonl import document_from_record
    from casus.pipeline import IngestSummary, ingest_documents

    if bool(article.text) == bool(article.html):
        raise HTTPException(422, "give the article as either text or html")
    try:
        if article.html:
            doc = read_html(article.html, article.url or "api", url=article.url, where="html")
        else:
            doc = document_from_record(article.model_dump(exclude={"html"}), article.url or "api", "article")
    except InputError as exc:
        raise HTTPException(422, str(exc)) from None
    app = request.app
    with app.state.ingest_lock:  # one writer at a time, whatever the back end
        if app.state.extractor is None:
            app.state.extractor = Extractor()
        summary = IngestSummary()
        ingest_documents(store, [doc], summary=summary, extractor=app.state.extractor)
        app.state.actor_cache = (0.0, [])
    if summary.failed:
        raise HTTPException(422, summary.errors[0])
    status = "stored"
    if summary.skipped:
        status, response.status_code = "already stored", 200
    elif summary.copies:
        status = "stored as a copy"
    return {
        "document": doc.id,
        "status": status,
        "incidents": store.incidents_of_document(doc.id),
        "links": {"self": f"/api/documents/{doc.id}", "html": f"/documents/{doc.id}"},
    }
