"""``casus watch``: poll RSS and Atom feeds and ingest their new items, one line per feed and poll.
Registered on the one ``casus`` app (:mod:`casus.cli`)."""

from __future__ import annotations

from datetime import UTC, datetime
from time import sleep
from typing import Annotated

import typer

from casus.cli import AllowPrivateOption, DbOption, _fail, _store, app, err, out
from casus.errors import CasusError


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(metavar="FEED_URL", help="http(s):// URLs of RSS or Atom feeds.")],
    every: Annotated[str, typer.Option("--every", help="Time between polls: 30s, 10m, 1h.")] = "10m",
    once: Annotated[bool, typer.Option("--once", help="Poll each feed once, then exit.")] = False,
    db: DbOption = "casus.db",
    allow_private: AllowPrivateOption = False,
) -> None:
    """Poll feeds and ingest the items not seen before; feed state is kept in the store, so a restart resumes."""
    from casus.extract.report import Extractor
    from casus.ingest.feeds import parse_interval, poll_feed
    from casus.ingest.fetch import Fetcher, is_url

    try:
        interval = parse_interval(every)
    except ValueError as exc:
        raise _fail(f"--every: {exc}") from None
    for url in feeds:
        if not is_url(url):
            raise _fail(f"{url}: not a feed URL (expected http:// or https://)")
    store = _store(db, create=True)
    failed = False
    try:
        with Fetcher(allow_private=allow_private) as fetcher:
            extractor = Extractor()
            while True:
                for url in feeds:
                    result = poll_feed(store, fetcher, url, extractor)
                    for line in result.errors:
                        err.print(f"casus: {line}", markup=False, highlight=False)
                    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                    out.print(f"{stamp} {result.line()}", markup=False, highlight=False)
                    failed = failed or result.feed_failed or result.failed > 0
                if once:
                    break
                sleep(interval)
    except CasusError as exc:  # the store failed under the watch: one line, not a traceback
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        err.print("casus: watch stopped; the next one resumes where this one was", markup=False, highlight=False)
        return
    finally:
        store.close()
    if failed:
        raise typer.Exit(1)
