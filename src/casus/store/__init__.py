"""Storage behind one narrow interface (``base.Store``): SQLite is the embedded default,
PostgreSQL the shared one, and both run the same SQL (:mod:`casus.store.sql`)."""

from __future__ import annotations

from pathlib import Path

from casus.errors import StoreError
from casus.store.base import DocumentRow, IncidentQuery, IncidentRow, IncidentSummary, Placement, Store
from casus.store.sql import SQLStore, require_current

__all__ = [
    "DocumentRow",
    "IncidentQuery",
    "IncidentRow",
    "IncidentSummary",
    "Placement",
    "SQLStore",
    "Store",
    "connect",
    "is_postgres",
    "open_store",
]


def is_postgres(url: str | Path) -> bool:
    return str(url).startswith(("postgresql://", "postgres://"))


def connect(url: str | Path) -> SQLStore:
    """A store from a path, ``sqlite:///path`` or ``postgresql://`` URL, schema unchecked."""
    text = str(url)
    if is_postgres(text):
        from casus.store.postgres import open_postgres

        return open_postgres(text)
    from casus.store.sqlite import open_sqlite

    return open_sqlite(text.removeprefix("sqlite:///"))


def open_store(url: str | Path, upgrade: bool = True) -> SQLStore:
    """A store from a path, ``sqlite:///path`` or ``postgresql://`` URL. With ``upgrade`` (the
    writers' way) pending migrations are applied; without it (the readers' way) a store behind
    this version is refused with the command that upgrades it."""
    store = connect(url)
    if upgrade:
        try:
            store.upgrade()
        except Exception as exc:
            store.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"{store.url}: cannot upgrade the store ({type(exc).__name__}: {exc})") from None
        return store
    return require_current(store)
