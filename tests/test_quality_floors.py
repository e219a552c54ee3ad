"""Extraction quality may not fall below the floors in bench/floors.json.

Runs bench/quality.py's steps (CLI ingest, summary export, score.py) on each shared corpus and
compares the overall F1 with that set's floor. The answer keys live in ../shared beside the
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

pytestmark = pytest.mark.skipif(
    not quality.shared_available(), reason=f"{quality.SCORER} not found: no answer keys beside the repository"
)


@pytest.mark.parametrize("name", quality.SETS)
def test_quality_overall_f1_meets_floor(name: str, tmp_path: Path) -> None:
    if not quality.set_available(name):
        pytest.skip(f"{name}: corpus or key missing under {quality.SHARED}")
    floor = quality.load_floors()[name]
    scores = quality.score_set(name, tmp_path)["scores"]
    f1 = scores["overall"]["f1"]
    assert f1 >= floor, f"{name}: overall F1 {f1:.3f} is below its floor {floor:.3f} (bench/floors.json)"
