"""Malformed inputs of the kinds casus reads from the web: WARC archives, URL responses and
RSS/Atom feeds, registered in :mod:`reliability.malformed` beside the file kinds.

A WARC case is a file, written with warcio's own writer and then damaged. A URL or feed case is
a set of responses (:class:`~ingest.webserver.Route`) that the loopback server serves under the
case's own path; ``{here}`` in a body or header stands for the case's URL, so redirects and item
links stay inside the case and every error line names a URL that starts with it. A few links
leave the case on purpose (the metadata address, a closed port): those are listed in ``names``.
"""

from __future__ import annotations

import functools
import gzip
import io
import itertools
import random
import zlib
from collections.abc import Iterator

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ingest.webserver import Route
from reliability.malformed import ARTICLE_HTML, HEADLINE, PARAGRAPHS, Case, _common, _mutate, html_cases, kind

# --- WARC -------------------------------------------------------------------------------------

SECOND_HTML = ARTICLE_HTML.replace(HEADLINE, "Port authority of Marendia restores its systems").replace(
    "on Tuesday", "on Friday"
)


def warc(pages: list[tuple[str, bytes, str]], compress: bool = True, info: bool = True) -> bytes:
    """A well-formed WARC (gzip per record when ``compress``): a warcinfo record, then one
    ``response`` record per (URI, body, Content-Type)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    if info:
        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "casus tests"}))
    for uri, body, content_type in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
        writer.write_record(record)
    return out.getvalue()


def _page(body: bytes, content_type: str = "text/html; charset=utf-8", uri: str = "https://news.example/p") -> bytes:
    return warc([(uri, body, content_type)], compress=False, info=False)


def _members(data: bytes) -> list[int]:
    """Offsets of the gzip members of a compressed WARC."""
    return [i for i in range(len(data)) if data.startswith(b"\x1f\x8b\x08", i)]


def _records(data: bytes) -> int:
    """The most error lines a damaged WARC may give: one per record (or gzip member) it holds."""
    return data.count(b"WARC/1.") + data.count(b"\x1f\x8b\x08") + 2


@kind("warc")
def warc_cases(rng: random.Random) -> Iterator[Case]:
    pages = [("https://news.example/port", ARTICLE_HTML.encode(), "text/html; charset=utf-8")]
    pages.append(("https://news.example/port-2", SECOND_HTML.encode(), "text/html; charset=utf-8"))
    plain, packed = warc(pages, compress=False), warc(pages)
    one = warc(pages[:1], info=False)
    keep = {"empty", "blank", "bom-only", "nul-bytes", "binary-random", "gzip-truncated", "gzip-header-only"}
    keep |= {"utf16le-no-bom", "utf16be-no-bom", "invalid-utf8", "control-chars", "over-limit-by-one"}
    for case in _common("warc", ".warc.gz", plain):
        if case.label in keep:
            yield case
    yield Case("warc", "empty-plain", ".warc", b"")
    yield Case("warc", "text-named-warc-gz", ".warc.gz", ARTICLE_HTML.encode())
    yield Case("warc", "gzip-of-text-named-warc-gz", ".warc.gz", gzip.compress(ARTICLE_HTML.encode(), mtime=0))
    yield Case("warc", "random-named-warc", ".warc", random.Random("warc").randbytes(4096))
    yield Case("warc", "zip-named-warc-gz", ".warc.gz", b"PK\x03\x04" + random.Random("zip").randbytes(2000))
    # truncated gzip: inside the first member (nothing read) or inside a later one (the rest read)
    yield Case("warc", "gzip-cut-first-member", ".warc.gz", one[: len(one) // 2])
    yield Case("warc", "gzip-cut-late", ".warc.gz", packed[:-20], refused=False, records=_records(packed))
    yield Case("warc", "gzip-cut-header", ".warc.gz", packed[: _members(packed)[-1] + 5], refused=False, records=3)
    # a corrupt member: bytes flipped inside the compressed stream of one record
    corrupt = bytearray(one)
    for i in range(30, 60):
        corrupt[i] ^= 0x5A
    yield Case("warc", "corrupt-only-member", ".warc.gz", bytes(corrupt))
    damaged = bytearray(packed)
    start = _members(packed)[1]
    for i in range(start + 40, start + 80):
        damaged[i] ^= 0xA5
    yield Case("warc", "corrupt-middle-member", ".warc.gz", bytes(damaged), refused=False, records=_records(packed))
    # bad record headers
    page = _page(ARTICLE_HTML.encode())
    yield Case("warc", "bad-version-line", ".warc", page.replace(b"WARC/1.", b"WARX/9.", 1))
    yield Case("warc", "header-without-colon", ".warc", page.replace(b"WARC-Type:", b"WARC-Type", 1), refused=False)
    yield Case(
        "warc",
        "header-garbage",
        ".warc",
        page.replace(b"\r\n", b"\r\n\x00\xff\xfe garbage\r\n", 1),
        refused=False,
        records=2,
    )
    yield Case("warc", "no-header-end", ".warc", page.replace(b"\r\n\r\n", b"\r\n", 1), refused=False, records=2)
    yield Case("warc", "gzip-bad-version", ".warc.gz", gzip.compress(page.replace(b"WARC/1.", b"WARX/9.", 1)))
    # a wrong Content-Length: longer, shorter, not a number, negative, huge
    length = page.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0]
    for label, value in (
        ("longer", str(int(length) + 500).encode()),
        ("shorter", str(int(length) // 2).encode()),
        ("not-number", b"many"),
        ("negative", b"-5"),
        ("huge", b"9" * 30),
    ):
        wrong = page.replace(b"Content-Length: " + length, b"Content-Length: " + value, 1)
        yield Case("warc", f"content-length-{label}", ".warc", wrong, refused=False, records=3)
        yield Case("warc", f"content-length-{label}-gz", ".warc.gz", gzip.compress(wrong), refused=False, records=3)
    # binary payloads behind an HTML type, and huge headers
    binary = random.Random("payload").randbytes(20_000)
    # a page with no sign of an operation is skipped by the prefilter without a line, as in a crawl
    yield Case("warc", "binary-payload", ".warc", _page(binary), refused=False)
    yield Case("warc", "nul-payload", ".warc.gz", gzip.compress(_page(b"\x00" * 50_000)), refused=False)
    big_value = ("x" * 1_000_000).encode()
    huge = page.replace(b"WARC-Type:", b"X-Huge: " + big_value + b"\r\nWARC-Type:", 1)
    yield Case("warc", "huge-header", ".warc", huge, refused=False)
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(100_000))
    yield Case("warc", "many-headers", ".warc", page.replace(b"WARC-Type:", many + b"WARC-Type:", 1), refused=False)
    long_uri = _page(ARTICLE_HTML.encode(), uri="https://news.example/" + "a" * 500_000)
    yield Case("warc", "huge-uri", ".warc", long_uri, refused=False)
    yield Case("warc", "page-over-limit", ".warc", _page(b"<p>" + b"word " * 1_100_000 + b"</p>"))
    # HTML inside records: deep, broken, oddly encoded
    body = PARAGRAPHS[0].encode()
    odd = {
        "deep-div": (b"<html><body>" + b"<div>" * 100_000 + body, "text/html"),
        "deep-inline": (b"<b><i>" * 50_000 + b"x", "text/html"),
        "unclosed-tags": (b"<html><body><p>" + b"<p><span><a href='" * 2000, "text/html"),
        "unclosed-comment": (b"<html><body><!-- " + ARTICLE_HTML.encode(), "text/html"),
        "script-only": (b"<html><script>" + b"var a=1;" * 1000 + b"</script></html>", "text/html"),
        "utf16-declared-utf8": (ARTICLE_HTML.encode("utf-16-le"), "text/html; charset=utf-8"),
        "utf8-declared-utf16": (ARTICLE_HTML.encode(), "text/html; charset=utf-16"),
        "unknown-charset": (ARTICLE_HTML.encode(), "text/html; charset=x-no-such-charset"),
        "meta-shift-jis": (ARTICLE_HTML.replace("utf-8", "shift_jis").encode(), "text/html"),
        "charset-garbage": (ARTICLE_HTML.encode(), "text/html; charset=\x01\x02;;;="),
        "latin1-declared-utf8": (ARTICLE_HTML.replace("Marendia", "Marendià").encode("latin-1"), "text/html"),
    }
    for label, (html, content_type) in odd.items():
        yield Case("warc", f"html-{label}", ".warc", _page(html, content_type), refused=False, records=1)
    for n in itertools.count():
        gz = rng.random() < 0.5
        op, data = _mutate(rng, packed if gz else plain) if not gz else _mutate_bytes(rng, packed)
        suffix = ".warc.gz" if gz else ".warc"
        yield Case("warc", f"mutant{n}-{op}", suffix, data, refused=False, records=_records(data))


def _mutate_bytes(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """:func:`_mutate` without re-encoding, which needs text: compressed data is not."""
    while True:
        try:
            return _mutate(rng, data)
        except UnicodeDecodeError:
            continue


# --- URL responses ----------------------------------------------------------------------------

HTML_TYPE = {"Content-Type": "text/html; charset=utf-8"}


@functools.cache
def gzip_bomb(expanded: int = 200 << 20) -> bytes:
    """``expanded`` zero bytes gzip-compressed (about 1,000 to 1): a body that looks small on the
    wire and is huge once decoded."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    return b"".join(packer.compress(block) for _ in range(expanded >> 20)) + packer.flush()


