"""Pages over HTTP(S) to Documents, with the fetcher's own limits and an SSRF guard.

A URL given to ``casus ingest`` or found in a feed is untrusted: it may point at, or redirect
to, this machine, the local network or a cloud metadata service. Every TCP connection goes
through :class:`Guard`, which resolves the host, refuses the whole host if any of its addresses
is not a public one, and then connects to the very address it checked, so a DNS answer that
changes between check and connect (rebinding) cannot slip through. TLS still verifies the
certificate against the host name, because only the TCP connect is replaced. Redirects are
followed here, hop by hop and bounded, so every hop meets the guard. Responses are read as a
stream and abandoned past the size cap or the total time, and only HTML, XHTML and plain
text become documents.
"""

from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from casus.errors import InputError
from casus.ingest.files import MAX_BYTES, _decode
from casus.ingest.html import read_html
from casus.ingest.text import read_text
from casus.models import Document

MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
TOTAL_TIMEOUT = 30.0
USER_AGENT = "casus/0.1 (+https://github.com/casus)"
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
REDIRECTS = (301, 302, 303, 307, 308)

# Refused even with --allow-private: nothing a news page or feed lives on, and the classic
# target of a server-side request forgery (AWS, GCP and Azure; AWS's IPv6 endpoint; Alibaba).
METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200")
)

_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Resolver = Callable[[str, int], list[str]]


class Refused(Exception):
    """A connection the guard will not open; its message says which address and why."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host`` (IPv4 and IPv6), in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one reaches: mapped, 6to4, Teredo or NAT64 (64:ff9b::/96)."""
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)


