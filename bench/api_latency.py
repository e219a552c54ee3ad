"""API latency on a large generated store, on SQLite and on PostgreSQL.

Builds a store of ``--docs`` documents (default 100,000) grouped into ``--incidents`` incidents
(default 10,000) with synthetic reports: victims, attributions, denials, responses, operation
types, each with evidence offsets into its own text. The rows are written in bulk, and then every
incident's derived fields are refreshed through the store's own ``reindex_incident``. Nothing here
goes through extraction: this measures reads, not ingest (see bench/speed.py for that).

Then ``casus serve`` runs as a separate process on loopback and this process sends sequential
requests, timing each one end to end: list pages (no filter, each filter kind, deep pages), search
(one, two and three words), and incident pages (JSON and HTML). It prints p50 and p95 per group.

    python bench/api_latency.py                      # SQLite, then a throwaway PostgreSQL
    python bench/api_latency.py --backends sqlite --docs 20000 --incidents 2000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the throwaway PostgreSQL server the tests use

from casus.ingest.text import document_id  # noqa: E402
from casus.models import Attribution, Certainty, Denial, Evidence, Mention, Report, Response  # noqa: E402
from casus.resolve import profile_of  # noqa: E402
from casus.store import open_store  # noqa: E402

STATES = [
    ("ALB", "Albania"), ("EST", "Estonia"), ("GEO", "Georgia"), ("UKR", "Ukraine"), ("USA", "the United States"),
    ("GBR", "Britain"), ("DEU", "Germany"), ("FRA", "France"), ("POL", "Poland"), ("LTU", "Lithuania"),
    ("NOR", "Norway"), ("JPN", "Japan"), ("KOR", "South Korea"), ("AUS", "Australia"), ("CZE", "the Czech Republic"),
    ("MNE", "Montenegro"), ("NLD", "the Netherlands"), ("ISR", "Israel"), ("IND", "India"), ("TWN", "Taiwan"),
    ("CAN", "Canada"), ("SWE", "Sweden"), ("FIN", "Finland"), ("DNK", "Denmark"), ("BEL", "Belgium"),
]  # fmt: skip
ACCUSED = [("RUS", "Russia"), ("CHN", "China"), ("IRN", "Iran"), ("PRK", "North Korea"), ("BLR", "Belarus")]
OPS = ["ransomware", "wiper", "ddos", "defacement", "data_theft", "leak", "phishing", "disruption"]
RESPONSES = ["sever_relations", "expel_diplomats", "summon_ambassador", "sanctions", "indictment", "condemnation"]
WORDS = (
    "officials said the intrusion affected ministry networks servers email accounts for weeks while investigators "
    "traced the malware to infrastructure used in earlier campaigns against governments and utilities"
).split()


def _sentence(rng: random.Random, head: str) -> str:
    return head + " " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 24))) + "."


def _article(rng: random.Random, i: int, victim: tuple, accused: tuple, op: str, response: str, day: str):
    title = f"{victim[1].removeprefix('the ').capitalize()} blames {accused[1]} for {op.replace('_', ' ')} attack #{i}"
    kind = op.replace("_", " ")
    lead = f"{victim[1].capitalize()} said that {accused[1]} was behind the {kind} attack on its ministries."
    denial = f"{accused[1].capitalize()} denied any involvement."
    answer = f"{victim[1].capitalize()} announced {response.replace('_', ' ')} in response."
    body = [lead] + [_sentence(rng, "Separately,") for _ in range(rng.randint(3, 8))] + [denial, answer]
    text = f"{title}\n{day}\n\n" + "\n\n".join(body) + "\n"
    return title, text, (lead, denial, answer)


def _report(doc_id: str, text: str, title: str, day: str, victim, accused, op, response, sentences) -> Report:
    def ev(sentence: str, rule: str) -> Evidence:
        start = text.index(sentence)
        return Evidence(doc_id, sentence, start, start + len(sentence), rule)

    lead, denial, answer = sentences
    return Report(
        doc_id,
        title=title,
        published=day,
        victims=[Mention(victim[0], ev(lead, "bench.v1"))],
        operation_types=[Mention(op, ev(lead, "bench.v1"))],
        first_activity=[Mention(day[:7], ev(lead, "bench.v1"))],
        attributions=[Attribution(victim[0], accused[0], ev(lead, "bench.v1"), Certainty.HIGH, day)],
        denials=[Denial(accused[0], ev(denial, "bench.v1"))],
        responses=[Response(victim[0], response, accused[0], ev(answer, "bench.v1"), day)],
    )


def build(url: str, n_docs: int, n_incidents: int, seed: int = 7) -> dict:
    """Write the store in bulk, then refresh each incident's derived fields; returns timings."""
    rng = random.Random(seed)
    store = open_store(url)
    conn = store.conn
    t0 = time.perf_counter()
    incidents = []
    for k in range(n_incidents):
        year = rng.randint(2005, 2026)
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        incidents.append(
            (f"{k:012x}", rng.choice(STATES), rng.choice(ACCUSED), rng.choice(OPS), rng.choice(RESPONSES), day)
        )
    batch: dict[str, list] = {"documents": [], "reports": [], "incidents": [], "sources": []}

    def flush() -> None:
        with conn.transaction():
            conn.executemany(
                "INSERT INTO documents (id, source, title, published, url, text, signature, ingested_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                batch["documents"],
            )
            conn.executemany(
                "INSERT INTO incidents (id, title, profile, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                batch["incidents"],
            )
            conn.executemany(
                "INSERT INTO reports (doc_id, incident_id, main, data) VALUES (?, ?, 1, ?)", batch["reports"]
            )
            conn.executemany("INSERT INTO incident_sources (incident_id, doc_id) VALUES (?, ?)", batch["sources"])
        for v in batch.values():
            v.clear()

    for i in range(n_docs):
        incident_id, victim, accused, op, response, day = incidents[i % n_incidents]
        title, text, sentences = _article(rng, i, victim, accused, op, response, day)
        doc_id = document_id(text)
        report = _report(doc_id, text, title, day, victim, accused, op, response, sentences)
        now = f"2026-01-01T00:00:{i % 60:02d}.{i:06d}"
        batch["documents"].append((doc_id, f"bench/{i}.txt", title, day, None, text, b"", now))
        if i < n_incidents:
            profile = profile_of(report)
            batch["incidents"].append((incident_id, title, json.dumps(profile.to_json()), now, now))
        batch["reports"].append((doc_id, incident_id, json.dumps(asdict(report))))
        batch["sources"].append((incident_id, doc_id))
        if len(batch["documents"]) >= 2000:
            flush()
    flush()
    t1 = time.perf_counter()
    ids = [r[0] for r in conn.execute("SELECT id FROM incidents").fetchall()]
    for start in range(0, len(ids), 500):
        with conn.transaction():
            for incident_id in ids[start : start + 500]:
                store.reindex_incident(incident_id)
    store.optimize()  # what `casus ingest` does at the end of a run
    if conn.dialect == "postgresql":
        conn.execute("VACUUM incidents")  # what autovacuum does soon after a bulk load
    t2 = time.perf_counter()
    counts = store.counts()
    store.close()
    return {"write_s": t1 - t0, "reindex_s": t2 - t1, **counts}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> float:
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as r:
        r.read()
        assert r.status == 200, url
    return (time.perf_counter() - t) * 1000