def _url(
    label: str, body: bytes = b"", status: int = 200, headers: dict | None = None, refused: bool = True, **kw
) -> Case:
    """A case of one response; ``kw`` are the route's delay, drip and send_length."""
    route = Route(body, status, dict(HTML_TYPE if headers is None else headers), **kw)
    return Case("url", label, "", routes=(("", route),), refused=refused)


def _chunked(body: bytes) -> bytes:
    return b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)


@kind("url", share=0.7)
def url_cases(rng: random.Random) -> Iterator[Case]:
    page = ARTICLE_HTML.encode()
    closing = {"Connection": "close"}
    # content types and charsets
    yield _url("no-content-type", page, headers={})
    for media in ("application/octet-stream", "image/png", "application/json", "application/pdf", "video/mp4"):
        yield _url(f"type-{media.replace('/', '-')}", page, headers={"Content-Type": media})
    yield _url("type-garbage", page, headers={"Content-Type": "\x01;;;==="})
    yield _url("type-empty", page, headers={"Content-Type": ""})
    for label, charset in (("bogus", "x-no-such"), ("utf16", "utf-16"), ("utf32", "utf-32"), ("empty", "")):
        yield _url(f"charset-{label}", page, headers={"Content-Type": f"text/html; charset={charset}"}, refused=False)
    latin1 = page.replace(b"Marendia", "Marendià".encode("latin-1"))
    yield _url("latin1-says-utf8", latin1, refused=False)
    # binary, empty and odd bodies
    yield _url("binary-as-html", random.Random("binary").randbytes(20_000))
    yield _url("binary-as-text", random.Random("text").randbytes(20_000), headers={"Content-Type": "text/plain"})
    yield _url("nul-body", b"\x00" * 10_000)
    yield _url("empty-body", b"")
    yield _url("blank-body", b" \r\n\t \n")
    yield _url("no-content-204", b"", 204)
    yield _url("script-only", b"<html><script>" + b"var a=1;" * 1000 + b"</script></html>")
    # oversize: declared, undeclared (read until the connection closes) and chunked
    big = b"<p>" + b"word " * 1_200_000 + b"</p>"
    yield _url("oversize-declared", big)
    yield _url("oversize-undeclared", big, send_length=False)
    yield _url(
        "oversize-chunked", _chunked(big), headers={**HTML_TYPE, "Transfer-Encoding": "chunked"}, send_length=False
    )
    yield _url("content-length-huge", b"", headers={**HTML_TYPE, "Content-Length": "9" * 18})
    # cut short: a chunked body that stops mid-chunk, a Content-Length the body never reaches
    chunked = {**HTML_TYPE, "Transfer-Encoding": "chunked"}
    yield _url("chunked-truncated", b"4000\r\n" + page[:300], headers=chunked, send_length=False)
    yield _url("chunked-bad-size", b"zz\r\n" + page, headers=chunked, send_length=False)
    yield _url("chunked-no-end", _chunked(page)[:-5], headers=chunked, send_length=False)
    yield _url("length-longer", page, headers={**HTML_TYPE, **closing, "Content-Length": str(len(page) + 5000)})
    yield _url("length-garbage", page, headers={**HTML_TYPE, **closing, "Content-Length": "lots"})
    # compressed bodies: a gzip bomb (declared and not), bad gzip, an unknown encoding
    gz = {**HTML_TYPE, "Content-Encoding": "gzip"}
    yield _url("gzip-bomb", gzip_bomb(), headers=gz)
    yield _url("gzip-bomb-undeclared-length", gzip_bomb(), headers=gz, send_length=False)
    yield _url("gzip-bomb-plain-text", gzip_bomb(), headers={**gz, "Content-Type": "text/plain"})
    yield _url("gzip-garbage", b"\x1f\x8b\x08" + random.Random("gz").randbytes(3000), headers=gz)
    # a gzip stream cut short inside a complete HTTP body is read as far as it goes
    yield _url("gzip-truncated", gzip.compress(page * 50)[:400], headers=gz, refused=False)
    yield _url(
        "deflate-garbage", random.Random("df").randbytes(3000), headers={**HTML_TYPE, "Content-Encoding": "deflate"}
    )
    yield _url(
        "encoding-unknown", random.Random("enc").randbytes(3000), headers={**HTML_TYPE, "Content-Encoding": "x-zz"}
    )
    # redirects: loops, ping-pong, too long a chain, nowhere, and out of the web
    yield _url("redirect-loop", b"", 302, {"Location": "{here}"})
    yield Case(
        "url",
        "redirect-ping-pong",
        "",
        routes=(
            ("", Route(status=301, headers={"Location": "{here}/b"})),
            ("/b", Route(status=302, headers={"Location": "{here}"})),
        ),
    )
    chain = tuple(
        (f"/{i}" if i else "", Route(status=307, headers={"Location": f"{{here}}/{i + 1}"})) for i in range(8)
    )
    yield Case("url", "redirect-chain-8", "", routes=chain)
    yield _url("redirect-no-location", b"", 302, {})
    yield _url("redirect-to-file", b"", 302, {"Location": "file:///etc/passwd"})
    yield _url("redirect-to-javascript", b"", 302, {"Location": "javascript:alert(1)"})
    yield _url("redirect-bad-url", b"", 302, {"Location": "http://[::1"})
    yield _url("redirect-to-metadata", b"", 302, {"Location": "http://169.254.169.254/latest/meta-data/"})
    # slow responses (the test's fetcher gives up after about a second)
    yield _url("slow-drip", page * 10, drip=0.3)
    yield _url("slow-headers", page, delay=1.0)
    # HTTP errors
    for status in (400, 401, 403, 404, 410, 429, 500, 502, 503, 599):
        yield _url(f"http-{status}", page, status)
    # the HTML kind's broken pages, served as pages
    for case in itertools.islice(html_cases(random.Random("url-html")), 40):
        if case.label.startswith("mutant"):
            break
        if not case.size:
            yield Case("url", f"html-{case.label}", "", routes=(("", Route(case.data)),), refused=case.refused)
    types = [
        "text/html",
        "text/html; charset=utf-8",
        "text/plain",
        "application/xhtml+xml",
        "text/html; charset=latin-1",
    ]
    for n in itertools.count():
        op, data = _mutate(rng, page)
        yield Case(
            "url",
            f"mutant{n}-{op}",
            "",
            routes=(("", Route(data, headers={"Content-Type": rng.choice(types)})),),
            refused=False,
        )


