"""The SQL statements a store runs inside a block, for tests that bound how much it reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def statements(store) -> Iterator[list[str]]:
    """Record the SQL text of every ``store.conn.execute`` in the block, in order."""
    seen: list[str] = []
    execute = store.conn.execute

    def counting(sql, params=()):
        seen.append(sql)
        return execute(sql, params)

    store.conn.execute = counting
    try:
        yield seen
    finally:
        store.conn.execute = execute
