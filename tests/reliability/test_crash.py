"""Crash safety: ``casus ingest`` killed with SIGKILL at seeded random moments, again and
again, on SQLite and on PostgreSQL. After every kill the store is consistent (SQLite's
integrity check, no duplicate or half-written document, report or fact), and once the same
input has run to completion its counts equal those of an uninterrupted run into a fresh store.

``CASUS_STRESS=1`` (``make stress``) raises the number of kills and the corpus size.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time

from casus.ingest import read_paths
from casus.pipeline import ingest_documents
from casus.store import connect, open_store
from reliability.harness import STRESS, casus_command, store_state

KILLS = 40 if STRESS else 20
DOCS = 32 if STRESS else 16


def _ingest(corpus, url: str) -> subprocess.Popen:
    return subprocess.Popen(
        casus_command("ingest", str(corpus), "--db", url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_documents(url: str, target: int, proc: subprocess.Popen) -> None:
    """Until ``target`` documents are stored, or the process ended; polls one connection."""
    store = connect(url)
    try:
        while proc.poll() is None:
            if store.conn.has_table("migrations") and store.conn.has_table("documents"):
                if store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] >= target:
                    return
            time.sleep(0.05)
    finally:
        store.close()


def test_ingest_killed_at_random_moments_loses_and_duplicates_nothing(backend, make_corpus, extractor):
    corpus = make_corpus(DOCS, seed=5)
    reference = backend()  # the uninterrupted run, in this process (the same pipeline, no start-up)
    started = time.monotonic()
    store = open_store(reference)
    try:
        assert ingest_documents(store, read_paths([corpus]), extractor=extractor).failed == 0
    finally:
        store.close()
    full_run = time.monotonic() - started
    expected, problems = store_state(reference)
    assert expected["documents"] == DOCS and expected["facts"] > 0
    assert not any(problems.values()), problems

    rng = random.Random(20260511)
    url = backend()
    kills = completed = 0
    seen_documents = 0
    while kills < KILLS:
        proc = _ingest(corpus, url)
        # The kill lands while it writes: once a seeded random number (at least one) of the documents
        # left are in, after a random fraction of a second more (which may fall between two documents,
        # inside one, or in the final re-derivation of incidents).
        target = seen_documents + rng.randint(1, DOCS - seen_documents) if seen_documents < DOCS else DOCS
        _wait_for_documents(url, target, proc)
        time.sleep(rng.uniform(0, 0.6))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        _, stderr = proc.communicate(timeout=60)
        counts, problems = store_state(url)
        assert not any(problems.values()), (kills, problems)
        assert counts["documents"] >= seen_documents, "a committed document disappeared"
        seen_documents = counts["documents"]
        if proc.returncode == 0:  # it finished before the kill: the whole input is in
            assert counts == expected, (kills, counts, expected)
            assert "Traceback" not in stderr
            completed += 1
            url, seen_documents = backend(), 0  # and the next kills hit a fresh store
    done = subprocess.run(casus_command("ingest", str(corpus), "--db", url), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    counts, problems = store_state(url)
    assert counts == expected
    assert not any(problems.values()), problems
    print(
        f"\ncrash: {kills} kills, {completed + 1} completed runs, counts {counts}, "
        f"uninterrupted run {full_run:.1f}s, test {time.monotonic() - started:.0f}s"
    )
