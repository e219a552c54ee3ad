"""Request parameters shared by the API and the pages, checked before any query runs.

Every value is bounded in length and later bound as a SQL parameter. Vocabulary fields and
dates that do not parse get a 422 that names the parameter and what it accepts. Empty values
(what an HTML form sends for "any") mean no filter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError

from casus.models import OPERATION_TYPES, RESPONSE_TYPES, SECTORS
from casus.store import IncidentQuery, SQLStore

MAX_PAGE_SIZE = 100


def get_store(request: Request) -> Iterator[SQLStore]:
    with request.app.state.pool.store() as store:
        yield store


StoreDep = Annotated[SQLStore, Depends(get_store)]


def _invalid(name: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", name), "msg": message, "type": "value_error"}])


def _vocab(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise _invalid(name, f"{value[:40]!r} is not one of {', '.join(allowed)}")
    return value


def _date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _invalid(name, f"{value[:40]!r} is not a date (YYYY-MM-DD)") from None


def _actor(value: str | None) -> str | None:
    return value.strip() or None if value else None


Actor = Annotated[
    str | None, Query(max_length=100, description="an actor identifier: ISO alpha-3, EU/NATO/UN or a name")
]


def incident_query(
    q: Annotated[str | None, Query(max_length=200, description="full-text search: all words must occur")] = None,
    victim: Actor = None,
    attributed_to: Actor = None,
    attributed_by: Actor = None,
    responder: Actor = None,
    claimed_by: Actor = None,
    actor: Actor = None,
    response: Annotated[str | None, Query(max_length=40, description=", ".join(RESPONSE_TYPES))] = None,
    operation: Annotated[str | None, Query(max_length=40, description=", ".join(OPERATION_TYPES))] = None,
    sector: Annotated[str | None, Query(max_length=40, description=", ".join(SECTORS))] = None,
    since: Annotated[
        str | None, Query(max_length=10, description="YYYY-MM-DD; incidents first seen on or after")
    ] = None,
    until: Annotated[
        str | None, Query(max_length=10, description="YYYY-MM-DD; incidents first seen on or before")
    ] = None,
) -> IncidentQuery:
    query = IncidentQuery(
        text=(q or "").strip() or None,
        victim=_actor(victim),
        attributed_to=_actor(attributed_to),
        attributed_by=_actor(attributed_by),
        responder=_actor(responder),
        claimed_by=_actor(claimed_by),
        actor=_actor(actor),
        response=_vocab("response", response, RESPONSE_TYPES),
        operation=_vocab("operation", operation, OPERATION_TYPES),
        sector=_vocab("sector", sector, SECTORS),
        since=_date("since", since),
        until=_date("until", until),
    )
    if query.since and query.until and query.since > query.until:
        raise _invalid("until", f"{query.until} is before since ({query.since})")
    return query


QueryDep = Annotated[IncidentQuery, Depends(incident_query)]


class Page:
    def __init__(
        self,
        page: Annotated[int, Query(ge=1, le=100_000, description="1-based page number")] = 1,
        per_page: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"at most {MAX_PAGE_SIZE}")] = 25,
    ):
        self.page = page
        self.per_page = per_page

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


PageDep = Annotated[Page, Depends(Page)]


def query_params(q: IncidentQuery) -> dict[str, str]:
    """The filters as URL parameters, for links that keep them (pagination, export)."""
    out = {}
    for f in fields(q):
        value = getattr(q, f.name)
        if value:
            out["q" if f.name == "text" else f.name] = value.isoformat() if isinstance(value, date) else value
    return out


def found(value, what: str):
    """``value``, or a 404 naming what was looked for."""
    if value is None:
        raise HTTPException(404, f"no {what}")
    return value
