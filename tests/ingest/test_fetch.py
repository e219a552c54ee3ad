"""Pages fetched from a real HTTP server on 127.0.0.1, and the SSRF guard in front of every connection.

The server is on loopback, which the guard refuses by default; the tests that fetch from it
trust 127.0.0.1 alone (``allowed``), so every other rule of the guard stays in force. Host names
that look public resolve through a stubbed resolver, since no real network exists here.
"""

import os
import shutil
import socket
import ssl
import subprocess
import time
from datetime import date

import httpx
import pytest

from casus.errors import InputError
from casus.ingest.fetch import Fetched, Fetcher, Guard, Refused, decode_body, fetch_document, page_document, read_urls
from casus.store import open_store
from ingest.webserver import LoopbackServer, Route

LOOPBACK = ["127.0.0.1/32"]

PAGE = """<!doctype html>
<html><head>
<title>Port cranes halted by intrusion | Harbour Ledger</title>
<meta property="og:title" content="Port cranes halted by intrusion">
<meta property="og:site_name" content="Harbour Ledger">
<meta property="article:published_time" content="2025-03-11T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/subscribe">Subscribe today</a></nav>
<article>
<h1>Port cranes halted by intrusion</h1>
<p>The harbour authority of Valdoria said on Monday that intruders had reached the systems that
steer its container cranes and stopped loading at three terminals for most of a day.</p>
<p>Engineers restored the cranes overnight after cutting the control network off from the office
network, the authority said, adding that no cargo records had been altered.</p>
</article>
<footer>Copyright 2025 Harbour Ledger</footer>
</body></html>
"""


@pytest.fixture
def fetcher():
    with Fetcher(allowed=LOOPBACK, read_timeout=1.0, total_timeout=3.0) as f:
        yield f


def _html(text: str = PAGE, charset: str | None = "utf-8") -> Route:
    kind = "text/html" + (f"; charset={charset}" if charset else "")
    return Route(text.encode(charset or "utf-8"), headers={"Content-Type": kind})


def test_fetch_page_is_a_document_named_by_its_url(web, fetcher):
    web.routes["/news/cranes"] = _html()
    url = web.url("/news/cranes")
    doc = fetch_document(fetcher, url)
    assert doc.source == url and doc.url == url
    assert doc.title == "Port cranes halted by intrusion"
    assert doc.published == date(2025, 3, 11)
    assert "stopped loading at three terminals" in doc.text
    assert "Subscribe today" not in doc.text
    assert web.requests[0].headers["host"] == f"127.0.0.1:{web.port}"


def test_redirects_are_followed_and_the_given_url_stays_the_source(web, fetcher):
    web.routes["/old"] = Route(status=301, headers={"Location": "/middle"})
    web.routes["/middle"] = Route(status=302, headers={"Location": web.url("/news/cranes")})
    web.routes["/news/cranes"] = _html()
    doc = fetch_document(fetcher, web.url("/old"))
    assert doc.source == web.url("/old")
    assert doc.url == web.url("/news/cranes")
    assert [r.path for r in web.requests] == ["/old", "/middle", "/news/cranes"]


def test_redirect_chain_over_the_limit_is_one_error(web):
    for n in range(10):
        web.routes[f"/hop{n}"] = Route(status=302, headers={"Location": f"/hop{n + 1}"})
    with Fetcher(allowed=LOOPBACK, max_redirects=3) as f, pytest.raises(InputError) as info:
        fetch_document(f, web.url("/hop0"))
    assert str(info.value) == f"{web.url('/hop0')}: more than 3 redirects"
    assert web.hits("/hop3") == 1 and web.hits("/hop4") == 0


def test_slow_response_hits_the_read_timeout(web):
    web.routes["/slow"] = Route(PAGE.encode(), delay=3.0)
    with Fetcher(allowed=LOOPBACK, read_timeout=0.5) as f:
        start = time.monotonic()
        with pytest.raises(InputError, match="timed out"):
            fetch_document(f, web.url("/slow"))
    assert time.monotonic() - start < 2.0


