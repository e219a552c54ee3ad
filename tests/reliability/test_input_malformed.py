"""Generated malformed inputs of every kind casus reads: each is refused with one line naming it
(or, for a random mutation that still reads as an article, read), within a time limit, and the
data already stored survives it unchanged.

Most cases go in-process through ``read_paths`` + ``ingest_documents`` (STIX bundles through
``import_bundle``, WARC archives through ``read_paths`` too); URL responses and feeds are served
by a real HTTP server on 127.0.0.1 and go through ``fetch_document`` and ``poll_feed``. A sample
of the files goes through the real ``casus ingest`` command and another through
``POST /api/documents``. ``CASUS_STRESS=1`` (``make stress-input``) raises the count.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from casus.errors import CasusError, InputError
from casus.export.summary import summary_document
from casus.imports import import_bundle
from casus.ingest import read_paths
from casus.ingest.feeds import poll_feed
from casus.ingest.fetch import Fetcher, fetch_document
from casus.pipeline import IngestSummary, ingest_documents
from casus.store import open_store
from ingest.webserver import LoopbackServer
from reliability import malformed

STRESS = os.environ.get("CASUS_STRESS", "") not in ("", "0")
COUNT = 5000 if STRESS else 1000
PER_INPUT_SECONDS = 20.0  # a generous bound: the slowest case takes about a second
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def within(seconds: float, fn, *args):
    """``fn(*args)`` in a worker thread, failing the test if it is still running after ``seconds``."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def snapshot(db: Path, store) -> tuple:
    """What must not change: document ids, incident, report and source counts, and the summary
    export's hash."""
    with sqlite3.connect(db) as raw:
        docs = frozenset(r[0] for r in raw.execute("SELECT id FROM documents"))
        counts = tuple(raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("incidents", "reports"))
    export = json.dumps(summary_document(store.incidents()), sort_keys=True, default=str)
    return docs, counts, hashlib.sha256(export.encode()).hexdigest()


def one_line_naming(line: str, path: Path | str, others: tuple[str, ...] = ()) -> None:
    """``path`` is a file, or the URL of a served case (its item links and redirects start with
    it); ``others`` are URLs outside the case that a line may name instead."""
    assert "\n" not in line and "\r" not in line, f"more than one line: {line[:300]!r}"
    assert "Traceback" not in line and 'File "' not in line, line[:300]
    names = [str(path), *others] + ([path.name] if isinstance(path, Path) else [])
    assert any(name in line for name in names), f"does not name the input: {line[:300]!r}"
    assert len(line) < len(str(path)) + 600, f"unbounded message: {line[:300]!r}"


@pytest.fixture(scope="module")
def store_db(tmp_path_factory, extractor):
    """A store holding the example articles and the generator's own well-formed record."""
    folder = tmp_path_factory.mktemp("malformed-store")
    db = folder / "casus.db"
    good = folder / "good.jsonl"
    good.write_text(json.dumps(malformed.RECORD) + "\n", encoding="utf-8")
    store = open_store(str(db))
    summary = ingest_documents(store, read_paths([EXAMPLES, good]), extractor=extractor)
    assert summary.failed == 0 and summary.incidents_new >= 2
    yield db, store
    store.close()


@pytest.fixture(scope="module")
def web():
    """The loopback server the URL and feed cases are served from, and a fetcher allowed to
    reach it whose time limits keep a slow case to about a second."""
    server = LoopbackServer().start()
    with Fetcher(allow_private=True, read_timeout=0.5, total_timeout=1.0) as fetcher:
        yield server, fetcher
    server.stop()


def fetch_urls(fetcher: Fetcher, urls: list[str]):
    """``read_urls`` with the test's fetcher: each URL's document, or its one-line error."""
    for url in urls:
        try:
            yield fetch_document(fetcher, url)
        except InputError as exc:
            yield exc


def ingest_case(store, extractor, case, path: Path | str, fetcher: Fetcher | None = None) -> list[str]:
    """The error lines one input gives, as ``casus ingest`` or ``casus watch`` would print them."""
    if case.kind == "feed":
        return poll_feed(store, fetcher, str(path), extractor).errors
    if case.kind == "url":
        summary = IngestSummary()
        ingest_documents(store, fetch_urls(fetcher, [str(path)]), summary=summary, extractor=extractor)
        return summary.errors
    if case.kind == "stix":
        try:
            import_bundle(store, path)
        except CasusError as exc:
            return [str(exc)]
        return []
    summary = IngestSummary()
    ingest_documents(store, read_paths([path]), summary=summary, extractor=extractor)
    return summary.errors


def check_case(case, path: Path | str, lines: list[str], took: float, before: tuple, after: tuple) -> None:
    """One input's outcome: its lines, the time a size refusal took, and what the store kept."""
    context = f"{case.kind}/{case.label}: {lines!r}"[:600]
    for line in lines:
        one_line_naming(line, path, case.names)
    if case.refused:
        assert len(lines) == 1, context
        assert after == before, f"{case.kind}/{case.label} changed the store"
    else:
        assert len(lines) <= case.records, context
        assert before[0] <= after[0], f"{case.kind}/{case.label} lost stored documents"
    if case.size:
        assert took < 2, f"{case.kind}/{case.label}: {took:.1f} s for an input refused by its size"


