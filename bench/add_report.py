"""What storing one report costs in an incident of N reports against one in an incident of 1 (issue #10).

The store's side of ingest alone, with no extraction and no placement decision: documents with
one report each are written with ``add_document`` as an ingest run writes them (the incident's
fields derived at the end of the run, not per report), first into an incident grown to
``--size`` reports, then each into an incident of its own. The reports are generated with the
variety that makes a large incident's tally grow: many distinct attributors, responders and
claimant spellings, so that the number of distinct tallied values keeps rising with the reports.
Printed: CPU milliseconds per report stored into the large incident and into new ones, and
their ratio (goal: about 1).

    python bench/add_report.py [--size 10000] [--adds 300] [--postgres]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from casus.ingest.text import document_id
from casus.models import Attribution, Certainty, Claim, Document, Evidence, Mention, Report, Response
from casus.resolve import band_keys, report_profile, shingle_signature
from casus.store import Placement, open_store

STATES = ["ALB", "IRN", "RUS", "EST", "USA", "GBR", "UKR", "CHN", "PRK", "ISR"]
PEOPLE = [f"Official {i}" for i in range(4000)]  # attributors and responders: distinct pairs keep coming


def _document(rng: random.Random, n: int) -> tuple[Document, Report]:
    day = f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}"
    text = f"Bulletin {n}\n{day}\n\nA generated bulletin, number {n}, on the grid outage."
    doc = Document(document_id(text), f"b{n}.txt", text, f"Bulletin {n}", None)
    ev = Evidence(doc.id, "A generated bulletin.", 0, 21, "bench.v1")
    report = Report(
        doc.id,
        title=doc.title,
        published=day,
        victims=[Mention("UKR", ev)],
        operation_types=[Mention(rng.choice(["wiper", "disruption"]), ev)],
        first_activity=[Mention(f"2021-{1 + n % 12:02d}", ev)],
        claims=[Claim(rng.choice(["Sandworm", "SANDWORM", f"Voice {n % 500}"]), ev)],
        attributions=[
            Attribution(rng.choice(PEOPLE), rng.choice(STATES), ev, rng.choice([None, *Certainty]), day)
            for _ in range(rng.randint(1, 3))
        ],
        responses=[Response(rng.choice(PEOPLE), "condemnation", rng.choice(STATES), ev, day)],
        groups=["Sandworm"],
    )
    return doc, report


def _store_one(store, doc: Document, report: Report, links: list[str]) -> str:
    sig = shingle_signature(doc.text)
    [(incident_id, _)] = store.add_document(
        doc, sig, band_keys(sig), [Placement(report, report_profile(report, None), links)]
    )
    return incident_id


def measure(url: str, size: int, adds: int) -> tuple[float, float]:
    """CPU seconds per report stored into the incident of ``size`` reports, and into new incidents."""
    rng = random.Random(10)
    store = open_store(url)
    try:
        store.defer_reindex = True  # as in an ingest run
        docs = [_document(rng, n) for n in range(size + 2 * adds)]
        big = None
        t0 = time.perf_counter()
        for doc, report in docs[:size]:
            big = _store_one(store, doc, report, [big] if big else [])
        print(f"grew one incident to {size} reports in {time.perf_counter() - t0:.0f} s", flush=True)
        c0 = time.process_time()
        for doc, report in docs[size : size + adds]:
            _store_one(store, doc, report, [big])
        into_big = (time.process_time() - c0) / adds
        c0 = time.process_time()
        for doc, report in docs[size + adds :]:
            _store_one(store, doc, report, [])
        into_new = (time.process_time() - c0) / adds
        store.defer_reindex = False
        store.reindex_dirty()
        return into_big, into_new
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=10_000, help="reports in the large incident")
    ap.add_argument("--adds", type=int, default=300, help="reports timed on each side")
    ap.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL server instead of SQLite")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="casus-add-") as tmp:
        if args.postgres:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
            from pgserver import PostgresServer  # noqa: PLC0415  (only this mode needs it)

            server = PostgresServer()
            try:
                server.start()
                into_big, into_new = measure(server.create_database(), args.size, args.adds)
            finally:
                server.stop()
        else:
            into_big, into_new = measure(str(Path(tmp) / "add.db"), args.size, args.adds)
    print(
        f"cpu per report stored: {into_big * 1000:.2f} ms into an incident of {args.size} reports, "
        f"{into_new * 1000:.2f} ms into a new incident; ratio {into_big / into_new:.2f} (goal: about 1)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
