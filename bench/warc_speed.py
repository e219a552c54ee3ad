"""WARC reading speed: raw reading, the raw-byte prefilter, the full reader and end-to-end ingest.

Generates a gzipped WARC of at least ``--mb`` megabytes on disk (times ``--scale``) in a temporary
folder, measures, and deletes it. The crawl is made to look like one: boilerplate-heavy pages
(inline scripts and styles, long menus, footers, cookie banners) on shopping, recipes, sport,
travel, tech and local-news sites, about a tenth of them in German, French or Spanish, request
records and images beside the responses; about 2 % of the pages report a state cyber operation
and about 3 % are other news (bench/corpus_gen.py writes both; every template there and here
was written for the benchmarks). Records are written by hand, one gzip member each at zlib
level 6 as crawlers write them, because warcio's writer would take longer than the reading.

Each measurement runs in a child process of its own, so its peak RSS is its own:

- ``read``       warcio: every record, the bodies of HTML responses read (decompression and parsing)
- ``prefilter``  the same plus casus's language check and prefilter on each page
- ``fastwarc-read``, ``fastwarc-prefilter``  the same two with fastwarc
- ``reader``     :func:`casus.ingest.warc_pages`: casus's reader (fastwarc, warcio for what it stops
                 on and each file's last record) up to the prefilter, the cost every page pays
- ``reader-warcio``  the same with warcio alone (``fast=False``), as casus read before
- ``casus``      :func:`casus.ingest.read_warc`: the reader as ``casus ingest`` runs it, trafilatura included
- ``ingest``     read_warc into a temporary SQLite store: extraction, grouping, storage

Rates are per core: bytes over the process's CPU time (user + system), so other work on a
shared machine does not count against them; wall-clock rates are printed beside them. MB are
10^6 bytes; "file MB/s" counts compressed bytes, "data MB/s" the uncompressed record bytes.

    python bench/warc_speed.py                # ≈ 200 MB .warc.gz
    python bench/warc_speed.py --scale 10     # ≈ 2 GB: shows the peak RSS does not grow with it
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import make_article  # noqa: E402  (bench/ is not a package)

MB = 1_000_000
POOL = 400  # distinct page layouts and texts; each record adds its own ids, links and order

# fmt: off
SITES = {
    "shop": ["price", "basket", "delivery", "size", "colour", "warranty", "discount", "stock", "review", "return"],
    "recipes": ["flour", "butter", "oven", "simmer", "garlic", "pastry", "season", "sauce", "dough", "bake"],
    "sport": ["match", "goal", "season", "coach", "striker", "league", "injury", "transfer", "stadium", "draw"],
    "travel": ["beach", "hotel", "flight", "museum", "harbour", "island", "hiking", "ferry", "village", "guide"],
    "tech": ["battery", "screen", "camera", "laptop", "update", "chip", "speaker", "charger", "headphones", "app"],
    "local": ["council", "library", "festival", "school", "bridge", "market", "parking", "bus", "park", "fire"],
}
VERBS = ["opens", "keeps", "brings", "offers", "shows", "wins", "loses", "adds", "needs", "finds", "makes", "gets"]
ADJ = ["new", "small", "long", "fresh", "quiet", "bright", "simple", "early", "late", "local", "popular", "cheap"]
FOREIGN = {
    "de": "Die Stadt plant einen neuen Markt am Ufer, und die Bürger können ihre Ideen bis Ende des Monats einreichen.",
    "fr": "La ville prépare un nouveau marché au bord de la rivière et les habitants peuvent donner leur avis ce mois.",
    "es": "La ciudad prepara un nuevo mercado junto al río y los vecinos pueden enviar sus ideas hasta fin de mes.",
}
# fmt: on


def _sentence(rng: random.Random, words: list[str]) -> str:
    a, b = rng.sample(words, 2)
    when = rng.choice(["today", "again", "this week", "at last", "for everyone"])
    return f"The {rng.choice(ADJ)} {a} {rng.choice(VERBS)} the {rng.choice(ADJ)} {b} {when}."


def _script(rng: random.Random, n: int) -> str:
    names = ["init", "track", "lazy", "carousel", "consent", "ads", "menu", "video", "share", "analytics"]
    parts = [
        f"function {rng.choice(names)}{i}(e,t){{var n=document.querySelectorAll('.{rng.choice(names)}-{i}');"
        f"for(var r=0;r<n.length;r++){{n[r].setAttribute('data-{rng.choice(names)}',t+r)}}return e&&e({i})}}"
        for i in range(n)
    ]
    return "<script>" + ";".join(parts) + "</script>"


def _style(rng: random.Random, n: int) -> str:
    rules = [
        f".c{i}{{margin:{rng.randint(0, 40)}px;color:#{rng.randrange(16**6):06x};font-size:{rng.randint(10, 30)}px}}"
        for i in range(n)
    ]
    return "<style>" + "".join(rules) + "</style>"


def _menu(rng: random.Random, site: str, n: int) -> str:
    words = SITES[site] + ADJ
    links = "".join(
        f'<li><a href="/{site}/{rng.choice(words)}-{i}">{rng.choice(words).title()}</a></li>' for i in range(n)
    )
    return f'<nav class="menu"><ul>{links}</ul></nav>'


def _layout(rng: random.Random, lang: str, title: str, body_html: str, site: str) -> str:
    """Boilerplate around ``body_html``: most of a real page's bytes are not its text."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="viewport" content="width=device-width"><meta property="og:title" content="{title}">'
        f"{_style(rng, rng.randint(80, 300))}{_script(rng, rng.randint(40, 160))}</head><body>"
        f'<div class="cookie">We use cookies to improve your experience. <button>Accept</button></div>'
        f"<header>{_menu(rng, site, rng.randint(40, 120))}</header>"
        f"<main><article><h1>{title}</h1>{body_html}</article>"
        f"<aside>{_menu(rng, site, rng.randint(10, 40))}</aside></main>"
        f"<footer>{_menu(rng, site, rng.randint(20, 60))}<p>Privacy | Terms | Contact</p></footer>"
        f"{_script(rng, rng.randint(20, 80))}</body></html>"
    )


