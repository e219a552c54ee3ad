"""Stores for the export tests: the bundled examples, and the three outlets' articles with URLs."""

import json
from pathlib import Path

import pytest

from casus.ingest import read_paths
from casus.pipeline import ingest_documents
from casus.store import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _ingest(db: Path, paths: list[Path], extractor) -> str:
    store = open_store(db)
    try:
        summary = ingest_documents(store, read_paths(paths), extractor=extractor)
        assert summary.failed == 0
    finally:
        store.close()
    return str(db)


@pytest.fixture(scope="session")
def example_db(tmp_path_factory, extractor) -> str:
    """The bundled example articles in a SQLite store; tests only read it."""
    return _ingest(tmp_path_factory.mktemp("examples") / "examples.db", [EXAMPLES], extractor)


@pytest.fixture(scope="session")
def outlets_db(tmp_path_factory, extractor, albania_outlets) -> str:
    """The three outlets' Albania articles as JSON lines with their URLs, in a SQLite store."""
    root = tmp_path_factory.mktemp("outlets")
    feed = root / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for name, (title, published, body) in albania_outlets.items():
            url = f"https://news.example.org/{name.removesuffix('.txt')}"
            f.write(json.dumps({"url": url, "title": title, "published": published, "text": body}) + "\n")
    return _ingest(root / "outlets.db", [feed], extractor)


@pytest.fixture
def read_store():
    """Open a store read-only for the length of a test."""
    opened = []

    def _open(url: str):
        store = open_store(url, upgrade=False)
        opened.append(store)
        return store

    yield _open
    for s in opened:
        s.close()