def test_dripping_response_hits_the_total_time_cap(web):
    # each chunk arrives well within the read timeout, so only the total cap can stop it
    web.routes["/drip"] = Route(b"<p>" + b"x" * 40_000 + b"</p>", drip=0.1)
    with Fetcher(allowed=LOOPBACK, read_timeout=1.0, total_timeout=1.0) as f:
        start = time.monotonic()
        with pytest.raises(InputError, match="took longer than 1 s"):
            fetch_document(f, web.url("/drip"))
    assert time.monotonic() - start < 2.5


@pytest.mark.parametrize("send_length", [True, False])
def test_oversized_response_is_refused_at_the_cap(web, send_length):
    web.routes["/big"] = Route(b"<p>" + b"a" * 300_000 + b"</p>", send_length=send_length)
    with Fetcher(allowed=LOOPBACK, max_bytes=100_000) as f, pytest.raises(InputError) as info:
        fetch_document(f, web.url("/big"))
    assert str(info.value) == f"{web.url('/big')}: larger than 100000 byte limit"


def test_plain_text_is_read_as_a_text_article(web, fetcher):
    web.routes["/wire.txt"] = Route(
        b"Cable cut off the coast of Valdoria\n2025-03-12\n\n" + PAGE.split("<p>")[1].split("</p>")[0].encode(),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    doc = fetch_document(fetcher, web.url("/wire.txt"))
    assert (doc.title, doc.published, doc.url) == ("Cable cut off the coast of Valdoria", date(2025, 3, 12), doc.source)


def test_non_html_content_type_is_one_line(web, fetcher):
    web.routes["/report.pdf"] = Route(b"%PDF-1.7 binary", headers={"Content-Type": "application/pdf"})
    with pytest.raises(InputError) as info:
        fetch_document(fetcher, web.url("/report.pdf"))
    assert str(info.value) == f"{web.url('/report.pdf')}: not a web page (content type application/pdf)"


def test_http_error_status_is_one_line(web, fetcher):
    with pytest.raises(InputError) as info:
        fetch_document(fetcher, web.url("/missing"))
    assert str(info.value) == f"{web.url('/missing')}: HTTP 404"


def test_declared_charset_is_used(web, fetcher):
    page = PAGE.replace("Valdoria", "Valdória")
    web.routes["/latin"] = _html(page, charset="iso-8859-1")
    assert "Valdória" in fetch_document(fetcher, web.url("/latin")).text


def test_unknown_or_wrong_charset_falls_back(web, fetcher):
    page = PAGE.replace("Valdoria", "Valdória")
    web.routes["/unknown"] = Route(page.encode("utf-8"), headers={"Content-Type": "text/html; charset=x-klingon"})
    web.routes["/wrong"] = Route(page.encode("cp1252"), headers={"Content-Type": "text/html; charset=utf-8"})
    web.routes["/meta"] = Route(
        page.replace("<head>", '<head><meta charset="windows-1252">').encode("cp1252"),
        headers={"Content-Type": "text/html"},
    )
    for path in ("/unknown", "/wrong", "/meta"):
        assert "Valdória" in fetch_document(fetcher, web.url(path)).text, path


def test_binary_body_declared_as_html_is_one_line():
    with pytest.raises(InputError, match="page: binary file, not text"):
        decode_body(bytes(range(256)) * 4, "text/html; charset=nonsense", "page")


@pytest.mark.parametrize("content", ["Ministry reports a breach".encode("utf-16-le"), b"Ministry\x00reports"])
def test_a_charset_that_decodes_to_nul_characters_is_not_trusted(content):
    """UTF-16 without a BOM, or binary, sent as UTF-8 decodes without error but into NULs: the
    body goes to the file reader's binary check instead of becoming an article of NULs."""
    with pytest.raises(InputError, match="page: binary file, not text"):
        decode_body(content, "text/html; charset=utf-8", "page")


def test_a_garbage_content_type_is_shown_printable_and_bounded():
    headers = httpx.Headers({"Content-Type": "x\x01\x1b[2J" + "y" * 5000})
    with pytest.raises(InputError) as caught:
        page_document(Fetched("http://news.example/a", 200, headers, b"<p>words</p>"), "http://news.example/a")
    line = str(caught.value)
    assert line.isprintable() and len(line) < 200 and line.startswith("http://news.example/a: not a web page")


def test_read_urls_yields_errors_and_goes_on(web):
    web.routes["/news/cranes"] = _html()
    items = list(read_urls([web.url("/nothing"), web.url("/news/cranes")], allow_private=True))
    assert isinstance(items[0], InputError) and items[1].title == "Port cranes halted by intrusion"


# --- the SSRF guard ----------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_is_refused_without_allow_private(web, host):
    web.routes["/news/cranes"] = _html()
    url = f"http://{host}:{web.port}/news/cranes"
    with Fetcher() as f, pytest.raises(InputError) as info:
        fetch_document(f, url)
    assert str(info.value).startswith(f"{url}: refused to connect to {host}")
    assert "loopback address; --allow-private allows it" in str(info.value)
    assert web.requests == []  # not a byte reached the server


def test_allow_private_fetches_loopback(web):
    web.routes["/news/cranes"] = _html()
    with Fetcher(allow_private=True) as f:
        assert fetch_document(f, f"http://localhost:{web.port}/news/cranes").title


@pytest.fixture
def connections(monkeypatch):
    """Every address a TCP connection is opened to, whoever opens it."""
    seen: list[tuple[str, int]] = []
    real = socket.create_connection

    def spy(address, *args, **kwargs):
        seen.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", spy)
    return seen


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata address"),
        ("http://10.0.0.1/admin", "private address"),
        ("http://[::1]:8080/", "loopback address"),
        ("http://internal.example/", "private address"),
    ],
)
def test_redirect_to_an_internal_address_is_refused_before_connecting(web, connections, target, reason):
    web.routes["/story"] = Route(status=302, headers={"Location": target})
    stub = {"internal.example": ["192.168.4.20"]}
    with Fetcher(allowed=LOOPBACK, resolver=lambda host, port: stub[host]) as f, pytest.raises(InputError) as info:
        fetch_document(f, web.url("/story"))
    message = str(info.value)
    assert message.startswith(f"{web.url('/story')}: redirected to {target}: refused to connect to ")
    assert reason in message
    assert [address[0] for address in connections] == ["127.0.0.1"]  # the first hop only


