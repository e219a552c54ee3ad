"""A store seeded with the bundled example articles (our own wording), on either back end, and
the system's Chromium for the browser tests."""

import os
import shutil
from pathlib import Path

import pytest

from casus.ingest import read_paths
from casus.pipeline import ingest_documents
from casus.store import open_store
from machine import require_tool

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


CHROMIUM_ENV = "CASUS_CHROMIUM"  # where Chromium is, when not /usr/bin/chromium or on PATH


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium executable, checked before any browser or server starts: a machine without it
    skips the browser tests with one line naming the package (and fails under CI=true)."""
    path = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or "/usr/bin/chromium"
    require_tool(f"Chromium ({path})", os.access(path, os.X_OK), "chromium")
    return path