# --- RSS and Atom feeds -----------------------------------------------------------------------

RSS_TYPE = {"Content-Type": "application/rss+xml"}
METADATA_LINK = "http://169.254.169.254/latest/meta-data/"
LOOPBACK = "http://127.0.0.1:"


def rss(links: list[str], prolog: str = '<?xml version="1.0" encoding="utf-8"?>', title: str = "Wire") -> str:
    items = "".join(f"<item><title>{HEADLINE}</title><link>{link}</link></item>" for link in links)
    return (
        f'{prolog}<rss version="2.0"><channel><title>{title}</title><link>{{here}}</link>'
        f"<description>news</description>{items}</channel></rss>"
    )


def atom(hrefs: list[str]) -> str:
    entries = "".join(
        f'<entry><title>{HEADLINE}</title><id>urn:x:{i}</id><link href="{h}"/></entry>' for i, h in enumerate(hrefs)
    )
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>{entries}</feed>'


def _feed(
    label: str,
    body: bytes | str,
    headers: dict | None = None,
    refused: bool = True,
    records: int | None = None,
    names: tuple[str, ...] = (),
    status: int = 200,
    **kw,
) -> Case:
    """A case of one feed response; its item links (``{here}/item...``) are not served, so each
    one fetched is an error line naming it. ``kw`` are the route's delay, drip and send_length."""
    data = body.encode() if isinstance(body, str) else body
    route = Route(data, status, dict(RSS_TYPE if headers is None else headers), **kw)
    if records is None:
        records = data.count(b"<item") + data.count(b"<entry") + 1
    return Case("feed", label, "", routes=(("", route),), refused=refused, records=records, names=names)


