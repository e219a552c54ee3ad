"""Fetching and feed polling on loopback: what the guard costs, what a poll costs, and the limits.

A threaded HTTP server on 127.0.0.1 serves generated article pages and an RSS feed linking to
them. Measured: pages/s through the guarded fetcher against a plain httpx client (the guard's
cost is one resolution and check per connection); a first poll of the feed, which fetches and
ingests every item into a fresh SQLite store; a second poll, answered 304; the time and peak
memory of refusing an oversized body; and a billion-laughs feed, refused by casus before
parsing, against feedparser left to parse it.

    python bench/fetch_feeds.py [--items 100] [--pages 300]
"""

from __future__ import annotations

import argparse
import io
import resource
import tempfile
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import httpx

from casus.errors import InputError
from casus.extract.report import Extractor
from casus.ingest.feeds import item_links, poll_feed
from casus.ingest.fetch import Fetcher, fetch_document
from casus.store import open_store

STATES = ["Estonia", "Poland", "Norway", "Denmark", "Finland", "Ireland"]
ACCUSED = ["Russia", "China", "Iran", "North Korea"]
TARGETS = ["tax office", "port authority", "rail operator", "central bank", "health ministry", "power grid operator"]


def article(n: int) -> bytes:
    state, target = STATES[n % len(STATES)], TARGETS[(n // len(STATES)) % len(TARGETS)]
    title = f"{state} says hackers hit its {target} (report {n})"
    body = (
        f"The government of {state} said on day {n} that intruders had reached the networks of its {target} "
        f"and disrupted services for {n % 9 + 1} hours. Officials said the operation, number {n}, was still being "
        f"investigated. {state}'s foreign ministry blamed hackers working for {ACCUSED[n % len(ACCUSED)]}'s "
        f"intelligence service for the attack. Engineers restored the systems by evening, they said."
    )
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article>".encode()


def feed(items: int) -> bytes:
    entries = "".join(f"<item><title>item {n}</title><link>/a/{n}</link></item>" for n in range(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>w</title>{entries}</channel></rss>'.encode()


def billion_laughs() -> bytes:
    levels = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{levels}]>'
        f'<rss version="2.0"><channel><title>&l9;</title><item><title>&l9;</title><link>/a/0</link></item>'
        f"</channel></rss>"
    ).encode()


def serve(items: int) -> ThreadingHTTPServer:
    pages = {f"/a/{n}": article(n) for n in range(max(items, 1000))}
    rss = feed(items)
    big = b"<p>" + b"x" * (50 * 1024 * 1024) + b"</p>"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each response waits on a delayed ACK

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/feed.xml":
                if self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.send_header("ETag", '"v1"')
                    self.end_headers()
                    return
                body, kind = rss, "application/rss+xml"
            elif self.path in ("/big", "/big-unsized"):
                body, kind = big, "text/html"
            else:
                body, kind = pages.get(self.path, b""), "text/html; charset=utf-8"
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", kind)
            if self.path == "/big-unsized":  # no length: the cap must stop the stream itself
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", '"v1"')
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    return httpd


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100, help="items in the feed")
    parser.add_argument("--pages", type=int, default=300, help="pages fetched for the fetch rate")
    args = parser.parse_args()
    httpd = serve(args.items)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    urls = [f"{base}/a/{n}" for n in range(args.pages)]

    with httpx.Client(trust_env=False) as plain:
        start = time.perf_counter()
        for url in urls:
            plain.get(url).raise_for_status()
        plain_s = time.perf_counter() - start
    with Fetcher(allowed=["127.0.0.1/32"]) as fetcher:
        start = time.perf_counter()
        for url in urls:
            fetcher.get(url)
        guarded_s = time.perf_counter() - start
        start = time.perf_counter()
        for url in urls:
            fetch_document(fetcher, url)
        documents_s = time.perf_counter() - start
    print(f"fetch, plain httpx:        {args.pages / plain_s:8.1f} pages/s")
    print(f"fetch, guarded:            {args.pages / guarded_s:8.1f} pages/s")
    print(f"fetch + trafilatura:       {args.pages / documents_s:8.1f} pages/s")

    extractor = Extractor()
    with tempfile.TemporaryDirectory() as tmp, Fetcher(allowed=["127.0.0.1/32"]) as fetcher:
        store = open_store(Path(tmp) / "casus.db")
        try:
            start = time.perf_counter()
            first = poll_feed(store, fetcher, f"{base}/feed.xml", extractor)
            first_s = time.perf_counter() - start
            start = time.perf_counter()
            second = poll_feed(store, fetcher, f"{base}/feed.xml", extractor)
            second_ms = (time.perf_counter() - start) * 1000
        finally:
            store.close()
    rate = first.ingested / first_s
    print(f"first poll, {args.items} items:     {first_s:8.2f} s ({rate:.1f} items/s); {first.line()}")
    print(f"second poll (304):         {second_ms:8.1f} ms; {second.line()}")

    for path in ("/big", "/big-unsized"):
        with Fetcher(allowed=["127.0.0.1/32"]) as fetcher:
            tracemalloc.start()
            start = time.perf_counter()
            try:
                fetcher.get(f"{base}{path}")
            except InputError as exc:
                refused = str(exc)
            big_ms = (time.perf_counter() - start) * 1000
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        print(f"50 MiB body, 5 MiB cap:    {big_ms:8.1f} ms, peak {peak / 2**20:.1f} MiB traced; {refused}")

    bomb = billion_laughs()
    start = time.perf_counter()
    try:
        item_links(bomb, f"{base}/bomb.xml")
    except InputError as exc:
        message = str(exc)
    casus_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    parsed = feedparser.parse(io.BytesIO(bomb))
    feedparser_ms = (time.perf_counter() - start) * 1000
    print(f"billion laughs, casus:     {casus_ms:8.2f} ms; {message}")
    print(
        f"billion laughs, feedparser:{feedparser_ms:8.1f} ms; bozo={parsed.bozo} "
        f"({str(parsed.get('bozo_exception', ''))[:80]})"
    )
    print(f"max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    httpd.shutdown()


if __name__ == "__main__":
    main()
