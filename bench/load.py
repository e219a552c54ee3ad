"""Load: concurrent API and page requests against ``casus serve`` on a generated store.

Builds a SQLite store of ``--docs`` generated documents in ``--incidents`` incidents (the bulk
writer of bench/api_latency.py: no extraction, the derived fields through the store's own
code), starts ``casus serve`` on a free loopback port, and runs ``--concurrency`` client tasks
(httpx.AsyncClient) for ``--seconds``: incident lists with each filter, searches, incident,
document and actor pages, the graph, charts and stats. The server's resident memory is read
from /proc every second.

Prints throughput, p50/p99 latency, the 5xx count and the other errors, and the server's RSS at
start, end and peak. Exits non-zero on any 5xx or error, or when RSS grew by more than
``--rss-growth`` (MiB) from the first to the last quarter of the run.

    python bench/load.py                       # 60 s, 3,000 documents, 16 concurrent requests
    python bench/load.py --seconds 5 --docs 300 --incidents 60
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_latency import ACCUSED, OPS, RESPONSES, STATES, WORDS, build  # noqa: E402

ROUTES = [
    "/api/incidents",
    "/api/incidents?victim={v}",
    "/api/incidents?attributed_to={a}&response={r}",
    "/api/incidents?operation={o}&since=2012-01-01",
    "/api/incidents?q={w}",
    "/api/incidents?page={p}&per_page=50",
    "/api/incidents/{i}",
    "/api/incidents/{i}/graph",
    "/api/documents?page={p}",
    "/api/documents/{d}",
    "/api/actors/{a}",
    "/api/stats",
    "/",
    "/?victim={v}&q={w}",
    "/incidents/{i}",
    "/documents/{d}",
    "/actors/{a}",
    "/actors",
    "/graph",
    "/charts",
]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)  # 5xx
    errors: list[str] = field(default_factory=list)  # no answer, or a status no route should give
    rss: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, KiB)


def rss_kib(pid: int) -> int:
    """The resident set of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _ids(base: str) -> tuple[list[str], list[str]]:
    with urllib.request.urlopen(base + "/api/incidents?per_page=100", timeout=30) as r:
        incidents = [i["id"] for i in json.loads(r.read())["items"]]
    with urllib.request.urlopen(base + "/api/documents?per_page=100", timeout=30) as r:
        documents = [d["id"] for d in json.loads(r.read())["items"]]
    return incidents, documents


async def _worker(client: httpx.AsyncClient, rng: random.Random, fill, stop: float, tally: Tally) -> None:
    while time.monotonic() < stop:
        path = rng.choice(ROUTES).format(**fill(rng))
        started = time.perf_counter()
        try:
            r = await client.get(path)
        except httpx.HTTPError as exc:
            tally.errors.append(f"{path}: {type(exc).__name__}: {exc}")
            continue
        tally.latencies.append(time.perf_counter() - started)
        if r.status_code >= 500:
            tally.server_errors.append(f"{path}: {r.status_code}")
        elif r.status_code != 200:
            tally.errors.append(f"{path}: {r.status_code}")


async def _sample_rss(pid: int, stop: float, tally: Tally, every: float = 1.0) -> None:
    start = time.monotonic()
    while time.monotonic() < stop:
        tally.rss.append((time.monotonic() - start, rss_kib(pid)))
        await asyncio.sleep(every)
    tally.rss.append((time.monotonic() - start, rss_kib(pid)))


async def run_load(base: str, pid: int, seconds: float, concurrency: int, warmup: float = 0.0, seed: int = 3) -> Tally:
    """``concurrency`` tasks sending requests back to back for ``seconds``; loopback only. The
    ``warmup`` seconds before are not counted: the server opens its pool and fills its caches."""
    if not base.startswith(("http://127.0.0.1:", "http://[::1]:", "http://localhost:")):
        raise ValueError(f"{base}: load runs against loopback only")
    incidents, documents = _ids(base)

    def fill(rng: random.Random) -> dict:
        return {
            "v": rng.choice(STATES)[0],
            "a": rng.choice(ACCUSED)[0],
            "r": rng.choice(RESPONSES),
            "o": rng.choice(OPS),
            "w": rng.choice(WORDS),
            "p": rng.randint(1, 20),
            "i": rng.choice(incidents),
            "d": rng.choice(documents),
        }

    tally = Tally()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        if warmup > 0:
            stop = time.monotonic() + warmup
            await asyncio.gather(*(_worker(client, random.Random(k), fill, stop, Tally()) for k in range(concurrency)))
        stop = time.monotonic() + seconds
        tasks = [_worker(client, random.Random(seed * 1000 + k), fill, stop, tally) for k in range(concurrency)]
        await asyncio.gather(_sample_rss(pid, stop, tally), *tasks)
    return tally


def start_server(url: str, port: int) -> subprocess.Popen:
    casus = [sys.executable, "-m", "casus", "serve", "--db", url, "--port", str(port)]
    proc = subprocess.Popen(casus, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5):
                return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"casus serve did not start: {proc.communicate()[1][-2000:]}") from None
            time.sleep(0.2)


def summary(tally: Tally, seconds: float) -> dict:
    lat = sorted(tally.latencies)
    quarter = max(1, len(tally.rss) // 4)
    first = statistics.median(k for _, k in tally.rss[:quarter])
    last = statistics.median(k for _, k in tally.rss[-quarter:])
    return {
        "requests": len(lat),
        "req_per_s": len(lat) / seconds,
        "p50_ms": lat[len(lat) // 2] * 1000 if lat else 0.0,
        "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else 0.0,
        "5xx": len(tally.server_errors),
        "errors": len(tally.errors),
        "rss_start_mib": tally.rss[0][1] / 1024,
        "rss_end_mib": tally.rss[-1][1] / 1024,
        "rss_peak_mib": max(k for _, k in tally.rss) / 1024,
        "rss_growth_mib": (last - first) / 1024,  # median of the last quarter minus the first's
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--warmup", type=float, default=5, help="seconds of requests before counting (default 5)")
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--incidents", type=int, default=600)
    ap.add_argument("--rss-growth", type=float, default=20.0, help="MiB of RSS growth allowed (default 20)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from reliability.harness import free_port

    with tempfile.TemporaryDirectory(prefix="casus-load-") as tmp:
        url = str(Path(tmp) / "load.db")
        built = build(url, args.docs, args.incidents)
        print(f"store: {built['documents']:,} documents, {built['incidents']:,} incidents", flush=True)
        port = free_port()
        proc = start_server(url, port)
        try:
            tally = asyncio.run(
                run_load(f"http://127.0.0.1:{port}", proc.pid, args.seconds, args.concurrency, args.warmup)
            )
        finally:
            proc.terminate()
            _, stderr = proc.communicate(timeout=30)
    s = summary(tally, args.seconds)
    print(
        f"load: {args.seconds:.0f} s, {args.concurrency} concurrent: {s['requests']:,} requests, "
        f"{s['req_per_s']:.0f} req/s, p50 {s['p50_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms, "
        f"5xx {s['5xx']}, errors {s['errors']}"
    )
    print(
        f"server RSS: start {s['rss_start_mib']:.1f} MiB, end {s['rss_end_mib']:.1f} MiB, "
        f"peak {s['rss_peak_mib']:.1f} MiB, growth {s['rss_growth_mib']:+.1f} MiB (last quarter vs first)"
    )
    for line in (tally.server_errors + tally.errors)[:10]:
        print("  " + line)
    bad = s["5xx"] or s["errors"] or s["rss_growth_mib"] > args.rss_growth or "Traceback" in stderr
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
