"""Helpers of the reliability tests: the ``casus`` command as a real subprocess, a free
loopback port, a server's readiness, and a store's state as counts and consistency checks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from casus.store import connect

STRESS = os.environ.get("CASUS_STRESS") == "1"
COUNTED = {
    "documents": "SELECT count(*) FROM documents",
    "reports": "SELECT count(*) FROM reports",
    "incidents": "SELECT count(*) FROM incidents",
    "facts": "SELECT count(*) FROM incident_facts",
    "sources": "SELECT count(*) FROM incident_sources",
}
# Each query counts rows that must not exist in a consistent store.
PROBLEMS = {
    "duplicate documents": "SELECT count(*) FROM (SELECT source FROM documents GROUP BY source HAVING count(*) > 1) x",
    "duplicate reports": "SELECT count(*) FROM (SELECT doc_id, data FROM reports GROUP BY doc_id, data "
    "HAVING count(*) > 1) x",
    "duplicate facts": "SELECT count(*) FROM (SELECT incident_id, kind, subject, object, detail FROM incident_facts "
    "GROUP BY incident_id, kind, subject, object, detail HAVING count(*) > 1) x",
    # a document is stored with its reports, or filed as text only, or as a copy: never half of it
    "half-written documents": "SELECT count(*) FROM documents d WHERE NOT EXISTS "
    "(SELECT 1 FROM reports r WHERE r.doc_id = d.id) AND NOT EXISTS "
    "(SELECT 1 FROM document_profiles p WHERE p.doc_id = d.id) AND NOT EXISTS "
    "(SELECT 1 FROM incident_sources s WHERE s.doc_id = d.id AND s.copy_of IS NOT NULL)",
    "reports without an incident": "SELECT count(*) FROM reports r WHERE NOT EXISTS "
    "(SELECT 1 FROM incidents i WHERE i.id = r.incident_id)",
    "incidents without a report": "SELECT count(*) FROM incidents i WHERE NOT EXISTS "
    "(SELECT 1 FROM reports r WHERE r.incident_id = i.id)",
}


def casus_command(*args: str) -> list[str]:
    """``casus`` run the way a user runs it: a process of its own, this interpreter's install."""
    return [sys.executable, "-m", "casus", *args]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def store_state(url: str) -> tuple[dict[str, int], dict[str, int]]:
    """(counts, problems) of the store at ``url``: problems are all 0 in a consistent store.
    On SQLite, ``PRAGMA integrity_check`` is one of them. A store whose first migration never
    committed counts as empty."""
    store = connect(url)
    try:
        if not store.conn.has_table("documents"):
            return dict.fromkeys(COUNTED, 0), {}
        counts = {k: store.conn.execute(sql).fetchone()[0] for k, sql in COUNTED.items()}
        problems = {k: store.conn.execute(sql).fetchone()[0] for k, sql in PROBLEMS.items()}
        if store.conn.dialect == "sqlite":
            check = [r[0] for r in store.conn.execute("PRAGMA integrity_check").fetchall()]
            problems["integrity_check"] = 0 if check == ["ok"] else len(check)
        return counts, problems
    finally:
        store.close()


def wait_for_server(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/api/stats", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"casus serve exited with {proc.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError("casus serve did not start")
        time.sleep(0.2)
