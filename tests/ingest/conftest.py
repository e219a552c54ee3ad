"""Fixtures for the ingest tests: real files in ``tmp_path``."""

from collections.abc import Callable
from pathlib import Path

import pytest

BODY = (
    "Officials said on Tuesday that a group of hackers had broken into the networks of the "
    "national water authority and shut down pumps at two stations for several hours."
)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text (UTF-8) or bytes to ``tmp_path / name``, creating folders on the way."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return path

    return _write


@pytest.fixture
def web():
    """A real HTTP server on 127.0.0.1 for this test; it stops when the test ends."""
    from ingest.webserver import LoopbackServer

    server = LoopbackServer().start()
    yield server
    server.stop()
