"""RSS and Atom feeds polled into the store: ``casus watch``.

One poll is a conditional GET of the feed (its last ETag and Last-Modified, kept in the
store), feedparser on the bytes fetched, and then a fetch of each item link the store has not
handled, every one through the guarded :class:`~casus.ingest.fetch.Fetcher` and into the
normal pipeline (:func:`casus.pipeline.ingest_documents`). Each item is recorded as soon as its
document is stored, and the feed's validators only once no item is left waiting, so a watch
that is stopped half-way resumes with the items it had not reached and stores nothing twice.

Feeds are untrusted XML. feedparser gets the body as a stream, never as a string it might take
for a URL or a file name, and a feed that declares entities in a DOCTYPE is refused before it
is parsed: news feeds need none, and entity expansion (billion laughs) and external entities
(local files, internal URLs) are the attacks that use them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import feedparser

from casus.errors import InputError
from casus.extract.report import Extractor
from casus.ingest.fetch import Fetcher, fetch_document
from casus.models import Document
from casus.pipeline import IngestSummary, ingest_documents
from casus.store import Store

MAX_ITEMS_PER_POLL = 200  # a feed of thousands is worked through over several polls
MAX_ATTEMPTS = 3  # an item link that keeps failing is given up after this many polls
MAX_LINK_CHARS = 2048  # a longer item link is no article's address, and would make an unbounded error line
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"

_ENTITY = re.compile(rb"<!ENTITY", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_ELEMENT = re.compile(rb"<[A-Za-z_]")


@dataclass(slots=True)
class PollResult:
    """What one poll of one feed changed; ``line`` is what the watch prints for it."""

    feed_url: str
    not_modified: bool = False
    feed_failed: bool = False
    items: int = 0  # entries in the feed
    new: int = 0  # entries whose link the store had not handled
    ingested: int = 0
    skipped: int = 0  # fetched, but the same text was stored already
    failed: int = 0
    incidents_new: int = 0
    incidents_updated: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.feed_failed:
            return f"{self.feed_url}: poll failed"
        if self.not_modified:
            return f"{self.feed_url}: not modified"
        return (
            f"{self.feed_url}: {self.items} items, {self.new} new: {self.ingested} ingested, {self.skipped} skipped, "
            f"{self.failed} failed; incidents: {self.incidents_new} new, {self.incidents_updated} updated"
        )


def _declares_entities(content: bytes) -> bool:
    """True for a DOCTYPE before the root element and an entity declaration after it. Text that
    only quotes such markup (in CDATA, after the root element opened) is not a declaration."""
    views = [content]
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: look at it as UTF-8 too
        views.append(content.decode("utf-16", errors="ignore").encode("utf-8"))
    for view in views:
        doctype = _DOCTYPE.search(view)
        if doctype and not _ELEMENT.search(view, 0, doctype.start()) and _ENTITY.search(view, doctype.end()):
            return True
    return False


def item_links(content: bytes, feed_url: str, content_type: str = "") -> list[str]:
    """The item links of a feed, absolute, http(s) only, at most ``MAX_LINK_CHARS`` long, first
    occurrence first; a malformed feed, or one declaring XML entities, is an :class:`InputError`
    naming ``feed_url``."""
    if _declares_entities(content):
        raise InputError(feed_url, "feed declares XML entities in a DOCTYPE; refused (entity expansion)")
    headers = {"content-location": feed_url}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(io.BytesIO(content), response_headers=headers, sanitize_html=False)
    except Exception as exc:  # noqa: BLE001 - a parser bug on one hostile feed must not end the watch
        raise InputError(feed_url, f"not a readable RSS or Atom feed ({type(exc).__name__})") from None
    if not parsed.entries:
        if parsed.get("bozo"):
            reason = " ".join(str(parsed.get("bozo_exception", "")).split())[:200] or "unreadable"
            raise InputError(feed_url, f"not a readable RSS or Atom feed ({reason})")
        if not parsed.get("version"):
            raise InputError(feed_url, "not an RSS or Atom feed")
    links = []
    for entry in parsed.entries:
        link = entry.get("link") or next((x.get("href") for x in entry.get("links", []) if x.get("href")), None)
        link = (link or "").strip()
        if not link or len(link) > MAX_LINK_CHARS:
            continue  # a blank link would resolve to the feed itself
        absolute = urljoin(feed_url, link)
        if urlsplit(absolute).scheme in ("http", "https") and absolute != feed_url:  # "http://" resolves to the feed
            links.append(absolute)
    return list(dict.fromkeys(links))


def poll_feed(
    store: Store,
    fetcher: Fetcher,
    feed_url: str,
    extractor: Extractor | None = None,
    on_item: Callable[[str, Document | InputError], None] | None = None,
) -> PollResult:
    """Poll one feed and ingest its new items; every problem is a line in ``result.errors``."""
    result = PollResult(feed_url)
    etag, last_modified = store.feed_validators(feed_url)
    headers = {"Accept": FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        fetched = fetcher.get(feed_url, headers)
        if fetched.status == 304:
            result.not_modified = True
            return result
        if fetched.status != 200:
            raise InputError(feed_url, f"HTTP {fetched.status}")
        links = item_links(fetched.content, feed_url, fetched.headers.get("content-type", ""))
    except InputError as exc:
        result.feed_failed = True
        result.errors.append(str(exc))
        return result
    result.items = len(links)
    settled = store.settled_feed_items(feed_url, links, MAX_ATTEMPTS)
    waiting = [link for link in links if link not in settled]
    result.new = len(waiting)
    batch = waiting[:MAX_ITEMS_PER_POLL]
    input_errors = 0
    current: list[str] = []

    def items() -> Iterator[Document | InputError]:
        for link in batch:
            current[:] = [link]
            try:
                yield fetch_document(fetcher, link)
            except InputError as exc:
                yield exc

    def handled(item: Document | InputError) -> None:
        nonlocal input_errors
        link = current[0]
        input_errors += isinstance(item, InputError)
        # a stored (or deterministically unreadable) document is done; a failed fetch is tried again
        store.record_feed_item(feed_url, link, done=isinstance(item, Document))
        if on_item:
            on_item(link, item)

    summary = ingest_documents(
        store, items(), on_item=handled, summary=IngestSummary(), extractor=extractor, batch_documents=1
    )
    extraction_failed = summary.failed - input_errors
    result.ingested = summary.documents_read - summary.skipped - extraction_failed
    result.skipped = summary.skipped
    result.failed = summary.failed
    result.incidents_new = summary.incidents_new
    result.incidents_updated = summary.incidents_updated
    result.errors += summary.errors
    # validators only once nothing waits: a 304 must not hide an item still to be fetched or retried
    left = set(waiting) - store.settled_feed_items(feed_url, waiting, MAX_ATTEMPTS)
    if left:
        store.save_feed_validators(feed_url, None, None)
    else:
        store.save_feed_validators(feed_url, fetched.headers.get("etag"), fetched.headers.get("last-modified"))
    return result


_INTERVAL = re.compile(r"^\s*(\d+)\s*([smh])\s*$", re.I)


def parse_interval(text: str) -> int:
    """Seconds in ``30s``, ``10m`` or ``1h``; anything else is a ValueError saying so."""
    match = _INTERVAL.match(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not an interval like 30s, 10m or 1h")
    return int(match.group(1)) * {"s": 1, "m": 60, "h": 3600}[match.group(2).lower()]
