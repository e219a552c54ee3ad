"""Scale-out benchmark: the same documents ingested by one process, by one Dask worker and by two.

The texts are bench/speed.py's mix (paragraphs of the real articles in ../shared/corpus and
generated articles; generated only without ../shared or with ``--source generated``). Each run
writes a fresh store: a temporary SQLite file, or with ``--postgres`` a database on a throwaway
PostgreSQL server (tests/pgserver.py).

Two times per run. *casus ingest* is the command run in a process of its own, which pays
everything a user waits for: imports, the extractor's start-up and, with ``--workers``,
starting the local cluster and each worker's extractor. *Warm* is ingest alone, in this process,
after the extractor (or every worker's) is built: what a long run or a cluster that stays up
sees. The speed-up is 2 workers over 1, on both. Three more figures explain it. The writer's
CPU time (this process) is the part of the run no worker can take: it bounds the speed-up
however many workers there are. The workers' CPU time, summed, is what the work costs
whatever else runs on the machine. *Busy workers* is the summed time the workers spent in
tasks over the run's time: near 2 with two workers means the pipeline keeps both busy, so a
smaller speed-up comes from tasks running slower side by side (two processes on a shared
machine get less than two free cores), not from waiting on the writer.

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
import subprocess
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


def run_cli(corpus: Path, url: str, workers: int | None) -> float:
    """Seconds of ``casus ingest`` in a process of its own: everything a user waits for."""
    casus = Path(sys.executable).with_name("casus")
    command = [str(casus), "ingest", str(corpus), "--db", url, *(["--workers", str(workers)] if workers else [])]
    t0 = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def run_single(corpus: Path, url: str) -> dict:
    from casus.extract.report import Extractor
    from casus.ingest import read_paths
    from casus.pipeline import ingest_documents
    from casus.store import open_store

    extractor = Extractor()
    t0, cpu0 = time.perf_counter(), cpu_seconds()
    store = open_store(url)
    try:
        summary = ingest_documents(store, read_paths([corpus]), extractor=extractor)
    finally:
        store.close()
    return {
        "mode": "single process",
        "ingest_s": time.perf_counter() - t0,
        "writer_cpu_s": cpu_seconds() - cpu0,
        "docs": summary.documents_read,
    }


def run_dask(corpus: Path, url: str, workers: int) -> dict:
    from distributed import get_task_stream

    from casus import scaleout
    from casus.ingest import article_files
    from casus.store import open_store

    with scaleout.dask_client(workers=workers) as client:
        client.run(lambda: scaleout.worker_extractor() is not None)  # every worker builds its extractor
        t0, cpu0, workers_cpu0 = time.perf_counter(), cpu_seconds(), client.run(cpu_seconds)
        store = open_store(url)
        try:
            with get_task_stream(client) as stream:
                summary = scaleout.ingest_with_client(store, article_files([corpus]), client)
        finally:
            store.close()
        seconds = time.perf_counter() - t0
        writer_cpu = cpu_seconds() - cpu0
        workers_cpu = sum(client.run(cpu_seconds).values()) - sum(workers_cpu0.values())
    computing = sum(
        part["stop"] - part["start"]
        for task in stream.data
        for part in task["startstops"]
        if part["action"] == "compute"
    )
    return {
        "mode": f"Dask, {workers} worker{'s' if workers > 1 else ''}",
        "ingest_s": seconds,
        "writer_cpu_s": writer_cpu,
        "workers_cpu_s": workers_cpu,
        "busy_workers": computing / seconds,
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
                ("single", None, lambda url: run_single(corpus, url)),
                ("w1", 1, lambda url: run_dask(corpus, url, 1)),
                ("w2", 2, lambda url: run_dask(corpus, url, 2)),
            )
            best: dict[str, dict] = {}
            stores = []
            for n in range(args.repeat):  # modes take turns, so a change in the machine's load hits each
                for name, workers, run in modes:
                    print(f"running {name} ({n + 1}/{args.repeat}) ...", flush=True)
                    url = fresh(f"{name}-{n}")
                    result = run(url)
                    stores.append(contents(url))
                    url = fresh(f"{name}-{n}-cli")
                    result["cli_s"] = run_cli(corpus, url, workers)
                    stores.append(contents(url))
                    kept = best.setdefault(name, result)
                    for key in ("ingest_s", "cli_s", "writer_cpu_s", "workers_cpu_s"):
                        if key in result:
                            kept[key] = min(kept[key], result[key])
            report([best[name] for name, _, _ in modes], stores, args)
    finally:
        if server:
            server.stop()


def report(runs: list[dict], stores: list, args: argparse.Namespace) -> None:
    back_end = "PostgreSQL" if args.postgres else "SQLite"
    best_of = f", best of {args.repeat} runs each" if args.repeat > 1 else ""
    print(f"\n{runs[0]['docs']} documents ({args.source}, seed {args.seed}) into {back_end}{best_of}")
    header = ("run", "warm s", "docs/s", "casus ingest s", "docs/s", "writer CPU s", "workers CPU s", "busy workers")
    print(f"{header[0]:<18}" + "".join(f"{h:>{len(h) + 3}}" for h in header[1:]))
    for r in runs:
        cells = [
            f"{r['ingest_s']:.1f}",
            f"{r['docs'] / r['ingest_s']:.1f}",
            f"{r['cli_s']:.1f}",
            f"{r['docs'] / r['cli_s']:.1f}",
            f"{r['writer_cpu_s']:.1f}",
            f"{r['workers_cpu_s']:.1f}" if "workers_cpu_s" in r else "",
            f"{r['busy_workers']:.2f}" if "busy_workers" in r else "",
        ]
        print(f"{r['mode']:<18}" + "".join(f"{c:>{len(h) + 3}}" for c, h in zip(cells, header[1:], strict=True)))
    single, one, two = runs
    print(
        f"speed-up of 2 workers over 1: {one['ingest_s'] / two['ingest_s']:.2f}x warm, "
        f"{one['cli_s'] / two['cli_s']:.2f}x casus ingest"
    )
    print(
        f"2 workers over a single process: {single['ingest_s'] / two['ingest_s']:.2f}x warm, "
        f"{single['cli_s'] / two['cli_s']:.2f}x casus ingest"
    )
    same = all(s == stores[0] for s in stores[1:])
    print(f"stores identical to the single-process run: {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