def _filler_page(rng: random.Random) -> tuple[str, str]:
    site = rng.choice(list(SITES))
    lang = rng.choices(["en", "de", "fr", "es"], weights=[90, 4, 3, 3])[0]
    if lang == "en":
        paras = [
            "<p>" + " ".join(_sentence(rng, SITES[site]) for _ in range(rng.randint(3, 8))) + "</p>"
            for _ in range(rng.randint(3, 12))
        ]
    else:
        paras = [f"<p>{FOREIGN[lang]} {FOREIGN[lang]}</p>" for _ in range(rng.randint(3, 10))]
    title = _sentence(rng, SITES[site])[:-1]
    return site, _layout(rng, lang, title, "".join(paras), site)


def _news_page(rng: random.Random, index: int, want_incident: bool) -> str:
    """A generated news article (an incident report or other news) in a news site's layout."""
    while True:
        article = make_article(7, index)
        if (article.kind == "incident") == want_incident:
            break
        index += 100_003
    paras = "".join(f"<p>{p}</p>" for p in article.body.split("\n\n"))
    dated = f'<time datetime="{article.published.isoformat()}">{article.published.isoformat()}</time>{paras}'
    return _layout(rng, "en", article.headline, dated, "local")


def _member(text: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(text) + c.flush()


def _record(kind: str, uri: str, block: bytes, content_type: str, day: str) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nWARC-Date: {day}\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return _member(head + block + b"\r\n\r\n")


def generate(path: Path, target_bytes: int, seed: int = 10) -> dict:
    """Write the crawl; returns what it holds."""
    rng = random.Random(seed)
    pool = [_filler_page(rng) for _ in range(POOL)]
    stats = {"records": 0, "pages": 0, "incident_pages": 0, "news_pages": 0, "data_bytes": 0}
    written = 0
    with path.open("wb") as f:
        while written < target_bytes:
            i = stats["pages"]
            draw = rng.random()
            if draw < 0.02:
                html, stats["incident_pages"] = _news_page(rng, i, True), stats["incident_pages"] + 1
                uri = f"https://news.example/world/{i}"
            elif draw < 0.05:
                html, stats["news_pages"] = _news_page(rng, i, False), stats["news_pages"] + 1
                uri = f"https://news.example/news/{i}"
            else:
                site, html = rng.choice(pool)
                html = html.replace("</body>", f'<div data-req="{i}">{_menu(rng, site, 8)}</div></body>')
                uri = f"https://{site}.example/{i}"
            body = html.encode()
            day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T12:00:00Z"
            request = f"GET /{i} HTTP/1.1\r\nHost: example\r\nUser-Agent: bench\r\n\r\n".encode()
            http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
            block = http.encode() + body
            out = _record("request", uri, request, "application/http; msgtype=request", day)
            out += _record("response", uri, block, "application/http; msgtype=response", day)
            stats["records"] += 2
            stats["data_bytes"] += len(request) + len(block)
            if rng.random() < 0.3:  # an image fetched with the page: incompressible, skipped on its header
                image = os.urandom(rng.randint(2_000, 30_000))
                img_http = f"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {len(image)}\r\n\r\n"
                out += _record(
                    "response", uri + ".jpg", img_http.encode() + image, "application/http; msgtype=response", day
                )
                stats["records"] += 1
                stats["data_bytes"] += len(image)
            f.write(out)
            written += len(out)
            stats["pages"] += 1
    stats["file_bytes"] = written
    return stats


# --- measurements, each in a child process -------------------------------------------------------


def _html(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";")[0].strip().lower() == "text/html"


def _warcio_pages(path: Path):
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type == "response" and _html(record.http_headers.get_header("Content-Type")):
                yield record.content_stream().read(), record.http_headers.get_header("Content-Language")


def _fastwarc_pages(path: Path):
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with path.open("rb") as f:
        for record in ArchiveIterator(f, record_types=WarcRecordType.response):
            if _html(record.http_content_type):
                yield record.reader.read(), record.http_headers.get("Content-Language")


def _prefiltered(pages) -> dict:
    from casus.ingest.language import declared_language
    from casus.ingest.prefilter import worth_parsing

    counts = {"pages": 0, "page_bytes": 0, "passed": 0, "non_english": 0}
    for data, language in pages:
        counts["pages"] += 1
        counts["page_bytes"] += len(data)
        lang = declared_language(data, language)
        if lang is not None and lang != "en":
            counts["non_english"] += 1
        elif worth_parsing(data):
            counts["passed"] += 1
    return counts


def _read_only(pages) -> dict:
    counts = {"pages": 0, "page_bytes": 0}
    for data, _ in pages:
        counts["pages"] += 1
        counts["page_bytes"] += len(data)
    return counts


def _reader(path: Path, fast: bool = True) -> dict:
    from casus.ingest import ReadCounts, warc_pages

    counts = ReadCounts()
    passed = sum(1 for item in warc_pages(path, counts, fast=fast) if not isinstance(item, Exception))
    return {"pages": counts.pages, "passed": passed, "non_english": counts.non_english, "failed": counts.failed}


def _casus(path: Path) -> dict:
    from casus.ingest import ReadCounts, read_warc

    counts = ReadCounts()
    docs = sum(1 for item in read_warc(path, counts) if not isinstance(item, Exception))
    return {"documents": docs, "pages": counts.pages, "prefiltered": counts.prefiltered,
            "non_english": counts.non_english, "parsed": counts.parsed, "failed": counts.failed}  # fmt: skip


def _ingest(path: Path) -> dict:
    from casus.ingest import ReadCounts, read_warc
    from casus.pipeline import ingest_documents
    from casus.store import open_store

    counts = ReadCounts()
    with tempfile.TemporaryDirectory(prefix="casus-warc-db-") as folder:
        store = open_store(Path(folder) / "bench.db")
        try:
            summary = ingest_documents(store, read_warc(path, counts))
            incidents = sum(1 for _ in store.incidents())
        finally:
            store.close()
    return {"documents": summary.documents_read, "incidents": incidents, "pages": counts.pages,
            "parsed": counts.parsed, "failed": summary.failed}  # fmt: skip


PHASES = {
    "read": lambda p: _read_only(_warcio_pages(p)),
    "prefilter": lambda p: _prefiltered(_warcio_pages(p)),
    "fastwarc-read": lambda p: _read_only(_fastwarc_pages(p)),
    "fastwarc-prefilter": lambda p: _prefiltered(_fastwarc_pages(p)),
    "reader": _reader,
    "reader-warcio": lambda p: _reader(p, fast=False),
    "casus": _casus,
    "ingest": _ingest,
}


def _child(phase: str, path: Path) -> None:
    start, cpu0 = time.perf_counter(), time.process_time()
    result = PHASES[phase](path)
    result.update(
        wall=time.perf_counter() - start,
        cpu=time.process_time() - cpu0,
        rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    print(json.dumps(result))


def _run(phase: str, path: Path) -> dict | None:
    done = subprocess.run([sys.executable, __file__, "--phase", phase, str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        print(f"  {phase:<19} failed: {last}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the prefilter alone: ahocorasick-rs against other ways to find the same words -------------------


def _prefilter_alternatives(path: Path, sample_bytes: int = 50 * MB) -> None:
    from casus.ingest.prefilter import _WORDS, worth_parsing

    pages = []
    size = 0
    for data, _ in _warcio_pages(path):
        pages.append(data)
        size += len(data)
        if size >= sample_bytes:
            break
    kinds = {k: [w for w, kind, _ in _WORDS if kind == k] for k in ("cyber", "state")}
    patterns = {
        k: re.compile(
            rb"(?<![a-z0-9])(?:"
            + b"|".join(
                re.escape(w.encode()) + (rb"(?![a-z])" if whole else b"") for w, kind, whole in _WORDS if kind == k
            )
            + rb")"
        )
        for k in kinds
    }

    def regex(data: bytes) -> bool:
        low = data.lower()
        return all(patterns[k].search(low) for k in kinds)

    def naive(data: bytes) -> bool:  # substring finds, no word boundaries: a looser, not equal, test
        low = data.lower()
        return all(any(w.encode() in low for w in words) for words in kinds.values())

    tests = [("ahocorasick-rs (casus)", worth_parsing), ("re alternation", regex), ("bytes.find per word", naive)]
    try:
        import ahocorasick  # pyahocorasick: str only, so the bytes go through latin-1

        automaton = ahocorasick.Automaton()
        for word, kind, whole in _WORDS:
            automaton.add_word(word, (len(word), kind, whole))
        automaton.make_automaton()

        def pyaho(data: bytes) -> bool:
            text, found = data.lower().decode("latin-1"), set()
            for end, (length, kind, whole) in automaton.iter(text):
                start = end - length + 1
                if kind in found or (start > 0 and text[start - 1].isalnum()):
                    continue
                if whole and end + 1 < len(text) and text[end + 1].isalpha():
                    continue
                found.add(kind)
                if len(found) == 2:
                    return True
            return False

        tests.insert(1, ("pyahocorasick", pyaho))
    except ImportError:
        print("  (pyahocorasick not installed: pip install -e '.[bench]')")

    reference = [worth_parsing(p) for p in pages]
    print(f"prefilter alone on {len(pages)} pages, {size / MB:.0f} MB of HTML (CPU time):")
    for name, test in tests:
        cpu0 = time.process_time()
        decisions = [test(p) for p in pages]
        cpu = time.process_time() - cpu0
        agree = sum(a == b for a, b in zip(decisions, reference, strict=True)) / len(pages)
        print(f"  {name:<22} {size / MB / cpu:8.0f} MB/s   {sum(decisions):5d} pass   agrees with casus on {agree:.1%}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=200, help="size of the .warc.gz on disk in MB (default 200)")
    ap.add_argument("--scale", type=int, default=1, help="multiply the size (10 gives ≈ 2 GB)")
    ap.add_argument("--skip-ingest", action="store_true", help="leave out the end-to-end ingest measurement")
    ap.add_argument("--phases", default=",".join(PHASES), help=f"comma-separated subset of {','.join(PHASES)}")
    ap.add_argument("--dir", default=None, help="where to write the WARC (default: a new temporary folder)")
    ap.add_argument("--phase", nargs=2, metavar=("PHASE", "WARC"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        _child(args.phase[0], Path(args.phase[1]))
        return 0

    folder = Path(tempfile.mkdtemp(prefix="casus-warc-bench-", dir=args.dir))
    try:
        path = folder / "crawl.warc.gz"
        target = int(args.mb * args.scale * MB)
        free = shutil.disk_usage(folder).free
        if free < target * 1.5:
            print(f"not enough disk in {folder}: {free / MB:.0f} MB free, {target / MB:.0f} MB needed")
            return 1
        t0 = time.perf_counter()
        stats = generate(path, target)
        print(
            f"generated {path}: {stats['file_bytes'] / MB:.0f} MB gzip, "
            f"{stats['data_bytes'] / MB:.0f} MB of record data, "
            f"{stats['records']} records, {stats['pages']} HTML pages ({stats['incident_pages']} incident reports, "
            f"{stats['news_pages']} other news) in {time.perf_counter() - t0:.0f} s"
        )
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; rates are per core (bytes / CPU s)")
        phases = [p for p in args.phases.split(",") if p in PHASES and not (p == "ingest" and args.skip_ingest)]
        for phase in phases:
            r = _run(phase, path)
            if r is None:
                continue
            file_rate, data_rate = stats["file_bytes"] / MB / r["cpu"], stats["data_bytes"] / MB / r["cpu"]
            pages_rate = stats["pages"] / r["cpu"]
            extra = {k: v for k, v in r.items() if k not in ("wall", "cpu", "rss_mb", "page_bytes")}
            print(
                f"  {phase:<19} {file_rate:6.1f} file MB/s {data_rate:6.1f} data MB/s {pages_rate:7.0f} pages/s "
                f"(CPU {r['cpu']:.1f} s, wall {r['wall']:.1f} s: {stats['file_bytes'] / MB / r['wall']:.1f} file MB/s) "
                f"peak RSS {r['rss_mb']:.0f} MB  {extra}"
            )
            if phase == "ingest" and r.get("parsed"):
                rate = r["parsed"] / r["cpu"]
                print(f"  {'':<19} end to end: {rate:.1f} parsed pages/s per core (whole run, loading included)")
        _prefilter_alternatives(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