def _laughs(depth: int = 10) -> str:
    entities = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "lol"}">' for i in range(depth))
    return f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]>' + rss(["{here}/item"]).split("?>", 1)[1].replace(
        "<title>Wire</title>", f"<title>&lol{depth - 1};</title>"
    )


@kind("feed", share=0.7)
def feed_cases(rng: random.Random) -> Iterator[Case]:
    good = rss(["{here}/item1", "{here}/item2"])
    # not XML, or not a feed
    yield _feed("empty", b"")
    yield _feed("blank", b" \n\t\n")
    yield _feed("binary", random.Random("feed").randbytes(5000))
    yield _feed("nul-bytes", b"\x00" * 4096)
    yield _feed("html-page", ARTICLE_HTML, headers=HTML_TYPE)
    yield _feed("html-page-as-rss", ARTICLE_HTML)
    yield _feed("json", b'{"items": [{"link": "http://127.0.0.1/x"}]}', headers={"Content-Type": "application/json"})
    yield _feed("plain-text", "Just some words, no feed at all.\n" * 20, headers={"Content-Type": "text/plain"})
    yield _feed("truncated", good[: len(good) // 2].replace("<item>", "<nothing>"))
    yield _feed("not-closed", '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire')
    yield _feed("garbage-root", '<?xml version="1.0"?><zzz><yyy/></zzz>')
    yield _feed("deep-nesting", '<?xml version="1.0"?><rss version="2.0">' + "<channel>" * 20_000)
    yield _feed("gzip-undeclared", gzip.compress(good.encode(), mtime=0))
    # entities: expansion and external ones, in UTF-8 and UTF-16, as RSS and Atom
    yield _feed("billion-laughs", _laughs())
    yield _feed(
        "billion-laughs-utf16", _laughs().replace('version="1.0"', 'version="1.0" encoding="utf-16"').encode("utf-16")
    )
    yield _feed(
        "quadratic-blowup",
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "'
        + "x" * 50_000
        + '">]>'
        + rss(["{here}/i"]).split("?>", 1)[1].replace("<title>Wire</title>", "<title>" + "&a;" * 5000 + "</title>"),
    )
    for label, target in (
        ("file", "file:///etc/passwd"),
        ("http", "http://127.0.0.1:1/secret"),
        ("metadata", METADATA_LINK),
    ):
        doctype = f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY ext SYSTEM "{target}">]>'
        yield _feed(f"external-entity-{label}", doctype + rss(["{here}/i"]).split("?>", 1)[1].replace("Wire", "&ext;"))
    yield _feed(
        "parameter-entity",
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
        + rss([]).split("?>", 1)[1],
    )
    yield _feed("atom-entities", atom(["{here}/a"]).replace("?>", '?><!DOCTYPE feed [<!ENTITY e "&#38;">]>', 1))
    # huge feeds: over the size cap, and under it with ten thousand items on one link
    yield _feed("over-size-cap", rss(["{here}/item"] * 70_000))
    yield _feed("many-items-one-link", rss(["{here}/item"] * 10_000), refused=False, records=2)
    yield _feed("gzip-bomb", gzip_bomb(), headers={**RSS_TYPE, "Content-Encoding": "gzip"})
    # wrong encodings
    yield _feed("latin1-says-utf8", good.replace("Wire", "Café Nöir").encode("latin-1"), refused=False)
    yield _feed("unknown-encoding", good.replace('encoding="utf-8"', 'encoding="x-no-such"'), refused=False)
    utf16 = good.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16-le")
    yield _feed("utf16-no-bom", utf16, refused=False, records=3)
    yield _feed("utf32", good.encode("utf-32"))
    yield _feed(
        "charset-header-wrong", good, headers={"Content-Type": "application/rss+xml; charset=utf-16"}, refused=False
    )
    # items whose links are missing, garbage, out of the web or off limits: none is fetched (no
    # line at all) but the metadata one, which the guard refuses, and the closed port
    garbage = [
        "",
        "   ",
        "javascript:alert(1)",
        "mailto:x@example.org",
        "file:///etc/passwd",
        "ftp://x/y",
        "http://",
        "http://[::1",
    ]
    yield _feed(
        "items-no-link",
        good.replace("<link>{here}/item1</link>", "").replace("<link>{here}/item2</link>", ""),
        refused=False,
        records=1,
    )
    yield _feed("items-garbage-links", rss(garbage), refused=False, records=0)
    yield _feed("item-link-huge", rss(["{here}/" + "a" * 100_000]), refused=False, records=2)
    yield _feed("item-link-metadata", rss([METADATA_LINK]), refused=False, records=1, names=(METADATA_LINK,))
    closed = "http://127.0.0.1:1/news"
    yield _feed("item-link-closed-port", rss([closed]), refused=False, records=1, names=(closed,))
    yield _feed("atom-no-href", atom([""]).replace(' href=""', ""), refused=False, records=1)
    yield _feed("atom-garbage-href", atom(garbage), refused=False, records=0)
    # the feed's own response is broken
    yield _feed("feed-404", good, status=404)
    yield _feed("feed-500", good, status=500)
    yield _feed("feed-redirect-loop", b"", status=302, headers={"Location": "{here}"})
    yield _feed(
        "feed-chunked-truncated",
        b"4000\r\n" + good.encode()[:200],
        headers={**RSS_TYPE, "Transfer-Encoding": "chunked"},
        send_length=False,
    )
    yield _feed("feed-slow-drip", good.encode() * 20, drip=0.3, refused=True)
    for n in itertools.count():
        op, data = _mutate(rng, good.encode())
        # a damaged "{here}" makes a link relative: it is still on the loopback server
        yield _feed(f"mutant{n}-{op}", data, refused=False, names=(LOOPBACK,))
