"""``casus export``, ``casus actors`` and ``casus actor``: the record in other tools' formats,
and the threat-actor reference data. Registered on the one ``casus`` app (:mod:`casus.cli`)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from casus.cli import AliasesOption, DbOption, _fail, _knowledge, _store, app, err, out
from casus.errors import ExportError
from casus.models import OPERATION_TYPES, RESPONSE_TYPES, SECTORS

# The API's vocabularies as choices, so a typo is refused with the list of accepted values.
ResponseType = Enum("ResponseType", {v: v for v in RESPONSE_TYPES}, type=str)
OperationType = Enum("OperationType", {v: v for v in OPERATION_TYPES}, type=str)
Sector = Enum("Sector", {v: v for v in SECTORS}, type=str)
ActorFilter = Annotated[str | None, typer.Option(help="An actor id: ISO alpha-3, EU/NATO/UN or a name.")]


FORMATS = ("summary", "jsonl", "stix", "misp", "csv")


def _day(name: str, value: str | None):
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"--{name} {value[:40]}: not a date (YYYY-MM-DD)") from None


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="summary, jsonl, stix, misp or csv")] = "summary",
    db: DbOption = "casus.db",
    output: Annotated[
        str, typer.Option("-o", "--output", help="File, or - for stdout; a folder for misp and csv.")
    ] = "-",
    q: Annotated[str | None, typer.Option("--q", help="Full-text search: all words must occur.")] = None,
    victim: ActorFilter = None,
    attributed_to: ActorFilter = None,
    attributed_by: ActorFilter = None,
    responder: ActorFilter = None,
    claimed_by: ActorFilter = None,
    actor: ActorFilter = None,
    response: Annotated[ResponseType | None, typer.Option(help="Response type.")] = None,
    operation: Annotated[OperationType | None, typer.Option(help="Operation type.")] = None,
    sector: Annotated[Sector | None, typer.Option(help="Victim sector.")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD: incidents first seen on or after.")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY-MM-DD: incidents first seen on or before.")] = None,
    aliases: AliasesOption = None,
) -> None:
    """Write matching incidents as casus-summary/1, JSON lines, STIX 2.1, a MISP feed or CSV files."""
    from casus.export.select import matching
    from casus.store import IncidentQuery

    if fmt not in FORMATS:
        raise _fail(str(ExportError(f"--format {fmt}: unknown format ({', '.join(FORMATS)})")))
    if fmt in ("misp", "csv") and output == "-":
        raise _fail(f"--format {fmt} writes a folder of files: give one with -o DIR")
    query = IncidentQuery(
        text=(q or "").strip() or None,
        victim=victim,
        attributed_to=attributed_to,
        attributed_by=attributed_by,
        responder=responder,
        claimed_by=claimed_by,
        actor=actor,
        response=response.value if response else None,
        operation=operation.value if operation else None,
        sector=sector.value if sector else None,
        since=_day("since", since),
        until=_day("until", until),
    )
    knowledge = _knowledge(aliases)
    store = _store(db)
    try:
        if fmt in ("misp", "csv"):
            _export_folder(fmt, matching(store, query), Path(output), knowledge)
        else:
            _export_file(fmt, matching(store, query), output, knowledge)
    except OSError as exc:
        raise _fail(f"{output}: cannot write ({exc.strerror})") from None
    finally:
        store.close()


def _export_folder(fmt: str, incidents, folder: Path, knowledge) -> None:
    if folder.exists() and not folder.is_dir():
        raise _fail(f"{folder}: not a folder (--format {fmt} writes one file per event or record kind)")
    if fmt == "misp":
        from casus.export.misp import write_feed

        n = write_feed(incidents, folder, knowledge)
        err.print(f"wrote {n} MISP events to {folder}", markup=False, highlight=False)
    else:
        from casus.export.csv import write_csv

        counts = write_csv(incidents, folder)
        err.print(
            f"wrote {', '.join(f'{k}.csv ({n} rows)' for k, n in counts.items())} to {folder}",
            markup=False,
            highlight=False,
        )


def _export_file(fmt: str, incidents, output: str, knowledge) -> None:
    from casus.export.summary import FORMAT, full_record

    target = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        if fmt == "stix":
            from casus.export.stix import write_bundle

            write_bundle(incidents, target, knowledge)
        elif fmt == "summary":
            items = [{"id": i.row.id, "title": i.row.title, **i.fields, "sources": i.row.sources} for i in incidents]
            target.write(json.dumps({"format": FORMAT, "incidents": items}, indent=2, ensure_ascii=False) + "\n")
        else:
            for i in incidents:
                target.write(json.dumps(full_record(i.row), ensure_ascii=False) + "\n")
    finally:
        if target is not sys.stdout:
            target.close()


def _reader(db: str):
    """The store for the actor commands, or None when there is none yet: the reference data can
    be browsed before anything is ingested."""
    if "://" not in db and not Path(db.removeprefix("sqlite:///")).exists():
        return None
    return _store(db)


def _aliases_cell(aliases: list[str], n: int = 4) -> str:
    return ", ".join(aliases[:n]) + (f" (+{len(aliases) - n})" if len(aliases) > n else "")


@app.command()
def actors(
    query: Annotated[str | None, typer.Argument(help="Part of a name or alias; none lists the store's actors.")] = None,
    db: DbOption = "casus.db",
    aliases: AliasesOption = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many rows.")] = 50,
) -> None:
    """Threat actors from the MISP galaxies (and a local alias file) with their incidents in the store."""
    from casus.store import IncidentQuery
    from casus.web.data import actors as store_actors
    from casus.web.data import search_actors

    knowledge = _knowledge(aliases)
    store = _reader(db)
    if query is not None and len(query) > 100:
        raise _fail("QUERY: at most 100 characters")
    try:
        if query and query.strip():
            if store is None:
                rows = [{**p.as_dict(), "incidents": None} for p in knowledge.search(query)]
                exact = knowledge.resolve(query)
                if exact and exact not in {r["id"] for r in rows}:
                    rows.insert(0, {**knowledge.profile(exact).as_dict(), "incidents": None})
            else:
                rows = search_actors(store, query, knowledge, limit=10_000)
        elif store is not None:
            rows = [
                {**a, "incidents": store.query_incidents(IncidentQuery(actor=a["id"]), limit=1)[0]}
                for a in store_actors(store, knowledge)
            ]
        else:
            raise _fail(f"{db}: no such store; give a QUERY to search the reference data")
    finally:
        if store is not None:
            store.close()
    table = Table("actor", "kind", "sponsor", "aliases", "incidents", box=None, pad_edge=False)
    for r in rows[:limit]:
        table.add_row(
            r["id"] if r["id"] == r["name"] else f"{r['name']} ({r['id']})",
            r["kind"].replace("_", " "),
            r["sponsor"] or "",
            _aliases_cell(r["aliases"]),
            "" if r["incidents"] is None else str(r["incidents"]),
        )
    out.print(table)
    if len(rows) > limit:
        out.print(f"{len(rows) - limit} more; use --limit or a narrower QUERY", highlight=False)
    if not rows:
        out.print(f"no actor matches {query!r}" if query else "no actors in this store yet", highlight=False)


@app.command()
def actor(
    name: Annotated[str, typer.Argument(help="An actor id, name or alias, in any case.")],
    db: DbOption = "casus.db",
    aliases: AliasesOption = None,
) -> None:
    """One actor: canonical name, aliases, sponsor state, MISP cluster and its incidents in the store."""
    from casus.web.data import actor_detail

    knowledge = _knowledge(aliases)
    if len(name) > 100:
        raise _fail("NAME: at most 100 characters")
    actor_id = knowledge.resolve(name)
    store = _reader(db)
    try:
        if actor_id is None and store is not None and store.actor_roles(name.strip()):
            actor_id = name.strip()  # a name only the store knows (a group an article named)
        if actor_id is None:
            near = knowledge.suggest(name) or [p.name for p in knowledge.search(name)[:5]]
            hint = f" (did you mean: {', '.join(near)}?)" if near else ""
            raise _fail(f"{name!r}: no actor of that name or alias{hint}")
        detail = actor_detail(store, actor_id, knowledge=knowledge) if store is not None else None
    finally:
        if store is not None:
            store.close()
    a = detail or {**knowledge.profile(actor_id).as_dict(), "roles": {}}
    out.print(f"[bold]{a['name']}[/bold]  {a['id']} · {a['kind'].replace('_', ' ')}", highlight=False)
    if a["sponsor"]:
        out.print(f"sponsor: {knowledge.profile(a['sponsor']).name} ({a['sponsor']})", markup=False, highlight=False)
    if a["aliases"]:
        out.print(f"aliases: {', '.join(a['aliases'])}", markup=False, highlight=False)
    if a["misp_cluster"]:
        c = a["misp_cluster"]
        out.print(f"MISP galaxy: {c['galaxy']} cluster {c['value']!r} ({c['uuid']})", markup=False, highlight=False)
    if a["local_aliases"]:
        out.print(f"local aliases from {knowledge.source}", markup=False, highlight=False)
    if store is None:
        out.print(f"{db}: no such store, so no incidents to show", markup=False, highlight=False)
        return
    if not a["roles"]:
        out.print(f"no incidents in {db}", markup=False, highlight=False)
        return
    out.print("roles: " + ", ".join(f"{r} {n}" for r, n in a["roles"].items()), highlight=False)
    for key, heading in (
        ("as_victim", "victim"),
        ("as_accused", "accused"),
        ("as_accuser", "accuser"),
        ("as_claimant", "claimant"),
    ):
        for item in a[key]:
            out.print(
                f"  {heading:<9} {item['id']}  {item['first_seen'] or '?':<10}  {item['title']}",
                markup=False,
                highlight=False,
            )
    for r in a["responses"]:
        against = f" against {r['against']}" if r["against"] else ""
        out.print(f"  response  {r['incident']}  {r['type']}{against}", markup=False, highlight=False)
