"""Ingest on Dask: a real LocalCluster of two worker processes, writing into real SQLite files
and a real PostgreSQL server, must leave the store a single-process run leaves.

The corpus mixes everything the writer decides on: articles of several incidents, a near-copy,
an exact duplicate, an HTML page, JSON lines with a malformed line, an empty file and a path
that does not exist, so input errors and skips have to come out in input order too.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casus.cli import app
from casus.errors import CasusError
from casus.export.summary import full_record
from casus.ingest import article_files, read_paths
from casus.pipeline import IngestSummary, ingest_documents
from casus.store import open_store

ROOT = Path(__file__).resolve().parent.parent
CASUS = Path(sys.executable).with_name("casus")

HTML_PAGE = """<!doctype html><html><head><title>Port authority systems hit</title></head><body>
<nav>Home | World | Technology</nav>
<article><h1>Estonian port authority says hackers wiped its cargo systems</h1>
<p>Estonia's port authority said on Tuesday that a cyberattack had wiped the servers that schedule cargo
ships in Muuga harbour, halting loading for two days.</p>
<p>The Estonian government said Russia's military intelligence service was responsible for the attack and
summoned the Russian ambassador in Tallinn.</p>
<p>Moscow denied any involvement and called the accusation absurd.</p></article>
<footer>All rights reserved</footer></body></html>
"""

JSONL_LINES = [
    {
        "url": "https://news.example/ferry-ransomware",
        "title": "Ferry operator in Finland hit by ransomware, services delayed",
        "published": "2024-05-02",
        "text": "A Finnish ferry operator said on Thursday that ransomware had encrypted its booking systems. "
        "Finland's security police said a group linked to China's intelligence services was behind the "
        "operation. Beijing rejected the claim as groundless.",
    },
    {
        "url": "https://news.example/exercise",
        "title": "Nordic states hold joint cyber defence drill",
        "published": "2024-05-03",
        "text": "Defence teams from five Nordic states practised answering attacks on power grids this week. "
        "No real incident was involved.",
    },
]


def _require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("Dask is required in CI")
        pytest.skip("Dask is not installed: pip install 'casus[dask]'")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, albania_outlets) -> list[str]:
    """The paths given to ingest: one folder and one missing file."""
    root = tmp_path_factory.mktemp("corpus")
    folder = root / "in"
    shutil.copytree(ROOT / "examples", folder / "examples", ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(ROOT / "tests" / "resolve" / "articles", folder / "resolve")
    for name, (headline, published, body) in albania_outlets.items():
        (folder / "outlets").mkdir(exist_ok=True)
        (folder / "outlets" / name).write_text(f"{headline}\n{published}\n\n{body}\n", encoding="utf-8")
    text = (folder / "outlets" / "outlet_a.txt").read_text(encoding="utf-8")
    (folder / "z_mirror.txt").write_bytes(text.replace("\n", "\r\n").encode())  # the same document again
    (folder / "port.html").write_text(HTML_PAGE, encoding="utf-8")
    lines = [json.dumps(line) for line in JSONL_LINES]
    (folder / "feed.jsonl").write_text(f"{lines[0]}\n{{not json\n{lines[1]}\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return [str(folder), str(root / "missing.txt")]


@pytest.fixture(scope="module")
def client():
    _require_dask()
    from casus.scaleout import dask_client

    with dask_client(workers=2) as c:
        yield c


def _by_sources(records: list[dict]) -> dict[tuple[str, ...], dict]:
    """Incidents keyed by their source documents. Incident ids are random (uuid4) in every store,
    two single-process runs included, so an incident is known by what it holds; everything
    else, title, facts, evidence and every report, must be equal."""
    keyed = {tuple(sorted(r["sources"])): {k: v for k, v in r.items() if k != "id"} for r in records}
    assert len(keyed) == len(records)  # no two incidents hold the same documents
    return keyed


def _contents(url: str) -> tuple[dict, dict]:
    store = open_store(url)
    try:
        return store.counts(), _by_sources([full_record(row) for row in store.incidents()])
    finally:
        store.close()


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[str, IngestSummary]:
    """The single-process run, into a SQLite file, that every Dask run must reproduce."""
    url = str(tmp_path_factory.mktemp("reference") / "single.db")
    store = open_store(url)
    try:
        summary = ingest_documents(store, read_paths(corpus))
    finally:
        store.close()
    # the corpus exercises every decision of the writer, in a known order
    assert summary.documents_read == 21 and summary.skipped == 1 and summary.copies >= 1
    assert summary.failed == 3 and summary.incidents_new >= 4
    folder = Path(corpus[0])
    expected = [str(folder / "empty.txt"), f"{folder / 'feed.jsonl'}:2", corpus[1]]
    assert [e.split(": ")[0] for e in summary.errors] == expected
    return url, summary


def test_two_dask_workers_store_what_one_process_stores(corpus, reference, client, store_url):
    from casus.scaleout import ingest_with_client, worker_extractor

    single_url, single = reference
    store = open_store(store_url)
    try:  # two files a batch: many batches, finishing in any order, written in input order
        scaled = ingest_with_client(store, article_files(corpus), client, batch_files=2)
    finally:
        store.close()
    assert scaled == single  # counts and every error line, in the same order
    counts, incidents = _contents(store_url)
    assert (counts, incidents) == _contents(single_url)
    assert len(incidents) >= 4 and counts["reports"] >= len(incidents)
    # both workers extracted, each with one extractor of its own
    assert sorted(client.run(lambda: worker_extractor.cache_info().currsize).values()) == [1, 1]


def test_cli_on_a_running_scheduler_matches_a_single_process_run(corpus, reference, client, tmp_path):
    # `casus ingest --dask ADDRESS` in a process of its own, on the two workers of the fixture's
    # cluster (what `--workers 2` starts, without starting and warming a second one). The paths
    # are relative to a folder that is not the workers' working folder, and errors name them so.
    single_url, single = reference
    root = Path(corpus[0]).parent
    given = [os.path.relpath(p, root) for p in corpus]
    command = [str(CASUS)] if CASUS.exists() else [sys.executable, "-m", "casus"]
    db = tmp_path / "dask.db"
    result = subprocess.run(
        [*command, "ingest", *given, "--db", str(db), "--dask", client.scheduler.address],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
    )
    assert result.returncode == 1, result.stderr  # the bad inputs
    expected = [f"casus: {e.removeprefix(f'{root}{os.sep}')}" for e in single.errors]
    assert result.stderr.splitlines() == expected  # and nothing else
    assert result.stdout.startswith(
        f"read {single.documents_read} documents: {single.skipped} already stored, {single.copies} copies"
    )
    assert f"incidents: {single.incidents_new} new, {single.incidents_updated} updated" in result.stdout
    assert _contents(str(db)) == _contents(single_url)


def test_workers_without_dask_is_one_line_naming_the_extra(corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    db = tmp_path / "none.db"
    result = CliRunner().invoke(app, ["ingest", corpus[0], "--db", str(db), "--workers", "2"])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("casus: ") and "pip install 'casus[dask]'" in line
    assert not db.exists()  # refused before any store was opened


def test_workers_and_dask_together_are_refused(corpus, tmp_path):
    db = tmp_path / "x.db"
    result = CliRunner().invoke(app, ["ingest", corpus[0], "--db", str(db), "--workers", "2", "--dask", "tcp://x:1"])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "--workers" in line and "--dask" in line
    assert not db.exists()


def test_unreachable_scheduler_is_one_error_naming_it(monkeypatch):
    _require_dask()
    import socket

    from casus import scaleout

    with socket.socket() as s:  # a loopback port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    monkeypatch.setattr(scaleout, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(CasusError) as caught, scaleout.dask_client(address=address):
        pass
    message = str(caught.value)
    assert message.startswith(f"{address}: cannot reach the Dask scheduler") and "\n" not in message


def test_single_process_never_extracts_stored_documents_or_copies(albania_feed, albania_outlets, extractor, tmp_path):
    # the writer both paths share extracts lazily: a document stored already, or a near-copy of
    # one, is filed without extraction; a new document is extracted
    from casus.pipeline import IngestSummary, Prepared, write_prepared

    store = open_store(str(tmp_path / "casus.db"))
    try:
        ingest_documents(store, read_paths([albania_feed]), extractor=extractor)
        headline, published, body = albania_outlets["outlet_a.txt"]
        copy = tmp_path / "copy.txt"  # the wire copy: another headline, the last paragraph cut
        copy.write_text(f"Tirana expels Iranian envoys\n{published}\n\n{body.rsplit(chr(10) * 2, 1)[0]}\n")
        stored, near_copy = (Prepared(d) for d in read_paths([albania_feed / "outlet_b.txt", copy]))
        summary = IngestSummary()
        for prepared in (stored, near_copy):
            write_prepared(store, prepared, summary, extractor)
        assert (summary.skipped, summary.copies) == (1, 1)
        assert stored.reports is None and near_copy.reports is None  # never extracted
        new = Prepared(next(read_paths([ROOT / "examples" / "04_georgia_blames_gru_for_defacements.txt"])))
        write_prepared(store, new, summary, extractor)
        assert new.reports and summary.incidents_new == 1
    finally:
        store.close()
