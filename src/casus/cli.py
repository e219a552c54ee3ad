"""The ``casus`` command: one verb per pipeline stage.

Expected failures (unreadable input, an unopenable store, an unknown id) print one line naming
the input and exit non-zero; nothing expected ends in a traceback.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from casus.errors import CasusError, ExportError
from casus.models import OPERATION_TYPES, RESPONSE_TYPES, SECTORS

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    help="Sourced records of state cyber operations from open-source reporting.",
)
err = Console(stderr=True, soft_wrap=True)  # an error is one line, however long its path
out = Console(soft_wrap=True)

DbOption = Annotated[str, typer.Option("--db", help="SQLite file (created by ingest if missing) or postgresql:// URL.")]


# The API's vocabularies as choices, so a typo is refused with the list of accepted values.
ResponseType = Enum("ResponseType", {v: v for v in RESPONSE_TYPES}, type=str)
OperationType = Enum("OperationType", {v: v for v in OPERATION_TYPES}, type=str)
Sector = Enum("Sector", {v: v for v in SECTORS}, type=str)
ActorFilter = Annotated[str | None, typer.Option(help="An actor id: ISO alpha-3, EU/NATO/UN or a name.")]
AliasesOption = Annotated[
    Path | None,
    typer.Option("--aliases", help="Local alias file (TOML) over the shipped data; default $CASUS_ALIASES."),
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"casus: {message}", markup=False, highlight=False)
    return typer.Exit(code)


def _require_existing(db: str) -> None:
    """A store file must exist before anything but ingest opens it (opening would create it)."""
    if "://" not in db and not Path(db.removeprefix("sqlite:///")).exists():
        raise _fail(f"{db}: no such store (run `casus ingest` first)")


def _store(db: str, create: bool = False):
    """Writers (``create``) bring the schema up to date; readers refuse a store behind this
    casus and name ``casus db upgrade``, so a shared database is only migrated on purpose."""
    from casus.store import open_store

    if not create:
        _require_existing(db)
    try:
        return open_store(db, upgrade=create)
    except CasusError as exc:
        raise _fail(str(exc)) from None


def _import_bundles(store, bundles: list[Path], aliases: Path | None) -> int:
    """Import each STIX bundle in its own transaction; returns how many failed."""
    from casus.imports import import_bundle

    knowledge = _knowledge(aliases)
    failed = 0
    for path in bundles:
        try:
            out.print(import_bundle(store, path, knowledge).line(str(path)), markup=False, highlight=False)
        except CasusError as exc:
            failed += 1
            err.print(f"casus: {exc}", markup=False, highlight=False)
    return failed


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders: .txt, .html, .jsonl; .json files are STIX 2.1 bundles.")
    ],
    db: DbOption = "casus.db",
    aliases: AliasesOption = None,
) -> None:
    """Read articles, extract their facts, merge them into incidents and store them; import STIX bundles."""
    from casus.ingest import read_paths
    from casus.pipeline import IngestSummary, ingest_documents

    bundles = [p for p in paths if p.suffix.lower() == ".json" and not p.is_dir()]
    paths = [p for p in paths if p not in bundles]
    store = _store(db, create=True)
    if bundles:
        try:
            failed = _import_bundles(store, bundles, aliases)
        except BaseException:
            store.close()
            raise
        if not paths:
            store.close()
            raise typer.Exit(1 if failed else 0)
    items = list(read_paths(paths))
    show = sys.stderr.isatty() and len(items) > 20
    try:
        with Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            disable=not show,
        ) as bar:
            task = bar.add_task("ingest", total=len(items))

            summary = IngestSummary()

            def tick(_item) -> None:
                # errors as they happen (a document can fail after it was read), above the bar
                while tick.reported < len(summary.errors):
                    err.print(f"casus: {summary.errors[tick.reported]}", markup=False, highlight=False)
                    tick.reported += 1
                bar.advance(task)

            tick.reported = 0
            ingest_documents(store, items, on_item=tick, summary=summary)
        store.optimize()  # planner statistics for the lists and filters that read this store
    except CasusError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()
    out.print(
        f"read {summary.documents_read} documents: {summary.skipped} already stored, "
        f"{summary.copies} copies of stored documents, {summary.failed} failed; "
        f"incidents: {summary.incidents_new} new, {summary.incidents_updated} updated",
        highlight=False,
    )
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def incidents(db: DbOption = "casus.db") -> None:
    """List the incidents in the store."""
    from casus.export.summary import summarize

    store = _store(db)
    table = Table(
        "id", "title", "victims", "first activity", "attributed to", "responses", "sources", box=None, pad_edge=False
    )
    for n, column in enumerate(table.columns):
        column.no_wrap = n != 1
    table.columns[1].min_width = 24
    table.columns[1].overflow = "fold"
    try:
        for row in store.incidents():
            s = summarize(row)
            table.add_row(
                s["id"],
                s["title"][:70],
                ", ".join(s["victims"]),
                s["first_activity"] or "",
                ", ".join(sorted({a["to"] for a in s["attributions"]})),
                str(len(s["responses"])),
                str(len(s["sources"])),
            )
    finally:
        store.close()
    out.print(table)


@app.command()
def show(incident_id: str, db: DbOption = "casus.db") -> None:
    """One incident: every fact with its evidence, in timeline order."""
    from casus.export.timeline import timeline

    store = _store(db)
    try:
        row = store.incident(incident_id)
        if row is None:
            raise _fail(f"{incident_id}: no such incident in {db}")
        docs = {r.doc_id: store.document(r.doc_id) for r in row.reports}
    finally:
        store.close()
    out.print(f"[bold]{row.title}[/bold]  ({row.id})", highlight=False)
    for when, kind, text, ev in timeline(row):
        doc = docs.get(ev.doc_id)
        out.print(f"{when or '    ?     ':<10}  {kind:<13} {text}", markup=False, highlight=False)
        out.print(f"{'':<12}“{ev.sentence.strip()}”", markup=False, highlight=False, style="dim")
        out.print(
            f"{'':<12}{doc.source if doc else ev.doc_id} [{ev.start}:{ev.end}]",
            markup=False,
            highlight=False,
            style="dim",
        )


FORMATS = ("summary", "jsonl", "stix", "misp", "csv")


def _day(name: str, value: str | None):
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"--{name} {value[:40]}: not a date (YYYY-MM-DD)") from None


def _knowledge(aliases: Path | None):
    from casus.actors import Knowledge

    try:
        return Knowledge.from_file(aliases)
    except CasusError as exc:
        raise _fail(str(exc)) from None


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
    """Write the incidents matching the filters: casus-summary/1, JSON lines with all evidence, a
    STIX 2.1 bundle, a MISP feed folder or a folder of CSV files."""
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


db_app = typer.Typer(no_args_is_help=True, help="Manage the store itself.")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(db: DbOption = "casus.db") -> None:
    """Apply pending schema migrations (each in its own transaction); stored data is kept."""
    from casus.store import connect

    _require_existing(db)
    try:
        store = connect(db)
        try:
            applied = store.upgrade()
        finally:
            store.close()
    except CasusError as exc:
        raise _fail(str(exc)) from None
    out.print(f"{db}: " + (f"applied {', '.join(applied)}" if applied else "already current"), highlight=False)


@app.command()
def serve(
    db: DbOption = "casus.db",
    host: Annotated[str, typer.Option(help="Address to bind; loopback unless you mean to share it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    write_token_file: Annotated[
        Path | None, typer.Option(help="File holding a token that allows POST /api/documents.")
    ] = None,
    aliases: AliasesOption = None,
) -> None:
    """Serve the store: JSON API under /api, web pages at /. Read-only unless given a write token."""
    import uvicorn

    from casus.web import create_app

    token = None
    if write_token_file is not None:
        try:
            token = write_token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(f"{write_token_file}: cannot read the write token ({exc})") from None
        if len(token) < 16:
            raise _fail(f"{write_token_file}: the write token must be at least 16 characters")
    _require_existing(db)
    try:
        web = create_app(db, write_token=token, knowledge=_knowledge(aliases))  # refuses a bad store in one line
    except CasusError as exc:
        raise _fail(str(exc)) from None
    if host not in ("127.0.0.1", "::1", "localhost"):
        err.print(f"casus: serving on {host}, reachable beyond this machine", markup=False, highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="info", server_header=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
