"""A store seeded with the bundled example articles (our own wording), on either back end."""

from pathlib import Path

import pytest

from casus.ingest import read_paths
from casus.pipeline import ingest_documents
from casus.store import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def seed(url: str, extractor) -> None:
    store = open_store(url)
    try:
        summary = ingest_documents(store, read_paths([EXAMPLES]), extractor=extractor)
        assert summary.failed == 0 and summary.incidents_new >= 2
    finally:
        store.close()


@pytest.fixture(scope="session")
def seed_examples():
    return seed


@pytest.fixture
def seeded_url(store_url, extractor) -> str:
    seed(store_url, extractor)
    return store_url
