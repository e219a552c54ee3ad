"""Incidents must not depend on the order articles arrive in, nor on how runs split them.

The bundled examples and a few short articles written for this test (``articles/``: one
fictional telecom outage told by three outlets that extract differently, plus a cut repost of
one of them and a follow-up extraction finds no report in, and an unrelated attack in the same
days) are ingested all in one run, then one
file per run in three shuffled orders (each puts the repost before its original), then
regrouped by ``casus resolve``: every way gives the same incidents, compared as the set of
their source sets and their exported facts.
"""

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casus.export.summary import summary_document
from casus.pipeline import ingest_paths
from casus.store import open_store

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "examples").glob("*.txt")) + sorted((Path(__file__).parent / "articles").glob("*.txt"))


def _casus(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casus", *args], capture_output=True, text=True, timeout=300)


def _incidents(db: Path | str) -> dict[frozenset[str], str]:
    """Source set → the incident's exported facts (its id left out: ids are random)."""
    store = open_store(db)
    try:
        summary = summary_document(store.incidents())
    finally:
        store.close()
    out = {}
    for incident in summary["incidents"]:
        facts = {k: v for k, v in incident.items() if k != "id"}
        for key, value in facts.items():
            if isinstance(value, list):
                facts[key] = sorted(value, key=lambda x: json.dumps(x, sort_keys=True))
        out[frozenset(incident["sources"])] = json.dumps(facts, sort_keys=True)
    return out


@pytest.fixture(scope="module")
def one_run(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("order")
    feed = root / "feed"
    feed.mkdir()
    for path in ARTICLES:
        shutil.copy(path, feed / path.name)
    db = root / "all.db"
    result = _casus("ingest", str(feed), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return {"feed": feed, "db": db, "incidents": _incidents(db)}


def test_the_outlets_of_one_outage_are_one_incident(one_run):
    sources = list(one_run["incidents"])
    outage = [s for s in sources if "veltrix_outage.txt" in s]
    told = {"veltrix_outage.txt", "veltrix_outage_repost.txt", "veltrix_claim.txt", "veltrix_followup.txt"}
    told.add("veltrix_recovery.txt")  # no report of its own: a source by the name its headline shares
    assert outage == [frozenset(told)]
    assert not any("harbour_ransomware.txt" in s and len(s) > 1 for s in sources)  # same days, nothing shared


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_one_file_per_run_in_shuffled_order_gives_the_same_incidents(one_run, tmp_path, seed):
    files = sorted(one_run["feed"].iterdir())
    random.Random(seed).shuffle(files)
    db = tmp_path / "shuffled.db"
    for path in files:
        summary = ingest_paths([str(path)], str(db))
        assert summary.failed == 0, summary.errors
    assert _incidents(db) == one_run["incidents"]


def test_casus_resolve_regroups_to_the_same_incidents(one_run, tmp_path):
    db = tmp_path / "regrouped.db"
    shutil.copy(one_run["db"], db)
    before = open_store(db)
    try:
        ids_before = {r.id for r in before.incidents()}
    finally:
        before.close()
    result = _casus("resolve", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "reports regrouped" in result.stdout
    assert _incidents(db) == one_run["incidents"]
    after = open_store(db)
    try:
        assert {r.id for r in after.incidents()} == ids_before  # a regrouping that changes nothing keeps ids
    finally:
        after.close()


def _split_every_report(db: Path) -> None:
    """Give every report but the first an incident of its own, as an older grouping might have."""
    store = open_store(db)
    try:
        with store.conn.transaction():
            rows = store.conn.execute("SELECT id, incident_id, doc_id FROM reports ORDER BY id").fetchall()
            for report_id, incident_id, doc_id in rows[1:]:
                new_id = f"split{report_id:07d}"
                store.conn.execute(
                    "INSERT INTO incidents (id, title, profile, created_at, updated_at) VALUES (?, '', '{}', '', '')",
                    (new_id,),
                )
                store.conn.execute("UPDATE reports SET incident_id = ? WHERE id = ?", (new_id, report_id))
                store.conn.execute(
                    "UPDATE incident_sources SET incident_id = ? WHERE incident_id = ? AND doc_id = ?",
                    (new_id, incident_id, doc_id),
                )
    finally:
        store.close()


def test_casus_resolve_joins_incidents_that_ingest_kept_apart_under_old_rules(one_run, tmp_path):
    """A store grouped otherwise (here: every report its own incident) comes out as from scratch."""
    db = tmp_path / "split.db"
    shutil.copy(one_run["db"], db)
    _split_every_report(db)
    assert _incidents(db) != one_run["incidents"]
    assert _casus("resolve", "--db", str(db)).returncode == 0
    assert _incidents(db) == one_run["incidents"]


def test_an_upgraded_store_of_the_first_schema_regroups_like_ingesting_from_scratch(
    one_run, tmp_path, first_schema_copy
):
    split = tmp_path / "split.db"
    shutil.copy(one_run["db"], split)
    _split_every_report(split)
    old = tmp_path / "old.db"
    first_schema_copy(old, split)  # no grouping profiles, no keys: migration 0003 files them
    assert _casus("db", "upgrade", "--db", str(old)).returncode == 0
    assert _casus("resolve", "--db", str(old)).returncode == 0
    assert _incidents(old) == one_run["incidents"]


def test_casus_resolve_refuses_a_missing_or_old_store_in_one_line(tmp_path, one_run, first_schema_copy):
    missing = _casus("resolve", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 1 and "no such store" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1 and "Traceback" not in missing.stderr
    old = tmp_path / "old.db"
    first_schema_copy(old, one_run["db"])
    behind = _casus("resolve", "--db", str(old))
    assert behind.returncode == 1 and "casus db upgrade" in behind.stderr
    assert len(behind.stderr.strip().splitlines()) == 1 and "Traceback" not in behind.stderr


def test_postgres_one_file_per_run_and_resolve_give_the_same_incidents(one_run, pg_url):
    """The same statements on the shared back end: one shuffled order, then a regrouping."""
    files = sorted(one_run["feed"].iterdir())
    random.Random(4).shuffle(files)
    for path in files:
        assert ingest_paths([str(path)], pg_url).failed == 0
    assert _incidents(pg_url) == one_run["incidents"]
    store = open_store(pg_url)
    try:
        store.regroup()
    finally:
        store.close()
    assert _incidents(pg_url) == one_run["incidents"]
