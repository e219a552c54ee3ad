"""Storage behind one narrow interface (``base.Store``); SQLite is the embedded default."""

from casus.store.base import IncidentRow, Placement, Store
from casus.store.sqlite import SQLiteStore, open_store

__all__ = ["IncidentRow", "Placement", "SQLiteStore", "Store", "open_store"]
