"""Ingest cost as one incident grows to thousands of reports (issue #10).

A major incident gathers thousands of articles over the years. Its reports share blocking keys
(victim, accused, group, malware × month), so every new article about it meets many stored
reports of it; what placing and deriving cost must not grow with their number.

The mix is generated (bench/corpus_gen.py): a share of the documents (``--big-share``, default
0.15: 100,000 documents give about 15,000 reports of one incident) are short articles about one
operation (same victim, accused state, group, target and named malware, published over eighteen
months); the rest are the generator's usual background of incidents and unrelated news. The
documents are built in memory and ingested in runs of ``--chunk`` (1,000) into a temporary
SQLite store (or a throwaway PostgreSQL server with ``--postgres``), each run one call of
``ingest_documents`` as ``casus ingest`` makes it, so each ends with its pass over the incidents
it touched. Printed per run: CPU seconds per 1,000 documents (this process's: on a shared
machine wall time measures the neighbours; with ``--postgres`` the server's own time is left
out), split into extraction (a fixed cost per document: when it rises, the machine got busier)
and the rest, wall seconds, pairwise decisions per document, and the largest incident's report count;
then last/first of the CPU figures (goal: <= 1.1).

    python bench/scale.py [--docs 10000] [--chunk 1000] [--big-share 0.15] [--seed 3] [--postgres]
    python bench/scale.py --docs 10000 --profile /tmp/scale.prof   # cProfile per run: /tmp/scale.prof.1 ...
    python bench/scale.py --docs 10000 --sql 5   # per run, the five statements costing most CPU

``--sql N`` times each statement the store runs (fetching its rows included) and prints, after
each run, the N costing most: a statement whose share grows run after run is what grows.
"""

from __future__ import annotations

import argparse
import cProfile
import random
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_gen as gen  # noqa: E402  (bench/ is not a package)
from casus import pipeline  # noqa: E402
from casus.extract.report import Extractor  # noqa: E402
from casus.ingest.text import read_text  # noqa: E402
from casus.models import Document  # noqa: E402
from casus.pipeline import ingest_documents  # noqa: E402
from casus.store import open_store  # noqa: E402

BIG_MALWARE = "Industroyer"  # a malware name the galaxies know: one more key every big report shares
BIG_FIRST_DAY = date(2022, 2, 1)
BIG_DAYS = 540  # the big incident's news spans eighteen months


def big_context(seed: int) -> dict[str, str]:
    """The fixed facts of the big incident: one victim, state, group, target and operation."""
    rng = random.Random(f"casus-scale:{seed}:big")
    return gen._incident_context(rng, BIG_FIRST_DAY + timedelta(days=30))


def big_article(ctx: dict[str, str], seed: int, index: int) -> gen.Article:
    """A short article (80-200 words) about the big incident, published on some day of its span."""
    rng = random.Random(f"casus-scale:{seed}:big:{index}")
    published = BIG_FIRST_DAY + timedelta(days=rng.randint(0, BIG_DAYS))
    ctx = dict(ctx, weekday_day=gen.WEEKDAYS[published.weekday()], leader=gen._person(rng))
    paragraphs, padding = gen._incident_paragraphs(ctx, rng)
    paragraphs = paragraphs[: rng.randint(2, 4)]
    paragraphs.append(f"Investigators said the intruders used the {BIG_MALWARE} malware against {ctx['target']}.")
    body = "\n\n".join(gen._pad(paragraphs, padding, ctx, rng, rng.randint(80, 200)))
    headline = gen._fill(rng.choice(gen.INCIDENT_HEADLINES), ctx, rng)
    return gen.Article(headline, published, body, "incident")


def documents(n_docs: int, big_share: float, seed: int) -> list[Document]:
    """The mix, in a shuffled order fixed by the seed: big-incident articles spread through it."""
    rng = random.Random(f"casus-scale:{seed}:order")
    ctx = big_context(seed)
    out = []
    for i in range(n_docs):
        article = big_article(ctx, seed, i) if rng.random() < big_share else gen.make_article(seed, i)
        out.append(read_text(article.text(), f"scale/doc_{i:06d}.txt"))
    return out