def is_metadata(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    embedded = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    return ip in METADATA or embedded in METADATA


def address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not a public one (``None`` when it is)."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            reason = address_refusal(embedded)
            return f"{reason} (embedded in IPv6)" if reason else None
    if ip in METADATA:
        return "cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address) and ip in _UNIQUE_LOCAL:
        return "unique-local address"
    for test, name in (
        ("is_loopback", "loopback"),
        ("is_unspecified", "unspecified"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    ):
        if getattr(ip, test):
            return f"{name} address"
    if not ip.is_global:
        return "non-public address"
    return None


@dataclass
class Guard:
    """Which addresses a fetch may connect to. ``allowed`` lists networks trusted even when
    private (an intranet feed host, say); metadata addresses are refused whatever is allowed."""

    allow_private: bool = False
    allowed: tuple[str, ...] = ()
    resolver: Resolver = system_resolver
    _networks: list = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._networks = [ipaddress.ip_network(n, strict=False) for n in self.allowed]

    def check(self, host: str, port: int) -> list[str]:
        """The addresses of ``host``, all of them checked; raises :class:`Refused` if any is
        refused, since the system may pick any of them to connect to."""
        try:
            addresses = [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in self.resolver(host, port)]
        if not addresses:
            raise Refused(f"{host} resolves to no address")
        for ip in addresses:
            reason = address_refusal(ip)
            metadata = is_metadata(ip)
            if reason is None or (any(ip in n for n in self._networks) and not metadata):
                continue
            if metadata or not self.allow_private:
                shown = host if host.strip("[]") == str(ip) else f"{host} ({ip})"
                hint = "" if metadata else "; --allow-private allows it"
                raise Refused(f"refused to connect to {shown}: {reason}{hint}")
        return [str(ip) for ip in addresses]


class _GuardedBackend(httpcore.SyncBackend):
    """httpcore's own socket backend, except that the host is checked and the connection goes
    to an address the check passed, not to a second lookup's answer."""

    def __init__(self, guard: Guard):
        self.guard = guard

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last: Exception | None = None
        for address in self.guard.check(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise last  # type: ignore[misc]  (check returns at least one address or raises)

    def connect_unix_socket(self, *args, **kwargs):
        raise Refused("unix sockets are not fetched")


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over the guarded backend (httpx 0.28 keeps its pool in ``_pool``);
    no proxy from the environment, which would connect on our behalf past the guard."""

    def __init__(self, guard: Guard, ssl_context: ssl.SSLContext | None = None):
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(trust_env=False),
            max_connections=4,
            max_keepalive_connections=4,
            network_backend=_GuardedBackend(guard),
        )


@dataclass(slots=True)
class Fetched:
    """One final (non-redirect) response: its URL after redirects, status, headers, body."""

    url: str
    status: int
    headers: httpx.Headers
    content: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def text(self, where: str) -> str:
        return decode_body(self.content, self.headers.get("content-type", ""), where)


class Fetcher:
    """A bounded HTTP client: every hop guarded, redirects counted, size and time capped."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        allowed: Iterable[str] = (),
        resolver: Resolver = system_resolver,
        max_bytes: int = MAX_BYTES,
        max_redirects: int = MAX_REDIRECTS,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        total_timeout: float = TOTAL_TIMEOUT,
        ssl_context: ssl.SSLContext | None = None,
    ):
        self.guard = Guard(allow_private, tuple(allowed), resolver)
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout
        self.client = httpx.Client(
            transport=_GuardedTransport(self.guard, ssl_context),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, headers: dict[str, str] | None = None) -> Fetched:
        """GET ``url``, following redirects; any failure is an :class:`InputError` naming ``url``."""
        deadline = time.monotonic() + self.total_timeout
        current = url
        for _hop in range(self.max_redirects + 1):
            _check_scheme(url, current)
            fetched = self._one(url, current, headers or {}, deadline)
            location = fetched.headers.get("location")
            if fetched.status not in REDIRECTS or not location:
                return fetched
            current = urljoin(current, location.strip())
        raise InputError(url, f"more than {self.max_redirects} redirects")

    def _one(self, url: str, current: str, headers: dict[str, str], deadline: float) -> Fetched:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise InputError(url, f"took longer than {self.total_timeout:g} s")
        timeout = httpx.Timeout(min(self.read_timeout, remaining), connect=min(self.connect_timeout, remaining))
        try:
            with self.client.stream("GET", current, headers=headers, timeout=timeout) as response:
                if response.status_code in REDIRECTS:
                    return Fetched(str(response.url), response.status_code, response.headers, b"")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise InputError(url, f"larger than {_limit(self.max_bytes)} limit")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise InputError(url, f"larger than {_limit(self.max_bytes)} limit")
                    if time.monotonic() > deadline:
                        raise InputError(url, f"took longer than {self.total_timeout:g} s")
                return Fetched(str(response.url), response.status_code, response.headers, bytes(body))
        except Refused as exc:
            raise InputError(url, str(exc) if current == url else f"redirected to {_short(current)}: {exc}") from None
        except httpx.TimeoutException:
            raise InputError(url, f"timed out ({_short(current)})") from None
        except httpx.InvalidURL as exc:
            raise InputError(url, f"not a valid URL ({exc})") from None
        except (httpx.HTTPError, OSError, UnicodeError) as exc:
            raise InputError(url, f"cannot fetch ({_reason(exc)})") from None


def _check_scheme(url: str, current: str) -> None:
    parts = urlsplit(current)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        where = "" if current == url else f"redirected to {_short(current)}: "
        raise InputError(url, f"{where}only http:// and https:// URLs with a host are fetched")


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def _limit(max_bytes: int) -> str:
    mib = 1024 * 1024
    return f"{max_bytes // mib} MiB" if max_bytes % mib == 0 else f"{max_bytes} byte"


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_body(content: bytes, content_type: str, where: str) -> str:
    """The body as text: a byte-order mark first, then the charset the header declares, then a
    ``<meta charset>`` in the first 2 KiB, then the file reader's rules (UTF-8, else cp1252 when
    that reads as text). An unknown or wrong declared charset, or one that decodes to NUL
    characters, falls through to the next rule."""
    if content.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(content, where)
    declared = re.search(r"charset\s*=\s*([^;\s]+)", content_type, re.I)
    meta = _META_CHARSET.search(content[:2048])
    for label in (declared.group(1) if declared else None, meta.group(1).decode("ascii") if meta else None):
        codec = _codec(label)
        if codec and not codec.startswith("utf_16") and not codec.startswith("utf_32"):
            try:
                text = content.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:  # NULs: UTF-16 sent as UTF-8, or binary; the file rules judge it
                return text
    return _decode(content, where)


def page_document(fetched: Fetched, url: str) -> Document:
    """The document of a fetched page; the URL as given is its source, the final one its URL."""
    if fetched.status != 200:
        raise InputError(url, f"HTTP {fetched.status}")
    media = fetched.media_type
    if media not in PAGE_TYPES:
        shown = "".join(ch for ch in media if ch.isprintable())[:100]  # the server's bytes, bounded
        raise InputError(url, f"not a web page (content type {shown or 'missing'})")
    if not fetched.content.strip():
        raise InputError(url, "empty response")
    text = fetched.text(url)
    if media == "text/plain":
        return replace(read_text(text, url, where=url), url=fetched.url)
    return read_html(text, url, url=fetched.url, where=url)


def fetch_document(fetcher: Fetcher, url: str) -> Document:
    """One page as a Document; every failure is an :class:`InputError` naming ``url``."""
    return page_document(fetcher.get(url, {"Accept": "text/html,application/xhtml+xml,text/plain;q=0.9"}), url)


def is_url(argument: str) -> bool:
    return argument.lower().startswith(("http://", "https://"))


def read_urls(urls: Iterable[str], *, allow_private: bool = False) -> Iterator[Document | InputError]:
    """Documents from pages, like :func:`~casus.ingest.read_paths` from files: each bad URL is
    yielded as an :class:`InputError` and the rest go on."""
    urls = list(urls)
    if not urls:
        return
    with Fetcher(allow_private=allow_private) as fetcher:
        for url in urls:
            try:
                yield fetch_document(fetcher, url)
            except InputError as exc:
                yield exc
