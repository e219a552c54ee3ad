"""The installed ``casus`` command, run as a subprocess against a real SQLite file.

Output is read the way a script reads it: stdout piped, no terminal. Commands that print
tables or quotes get a wide ``COLUMNS`` so rich does not fold them; the error-line tests keep
the default width, because an error must stay one line whatever the terminal.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest

from casus.models import INTERNATIONAL_BODIES, OPERATION_TYPES, RESPONSE_TYPES, SECTORS
from casus.store import open_store

CASUS = Path(sys.executable).with_name("casus")
SCORER = Path("/work/shared/eval/score.py")
ISO3 = {c.alpha_3 for c in pycountry.countries}
SUMMARY_LINE = re.compile(
    r"^read (\d+) documents: (\d+) already stored, (\d+) copies of stored documents, "
    r"(\d+) failed; incidents: (\d+) new, (\d+) updated$"
)
LONG_NAME = "a_rather_long_file_name_as_scrapers_write_them_2022_09_07_albania_empty.txt"


def casus(*args: str, wide: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    if wide:
        env["COLUMNS"] = "400"
    command = [str(CASUS)] if CASUS.exists() else [sys.executable, "-m", "casus"]
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _one_line_error(result: subprocess.CompletedProcess, *needles: str) -> str:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = _lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("casus: ")
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, albania_outlets) -> dict:
    """The three outlets' articles ingested once through the CLI; the read-only tests share it."""
    root = tmp_path_factory.mktemp("cli")
    feed = root / "feed"
    feed.mkdir()
    for name, (headline, published, body) in albania_outlets.items():
        (feed / name).write_text(f"{headline}\n{published}\n\n{body}\n", encoding="utf-8")
    db = root / "casus.db"
    result = casus("ingest", str(feed), "--db", str(db))
    store = open_store(db)
    try:
        [row] = list(store.incidents())
        texts = {store.document(r.doc_id).source: store.document(r.doc_id).text for r in row.reports}
    finally:
        store.close()
    return {"root": root, "feed": feed, "db": str(db), "result": result, "id": row.id, "texts": texts}


def test_cli_ingest_prints_summary(ingested):
    result = ingested["result"]
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    [line] = _lines(result.stdout)
    m = SUMMARY_LINE.match(line)
    assert m, line
    assert [int(g) for g in m.groups()] == [3, 0, 0, 0, 1, 2]


