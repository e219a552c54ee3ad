"""What the test machine has: tests needing a tool the machine lacks (Chromium, PostgreSQL) skip
with one line naming the Debian package to install; CI installs them all, so under CI=true a
missing tool fails the test instead of hiding it."""

import os

import pytest

MISSING_TOOL = "not found; install it with: apt-get install"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_tool(what: str, found: bool, package: str) -> None:
    """Skip the requesting test when ``what`` is missing (fail under CI), naming the package."""
    if found:
        return
    message = f"{what} {MISSING_TOOL} {package}"
    if in_ci():
        pytest.fail(f"{message} (required under CI=true)", pytrace=False)
    pytest.skip(message)
