"""Feeds polled from a real HTTP server on 127.0.0.1 into real stores: conditional GETs, items
seen once, a poll cut short resuming, and hostile XML refused in one line."""

import time

import pytest

from casus.errors import InputError
from casus.ingest.feeds import MAX_ATTEMPTS, MAX_LINK_CHARS, item_links, parse_interval, poll_feed
from casus.ingest.fetch import Fetcher
from casus.store import open_store
from ingest.webserver import Request, Route

ARTICLES = {
    "/news/tax-office": (
        "Estonia blames Russian hackers for tax office outage",
        "Estonia's government said on Thursday that hackers working for Russian military intelligence had "
        "knocked the national tax office's online services offline for two days last week. Officials said "
        "the attackers flooded the service with traffic and then tried to reach the databases behind it. "
        "Russia's embassy in Tallinn rejected the accusation and called it groundless.",
    ),
    "/news/rail-signals": (
        "Rail signalling firm in Poland reports intrusion",
        "A company that maintains railway signalling systems in Poland said intruders had broken into its "
        "engineering network and copied drawings of several stations. The firm said trains ran normally "
        "throughout and that it had informed the national cyber security agency, which is investigating. "
        "No group has claimed responsibility for the break-in so far.",
    ),
    "/news/ministry-mail": (
        "Norway says parliament email accounts were breached",
        "Norway's parliament said on Monday that attackers had gained access to the email accounts of a "
        "number of members and staff and downloaded messages over several weeks. The foreign minister said "
        "the government would summon the ambassador of the country it held responsible once the police had "
        "finished their work, and asked other states to share what they knew about the operation.",
    ),
}


def page(path: str) -> Route:
    title, body = ARTICLES[path]
    html = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )
    return Route(html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})


def rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>{ARTICLES[p][0]}</title><link>{p}</link></item>" for p in links)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>/</link><description>wire</description>{items}</channel></rss>"
    ).encode()


class Site:
    """A feed with an ETag that changes with its items, and the article pages it links to."""

    def __init__(self, web, paths: list[str]):
        self.web, self.paths, self.version = web, list(paths), 1
        web.routes["/feed.xml"] = self.feed
        for path in ARTICLES:
            web.routes[path] = page(path)

    def publish(self, path: str) -> None:
        self.paths.insert(0, path)
        self.version += 1

    def feed(self, request: Request) -> Route:
        etag = f'"v{self.version}"'
        if request.headers.get("if-none-match") == etag:
            return Route(status=304, headers={"ETag": etag})
        return Route(rss(self.paths), headers={"Content-Type": "application/rss+xml", "ETag": etag})


@pytest.fixture
def fetcher():
    with Fetcher(allowed=["127.0.0.1/32"], read_timeout=2.0, total_timeout=5.0) as f:
        yield f


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "casus.db")
    yield s
    s.close()


def _sources(store) -> list[str]:
    return sorted(r[0] for r in store.conn.execute("SELECT source FROM documents").fetchall())


# --- reading feeds -------------------------------------------------------------------------


def test_item_links_read_rss_and_atom():
    feed_url = "https://wire.example/feeds/all.xml"
    links = item_links(rss(["/news/tax-office", "/news/rail-signals", "/news/tax-office"]), feed_url)
    assert links == ["https://wire.example/news/tax-office", "https://wire.example/news/rail-signals"]
    atom = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>'
        b"<updated>2025-01-01T00:00:00Z</updated>"
        b'<entry><title>One</title><id>urn:1</id><link href="one.html"/></entry>'
        b'<entry><title>Two</title><id>urn:2</id><link href="mailto:x@y"/></entry>'
        b"</feed>"
    )
    assert item_links(atom, feed_url) == ["https://wire.example/feeds/one.html"]