def test_cli_ingest_again_skips_everything(ingested, tmp_path):
    db = tmp_path / "copy.db"
    db.write_bytes(Path(ingested["db"]).read_bytes())
    result = casus("ingest", str(ingested["feed"]), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert [int(g) for g in SUMMARY_LINE.match(_lines(result.stdout)[0]).groups()] == [3, 3, 0, 0, 0, 0]


@pytest.fixture
def feed_with_bad_file(albania_outlets, write_article, tmp_path) -> Path:
    for name, parts in albania_outlets.items():
        write_article(f"in/{name}", *parts)
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    return tmp_path / "in"


def test_cli_ingest_bad_file_exits_1_and_keeps_good_ones(feed_with_bad_file, tmp_path):
    db = tmp_path / "casus.db"
    result = casus("ingest", str(feed_with_bad_file), "--db", str(db))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = _lines(result.stderr)
    assert errors and all(
        line == f"casus: {feed_with_bad_file / 'broken.txt'}: binary file, not text" for line in errors
    )
    summary = SUMMARY_LINE.match(" ".join(result.stdout.split()))
    assert [int(g) for g in summary.groups()] == [3, 0, 0, 1, 1, 2]
    store = open_store(db)
    try:
        assert store.counts() == {"documents": 3, "incidents": 1, "reports": 3}
    finally:
        store.close()


def test_cli_ingest_bad_file_reported_once(feed_with_bad_file, tmp_path):
    result = casus("ingest", str(feed_with_bad_file), "--db", str(tmp_path / "casus.db"))
    _one_line_error(result, "broken.txt", "binary file")


def test_cli_ingest_error_for_long_path_is_one_line(albania_outlets, write_article, tmp_path):
    write_article("in/good.txt", *albania_outlets["outlet_a.txt"])
    (tmp_path / "in" / LONG_NAME).write_bytes(b"")
    result = casus("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "casus.db"), wide=False)
    assert result.returncode == 1
    expected = f"casus: {tmp_path / 'in' / LONG_NAME}: empty file"
    assert len(expected) > 80
    # every line printed is the whole message (a duplicate line is another bug, tested above)
    assert _lines(result.stderr) and all(line == expected for line in _lines(result.stderr)), result.stderr


def test_cli_incidents_lists_the_incident(ingested):
    result = casus("incidents", "--db", ingested["db"])
    assert result.returncode == 0, result.stderr
    [row] = [line for line in result.stdout.splitlines() if ingested["id"] in line]
    assert "ALB" in row and "IRN" in row
    assert "Albania cuts diplomatic ties" in row


def test_cli_show_prints_evidence_with_offsets(ingested):
    result = casus("show", ingested["id"], "--db", ingested["db"])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert ingested["id"] in lines[0]
    quotes = 0
    for quote, where in zip(lines, lines[1:], strict=False):
        m = re.fullmatch(r"\s*“(.*)”", quote)
        if not m:
            continue
        source, start, end = re.fullmatch(r"\s*(\S+) \[(\d+):(\d+)\]", where).groups()
        assert ingested["texts"][source][int(start) : int(end)].strip() == m[1]
        quotes += 1
    assert quotes >= 5
    assert "without a shadow of a doubt" in result.stdout
    assert "ALB attributed it to IRN (high)" in result.stdout


def test_cli_show_unknown_id_is_one_line(ingested):
    result = casus("show", "nosuchid", "--db", ingested["db"])
    _one_line_error(result, "nosuchid")
    assert result.stdout == ""


def test_cli_export_summary_matches_format(ingested, tmp_path):
    result = casus("export", "--format", "summary", "-o", "-", "--db", ingested["db"])
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["format"] == "casus-summary/1"
    [incident] = doc["incidents"]
    assert incident["id"] == ingested["id"]
    assert incident["sources"] == ["outlet_a.txt", "outlet_b.txt", "outlet_c.txt"]
    assert incident["victims"] == ["ALB"]
    assert set(incident["victims"]) <= ISO3
    assert set(incident["operation_types"]) <= set(OPERATION_TYPES)
    assert set(incident["sectors"]) <= set(SECTORS)
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", incident["first_activity"])
    assert incident["claimed_by"] == ["HomeLand Justice"]
    assert {"by": "ALB", "to": "IRN", "date": "2022-09-07", "certainty": "high"} in incident["attributions"]
    assert {"by": "IRN"} in incident["denials"]
    assert {"by": "ALB", "type": "sever_relations", "against": "IRN", "date": "2022-09-07"} in incident["responses"]
    actors = ISO3 | set(INTERNATIONAL_BODIES)
    for a in incident["attributions"]:
        assert set(a) == {"by", "to", "date", "certainty"}
        assert a["certainty"] in ("high", "moderate", "low", None)
    for r in incident["responses"]:
        assert set(r) == {"by", "type", "against", "date"}
        assert r["type"] in RESPONSE_TYPES
        assert r["by"] in actors and r["against"] in actors
    for d in incident["denials"]:
        assert set(d) == {"by"}

    out = tmp_path / "summary.json"
    written = casus("export", "-o", str(out), "--db", ingested["db"])
    assert written.returncode == 0 and written.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == doc


@pytest.mark.skipif(not SCORER.exists(), reason="no shared score.py")
def test_cli_export_summary_validates_with_scorer(ingested, tmp_path):
    out = tmp_path / "summary.json"
    assert casus("export", "-o", str(out), "--db", ingested["db"]).returncode == 0
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(out), str(out), "--json"], capture_output=True, text=True, timeout=60
    )
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["overall"]["f1"] == 1.0


