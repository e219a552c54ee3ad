"""The ``casus`` command: one verb per pipeline stage.

Expected failures (unreadable input, an unopenable store, an unknown id) print one line naming
the input and exit non-zero; nothing expected ends in a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text

from casus.errors import CasusError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    help="Sourced records of state cyber operations from open-source reporting.",
)
err = Console(stderr=True, soft_wrap=True)  # an error is one line, however long its path
out = Console(soft_wrap=True)

DbOption = Annotated[str, typer.Option("--db", help="SQLite file (created by ingest if missing) or postgresql:// URL.")]


AliasesOption = Annotated[
    Path | None,
    typer.Option("--aliases", help="Local alias file (TOML) over the shipped data; default $CASUS_ALIASES."),
]

AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private", help="Fetch from loopback and private networks too (refused by default: SSRF guard)."
    ),
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


class _RateColumn(ProgressColumn):
    """Pages (or documents) read per second, from the reader's own counts: WARC pages that the
    prefilter drops never reach the pipeline, yet they are the bulk of the work."""

    def __init__(self, done: Callable[[], int], unit: str) -> None:
        super().__init__()
        self.done, self.unit = done, unit

    def render(self, task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = self.done() / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.0f} {self.unit}/s", style="progress.data.speed")


def _input_size(paths: list[Path]) -> tuple[int, int, bool]:
    """How many input files, their total bytes and whether any is a WARC, for the progress
    bar; only names and sizes are read."""
    from casus.ingest import input_files, is_warc

    files = size = 0
    warc = False
    for item in input_files(paths):
        if isinstance(item, Path):
            files += 1
            warc = warc or is_warc(item)
            try:
                size += item.stat().st_size
            except OSError:
                pass
    return files, size, warc


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH_OR_URL",
            help="Files or folders: .txt, .html, .jsonl, .warc, .warc.gz; .json files are STIX 2.1 bundles; "
            "http(s):// URLs of pages.",
        ),
    ],
    db: DbOption = "casus.db",
    aliases: AliasesOption = None,
    allow_private: AllowPrivateOption = False,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Read and extract on a local Dask cluster of N worker processes.")
    ] = None,
    dask: Annotated[
        str | None, typer.Option("--dask", help="Read and extract on the Dask scheduler at ADDRESS (tcp://host:8786).")
    ] = None,
) -> None:
    """Read articles, extract their facts, merge them into incidents and store them; import STIX bundles."""
    from functools import partial
    from itertools import chain

    from casus.ingest import ReadCounts, article_files, read_paths
    from casus.ingest.fetch import is_url, read_urls
    from casus.pipeline import IngestSummary, ingest_documents

    if workers is not None and dask is not None:
        raise _fail("--workers starts a local Dask cluster and --dask uses a running one: give one of them")
    scaled_out = workers is not None or dask is not None  # one writer here; workers fetch, read and extract
    if scaled_out:
        from casus.scaleout import ingest_scaled_out, require_dask

        try:
            require_dask()
        except CasusError as exc:
            raise _fail(str(exc)) from None
    urls = [a for a in paths if is_url(a)]
    paths = [Path(a) for a in paths if not is_url(a)]
    bundles = [p for p in paths if p.suffix.lower() == ".json" and not p.is_dir()]
    paths = [p for p in paths if p not in bundles]
    store = _store(db, create=True)
    if bundles:
        try:
            failed = _import_bundles(store, bundles, aliases)
        except BaseException:
            store.close()
            raise
        if not paths and not urls:
            store.close()
            raise typer.Exit(1 if failed else 0)
    counts = ReadCounts()
    files, total_bytes, warc = _input_size(paths)
    show = sys.stderr.isatty() and (files + len(urls) > 20 or warc)
    summary = IngestSummary()
    try:
        if scaled_out:
            items = chain(article_files(paths), urls)
            run = partial(ingest_scaled_out, workers=workers, address=dask, allow_private=allow_private)
        else:
            from casus.extract.report import Extractor

            # loaded before the bar starts, so its rates are those of reading
            items = chain(read_paths(paths, counts=counts), read_urls(urls, allow_private=allow_private))
            run = partial(ingest_documents, extractor=Extractor())
        with Progress(
            TextColumn("ingesting"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            _RateColumn(lambda: counts.pages, "pages") if warc else _RateColumn(lambda: summary.documents_read, "docs"),
            TimeRemainingColumn(),
            console=err,
            disable=not show,
        ) as bar:
            task = bar.add_task("ingest", total=total_bytes)
            if show:
                counts.on_progress = lambda: bar.update(task, completed=counts.bytes_done)

            def tick(_item) -> None:
                # errors as they happen (a document can fail after it was read), above the bar
                while tick.reported < len(summary.errors):
                    err.print(f"casus: {summary.errors[tick.reported]}", markup=False, highlight=False)
                    tick.reported += 1

            tick.reported = 0
            # a generator, not a list: one file or WARC record is held at a time, however large the input
            run(store, items, on_item=tick, summary=summary)
        store.optimize()  # planner statistics for the lists and filters that read this store
    except CasusError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()
    line = (
        f"read {summary.documents_read} documents: {summary.skipped} already stored, "
        f"{summary.copies} copies of stored documents, {summary.failed} failed; "
        f"incidents: {summary.incidents_new} new, {summary.incidents_updated} updated"
    )
    if counts.warc_files:
        line += (
            f"; WARC pages: {counts.pages} read, {counts.prefiltered} prefiltered out, "
            f"{counts.non_english} non-English, {counts.parsed} parsed, {counts.failed} failed"
        )
    out.print(line, highlight=False)
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


def _knowledge(aliases: Path | None):
    from casus.actors import Knowledge

    try:
        return Knowledge.from_file(aliases)
    except CasusError as exc:
        raise _fail(str(exc)) from None


@app.command()
def resolve(db: DbOption = "casus.db") -> None:
    """Regroup every stored report into incidents, without extracting again."""
    store = _store(db)  # refuses a missing store, or one whose schema is behind, in one line
    try:
        counts = store.regroup()
    except CasusError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()
    out.print(
        f"{db}: {counts['reports']} reports regrouped; incidents: {counts['incidents_before']} before, "
        f"{counts['incidents_after']} after",
        highlight=False,
    )


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


import casus.cli_feeds  # noqa: E402, F401  (watch: registered on app)
from casus import cli_interop  # noqa: E402, F401  (export, actors, actor: registered on app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