def test_metadata_address_is_refused_even_with_allow_private():
    with pytest.raises(Refused, match="cloud metadata address"):
        Guard(allow_private=True).check("169.254.169.254", 80)
    with pytest.raises(Refused, match="cloud metadata address"):
        Guard(allow_private=True, allowed=("fd00::/8",)).check("fd00:ec2::254", 80)
    for disguised in ("::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe"):
        with pytest.raises(Refused, match=r"cloud metadata address \(embedded in IPv6\)"):
            Guard(allow_private=True).check(disguised, 80)


def test_guard_checks_every_resolved_address():
    answers = {
        "news.example": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
        "mixed.example": ["93.184.216.34", "10.1.2.3"],
        "mapped.example": ["::ffff:127.0.0.1"],
        "nat64.example": ["64:ff9b::10.0.0.1"],
        "ula.example": ["fd12:3456::1"],
        "cgnat.example": ["100.64.0.9"],
        "multicast.example": ["224.0.0.251"],
        "zero.example": ["0.0.0.0"],
    }
    guard = Guard(resolver=lambda host, port: answers[host])
    assert guard.check("news.example", 443) == answers["news.example"]
    for host, reason in [
        ("mixed.example", "10.1.2.3): private address"),
        ("mapped.example", "loopback address (embedded in IPv6)"),
        ("nat64.example", "private address (embedded in IPv6)"),
        ("ula.example", "unique-local address"),
        ("cgnat.example", "non-public address"),
        ("multicast.example", "multicast address"),
        ("zero.example", "unspecified address"),
    ]:
        with pytest.raises(Refused) as info:
            guard.check(host, 80)
        assert reason in str(info.value), host


