"""The shared back end: PostgreSQL through psycopg 3, with a generated ``tsvector`` for search.

Statements arrive with ``?`` placeholders and are rewritten once to psycopg's ``%s``; no SQL
in casus contains a literal ``?`` or ``%``, so the rewrite is exact.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from casus.errors import StoreError
from casus.store.sql import SQLStore

WRITER_LOCK = 0x63617375  # "casu": the advisory lock key every casus writer takes


@lru_cache(maxsize=512)
def _pg(sql: str) -> str:
    return sql.replace("?", "%s")


class PostgresConnection:
    dialect = "postgresql"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError:
            raise StoreError(f"{url}: PostgreSQL needs psycopg; pip install 'casus[postgres]'") from None
        try:
            self.db = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"{_redact(url)}: cannot connect ({first})") from None

    def execute(self, sql: str, params: tuple | list = ()):
        return self.db.execute(_pg(sql), params)

    def executemany(self, sql: str, rows: list) -> None:
        with self.db.cursor() as cur:
            cur.executemany(_pg(sql), rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction, holding the store's writer lock until it ends. Writers then take
        turns as SQLite's BEGIN IMMEDIATE makes them: under READ COMMITTED, two ingesters would
        otherwise place reports in an incident the other just merged away, or both re-derive one
        incident's facts and leave them twice. Readers never wait for it."""
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            yield

    def has_table(self, name: str) -> bool:
        return self.db.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()[0]

    def search_condition(self, query: str) -> tuple[str, list]:
        return "i.search_tsv @@ plainto_tsquery('english', ?)", [query[:1000]]

    def set_search_text(self, incident_id: str, text: str) -> None:
        self.execute("UPDATE incidents SET search_text = ? WHERE id = ?", (text.replace("\x00", ""), incident_id))

    def delete_search_text(self, incident_id: str) -> None:
        """Nothing to do: the search text is a column of the incident's row."""

    def optimize(self) -> None:
        self.db.execute("ANALYZE")  # autovacuum does this too, on its own schedule

    def data_version(self) -> None:
        """PostgreSQL keeps no such counter: lookups are always made again under the writer lock."""
        return None

    def close(self) -> None:
        self.db.close()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return url


def open_postgres(url: str) -> SQLStore:
    return SQLStore(PostgresConnection(url), _redact(url))
