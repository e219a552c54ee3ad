"""Screenshots of the main pages for the README, taken in Debian's Chromium.

Ingests examples/ (articles written for the project) into a temporary SQLite store, serves it
on loopback and saves PNGs to docs/screenshots/. Run with ``make screenshots``.
"""

from __future__ import annotations

import json
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from casus.ingest import read_paths
from casus.pipeline import ingest_documents
from casus.store import open_store
from casus.web import create_app

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "casus.db")
        store = open_store(db)
        ingest_documents(store, read_paths([ROOT / "examples"]))
        store.close()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        items = json.loads(urllib.request.urlopen(base + "/api/incidents?victim=ALB").read())["items"]
        shots = [
            ("incidents", "/", 1280, 760, False),
            ("incident", f"/incidents/{items[0]['id']}", 1280, 1600, False),
            ("graph", "/graph", 1280, 820, False),
            ("actor", "/actors/IRN", 1280, 900, False),
            ("charts", "/charts", 1280, 820, False),
            ("phone", f"/incidents/{items[0]['id']}", 390, 844, True),
        ]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, path, width, height, mobile in shots:
                page = browser.new_page(viewport={"width": width, "height": height}, is_mobile=mobile)
                page.goto(base + path)
                page.screenshot(path=str(OUT / f"{name}.png"))
                page.close()
                print(OUT / f"{name}.png", file=sys.stderr)
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
