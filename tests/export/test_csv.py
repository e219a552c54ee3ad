"""CSV export: one file per record kind, fixed documented columns, evidence on every fact row."""

import csv
import re
from pathlib import Path

import pytest

from casus.export.csv import COLUMNS, cell, write_csv
from casus.export.select import matching
from casus.store import IncidentQuery

README = Path(__file__).resolve().parents[2] / "README.md"


def _read(folder: Path, name: str) -> list[dict]:
    with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def example_csv(example_db, tmp_path_factory):
    from casus.store import open_store

    folder = tmp_path_factory.mktemp("csv")
    store = open_store(example_db, upgrade=False)
    try:
        counts = write_csv(matching(store), folder)
    finally:
        store.close()
    return folder, counts


def test_csv_one_file_per_kind_with_fixed_columns(example_csv):
    folder, counts = example_csv
    assert sorted(p.stem for p in folder.glob("*.csv")) == sorted(COLUMNS)
    for name, columns in COLUMNS.items():
        with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as f:
            assert next(csv.reader(f)) == columns
        assert len(_read(folder, name)) == counts[name]


def test_csv_content_albania_and_georgia(example_csv):
    folder, _ = example_csv
    incidents = {r["victims"]: r for r in _read(folder, "incidents")}
    assert set(incidents) == {"ALB", "GEO"}
    alb = incidents["ALB"]
    assert alb["attributed_to"] == "IRN" and alb["claimed_by"] == "HomeLand Justice" and alb["n_sources"] == "3"
    assert set(alb["attributed_by"].split("; ")) == {"USA", "Mandiant", "ALB", "GBR"}
    severs = [r for r in _read(folder, "responses") if r["type"] == "sever_relations"]
    assert severs and {(r["by"], r["against"]) for r in severs} == {("ALB", "IRN")}
    mandiant = [r for r in _read(folder, "attributions") if r["by"] == "Mandiant"]
    assert {r["certainty"] for r in mandiant} == {"moderate"}


def test_csv_every_fact_row_has_evidence_that_holds(example_csv, example_db, read_store):
    folder, _ = example_csv
    store = read_store(example_db)
    for name in ("claims", "attributions", "denials", "responses"):
        for r in _read(folder, name):
            doc = store.document(r["doc_id"])
            assert " ".join(doc.text[int(r["start"]) : int(r["end"])].split()) == r["quote"]
            assert r["source"] == doc.source and r["rule"].startswith("casus.")


def test_csv_filters_select_incidents(example_db, read_store, tmp_path):
    write_csv(matching(read_store(example_db), IncidentQuery(attributed_to="RUS")), tmp_path)
    assert [r["victims"] for r in _read(tmp_path, "incidents")] == ["GEO"]
    assert {r["incident_id"] for r in _read(tmp_path, "attributions")} == {
        _read(tmp_path, "incidents")[0]["incident_id"]
    }


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("plain text", "plain text"),
        (None, ""),
        (42, 42),
    ],
)
def test_csv_cells_never_start_a_formula(value, expected):
    assert cell(value) == expected


def test_csv_columns_are_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for name, columns in COLUMNS.items():
        m = re.search(rf"^\| `{name}\.csv` \| (.+?) \|$", text, re.M)
        assert m, f"{name}.csv is not documented in the README"
        assert [c.strip(" `") for c in m.group(1).split(",")] == columns
