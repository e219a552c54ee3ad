"""Concurrency: two ``casus ingest`` processes and ``casus serve`` on one store at once (SQLite
in WAL mode, and PostgreSQL), while a client reads pages and the API. Every document of both
inputs ends up stored, the grouping equals that of one sequential run, and no "database is
locked" (nor any traceback) reaches the user: not on stderr, not as a 5xx."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from casus.ingest import read_paths
from casus.ingest.text import document_id
from casus.pipeline import ingest_documents
from casus.store import open_store
from reliability.harness import STRESS, casus_command, free_port, store_state, wait_for_server

DOCS = 40 if STRESS else 14  # per ingester
PATHS = [
    "/",
    "/api/incidents",
    "/api/incidents?q=ministry",
    "/api/documents",
    "/documents",
    "/actors",
    "/api/actors",
    "/graph",
    "/charts",
    "/api/stats",
    "/api/export",
]


def _read_while(base: str, running: threading.Event, seen: dict) -> None:
    """Read every page in turn, and incidents and documents as they appear, until told to stop."""
    with httpx.Client(base_url=base, timeout=30) as client:
        while running.is_set():
            for path in PATHS:
                try:
                    r = client.get(path)
                except httpx.HTTPError as exc:
                    seen["errors"].append(f"{path}: {exc!r}")
                    continue
                seen["requests"] += 1
                if r.status_code >= 500 or "locked" in r.text:
                    seen["bad"].append(f"{path}: {r.status_code} {r.text[:200]}")
                if path == "/api/incidents" and r.status_code == 200:
                    for item in r.json()["items"][:3]:
                        for extra in (f"/api/incidents/{item['id']}", f"/incidents/{item['id']}"):
                            r2 = client.get(extra)
                            seen["requests"] += 1
                            if r2.status_code != 200:  # an incident merged away meanwhile is a 404, never a 5xx
                                (seen["bad"] if r2.status_code >= 500 else seen["gone"]).append(extra)


def _overlapping_inputs(make_corpus, tmp_path) -> list[Path]:
    """Two feeds read at once: the second repeats every other article of the first, in the same
    order (so both reach them about together), then has articles of its own."""
    first = make_corpus(DOCS, seed=7)
    second = tmp_path / "second"
    second.mkdir()
    for n, path in enumerate(sorted(first.iterdir())):
        if n % 2 == 0:
            shutil.copy(path, second / path.name)
    for path in sorted(make_corpus(DOCS // 2, seed=7, start=DOCS).iterdir()):
        shutil.copy(path, second / path.name)
    return [first, second]


def test_two_ingesters_and_a_server_on_one_store(backend, make_corpus, tmp_path, extractor):
    inputs = _overlapping_inputs(make_corpus, tmp_path)
    union = {p.name for folder in inputs for p in folder.iterdir()}
    url = backend()
    open_store(url).close()  # the schema, so the server can open the store before any document
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    logs = {name: (tmp_path / f"{name}.log").open("w+") for name in ("serve", "ingest0", "ingest1")}
    server = subprocess.Popen(
        casus_command("serve", "--db", url, "--port", str(port)), stdout=logs["serve"], stderr=subprocess.STDOUT
    )
    try:
        wait_for_server(base, server)
        running = threading.Event()
        running.set()
        seen = {"requests": 0, "errors": [], "bad": [], "gone": []}
        reader = threading.Thread(target=_read_while, args=(base, running, seen))
        reader.start()
        started = time.monotonic()
        ingesters = [
            subprocess.Popen(casus_command("ingest", str(folder), "--db", url), stdout=log, stderr=subprocess.STDOUT)
            for folder, log in zip(inputs, (logs["ingest0"], logs["ingest1"]), strict=True)
        ]
        codes = [p.wait(timeout=300) for p in ingesters]
        elapsed = time.monotonic() - started
        running.clear()
        reader.join(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = {}
    for name, f in logs.items():
        f.seek(0)
        output[name] = f.read()
        f.close()
    assert codes == [0, 0], output
    for name, text in output.items():
        assert "Traceback" not in text and "locked" not in text, (name, text[-2000:])
    assert seen["errors"] == [] and seen["bad"] == [], seen
    assert seen["requests"] > 0

    counts, problems = store_state(url)
    assert not any(problems.values()), problems
    assert counts["documents"] == len(union) == DOCS + DOCS // 2  # not one lost, none twice
    reference = str(tmp_path / "sequential.db")
    store = open_store(reference)
    try:
        ingest_documents(store, read_paths(inputs), extractor=extractor)
    finally:
        store.close()
    assert counts == store_state(reference)[0]  # the same incidents as one process reading both in turn
    print(
        f"\nconcurrency: 2 ingesters ({DOCS} documents each, {len(union)} distinct), "
        f"{seen['requests']} reads in {elapsed:.1f}s; "
        f"0 lost, 0 5xx, {len(seen['gone'])} incidents merged away between list and read (404)"
    )


class RacingExtractor:
    """The real extractor, except that while it extracts its first document another writer
    stores ``meanwhile``: what a second ingester does during this one's slowest step."""

    def __init__(self, real, url: str, meanwhile: list):
        self.real, self.url, self.meanwhile = real, url, meanwhile

    def extract(self, doc):
        if self.meanwhile:
            other = open_store(self.url)
            try:
                ingest_documents(other, self.meanwhile, extractor=self.real)
            finally:
                other.close()
            self.meanwhile = []
        return self.real.extract(doc)


def test_a_document_stored_by_another_writer_meanwhile_is_skipped(store_url, make_corpus, extractor):
    """Both ingesters find an article new and extract it; the second to write skips it instead of
    failing on the duplicate key. Likewise a wire copy of an article another writer stored
    meanwhile becomes a copy of it, not a second original whose facts count twice."""
    first, second = (next(read_paths([p])) for p in sorted(make_corpus(2, seed=9).iterdir()))
    copy_text = second.text + "\nThis article was shared by a wire service.\n"
    copy = replace(second, id=document_id(copy_text), text=copy_text, source="wire-copy.txt")
    store = open_store(store_url)
    try:
        summary = ingest_documents(store, [first], extractor=RacingExtractor(extractor, store_url, [first]))
        assert (summary.skipped, summary.failed) == (1, 0)
        summary = ingest_documents(store, [copy], extractor=RacingExtractor(extractor, store_url, [second]))
        assert (summary.copies, summary.failed) == (1, 0)
    finally:
        store.close()
    counts, problems = store_state(store_url)
    assert not any(problems.values()), problems
    assert counts["documents"] == 3


def test_a_writer_locked_out_past_the_busy_timeout_gets_one_line(tmp_path, monkeypatch, write_article, extractor):
    """Another process holding the write lock longer than the busy timeout: the store says so
    in one line naming it (no sqlite3 traceback, no "database is locked"), and keeps its data."""
    from casus.errors import StoreError
    from casus.store import sqlite

    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 300)
    db = tmp_path / "shared.db"
    [doc] = read_paths(
        [
            write_article(
                "a.txt",
                "Estonia blames Russia for hack",
                "2024-03-01",
                "Estonia said on Friday that Russia was behind a cyberattack on its ministry in February.",
            )
        ]
    )
    store = open_store(db)
    ingest_documents(store, [doc], extractor=extractor)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as caught:
            store.writing().__enter__()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message = str(caught.value)
    assert message.startswith(f"{db}: another writer held the store") and "\n" not in message
    assert "database is locked" not in message
    assert store.counts()["documents"] == 1
    store.close()
