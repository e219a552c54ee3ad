"""Scale-out benchmark: the same documents ingested by one process, by one Dask worker and by two.

The texts are bench/speed.py's mix (paragraphs of the real articles in ../shared/corpus and
generated articles; generated only without ../shared or with ``--source generated``). Each run
writes a fresh store: a temporary SQLite file, or with ``--postgres`` a database on a throwaway
PostgreSQL server (tests/pgserver.py).

Two figures per run. *End to end* counts everything ``casus ingest`` pays: the extractor's
start-up and, for Dask, starting the local cluster and each worker's extractor. *Warm* counts
ingest alone, after the extractor (or every worker's) is built, which is what a long run or a
cluster that stays up sees. The speed-up is 2 workers over 1, warm and end to end. With Dask,
the writer's CPU time (this process) shows how much of the run the single writer takes: it
bounds the speed-up however many workers there are. The workers' CPU time, summed, shows what
the work costs whatever else runs on the machine: on a shared machine the wall-clock speed-up
depends on how much CPU the others leave.

Every run must leave the same store as the single-process one (counts, and every incident's
reports, facts and sources); the last line says whether it did.

With ``--repeat N`` the modes take turns N times and each figure is the best of its N runs,
which is the one least disturbed by other work on the machine.

    python bench/dask_speed.py [--docs 300] [--seed 1] [--source mix|generated] [--postgres] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from speed import build_corpus  # noqa: E402  (bench/ is not a package)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def contents(url: str) -> tuple[dict, list]:
    """What a run leaves, with incidents known by their sources (their ids are random)."""
    from casus.export.summary import full_record
    from casus.store import open_store

    store = open_store(url)
    try:
        records = [full_record(row) for row in store.incidents()]
        by_sources = sorted(
            (sorted(r["sources"]), json.dumps({k: v for k, v in r.items() if k != "id"}, sort_keys=True))
            for r in records
        )
        return store.counts(), by_sources
    finally:
        store.close()


def run_single(corpus: Path, url: str) -> dict:
    from casus.extract.report import Extractor
    from casus.ingest import read_paths
    from casus.pipeline import ingest_documents
    from casus.store import open_store

    t0 = time.perf_counter()
    extractor = Extractor()
    t1 = time.perf_counter()
    store = open_store(url)
    try:
        summary = ingest_documents(store, read_paths([corpus]), extractor=extractor)
    finally:
        store.close()
    t2 = time.perf_counter()
    return {"mode": "single process", "start_s": t1 - t0, "ingest_s": t2 - t1, "docs": summary.documents_read}


def run_dask(corpus: Path, url: str, workers: int) -> dict:
    from casus import scaleout
    from casus.ingest import article_files
    from casus.store import open_store

    t0 = time.perf_counter()
    with scaleout.dask_client(workers=workers) as client:
        client.run(lambda: scaleout.worker_extractor() is not None)  # every worker builds its extractor
        t1 = time.perf_counter()
        cpu0, workers_cpu0 = cpu_seconds(), client.run(cpu_seconds)
        store = open_store(url)
        try:
            summary = scaleout.ingest_with_client(store, article_files([corpus]), client)
        finally:
            store.close()
        t2 = time.perf_counter()
        writer_cpu = cpu_seconds() - cpu0
        workers_cpu = sum(client.run(cpu_seconds).values()) - sum(workers_cpu0.values())
    return {
        "mode": f"Dask, {workers} worker{'s' if workers > 1 else ''}",
        "start_s": t1 - t0,
        "ingest_s": t2 - t1,
        "writer_cpu_s": writer_cpu,
        "workers_cpu_s": workers_cpu,
        "docs": summary.documents_read,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", choices=("mix", "generated"), default="mix")
    parser.add_argument("--postgres", action="store_true", help="stores on a throwaway PostgreSQL server")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each mode; the best time of each is shown")
    args = parser.parse_args()
    args.only = None  # build_corpus prints what it built

    server = None
    if args.postgres:
        import pgserver

        if not pgserver.available():
            sys.exit("--postgres needs PostgreSQL's initdb and pg_ctl (Debian: apt-get install postgresql)")
        server = pgserver.PostgresServer()
        server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="casus-dask-bench-") as tmp:
            corpus = Path(tmp) / "corpus"
            build_corpus(corpus, args)

            def fresh(name: str) -> str:
                return server.create_database() if server else str(Path(tmp) / f"{name}.db")

            modes = (
                ("single", lambda url: run_single(corpus, url)),
                ("w1", lambda url: run_dask(corpus, url, 1)),
                ("w2", lambda url: run_dask(corpus, url, 2)),
            )
            best: dict[str, dict] = {}
            stores = []
            for n in range(args.repeat):  # modes take turns, so a change in the machine's load hits each
                for name, run in modes:
                    url = fresh(f"{name}-{n}")
                    print(f"running {name} ({n + 1}/{args.repeat}) ...", flush=True)
                    result = run(url)
                    stores.append(contents(url))
                    kept = best.setdefault(name, result)
                    for key in ("start_s", "ingest_s", "writer_cpu_s", "workers_cpu_s"):
                        if key in result:
                            kept[key] = min(kept[key], result[key])
            report([best[name] for name, _ in modes], stores, args)
    finally:
        if server:
            server.stop()


def report(runs: list[dict], stores: list, args: argparse.Namespace) -> None:
    back_end = "PostgreSQL" if args.postgres else "SQLite"
    best_of = f", best of {args.repeat} runs each" if args.repeat > 1 else ""
    print(f"\n{runs[0]['docs']} documents ({args.source}, seed {args.seed}) into {back_end}{best_of}")
    print(
        f"{'run':<18}{'start s':>9}{'ingest s':>10}{'docs/s warm':>13}{'docs/s e2e':>12}"
        f"{'writer CPU s':>14}{'workers CPU s':>15}"
    )
    rates = []
    for r in runs:
        warm = r["docs"] / r["ingest_s"]
        e2e = r["docs"] / (r["start_s"] + r["ingest_s"])
        rates.append((warm, e2e))
        writer = f"{r['writer_cpu_s']:.1f}" if "writer_cpu_s" in r else ""
        workers = f"{r['workers_cpu_s']:.1f}" if "workers_cpu_s" in r else ""
        print(
            f"{r['mode']:<18}{r['start_s']:>9.1f}{r['ingest_s']:>10.1f}{warm:>13.1f}{e2e:>12.1f}"
            f"{writer:>14}{workers:>15}"
        )
    (_, _), (w1_warm, w1_e2e), (w2_warm, w2_e2e) = rates
    print(f"speed-up of 2 workers over 1: {w2_warm / w1_warm:.2f}x warm, {w2_e2e / w1_e2e:.2f}x end to end")
    print(f"2 workers over a single process: {w2_warm / rates[0][0]:.2f}x warm, {w2_e2e / rates[0][1]:.2f}x end to end")
    same = all(s == stores[0] for s in stores[1:])
    print(f"stores identical to the single-process run: {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
