"""A short run of bench/load.py: about five seconds of concurrent API and page requests against
``casus serve`` on a generated store, on loopback. No 5xx, no request without an answer, and
every route answers 200 (the figures of the 60-second run are in RELIABILITY.md)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from reliability.harness import free_port

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from load import build, run_load, start_server, summary  # noqa: E402


def test_short_load_has_no_server_errors(tmp_path):
    url = str(tmp_path / "load.db")
    build(url, 300, 60)
    port = free_port()
    proc = start_server(url, port)
    try:
        tally = asyncio.run(run_load(f"http://127.0.0.1:{port}", proc.pid, seconds=5, concurrency=8, warmup=1))
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=30)
    s = summary(tally, 5)
    assert tally.server_errors == [] and tally.errors == [], (tally.server_errors + tally.errors)[:10]
    assert s["requests"] >= 20
    assert "Traceback" not in stderr
    assert all(kib > 0 for _, kib in tally.rss)