def test_generated_malformed_inputs(tmp_path, store_db, extractor, web):
    db, store = store_db
    server, fetcher = web
    cases = malformed.generate(COUNT)
    assert len(cases) == COUNT and {c.kind for c in cases} == set(malformed.KINDS)
    before = snapshot(db, store)
    slowest, problems, started = (0.0, ""), [], time.monotonic()
    took_per_kind: dict[str, float] = {}
    for n, case in enumerate(cases):
        path = case.serve(server, n) if case.served else case.write(tmp_path, n)
        t0 = time.monotonic()
        try:
            lines = within(PER_INPUT_SECONDS, ingest_case, store, extractor, case, path, fetcher)
            took = time.monotonic() - t0
            after = snapshot(db, store)
            check_case(case, path, lines, took, before, after)
            before = after
        except AssertionError as exc:
            problems.append(f"{case.kind}/{case.label}: {str(exc)[:300]}")
            before = snapshot(db, store)
        except Exception as exc:  # noqa: BLE001 - every crash is listed, not only the first
            problems.append(f"{case.kind}/{case.label}: raised {type(exc).__name__}: {str(exc)[:300]}")
            before = snapshot(db, store)
        slowest = max(slowest, (time.monotonic() - t0, case.label))
        took_per_kind[case.kind] = took_per_kind.get(case.kind, 0.0) + time.monotonic() - t0
        if isinstance(path, Path):
            path.unlink()
    total = time.monotonic() - started
    refused = sum(c.refused for c in cases)
    print(f"\n{len(cases)} malformed inputs ({refused} refused by design) in {total:.1f} s; slowest {slowest}")
    for name in malformed.KINDS:
        print(f"  {name}: {sum(c.kind == name for c in cases)} inputs in {took_per_kind.get(name, 0.0):.1f} s")
    assert not problems, f"{len(problems)} of {len(cases)} inputs went wrong:\n" + "\n".join(problems[:30])


def test_oversized_file_is_refused_before_it_is_read(tmp_path):
    """A 50 MB file of NUL bytes is refused for its size, not its content: nothing was read."""
    path = malformed.Case("text", "big", ".txt", size=malformed.BIG).write(tmp_path, 0)
    [error] = list(read_paths([path]))
    assert isinstance(error, InputError) and "larger than 5 MiB" in str(error)


CLI_SAMPLE = 24


def test_cli_reports_each_bad_file_in_one_line(tmp_path, store_db):
    """A sample through the real command: exit 1, one stderr line per bad file, store unchanged."""
    db, store = store_db
    kinds = malformed.file_kinds()
    cases = [c for c in malformed.generate(400, seed=5, kinds=kinds) if c.refused][::7][:CLI_SAMPLE]
    assert {c.kind for c in cases} == set(kinds)
    paths = [c.write(tmp_path, n) for n, c in enumerate(cases)]
    before = snapshot(db, store)
    casus = Path(sys.executable).with_name("casus")
    command = [str(casus)] if casus.exists() else [sys.executable, "-m", "casus"]
    run = subprocess.run(
        [*command, "ingest", *map(str, paths), "--db", str(db)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 1, run.stderr[-2000:]
    lines = run.stderr.splitlines()
    assert "Traceback" not in run.stderr
    assert len(lines) == len(paths), run.stderr[-3000:]
    for path in paths:
        [line] = [x for x in lines if str(path) in x or f"{path.name}:" in x]
        assert line.startswith("casus: ")
    assert snapshot(db, store) == before


API_SAMPLE = 60


def api_bodies() -> list[tuple[str, dict]]:
    """Bad articles as the API takes them: the JSON lines' bad records as they are, and the text
    and HTML cases that are text at all (the API receives strings, so bytes checks do not apply)."""
    bodies = []
    for case in malformed.generate(600, seed=7, kinds=["text", "html", "jsonl"]):
        if not case.refused or case.size:
            continue
        try:
            text = case.data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if any(ch < " " and ch not in "\t\n\r" for ch in text):
            continue  # control bytes: a file's binary check, which the API's strings never pass through
        if case.kind == "jsonl":
            lines = [x for x in text.splitlines() if x.strip()]
            if len(lines) != 1:
                continue
            try:
                record = json.loads(lines[0])
            except (ValueError, RecursionError):
                continue
            if isinstance(record, dict):
                bodies.append((case.label, record))
        else:
            bodies.append((case.label, {"html" if case.kind == "html" else "text": text}))
    return bodies[:API_SAMPLE]


def test_api_refuses_malformed_articles_in_one_line(store_db):
    """A sample as ``POST /api/documents``: 413 or 422 with one line, nothing stored; the server
    answers the next request."""
    from fastapi.testclient import TestClient

    from casus.web import create_app

    db, store = store_db
    bodies = api_bodies()
    assert len(bodies) >= 30
    before = snapshot(db, store)
    with TestClient(create_app(str(db), write_token="t0ken")) as client:
        headers = {"Authorization": "Bearer t0ken", "Content-Type": "application/json"}
        for label, body in bodies:
            r = within(  # NaN goes as JSON's NaN literal, as a careless client would send it
                PER_INPUT_SECONDS, lambda b=body: client.post("/api/documents", content=json.dumps(b), headers=headers)
            )
            assert r.status_code in (413, 422), f"{label}: {r.status_code} {r.text[:300]}"
            detail = r.json()["detail"]
            assert isinstance(detail, str) and "\n" not in detail and "Traceback" not in detail, label
            assert 0 < len(detail) < 600, label
        assert client.get("/api/stats").status_code == 200
    assert snapshot(db, store) == before