@pytest.mark.parametrize(
    "body",
    [b"this is not xml at all, just words", b"<html><body><p>a web page</p></body></html>", b"\x00\x01\x02\xff" * 64],
)
def test_a_malformed_feed_is_one_line(body):
    with pytest.raises(InputError) as info:
        item_links(body, "https://wire.example/feed")
    assert str(info.value).startswith("https://wire.example/feed: not a")
    assert "\n" not in str(info.value)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode() for n in range(1, 10)
    )
    + b']><rss version="2.0"><channel><title>&lol9;</title>'
    b"<item><title>&lol9;</title><link>https://wire.example/a</link></item></channel></rss>"
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<rss version="2.0"><channel><title>t</title><item><title>&secret;</title>'
    b"<link>https://wire.example/&secret;</link></item></channel></rss>"
)


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL, BILLION_LAUGHS.decode().encode("utf-16")])
def test_entity_bombs_and_external_entities_are_refused_fast(body):
    start = time.monotonic()
    with pytest.raises(InputError, match="declares XML entities"):
        item_links(body, "https://wire.example/feed")
    assert time.monotonic() - start < 1.0


def test_an_item_link_over_the_length_limit_is_left_out():
    """An error line names the link it could not fetch, so a link of megabytes would make a line
    of megabytes: such links are no article's address and are dropped with the other bad ones."""
    long_link = "/news/" + "a" * MAX_LINK_CHARS
    feed = rss(["/news/tax-office", "/news/rail-signals"]).replace(b"/news/rail-signals", long_link.encode())
    assert item_links(feed, "http://feeds.example/f.xml") == ["http://feeds.example/news/tax-office"]


def test_blank_links_and_links_to_the_feed_itself_are_left_out():
    """feedparser resolves a blank link or a bare "http://" to the feed's own URL: fetching the
    feed again as an article would only give an error line."""
    feed = rss(["/news/tax-office", "/news/rail-signals", "/news/ministry-mail"])
    feed = feed.replace(b"/news/rail-signals", b"   ").replace(b"/news/ministry-mail", b"http://")
    assert item_links(feed, "http://feeds.example/f.xml") == ["http://feeds.example/news/tax-office"]


def test_markup_quoted_in_an_item_is_not_a_declaration():
    quoted = rss(["/news/tax-office"]).replace(
        b"</item>", b"<description><![CDATA[Never parse <!DOCTYPE x [<!ENTITY a 'b'>]> blindly.]]></description></item>"
    )
    assert item_links(quoted, "https://wire.example/feed") == ["https://wire.example/news/tax-office"]


def test_a_hostile_feed_served_over_http_is_one_line_and_the_watch_goes_on(web, fetcher, store, extractor):
    web.routes["/bomb.xml"] = Route(BILLION_LAUGHS, headers={"Content-Type": "application/rss+xml"})
    Site(web, ["/news/tax-office"])
    bomb = poll_feed(store, fetcher, web.url("/bomb.xml"), extractor)
    assert bomb.feed_failed and bomb.line() == f"{web.url('/bomb.xml')}: poll failed"
    assert bomb.errors == [
        f"{web.url('/bomb.xml')}: feed declares XML entities in a DOCTYPE; refused (entity expansion)"
    ]
    good = poll_feed(store, fetcher, web.url("/feed.xml"), extractor)
    assert good.ingested == 1 and _sources(store) == [web.url("/news/tax-office")]


def test_parse_interval():
    assert [parse_interval(t) for t in ("30s", "10m", "1h", "2H")] == [30, 600, 3600, 7200]
    for bad in ("10", "0s", "ten minutes", "-5m", "1d"):
        with pytest.raises(ValueError, match="not an interval"):
            parse_interval(bad)


# --- polling -------------------------------------------------------------------------------


def test_poll_ingests_new_items_then_a_304_fetches_nothing(web, fetcher, store, extractor):
    Site(web, ["/news/tax-office", "/news/rail-signals"])
    first = poll_feed(store, fetcher, web.url("/feed.xml"), extractor)
    assert (first.items, first.new, first.ingested, first.failed) == (2, 2, 2, 0)
    assert _sources(store) == sorted([web.url("/news/tax-office"), web.url("/news/rail-signals")])
    second = poll_feed(store, fetcher, web.url("/feed.xml"), extractor)
    assert second.not_modified and second.line() == f"{web.url('/feed.xml')}: not modified"
    feed_requests = [r for r in web.requests if r.path == "/feed.xml"]
    assert "if-none-match" not in feed_requests[0].headers
    assert feed_requests[1].headers["if-none-match"] == '"v1"'
    assert web.hits("/news/tax-office") == 1 and web.hits("/news/rail-signals") == 1