def test_cli_export_jsonl_has_evidence(ingested):
    result = casus("export", "--format", "jsonl", "--db", ingested["db"])
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    record = json.loads(line)
    assert record["id"] == ingested["id"]
    assert len(record["reports"]) == 3
    for report in record["reports"]:
        facts = [f for key in ("victims", "claims", "attributions", "denials", "responses") for f in report[key]]
        assert facts
        for fact in facts:
            ev = fact["evidence"]
            assert ev["doc_id"] == report["doc_id"]
            assert ev["end"] - ev["start"] == len(ev["sentence"])


def test_cli_export_unknown_format_is_one_line(ingested):
    result = casus("export", "--format", "xml", "--db", ingested["db"])
    _one_line_error(result, "xml")
    assert result.stdout == ""


def test_cli_export_to_unwritable_path_is_one_line(ingested, tmp_path):
    target = tmp_path / "missing" / "out.json"
    _one_line_error(casus("export", "-o", str(target), "--db", ingested["db"]), "out.json")


@pytest.mark.parametrize("command", [["incidents"], ["export"], ["show", "abc"], ["ingest", "."]])
def test_cli_db_that_is_a_text_file_is_one_line(command, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 40)
    result = casus(*command, "--db", "notes.txt", cwd=tmp_path)
    _one_line_error(result, "notes.txt")
    assert notes.read_text() == "not a database\n" * 40


def test_cli_read_commands_refuse_a_missing_store(tmp_path):
    missing = tmp_path / "nowhere.db"
    for args in (["export", "-o", "-"], ["incidents"], ["show", "abc"]):
        proc = subprocess.run(
            [sys.executable, "-m", "casus", *args, "--db", str(missing)], capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 1
        assert "no such store" in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
    assert not missing.exists()  # a read never creates a store


def test_cli_db_upgrade_brings_an_old_store_up_to_date(ingested, tmp_path, first_schema_copy):
    db = tmp_path / "old.db"
    first_schema_copy(db, ingested["db"])
    _one_line_error(casus("incidents", "--db", str(db), wide=False), "casus db upgrade")
    _one_line_error(casus("serve", "--db", str(db), wide=False), "casus db upgrade")
    result = casus("db", "upgrade", "--db", str(db))
    assert result.returncode == 0 and "applied 0002_incident_index" in result.stdout
    assert "already current" in casus("db", "upgrade", "--db", str(db)).stdout
    listed = casus("incidents", "--db", str(db))
    assert listed.returncode == 0 and ingested["id"] in listed.stdout


def test_cli_db_upgrade_missing_store_is_one_line(tmp_path):
    _one_line_error(casus("db", "upgrade", "--db", str(tmp_path / "none.db"), wide=False), "no such store")


def test_cli_serve_bad_token_file_is_one_line(ingested, tmp_path):
    _one_line_error(
        casus("serve", "--db", ingested["db"], "--write-token-file", str(tmp_path / "nope"), wide=False), "nope"
    )
    short = tmp_path / "short"
    short.write_text("abc\n")
    _one_line_error(casus("serve", "--db", ingested["db"], "--write-token-file", str(short), wide=False), "16")


def test_cli_serve_answers_on_loopback(ingested, tmp_path):
    """The real command, as a user starts it: a server process on 127.0.0.1, stopped by its id."""
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [str(CASUS)] if CASUS.exists() else [sys.executable, "-m", "casus"]
    proc = subprocess.Popen(
        [*command, "serve", "--db", ingested["db"], "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline, body = time.monotonic() + 30, None
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/incidents", timeout=2) as r:
                    body = json.loads(r.read())
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                time.sleep(0.2)
        assert body is not None, "no answer within 30 s"
        assert ingested["id"] in [i["id"] for i in body["items"]]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert "Content-Security-Policy" in r.headers and "server" not in {k.lower() for k in r.headers}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
