"""Extraction and grouping quality may not fall below the floors in bench/floors.json.

Runs bench/quality.py's steps (CLI ingest, summary export, score.py) once per shared corpus and
compares the overall F1 and the grouping B-cubed F1 with that set's floors. check, the unseen
yardstick, has no floor and is not run here. The answer keys live in ../shared beside the
repository; without them there is nothing to measure, so the tests skip.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "bench" / "quality.py"
_spec = importlib.util.spec_from_file_location("casus_bench_quality", _PATH)
quality = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = quality
_spec.loader.exec_module(quality)

FLOOR_SETS = ("seeds", "dev", "dev2")

pytestmark = pytest.mark.skipif(
    not quality.shared_available(),
    reason=f"{quality.SCORER} not found: no answer keys beside the repository, nothing to score",
)


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory):
    """One ingest, export and score per set, shared by the tests of this module."""
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if not quality.set_available(name):
            pytest.skip(f"{name}: corpus or key missing under {quality.SHARED}")
        if name not in cache:
            cache[name] = quality.score_set(name, tmp_path_factory.mktemp(name))
        return cache[name]

    return get


def test_floors_cover_the_developed_sets_and_not_check() -> None:
    assert set(quality.load_floors()) == set(FLOOR_SETS)
    assert set(quality.load_grouping_floors()) == set(FLOOR_SETS)


@pytest.mark.parametrize("name", FLOOR_SETS)
def test_quality_overall_f1_meets_floor(name: str, scored) -> None:
    floor = quality.load_floors()[name]
    f1 = scored(name)["scores"]["overall"]["f1"]
    assert f1 >= floor, f"{name}: overall F1 {f1:.3f} is below its floor {floor:.3f} (bench/floors.json)"


@pytest.mark.parametrize("name", FLOOR_SETS)
def test_grouping_bcubed_f1_meets_floor(name: str, scored) -> None:
    floor = quality.load_grouping_floors()[name]
    f1 = scored(name)["grouping"]["f1"]
    assert f1 >= floor, f"{name}: grouping B-cubed F1 {f1:.3f} is below its floor {floor:.3f} (bench/floors.json)"


def test_bcubed_items_are_document_incident_pairs() -> None:
    key = [
        {"id": "a", "sources": ["1.txt", "2.txt", "3.txt"]},
        {"id": "b", "sources": ["3.txt", "4.txt"]},
        {"id": "m", "optional": True, "sources": ["5.txt"]},
    ]
    documents = {f"{n}.txt" for n in range(1, 8)}  # 6 and 7 are distractors
    perfect = [{"sources": ["1.txt", "2.txt", "3.txt"]}, {"sources": ["dir/3.TXT", "4.txt"]}]
    g = quality.grouping_scores(perfect, key, documents)
    assert (g["precision"], g["recall"], g["f1"], g["items"]) == (1.0, 1.0, 1.0, 5)
    assert (g["key_incidents"], g["distractors"], g["distractors_in_incidents"]) == (2, 2, 0)

    # a split into {1,2} and {3}; b found whole; a distractor grouped with b
    split = [{"sources": ["1.txt", "2.txt"]}, {"sources": ["3.txt"]}, {"sources": ["3.txt", "4.txt", "6.txt"]}]
    g = quality.grouping_scores(split, key, documents)
    # (1,a) (2,a) -> {1,2}: R 2/3; (3,a): {3} and {3,4} each share one document with a, the
    # smaller {3} wins: R 1/3; (3,b) (4,b) -> {3,4} (6 is no item): R 1. No cluster mixes a and b.
    assert g["recall"] == round((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5, 4)
    assert g["precision"] == 1.0
    assert g["distractors_in_incidents"] == 1 and g["predicted_incidents"] == 3

    # a and b merged: items of a see 3 of 4 documents right, items of b 2 of 4
    g = quality.grouping_scores([{"sources": ["1.txt", "2.txt", "3.txt", "4.txt"]}], key, documents)
    assert g["precision"] == round((3 / 4 * 3 + 2 / 4 * 2) / 5, 4) and g["recall"] == 1.0
    # a document in no predicted incident counts as a cluster of its own: (4,b) -> {4}, R 1/2;
    # (3,b) -> {1,2,3}, P 1/3, R 1/2
    g = quality.grouping_scores([{"sources": ["1.txt", "2.txt", "3.txt"]}], key, documents)
    assert g["recall"] == round((1 + 1 + 1 + 1 / 2 + 1 / 2) / 5, 4)
    assert g["precision"] == round((1 + 1 + 1 + 1 / 3 + 1) / 5, 4)


def test_error_report_groups_lines_by_kind_and_field() -> None:
    key = [{"id": "a", "sources": ["1.txt"]}, {"id": "b", "sources": ["2.txt"]}]
    lines = [
        "missed  incident [b] Some incident",
        "extra   incident [predicted p9] A fragment sources=['x/1.txt']",
        "extra   incident [predicted p8] An arrest sources=['9.txt']",
        "missed  [a] source: 3.txt",
        "missed  [a] victims: ALB",
        "extra   [a] responses: USA / sanctions / IRN",
        "missed  [b] attributions: ALB / IRN",
        "extra   [predicted p9] victims: USA",
        "extra   [predicted p8] sectors: finance",
    ]
    r = quality.error_report(lines, key)
    assert r["table"]["victims"] == {"missed_found": 1, "spurious_fragment": 1}
    assert r["table"]["responses"] == {"spurious_found": 1}
    assert r["table"]["attributions"] == {"missed_unfound": 1}
    assert r["table"]["sectors"] == {"spurious_unkeyed": 1}
    assert r["missed_incidents"] == {"b": {"title": "Some incident", "tuples": 1}}
    assert r["extra_incidents"]["p9"]["fragment_of"] == ["a"]
    assert r["extra_incidents"]["p9"]["tuples"] == ["victims: USA"]
    assert r["extra_incidents"]["p8"]["fragment_of"] == []
    assert r["sources"] == ["missed  [a] 3.txt"]
    assert not r["unparsed"]