def test_an_item_published_between_polls_reaches_the_store_next_poll(web, fetcher, store, extractor):
    site = Site(web, ["/news/tax-office"])
    poll_feed(store, fetcher, web.url("/feed.xml"), extractor)
    site.publish("/news/ministry-mail")
    later = poll_feed(store, fetcher, web.url("/feed.xml"), extractor)
    assert (later.items, later.new, later.ingested) == (2, 1, 1)
    assert web.url("/news/ministry-mail") in _sources(store)
    assert web.hits("/news/tax-office") == 1  # the old item is not fetched again
    assert [r.headers.get("if-none-match") for r in web.requests if r.path == "/feed.xml"] == [None, '"v1"']


def test_last_modified_is_sent_back_as_if_modified_since(web, fetcher, store, extractor):
    stamp = "Tue, 04 Mar 2025 10:00:00 GMT"

    def feed(request: Request) -> Route:
        if request.headers.get("if-modified-since") == stamp:
            return Route(status=304)
        return Route(rss(["/news/rail-signals"]), headers={"Content-Type": "text/xml", "Last-Modified": stamp})

    web.routes["/feed.xml"] = feed
    web.routes["/news/rail-signals"] = page("/news/rail-signals")
    assert poll_feed(store, fetcher, web.url("/feed.xml"), extractor).ingested == 1
    assert poll_feed(store, fetcher, web.url("/feed.xml"), extractor).not_modified


def test_a_poll_cut_short_resumes_without_duplicates(web, fetcher, store, extractor):
    Site(web, ["/news/tax-office", "/news/rail-signals", "/news/ministry-mail"])

    def stop_after_first(link, item):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        poll_feed(store, fetcher, web.url("/feed.xml"), extractor, on_item=stop_after_first)
    assert _sources(store) == [web.url("/news/tax-office")]
    again = poll_feed(store, fetcher, web.url("/feed.xml"), extractor)
    assert (again.new, again.ingested) == (2, 2)
    assert len(_sources(store)) == 3
    assert all(web.hits(path) == 1 for path in ARTICLES)  # each page fetched once in all


def test_a_failed_item_is_tried_again_until_it_works(web, fetcher, store, extractor):
    site = Site(web, ["/news/tax-office", "/news/rail-signals"])
    answers = iter([Route(b"busy", 503, {"Content-Type": "text/plain"}), page("/news/rail-signals")])
    web.routes["/news/rail-signals"] = lambda request: next(answers)
    first = poll_feed(store, fetcher, web.url("/feed.xml"), extractor)
    assert (first.ingested, first.failed) == (1, 1)
    assert first.errors == [f"{web.url('/news/rail-signals')}: HTTP 503"]
    second = poll_feed(store, fetcher, web.url("/feed.xml"), extractor)  # no 304: an item still waits
    assert not second.not_modified and (second.new, second.ingested) == (1, 1)
    assert poll_feed(store, fetcher, web.url("/feed.xml"), extractor).not_modified
    assert site.version == 1


def test_an_item_that_keeps_failing_is_given_up(web, fetcher, store, extractor):
    Site(web, ["/news/tax-office"])
    web.routes["/news/tax-office"] = Route(b"gone", 410, {"Content-Type": "text/plain"})
    for _ in range(MAX_ATTEMPTS):
        assert poll_feed(store, fetcher, web.url("/feed.xml"), extractor).failed == 1
    assert poll_feed(store, fetcher, web.url("/feed.xml"), extractor).not_modified
    assert web.hits("/news/tax-office") == MAX_ATTEMPTS


def test_feed_items_refused_by_the_guard_are_one_line_each(web, store, extractor):
    """A feed the user allowed may still link to internal addresses: those links are refused."""
    web.routes["/feed.xml"] = Route(
        rss([]).replace(b"</channel>", b"<item><link>http://169.254.169.254/latest/</link></item></channel>"),
        headers={"Content-Type": "application/rss+xml"},
    )
    with Fetcher(allowed=["127.0.0.1/32"]) as f:
        result = poll_feed(store, f, web.url("/feed.xml"), extractor)
    assert result.errors == [
        "http://169.254.169.254/latest/: refused to connect to 169.254.169.254: cloud metadata address"
    ]


