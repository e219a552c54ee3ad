"""The ``casus serve`` application: one FastAPI app with a JSON API (``/api``) and pages.

Edges only: requests in, store queries, JSON or HTML out. Each worker thread borrows a store
connection from a small pool, so SQLite and PostgreSQL are used the same way. Every response
carries a strict Content-Security-Policy (no scripts at all, since the pages need none) and the
usual hardening headers; malformed parameters get a 422 naming the parameter, unknown ids a 404.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from casus import __version__
from casus.actors import Knowledge
from casus.store import SQLStore, open_store
from casus.web import views

log = logging.getLogger("casus.web")

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
MAX_BODY = 6 * 1024 * 1024  # an article of 5 MiB plus its JSON wrapping


class StorePool:
    """Up to ``size`` open stores, one per concurrent request; a connection is never shared by two
    threads at once. Opening is lazy, so an idle server holds one connection."""

    def __init__(self, url: str, size: int = 8):
        self.url = url
        self.idle: queue.LifoQueue[SQLStore] = queue.LifoQueue()
        self.slots = threading.BoundedSemaphore(size)
        self.all: list[SQLStore] = []
        self.lock = threading.Lock()

    @contextmanager
    def store(self) -> Iterator[SQLStore]:
        with self.slots:
            try:
                s = self.idle.get_nowait()
            except queue.Empty:
                s = open_store(self.url, upgrade=False)
                with self.lock:
                    self.all.append(s)
            try:
                yield s
            finally:
                self.idle.put(s)

    def close(self) -> None:
        with self.lock:
            for s in self.all:
                s.close()
            self.all.clear()


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and request.url.path != "/openapi.json"


def _issues(exc: RequestValidationError) -> list[dict]:
    """FastAPI's list of validation errors, one per parameter: a union (a date or "") fails
    once per branch, and the first branch's message is the one that helps."""
    out: dict[tuple, dict] = {}
    for e in exc.errors():
        loc = tuple(str(x) for x in e.get("loc", ()))[:2]
        out.setdefault(loc, {"loc": list(loc), "msg": str(e.get("msg", "invalid")), "type": str(e.get("type", ""))})
    return list(out.values())


def _message(issues: list[dict]) -> str:
    parts = []
    for i in issues:
        where = ".".join(x for x in i["loc"] if x not in ("query", "path", "body", "header"))
        parts.append(f"{where or 'request'}: {i['msg']}")
    return "; ".join(parts)


def create_app(
    db: str, write_token: str | None = None, pool_size: int = 8, knowledge: Knowledge | None = None
) -> FastAPI:
    """The app over the store at ``db``; the store must exist and be current (``casus db upgrade``).
    ``knowledge`` is the threat-actor reference data, with any local alias file, the actor pages show."""
    open_store(db, upgrade=False).close()  # fail now, with the store's own message, not per request
    pool = StorePool(db, pool_size)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="casus",
        version=__version__,
        description="Sourced records of state cyber operations: incidents, attributions, denials and responses, "
        "each fact with its evidence.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.pool = pool
    app.state.write_token = write_token
    app.state.knowledge = knowledge or Knowledge()
    app.state.ingest_lock = threading.Lock()
    app.state.extractor = None
    app.state.actor_cache = (0.0, [])  # (expires, actor ids) for the filter form
    templates = Jinja2Templates(directory=str(Path(str(resources.files("casus.web"))) / "templates"))
    templates.env.filters.update(actor_url=lambda a: "/actors/" + quote(a, safe=""), name=views.name, label=views.label)
    app.state.templates = templates

    @app.middleware("http")
    async def harden(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and (not length.isdigit() or int(length) > MAX_BODY):
            body = {"detail": f"request body over {MAX_BODY} bytes", "errors": []}
            response: Response = JSONResponse(body, status_code=413)
        else:
            response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    def error(
        request: Request, status: int, message: str, headers: dict | None = None, issues: list | None = None
    ) -> Response:
        if _wants_html(request):
            return templates.TemplateResponse(
                request,
                "error.html",
                {"status": status, "message": message, "title": str(status)},
                status_code=status,
                headers=headers,
            )
        return JSONResponse({"detail": message, "errors": issues or []}, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        issues = _issues(exc)
        return error(request, 422, _message(issues), issues=issues)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = str(exc.detail)
        headers = getattr(exc, "headers", None)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        if exc.status_code == 405:  # the methods of every route at this path, not only the first one's
            path = request.url.path
            allowed = sorted(
                {m for r in (*api.router.routes, *pages.router.routes) if r.path_regex.match(path) for m in r.methods}
            )
            message, headers = (
                f"{request.method} is not allowed here ({', '.join(allowed)})",
                {"Allow": ", ".join(allowed)},
            )
        return error(request, exc.status_code, message, headers)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        log.exception("error serving %s", request.url.path)
        return error(request, 500, "internal error; the server log has the details")

    app.mount("/static", StaticFiles(directory=str(Path(str(resources.files("casus.web"))) / "static")), name="static")

    from casus.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    return app