def test_connection_goes_to_the_checked_address_not_a_second_lookup(web):
    """The resolver's checked answer is the one connected to: 'feeds.example' exists only in the
    stub, so a second lookup by the system would fail. The Host header keeps the name."""
    web.routes["/news/cranes"] = _html()
    calls: list[str] = []

    def resolver(host, port):
        calls.append(host)
        return ["127.0.0.1"]

    with Fetcher(allowed=LOOPBACK, resolver=resolver) as f:
        doc = fetch_document(f, f"http://feeds.example:{web.port}/news/cranes")
    assert doc.title == "Port cranes halted by intrusion"
    assert calls == ["feeds.example"]
    assert web.requests[0].headers["host"] == f"feeds.example:{web.port}"
    with Fetcher(resolver=resolver) as f, pytest.raises(InputError, match=r"feeds.example \(127.0.0.1\): loopback"):
        fetch_document(f, f"http://feeds.example:{web.port}/news/cranes")


def test_a_name_that_does_not_resolve_is_one_line():
    def resolver(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with Fetcher(resolver=resolver) as f, pytest.raises(InputError) as info:
        fetch_document(f, "https://nowhere.example/story")
    assert str(info.value) == "https://nowhere.example/story: cannot fetch ([Errno -2] Name or service not known)"


def test_other_schemes_are_refused(web, fetcher):
    web.routes["/to-file"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(InputError, match="redirected to file:///etc/passwd: only http:// and https://"):
        fetch_document(fetcher, web.url("/to-file"))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for feeds.example alone, made with the openssl command."""
    openssl = shutil.which("openssl")
    if openssl is None:
        if os.environ.get("CI"):
            pytest.fail("openssl is required in CI")
        pytest.skip("openssl is not installed (apt-get install openssl)")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert)]
        + ["-days", "2", "-subj", "/CN=feeds.example", "-addext", "subjectAltName=DNS:feeds.example"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def test_https_to_the_checked_address_keeps_the_name_for_sni_and_the_certificate(certificate):
    """The guard replaces only the TCP connect: TLS still sends the host name (SNI) and checks the
    certificate against it, so a name the certificate does not cover fails at the same address."""
    cert, key = certificate
    names: list[str | None] = []
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    server_side.sni_callback = lambda sock, name, context: names.append(name)
    server = LoopbackServer(tls=server_side).start()
    try:
        server.routes["/news/cranes"] = _html()
        trust = ssl.create_default_context(cafile=str(cert))
        with Fetcher(allowed=LOOPBACK, resolver=lambda host, port: ["127.0.0.1"], ssl_context=trust) as f:
            doc = fetch_document(f, f"https://feeds.example:{server.port}/news/cranes")
            assert doc.title == "Port cranes halted by intrusion"
            with pytest.raises(InputError, match="cannot fetch .*certificate"):
                fetch_document(f, f"https://other.example:{server.port}/news/cranes")
        assert names[:2] == ["feeds.example", "other.example"]
        assert len(server.requests) == 1
    finally:
        server.stop()


# --- the command line ----------------------------------------------------------------------


def _casus(*args: str):
    """The ``casus`` command in this process (its imports are warm), output captured."""
    from typer.testing import CliRunner

    from casus.cli import app

    return CliRunner().invoke(app, list(args))


def test_cli_ingest_url_refused_then_allowed(web, tmp_path, write):
    web.routes["/news/cranes"] = _html()
    url = web.url("/news/cranes")
    db = str(tmp_path / "casus.db")
    refused = _casus("ingest", url, "--db", db)
    assert refused.exit_code == 1 and isinstance(refused.exception, SystemExit)  # an exit, not a traceback
    assert refused.stderr.strip() == f"casus: {url}: refused to connect to 127.0.0.1: loopback address; " + (
        "--allow-private allows it"
    )
    assert web.requests == []
    # a file next to the URL keeps working
    note = write("local.txt", "Cable cut on the island\n2025-03-12\n\n" + PAGE.split("<p>")[1].split("</p>")[0])
    allowed = _casus("ingest", url, str(note), "--db", db, "--allow-private")
    assert allowed.exit_code == 0, allowed.output
    assert "read 2 documents" in allowed.stdout
    store = open_store(db)
    try:
        sources = {r[0] for r in store.conn.execute("SELECT source FROM documents").fetchall()}
    finally:
        store.close()
    assert sources == {url, "local.txt"}