# --- feed state in the store, on both back ends ------------------------------------------------


def test_feed_state_round_trips(store_url):
    store = open_store(store_url)
    try:
        feed = "https://wire.example/feed"
        assert store.feed_validators(feed) == (None, None)
        store.save_feed_validators(feed, '"abc"', "Tue, 04 Mar 2025 10:00:00 GMT")
        store.save_feed_validators(feed, '"def"', None)
        assert store.feed_validators(feed) == ('"def"', None)
        store.record_feed_item(feed, "https://wire.example/a", done=True)
        store.record_feed_item(feed, "https://wire.example/b", done=False)
        links = ["https://wire.example/a", "https://wire.example/b", "https://wire.example/c"]
        assert store.settled_feed_items(feed, links, max_attempts=2) == {"https://wire.example/a"}
        store.record_feed_item(feed, "https://wire.example/b", done=False)
        assert store.settled_feed_items(feed, links, max_attempts=2) == {links[0], links[1]}
        assert store.settled_feed_items("https://other.example/feed", links, max_attempts=2) == set()
    finally:
        store.close()


# --- the command line ----------------------------------------------------------------------


def _casus(*args: str):
    from typer.testing import CliRunner

    from casus.cli import app

    return CliRunner().invoke(app, list(args))


def test_cli_watch_once_stores_new_articles_and_a_second_run_nothing(web, tmp_path):
    site = Site(web, ["/news/tax-office", "/news/rail-signals"])
    db = str(tmp_path / "casus.db")
    feed = web.url("/feed.xml")
    first = _casus("watch", feed, "--once", "--db", db, "--allow-private")
    assert first.exit_code == 0, first.output
    assert f"{feed}: 2 items, 2 new: 2 ingested, 0 skipped, 0 failed; incidents: " in first.stdout
    second = _casus("watch", feed, "--once", "--db", db, "--allow-private")
    assert second.exit_code == 0 and second.stdout.strip().endswith(f"{feed}: not modified")
    site.publish("/news/ministry-mail")
    third = _casus("watch", feed, "--once", "--db", db, "--allow-private")
    assert f"{feed}: 3 items, 1 new: 1 ingested, 0 skipped, 0 failed" in third.stdout
    store = open_store(db)
    try:
        assert len(_sources(store)) == 3
    finally:
        store.close()
    refused = _casus("watch", feed, "--once", "--db", db)
    assert refused.exit_code == 1
    assert refused.stderr.strip() == f"casus: {feed}: refused to connect to 127.0.0.1: loopback address; " + (
        "--allow-private allows it"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--every", "often"], "casus: --every: 'often' is not an interval like 30s, 10m or 1h"),
        (["feeds.txt"], "casus: feeds.txt: not a feed URL (expected http:// or https://)"),
    ],
)
def test_cli_watch_bad_arguments_are_one_line(tmp_path, args, message):
    argv = ["watch", *(args if args[0] == "feeds.txt" else ["https://wire.example/feed", *args])]
    result = _casus(*argv, "--db", str(tmp_path / "casus.db"))
    assert result.exit_code == 1 and result.stderr.strip() == message


def test_cli_watch_ctrl_c_between_polls_ends_cleanly(web, tmp_path, monkeypatch):
    """Ctrl-C while the watch sleeps: one line, exit 0, and what the poll stored stays stored."""
    import casus.cli_feeds

    Site(web, ["/news/tax-office"])
    slept: list[float] = []

    def interrupted_sleep(seconds):
        slept.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr(casus.cli_feeds, "sleep", interrupted_sleep)
    db = str(tmp_path / "casus.db")
    result = _casus("watch", web.url("/feed.xml"), "--every", "30s", "--db", db, "--allow-private")
    assert result.exit_code == 0 and slept == [30]
    assert result.stderr.strip() == "casus: watch stopped; the next one resumes where this one was"
    assert "1 ingested" in result.stdout
    store = open_store(db)
    try:
        assert _sources(store) == [web.url("/news/tax-office")]
    finally:
        store.close()
