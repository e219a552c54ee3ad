"""Ingest spread over Dask: workers read, parse and extract; one writer here places and stores.

Reading, HTML parsing, the near-copy signature and extraction need no store and take nearly all
of ingest's time, while placing a report needs every earlier document's writes. So workers turn
batches of files into :class:`~casus.pipeline.Prepared` documents, and this process writes them
in input order with :func:`~casus.pipeline.ingest_documents`, the code a single-process run uses.
That is why the store ends identical to a single-process run on the same input. A document the
store holds already is skipped by the writer; the extraction spent on it is only waste.

Workers are sent file paths, never documents or a model: each worker process builds its
extractor once, on its first batch, and keeps it (:func:`worker_extractor`). Only a bounded
number of batches is in flight, so memory stays bounded however long the input. With
``--dask ADDRESS`` the paths must be readable by the workers (a shared filesystem).
"""

from __future__ import annotations

import functools
import logging
import math
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from casus.errors import CasusError, InputError
from casus.extract.report import Extractor
from casus.ingest import read_paths
from casus.ingest.fetch import is_url, read_urls
from casus.pipeline import IngestSummary, Prepared, ingest_documents
from casus.store import Store

if TYPE_CHECKING:
    from distributed import Client, Future

BATCH_FILES = 20  # files per task: coarse enough that scheduling costs little beside extraction
IN_FLIGHT_PER_WORKER = 3  # per worker, a batch in work and two queued, while the writer writes
CONNECT_TIMEOUT = "10s"
INSTALL_HINT = "pip install 'casus[dask]'"


@functools.cache
def worker_extractor() -> Extractor:
    """One extractor per worker process, built on its first batch; it never travels in a task."""
    return Extractor()


def prepare_files(paths: list[tuple[str, str]], allow_private: bool = False) -> list[list[Prepared | tuple[str, str]]]:
    """The task a worker runs: per file, its documents read, fingerprinted and extracted, or its
    input errors as ``(source, reason)`` (an :class:`InputError` does not survive pickling).

    Each file comes as (path as given, absolute path): a worker's working folder may not be the
    client's, so it reads the absolute path, and errors still name the path as given. A URL comes
    as (URL, URL) and is fetched here, through the same guard as in a single process."""
    extractor = worker_extractor()
    results = []
    for path, absolute in paths:
        items: list[Prepared | tuple[str, str]] = []
        try:
            reader = read_urls([absolute], allow_private=allow_private) if is_url(absolute) else read_paths([absolute])
            for item in reader:
                if isinstance(item, InputError):
                    source = (
                        path + item.source.removeprefix(absolute) if item.source.startswith(absolute) else item.source
                    )
                    items.append((source, item.reason))
                else:
                    prepared = Prepared(item)
                    prepared.fingerprint()
                    prepared.extract(extractor)
                    items.append(prepared)
        except Exception as exc:  # noqa: BLE001 - one odd file must not end the batch
            items.append((path, f"failed on a Dask worker ({type(exc).__name__}: {exc})"))
        results.append(items)
    return results


def require_dask() -> None:
    """Fail in one line, before any store is opened, when the ``dask`` extra is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise CasusError(f"--workers and --dask need Dask: {INSTALL_HINT}") from None


@contextmanager
def dask_client(workers: int | None = None, address: str | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a local cluster of ``workers`` processes
    (one thread each: extraction holds the GIL) that lives as long as the block."""
    require_dask()
    from distributed import Client, LocalCluster

    if address:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise CasusError(f"{address}: cannot reach the Dask scheduler ({type(exc).__name__}: {exc})") from None
        with client:
            yield client
        return
    try:
        cluster = LocalCluster(
            n_workers=workers or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # the scheduler's HTTP server (health, metrics) still starts: any free loopback port,
            # not 8787, which another cluster on the machine may hold
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            host="127.0.0.1",
            silence_logs=logging.CRITICAL,  # a lost batch is reported by casus, in one line
        )
    except (OSError, RuntimeError, TimeoutError) as exc:
        raise CasusError(f"cannot start a local Dask cluster ({type(exc).__name__}: {exc})") from None
    with cluster, Client(cluster) as client:
        yield client


def _batches(sources: list[Path | InputError], size: int) -> Iterator[list[Path | InputError]]:
    for start in range(0, len(sources), size):
        yield sources[start : start + size]


def _results(future: Future | None, paths: list[tuple[str, str]]) -> list[list[Prepared | tuple[str, str]]]:
    """A batch's results; a batch whose workers all died costs one line per file, not the run."""
    if future is None:
        return []
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - KilledWorker, a lost connection: report and go on
        return [[(path, f"lost on a Dask worker ({type(exc).__name__}: {exc})")] for path, _ in paths]


def prepared_in_order(
    client: Client,
    sources: list[Path | str | InputError],
    batch_files: int | None = None,
    allow_private: bool = False,
) -> Iterator[Prepared | InputError]:
    """Prepared documents and input errors in the order of ``sources``, as a single process would
    read them. Batches are waited for in submission order; each finished one is replaced by the
    next, so the workers stay busy while the writer writes and at most a few batches are held."""
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    in_flight = IN_FLIGHT_PER_WORKER * n_workers
    if batch_files is None:  # small inputs still reach every worker
        batch_files = max(1, min(BATCH_FILES, math.ceil(len(sources) / in_flight)))
    batches = _batches(sources, batch_files)
    pending: deque[tuple[list[Path | InputError], Future | None]] = deque()

    def files(batch: list[Path | InputError]) -> list[tuple[str, str]]:
        return [
            (str(s), str(s) if is_url(str(s)) else os.path.abspath(s)) for s in batch if not isinstance(s, InputError)
        ]

    def submit(batch: list[Path | InputError]) -> None:
        paths = files(batch)
        pending.append((batch, client.submit(prepare_files, paths, allow_private, pure=False) if paths else None))

    for batch in batches:
        submit(batch)
        if len(pending) >= in_flight:
            break
    while pending:
        batch, future = pending.popleft()
        results = iter(_results(future, files(batch)))
        del future  # the worker may drop the batch's results once they are here
        following = next(batches, None)
        if following is not None:
            submit(following)
        for source in batch:
            if isinstance(source, InputError):
                yield source
                continue
            for item in next(results):
                yield item if isinstance(item, Prepared) else InputError(*item)


def ingest_with_client(
    store: Store,
    sources: Iterable[Path | str | InputError],
    client: Client,
    on_item: Callable[[Prepared | InputError], None] | None = None,
    summary: IngestSummary | None = None,
    batch_files: int | None = None,
    allow_private: bool = False,
) -> IngestSummary:
    """Ingest the files ``sources`` (from :func:`~casus.ingest.article_files`) and URLs through ``client``."""
    items = prepared_in_order(client, list(sources), batch_files, allow_private)
    return ingest_documents(store, items, on_item=on_item, summary=summary)


def ingest_scaled_out(
    store: Store,
    sources: Iterable[Path | str | InputError],
    workers: int | None = None,
    address: str | None = None,
    on_item: Callable[[Prepared | InputError], None] | None = None,
    summary: IngestSummary | None = None,
    allow_private: bool = False,
) -> IngestSummary:
    """``casus ingest --workers N`` or ``--dask ADDRESS``: a local cluster or a running scheduler."""
    with dask_client(workers, address) as client:
        return ingest_with_client(store, sources, client, on_item=on_item, summary=summary, allow_private=allow_private)
