"""The fast way through a WARC file: fastwarc reads records, casus only looks at pages.

fastwarc (C++ with a Python binding) decompresses and parses records about three times as fast
as warcio, which took the WARC reader with the language check and prefilter from 41 to 65 MB/s
of gzip per core (``make bench-warc``). Records of types that never hold a page (requests,
metadata, warcinfo, revisits) cost a header parse and a type test.

fastwarc is strict: on damaged data it raises and cannot say more than "invalid header" or
"decompression error", and a file cut inside its last record reads as a short record without
any error. So :mod:`casus.ingest.warc` trusts this path only for what it proves: a record counts
as read whole once fastwarc has parsed the header of the record after it. Whatever fastwarc
stops on, and the last record of every file, is read again with warcio, which names the damage
in one line and finds where to resume.

fastwarc also reads a few odd but readable records differently from warcio: a ``WARC-Type``
it does not know (``warc-type: response`` in lower case among them) leaves the record without a
type, HTTP headers ended by bare newlines become one long status line, and a response to an
http(s) URI has its HTTP headers read only if typed ``application/http``. Such a record is
marked unsure and warcio reads it, so no page that warcio would find is lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from casus.errors import InputError

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_URI_CHARS = 2048
_CONTROL = dict.fromkeys(range(32))
_HTTP_SCHEMES = ("http:", "https:")
_PAGE_RECORDS = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion
# types fastwarc could not read: no WARC-Type it recognises (a lower-case header name among them)
_UNREAD = (WarcRecordType.no_type, WarcRecordType.unknown)


@dataclass(slots=True)
class Page:
    """A record's content once it is known to be a page, with what the reader needs of its headers."""

    kind: str  # "html" or "text"
    data: bytes
    content_type: str
    language: str | None  # Content-Language sent with it
    uri: str
    name: str  # the page in error lines: file and URI
    warc_date: str | None
    declared: str | None = None  # the language the page declares, once screened


@dataclass(slots=True)
class FastRecord:
    """One record fastwarc read: where it starts in the file, and its page (or the page's error);
    ``sure`` is False when fastwarc may have misread it and warcio should read it instead."""

    offset: int
    page: Page | InputError | None
    sure: bool = True


class _Unsure(Exception):
    """A record fastwarc read but may have read otherwise than warcio."""


def media(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def resource_kind(content_type: str) -> tuple[str | None, str, None]:
    """A resource or conversion record's page kind, as both readers take it: HTML or plain text,
    nothing else; such records carry no language header."""
    found = media(content_type)
    if found in HTML_TYPES:
        return "html", content_type, None
    if found == "text/plain":
        return "text", content_type, None
    return None, "", None


def target_uri(value: str | None) -> str:
    """The record's WARC-Target-URI as warcio gives it (no ``<>``, spaces as ``%20``), printable and bounded."""
    uri = value or ""
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1]
    return uri.replace(" ", "%20").translate(_CONTROL)[:MAX_URI_CHARS]


def page_name(where: str, uri: str, record_id: str | None) -> str:
    return f"{where} {uri}" if uri else f"{where} record {record_id}"


def fast_records(fh: BinaryIO, start: int, where: str, max_bytes: int) -> Iterator[FastRecord]:
    """Every record from byte ``start`` on, with its page if it is one (at most ``max_bytes``
    read). Raises whatever fastwarc raises on data it cannot read."""
    fh.seek(start)
    records = ArchiveIterator(fh, parse_http=True, auto_decode="all")
    for record in records:
        try:
            yield FastRecord(record.stream_pos, _page(record, where, max_bytes))
        except _Unsure:
            yield FastRecord(record.stream_pos, None, sure=False)


def _page(record, where: str, max_bytes: int) -> Page | InputError | None:
    record_type = record.record_type
    if record_type in _UNREAD:
        raise _Unsure
    if not record_type & _PAGE_RECORDS:
        return None
    headers = record.headers
    uri = target_uri(_header(headers, b"WARC-Target-URI"))
    kind, content_type, language = _kind(record, record_type, uri)
    if kind is None:
        return None
    name = page_name(where, uri, _header(headers, b"WARC-Record-ID"))
    data = record.reader.read(max_bytes + 1)
    if len(data) > max_bytes:
        return InputError(name, f"page larger than {max_bytes} byte limit")
    return Page(kind, data, content_type, language, uri, name, _header(headers, b"WARC-Date"))


def _header(headers, name: bytes) -> str | None:
    """A WARC header's value decoded as warcio does: UTF-8, else ISO-8859-1."""
    raw = headers.get_bytes(name)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("iso-8859-1")


def _kind(record, record_type: WarcRecordType, uri: str) -> tuple[str | None, str, str | None]:
    """As :func:`casus.ingest.warc._kind` decides it on warcio's records; raises _Unsure where
    fastwarc may have read the record otherwise."""
    if record_type == WarcRecordType.response:
        # warcio reads HTTP headers in every response to an http(s) URI, fastwarc in those of
        # type application/http
        if not uri.startswith(_HTTP_SCHEMES):
            return None, "", None
        if not record.is_http:
            raise _Unsure
        http = record.http_headers
        status = http.status_code
        if status is None or "\n" in (http.status_line or ""):
            raise _Unsure  # a status line fastwarc could not split, or headers ended by bare newlines
        if not 200 <= status < 300:
            return None, "", None
        content_type = http.get("Content-Type") or ""
        if media(content_type) in HTML_TYPES:
            language = http.get("Content-Language")
            if "\n" in content_type or "\n" in (language or ""):
                raise _Unsure
            return "html", content_type, language
        return None, content_type, None
    return resource_kind(record.headers.get("Content-Type") or "")
