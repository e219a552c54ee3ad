"""Fixtures shared by the whole suite: one extractor per process, and articles written as files.

The articles are our own wording about real incidents (Albania/Iran 2022, Georgia 2019), in
the shape of a plain-text article file: headline, date line, blank line, body.
"""

from collections.abc import Callable
from pathlib import Path

import pytest

from casus.extract.report import Extractor
from machine import MISSING_TOOL, require_tool

# Three outlets on one incident: the 2022 attack on Albania's government services blamed on Iran.
ALBANIA_OUTLETS = {
    "outlet_a.txt": (
        "Albania cuts diplomatic ties with Iran over cyberattack",
        "2022-09-07",
        "Albania severed diplomatic relations with Iran on Wednesday and gave Iranian embassy staff 24 hours "
        "to leave the country.\n\n"
        "The decision followed a cyberattack in July that knocked Albanian government websites and online "
        "public services offline for days.\n\n"
        "Albanian Prime Minister Edi Rama said an investigation had shown without a shadow of a doubt that "
        "Iran was behind the attack.\n\n"
        "A hacker group calling itself HomeLand Justice claimed responsibility for the attack at the time "
        "and "
        "posted what it said were files taken from government servers.\n\n"
        "Iran's foreign ministry denied involvement and called the accusation baseless.\n\n"
        "Investigators found that the intruders had moved through the networks for months before the "
        "July attack, reading email and copying documents as they went.\n\n"
        "Most online services were restored within days, although some systems used by the tax office and "
        "the border police had to be rebuilt from backups.\n\n"
        "Rama said the embassy in Tirana would be closed by the end of the week and that the two countries "
        "would have no further contact through official channels until the matter was settled.",
    ),
    "outlet_b.txt": (
        "White House condemns Iranian cyberattack on NATO ally Albania",
        "2022-09-08",
        "The White House on Thursday condemned the July cyberattack against Albania and said Iran had "
        "carried out the operation.\n\n"
        "A spokesperson said Washington will hold Iran accountable for actions that threaten the security of "
        "a NATO ally.\n\n"
        "Hackers destroyed data on government servers and disrupted online services used by Albanian "
        "citizens, officials said.\n\n"
        "Albanian officials said the intruders had spent more than a year inside the networks before the "
        "attack.\n\n"
        "Tehran has rejected the accusations.",
    ),
    "outlet_c.txt": (
        "NATO allies rally behind Albania over Iranian cyber attack",
        "2022-09-08",
        "NATO said on Thursday that it stands with Albania, whose government systems were hit by a cyber "
        "attack in July.\n\n"
        "The British government said Iran was responsible for the hacking, which wiped data and paralysed "
        "public services.\n\n"
        "The alliance said it would help Albania strengthen its cyber defences.\n\n"
        "Albania expelled Iranian diplomats on Wednesday after concluding its investigation into the attack.",
    ),
}


def article_text(headline: str, published: str, body: str) -> str:
    """The plain-text article shape: headline, YYYY-MM-DD date line, blank line, body."""
    return f"{headline}\n{published}\n\n{body}\n"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The spaCy pipeline and gazetteer build once per process (about a second)."""
    return Extractor()


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    """Write an article file under ``tmp_path`` (folders created on the way) and return its path."""

    def _write(name: str, headline: str, published: str, body: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(headline, published, body), encoding="utf-8")
        return path

    return _write


@pytest.fixture(scope="session")
def albania_outlets() -> dict[str, tuple[str, str, str]]:
    """file name → (headline, date, body) of the three outlets' articles."""
    return dict(ALBANIA_OUTLETS)


@pytest.fixture
def albania_feed(write_article, tmp_path: Path) -> Path:
    """A folder holding the three outlets' articles on the Albania incident."""
    for name, (headline, published, body) in ALBANIA_OUTLETS.items():
        write_article(f"feed/{name}", headline, published, body)
    return tmp_path / "feed"


# --- Tools the machine may lack ------------------------------------------------------------
# A bare machine skips what needs Chromium or PostgreSQL, with one line in the summary naming the
# package to install; CI installs both, so there (CI=true) a missing one fails instead.


def pytest_terminal_summary(terminalreporter) -> None:
    """One line per missing tool, even under -q, so a bare machine says what to install."""
    counts: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        if MISSING_TOOL in reason:
            counts[reason] = counts.get(reason, 0) + 1
    for reason, n in counts.items():
        terminalreporter.write_line(f"SKIPPED {n} test{'s' if n > 1 else ''}: {reason}", yellow=True)


# --- PostgreSQL --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server():
    import pgserver

    require_tool(f"PostgreSQL (initdb, pg_ctl{pgserver.where()})", pgserver.available(), "postgresql")
    server = pgserver.PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store location on each back end; the same tests run on both."""
    if request.param == "sqlite":
        return str(tmp_path / "casus.db")
    return request.getfixturevalue("pg_url")


def _first_schema_copy(path: Path, source_db: str | Path) -> None:
    """A copy of the SQLite store ``source_db`` as the first schema wrote it: no incident index,
    no search, ``0001_initial`` the only migration recorded."""
    import sqlite3

    from casus.store.schema import INITIAL, TYPES

    with sqlite3.connect(path) as old:
        old.executescript(INITIAL.format(**TYPES["sqlite"]) + ";")
        old.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        old.execute("INSERT INTO migrations VALUES ('0001_initial', '2026-01-01')")
        old.execute("ATTACH DATABASE ? AS src", (str(source_db),))
        for table in ("documents", "doc_bands", "incident_keys", "reports", "incident_sources"):
            old.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")
        old.execute("INSERT INTO incidents SELECT id, title, profile, created_at, updated_at FROM src.incidents")


@pytest.fixture(scope="session")
def first_schema_copy():
    return _first_schema_copy
