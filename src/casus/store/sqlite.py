"""The embedded back end: one SQLite file (WAL), with FTS5 for search."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from casus.errors import StoreError
from casus.store.sql import SQLStore

_WORD = re.compile(r"\w+")
CACHE_KIB = 65_536
BUSY_TIMEOUT_MS = 10_000  # how long a writer waits for another one's transaction before giving up


class SQLiteConnection:
    dialect = "sqlite"

    def __init__(self, path: str):
        # Autocommit mode with explicit BEGIN IMMEDIATE: a writer takes the lock up front, so two
        # writers queue (busy_timeout) instead of failing half-way through a document.
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        # a page cache that holds the blocking-key indexes' upper levels and a batch's dirty pages
        # (64 MB; the default 2 MB spills a batch of documents to disk before its commit)
        self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        self.db.execute("PRAGMA foreign_keys=ON")

    def execute(self, sql: str, params: tuple | list = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, params)

    def executemany(self, sql: str, rows: list) -> None:
        self.db.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.db.in_transaction:  # inside a larger write (a whole bundle): a savepoint, as psycopg does
            self.db.execute("SAVEPOINT nested")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK TO nested")
                self.db.execute("RELEASE nested")
                raise
            self.db.execute("RELEASE nested")
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # still locked after the busy timeout: one line, not a traceback
            raise StoreError(
                f"{self.path}: another writer held the store for over {BUSY_TIMEOUT_MS / 1000:g} s; "
                "what was written so far is kept, run again to go on"
            ) from None
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def has_table(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None

    def search_condition(self, query: str) -> tuple[str, list]:
        # The user's words, each quoted, so FTS5 operators and stray quotes in them are plain text.
        words = _WORD.findall(query)[:32]
        if not words:
            return "1 = 0", []
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        return "i.rowid IN (SELECT rowid FROM incident_search WHERE incident_search MATCH ?)", [match]

    def set_search_text(self, incident_id: str, text: str) -> None:
        (rowid,) = self.db.execute("SELECT rowid FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        self.db.execute("DELETE FROM incident_search WHERE rowid = ?", (rowid,))
        self.db.execute("INSERT INTO incident_search (rowid, body) VALUES (?, ?)", (rowid, text))

    def delete_search_text(self, incident_id: str) -> None:
        """Before the incident's row goes: FTS5 rows are keyed by the incident's rowid."""
        self.db.execute(
            "DELETE FROM incident_search WHERE rowid = (SELECT rowid FROM incidents WHERE id = ?)", (incident_id,)
        )

    def optimize(self) -> None:
        # SQLite keeps no statistics by itself; a sampled ANALYZE takes milliseconds.
        self.db.execute("PRAGMA analysis_limit=1000")
        self.db.execute("ANALYZE")

    def data_version(self) -> int:
        """SQLite's own counter: it moves when another connection commits, never for this one's writes."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        self.db.close()


def open_sqlite(path: str | Path) -> SQLStore:
    text = str(path)
    try:
        conn = SQLiteConnection(text)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{text}: cannot open as a casus store ({exc})") from None
    return SQLStore(conn, text)