def big_incident_size(store) -> int:
    """Reports in the largest incident."""
    row = store.conn.execute("SELECT count(*) FROM reports GROUP BY incident_id ORDER BY 1 DESC LIMIT 1").fetchone()
    return row[0] if row else 0


class ExtractionClock:
    """CPU seconds spent extracting, a fixed cost per document whatever the store holds: beside
    the rest (dedup, placement, writes, the pass over touched incidents) it shows whether a run
    costs more because the store grew or because the machine got busier."""

    def __init__(self, extractor: Extractor) -> None:
        self.cpu = 0.0
        self.extract = extractor.extract

    def __call__(self, doc: Document):
        c0 = time.process_time()
        try:
            return self.extract(doc)
        finally:
            self.cpu += time.process_time() - c0


class Comparisons:
    """Counts the pairwise decisions ingest makes: a figure the machine's load does not blur."""

    def __init__(self) -> None:
        self.count = 0
        self.attach = 0  # of which against documents without a report (pipeline.place's list)
        self.decide = pipeline.same_incident

    def __call__(self, a, b) -> bool:
        self.count += 1
        self.attach += sys._getframe(1).f_code.co_name == "<listcomp>"
        return self.decide(a, b)


class StatementClock:
    """CPU seconds and calls per SQL statement, its rows fetched at once (as the store's callers
    do), lists of placeholders folded so one statement is one line whatever its batch size."""

    LIST = re.compile(r"\?(?:\s*,\s*\?)+")
    BRANCHES = re.compile(r"(SELECT \* FROM \(.*?\) AS b)\d+( UNION ALL .*)?$")

    def __init__(self, conn) -> None:
        self.conn = conn
        self.execute, self.executemany, self.transaction = conn.execute, conn.executemany, conn.transaction
        self.cpu: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        conn.execute, conn.executemany = self.timed_execute, self.timed_executemany
        conn.transaction = self.timed_transaction

    def _name(self, sql: str) -> str:
        return self.BRANCHES.sub(r"\1N UNION ALL ...", self.LIST.sub("?,...", " ".join(sql.split())))[:150]

    def _count(self, sql: str, c0: float) -> None:
        name = self._name(sql)
        self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - c0
        self.calls[name] = self.calls.get(name, 0) + 1

    def timed_execute(self, sql, params=()):
        c0 = time.process_time()
        rows = Fetched(self.execute(sql, params))
        self._count(sql, c0)
        return rows

    def timed_executemany(self, sql, rows):
        c0 = time.process_time()
        self.executemany(sql, rows)
        self._count(sql, c0)

    @contextmanager
    def timed_transaction(self):
        """The transaction's end is timed as one more statement: a commit that writes more pages
        (or checkpoints the log more often) as the store grows shows there."""
        transaction = self.transaction()
        transaction.__enter__()
        try:
            yield
        except BaseException:
            if not transaction.__exit__(*sys.exc_info()):
                raise
            return
        c0 = time.process_time()
        transaction.__exit__(None, None, None)
        self._count("COMMIT (end of a transaction)", c0)

    def report(self, top: int, n_docs: int) -> list[str]:
        """The ``top`` statements since the clock last started afresh."""
        lines = [
            f"      {cpu * 1000 / n_docs:6.3f} s/1k docs  {self.calls[name] / n_docs:6.1f} calls/doc  {name}"
            for name, cpu in sorted(self.cpu.items(), key=lambda kv: -kv[1])[:top]
        ]
        self.restart()
        return lines

    def restart(self) -> None:
        self.cpu.clear()
        self.calls.clear()


class Fetched:
    """A cursor's rows, read at once so their reading is timed with the statement."""

    def __init__(self, cursor) -> None:
        self.rows = cursor.fetchall() if cursor.description is not None else []
        self.at = 0

    def fetchall(self) -> list:
        rows, self.at = self.rows[self.at :], len(self.rows)
        return rows

    def fetchone(self):
        self.at += 1
        return self.rows[self.at - 1] if self.at <= len(self.rows) else None

    def __iter__(self):
        return iter(self.fetchall())