def measure(url: str, rounds: int, seed: int = 11) -> dict[str, list[float]]:
    port = _free_port()
    casus = Path(sys.executable).with_name("casus")
    proc = subprocess.Popen(
        [str(casus), "serve", "--db", url, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base + "/api/incidents?per_page=1")
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("casus serve did not start") from None
                time.sleep(0.2)
        rng = random.Random(seed)
        ids = [
            i["id"] for i in json.loads(urllib.request.urlopen(base + "/api/incidents?per_page=100").read())["items"]
        ]
        lists = [
            "/api/incidents",
            "/api/incidents?victim={v}",
            "/api/incidents?attributed_to={a}",
            "/api/incidents?response={r}&operation={o}",
            "/api/incidents?attributed_by={v}&since=2015-01-01&until=2020-12-31",
            "/api/incidents?page={p}&per_page=100",
            "/?victim={v}&response={r}",
        ]
        searches = ["/api/incidents?q={w}", "/api/incidents?q={w}+{w2}", "/?q={w}+{w2}+{w3}&attributed_to={a}"]
        pages = ["/api/incidents/{i}", "/incidents/{i}"]
        out: dict[str, list[float]] = {"list": [], "search": [], "incident": []}
        for _ in range(5):  # warm the caches the way a running server's are
            _get(base + "/api/incidents")
        for _ in range(rounds):
            fill = {
                "v": rng.choice(STATES)[0],
                "a": rng.choice(ACCUSED)[0],
                "r": rng.choice(RESPONSES),
                "o": rng.choice(OPS),
                "p": rng.randint(1, 100),
                "w": rng.choice(WORDS + ["ransomware", "ministries", "Russia", "wiper"]),
                "w2": rng.choice(WORDS),
                "w3": rng.choice(WORDS),
                "i": rng.choice(ids),
            }
            out["list"].append(_get(base + rng.choice(lists).format(**fill)))
            out["search"].append(_get(base + rng.choice(searches).format(**fill)))
            out["incident"].append(_get(base + rng.choice(pages).format(**fill)))
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--incidents", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=300, help="requests per group")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--pg-url", help="an empty PostgreSQL database; default: start a throwaway server")
    args = ap.parse_args()
    rows = []
    for backend in args.backends.split(","):
        server = None
        with tempfile.TemporaryDirectory(prefix="casus-bench-") as tmp:
            if backend == "sqlite":
                url = os.path.join(tmp, "bench.db")
            elif args.pg_url:
                url = args.pg_url
            else:
                import pgserver

                server = pgserver.PostgresServer()
                server.start()
                url = server.create_database()
            try:
                print(f"{backend}: building {args.docs:,} documents in {args.incidents:,} incidents …", flush=True)
                built = build(url, args.docs, args.incidents)
                size = ""
                if backend == "sqlite":
                    size = f", {os.path.getsize(url) / 2**20:.0f} MiB"
                print(
                    f"{backend}: {built['documents']:,} documents, {built['incidents']:,} incidents, "
                    f"{built['reports']:,} reports (bulk write {built['write_s']:.0f} s, "
                    f"reindex {built['reindex_s']:.0f} s{size})",
                    flush=True,
                )
                timings = measure(url, args.rounds)
                for group, values in timings.items():
                    rows.append((backend, group, len(values), _pct(values, 50), _pct(values, 95), max(values)))
            finally:
                if server:
                    server.stop()
    print(f"\n{'backend':<11} {'requests':<9} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for backend, group, n, p50, p95, top in rows:
        print(f"{backend:<11} {group:<9} {n:>5} {p50:>8.1f} {p95:>8.1f} {top:>8.1f}")


if __name__ == "__main__":
    main()
