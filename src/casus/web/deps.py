"""Request parameters shared by the API and the pages, checked before any query runs.

Every value is bounded in length and later bound as a SQL parameter. Vocabulary fields and
dates that do not parse get a 422 that names the parameter and what it accepts. Empty values
(what an HTML form sends for "any") mean no filter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from enum import Enum
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Query, Request
from pydantic import BeforeValidator

from casus.models import OPERATION_TYPES, RESPONSE_TYPES, SECTORS
from casus.store import IncidentQuery, SQLStore

MAX_PAGE_SIZE = 100


def get_store(request: Request) -> Iterator[SQLStore]:
    with request.app.state.pool.store() as store:
        yield store


StoreDep = Annotated[SQLStore, Depends(get_store)]


def choices(name: str, values: tuple[str, ...]) -> type[Enum]:
    """A vocabulary as a string enum for the OpenAPI document; "" (what a form sends for "any")
    is one of its values and means no filter."""
    return Enum(name, {"any": "", **{v: v for v in values}}, type=str)


def _iso_day(value):
    """Only YYYY-MM-DD is a date here (pydantic alone would also take "0" as 1970-01-01)."""
    if isinstance(value, str) and value and not (len(value) == 10 and value[4] == value[7] == "-"):
        raise ValueError("not a date (YYYY-MM-DD)")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]

ResponseType = choices("ResponseType", RESPONSE_TYPES)
OperationType = choices("OperationType", OPERATION_TYPES)
Sector = choices("Sector", SECTORS)


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
    response: Annotated[ResponseType | None, Query(description="a response type; empty for any")] = None,
    operation: Annotated[OperationType | None, Query(description="an operation type; empty for any")] = None,
    sector: Annotated[Sector | None, Query(description="a victim sector; empty for any")] = None,
    since: Annotated[
        Day | Literal[""] | None, Query(description="YYYY-MM-DD; incidents first seen on or after; empty for any")
    ] = None,
    until: Annotated[
        Day | Literal[""] | None, Query(description="YYYY-MM-DD; incidents first seen on or before; empty for any")
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
        response=response.value or None if response else None,
        operation=operation.value or None if operation else None,
        sector=sector.value or None if sector else None,
        since=since or None,
        until=until or None,
    )
    return query  # since after until is an empty range: it matches nothing, like any other range


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
