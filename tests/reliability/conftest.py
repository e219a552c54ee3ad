"""Fixtures of the reliability tests: a generated corpus and fresh stores on either back end.

The corpus comes from bench/corpus_gen.py (sentences written for the benchmark, facts drawn at
random), so its size can grow for ``make stress`` without any article being copied in.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from corpus_gen import write_corpus  # noqa: E402


@pytest.fixture(scope="session")
def make_corpus(tmp_path_factory):
    """Write ``n`` generated articles (seed ``seed``) into a fresh folder, once per (n, seed)."""
    made: dict[tuple[int, int, int], Path] = {}

    def _make(n: int, seed: int = 1, start: int = 0) -> Path:
        key = (n, seed, start)
        if key not in made:
            folder = tmp_path_factory.mktemp(f"corpus{seed}_{start}_{n}")
            written = write_corpus(folder / "all", n + start, seed)
            for path, _ in written[:start]:
                path.unlink()
            made[key] = folder / "all"
        return made[key]

    return _make


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """A factory of fresh, empty stores on one back end: SQLite files or PostgreSQL databases."""
    if request.param == "sqlite":
        counter = iter(range(10_000))
        return lambda: str(tmp_path / f"store{next(counter)}.db")
    server = request.getfixturevalue("pg_server")
    made: list[str] = []

    def _new() -> str:
        made.append(server.create_database())
        return made[-1]

    request.addfinalizer(lambda: [server.drop_database(u) for u in made])
    return _new