def run(
    url: str, docs: list[Document], chunk: int, profile: Path | None, sql_top: int = 0
) -> list[tuple[int, float, int, float]]:
    """Ingest ``docs`` in runs of ``chunk``; (documents so far, CPU seconds of the run, big incident
    size, CPU seconds of the run without extraction) per run. CPU time of this process, not wall
    time: on a shared machine the wall clock measures the neighbours (with --postgres it leaves out
    the server's own time)."""
    comparisons = Comparisons()
    pipeline.same_incident = comparisons
    extractor = Extractor()
    extractor.extract(docs[0])  # load lexicons and pipeline before the clock starts
    extraction = ExtractionClock(extractor)
    extractor.extract = extraction
    store = open_store(url)
    statements = StatementClock(store.conn) if sql_top else None
    profiler = cProfile.Profile(time.process_time) if profile else None  # CPU time: neighbours do not count
    rows = []
    try:
        for start in range(0, len(docs), chunk):
            batch = docs[start : start + chunk]
            t0, c0, n0, a0 = time.perf_counter(), time.process_time(), comparisons.count, comparisons.attach
            e0 = extraction.cpu
            if profiler:
                profiler.enable()
            summary = ingest_documents(store, batch, extractor=extractor)
            if profiler:
                profiler.disable()
                profiler.dump_stats(f"{profile}.{len(rows) + 1}")  # this run alone, beside the whole
                profiler = cProfile.Profile(time.process_time)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            extract = extraction.cpu - e0
            slowest = statements.report(sql_top, len(batch)) if statements else []
            rows.append((start + len(batch), cpu, big_incident_size(store), cpu - extract))
            if statements:
                statements.restart()  # the biggest incident's size is no part of the next run
            print(
                f"{start + len(batch):>7} docs  cpu {cpu * 1000 / len(batch):6.2f} s/1k docs"
                f" (extraction {extract * 1000 / len(batch):5.2f}, the rest {(cpu - extract) * 1000 / len(batch):5.2f})"
                f"  wall {wall * 1000 / len(batch):6.2f} s/1k docs"
                f"  {(comparisons.count - n0) / len(batch):7.1f} comparisons/doc"
                f" ({(comparisons.attach - a0) / len(batch):.1f} with documents without a report)"
                f"  biggest incident {rows[-1][2]:>6} reports"
                f"  ({summary.incidents_new} new, {summary.copies} copies, {summary.failed} failed)",
                flush=True,
            )
            if slowest:
                print("\n".join(slowest), flush=True)
    finally:
        store.close()
        if profile:
            print(f"profiles of each run: {profile}.1 ... {profile}.{len(rows)}")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--chunk", type=int, default=1000, help="documents per ingest run (default 1,000)")
    ap.add_argument("--big-share", type=float, default=0.15, help="share of documents about the big incident")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL server instead of SQLite")
    ap.add_argument("--profile", type=Path, help="write cProfile stats of the ingest runs here")
    ap.add_argument("--sql", type=int, default=0, metavar="N", help="print the N statements costing most per run")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    docs = documents(args.docs, args.big_share, args.seed)
    print(f"built {len(docs)} documents in {time.perf_counter() - t0:.1f} s", flush=True)
    with tempfile.TemporaryDirectory(prefix="casus-scale-") as tmp:
        if args.postgres:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
            from pgserver import PostgresServer  # noqa: PLC0415  (only this mode needs it)

            server = PostgresServer()
            try:
                server.start()
                rows = run(server.create_database(), docs, args.chunk, args.profile, args.sql)
            finally:
                server.stop()
        else:
            rows = run(str(Path(tmp) / "scale.db"), docs, args.chunk, args.profile, args.sql)
    first, last = rows[0], rows[-1]
    last_docs = last[0] - (rows[-2][0] if len(rows) > 1 else 0)
    first_per, last_per = first[1] / first[0], last[1] / last_docs
    print(
        f"cpu: first run {first_per * 1000:.2f} s/1k docs, last run {last_per * 1000:.2f} s/1k docs, "
        f"last/first {last_per / first_per:.2f} (goal <= 1.1); biggest incident {last[2]} reports"
    )
    print(
        f"cpu without extraction: first run {first[3] * 1000 / first[0]:.2f} s/1k docs, last run "
        f"{last[3] * 1000 / last_docs:.2f} s/1k docs, last/first {(last[3] / last_docs) / (first[3] / first[0]):.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
