"""WARC web archives (``.warc``, ``.warc.gz``) to Documents, one record at a time.

A crawl holds millions of pages and few reports of state cyber operations, so the order of
work is cheapest first: non-HTML records are skipped on their headers, a page declaring
another language on a regex over its first bytes, a page with no sign of both a cyber
operation and a state on one scan of its raw bytes (:mod:`casus.ingest.prefilter`); only the
rest is parsed by the HTML path (trafilatura). Memory stays bounded by the largest page read
(at most ``max_bytes``), whatever the archive's size.

Damage costs one line and the records it hides: a corrupt gzip member or a record with a bad
header is reported with its byte offset, and reading resumes at the next gzip member (or
``WARC/`` record line) after it. A file cut short is reported as truncated; every record
before the damage has already been yielded.

Two readers share the work. fastwarc (:mod:`casus.ingest.warc_fast`) reads every record it can,
about three times as fast as warcio; warcio reads whatever fastwarc stops on, from the first
record fastwarc has not proved whole, and the last record of each file. fastwarc stays the
reader because the speed is where the records are; warcio stays for damage because its
answers are the ones worth reporting (a bad header, a corrupt gzip member or a cut record, each
with its offset, and where reading resumes), while fastwarc only raises "invalid header" and
takes a file cut inside its last record for a short record. After the damage the fast path
takes over again.

The document's source is the record's ``WARC-Target-URI`` (nothing is fetched from it), its
date the page's own or else the day of ``WARC-Date``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.utils import BUFF_SIZE

from casus.errors import InputError
from casus.ingest.html import read_html
from casus.ingest.language import declared_language, looks_english
from casus.ingest.prefilter import worth_parsing
from casus.ingest.text import read_text
from casus.ingest.warc_fast import (
    HTML_TYPES,
    FastRecord,
    Page,
    fast_records,
    media,
    page_name,
    resource_kind,
    target_uri,
)
from casus.models import Document

WARC_SUFFIXES = (".warc", ".warc.gz")
MAX_PAGE_BYTES = 5 * 1024 * 1024  # as for a single HTML file
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/1."
_SCAN_CHUNK = 1024 * 1024
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)

# warcio logs a warning (the raw, damaged header bytes) for a Target-URI with spaces; a damaged
# record is reported by this module in one line, so its warnings would only be noise on stderr.
logging.getLogger("warcio").setLevel(logging.ERROR)


@dataclass(slots=True)
class ReadCounts:
    """What a run has read so far, for the progress display and the final summary line."""

    bytes_done: int = 0  # input bytes consumed (compressed bytes for .warc.gz)
    warc_files: int = 0
    pages: int = 0  # HTML (or text conversion) records in WARC files
    prefiltered: int = 0  # no sign of both a cyber operation and a state: never parsed
    non_english: int = 0
    parsed: int = 0  # pages that became documents
    failed: int = 0  # damaged archive data, or a page with no readable article
    on_progress: Callable[[], None] | None = None

    def progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress()


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


class _Damaged(Exception):
    """Archive data that cannot be read: the reason, for a one-line report."""


class _StrictReader(DecompressingBufferedReader):
    """warcio's reader writes a corrupt gzip member's error to stderr and reads on as if the
    member were empty; this one raises, so the damage is reported once and skipped."""

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor is not None and data and self.num_block_read:
            try:
                return self.decompressor.decompress(data)
            except zlib.error as exc:
                raise _Damaged(f"corrupt gzip data ({exc})") from None
        return super()._decompress(data)


class _Records(ArchiveIterator):
    """warcio's record iterator, silent: problems become exceptions or flags, never stderr."""

    INC_RECORD = ""  # its warning on a wrong Content-Length; ``err_count`` still counts it

    def __init__(self, fh: BinaryIO) -> None:
        super().__init__(fh)
        self.reader = _StrictReader(self.fh, block_size=BUFF_SIZE)
        self.truncated = False

    def close(self) -> None:
        decompressor = self.reader.decompressor if self.reader else None
        if decompressor is not None and not decompressor.eof:
            self.truncated = True  # the last gzip member ends before its end marker
        super().close()


def read_warc(
    path: Path, counts: ReadCounts | None = None, max_bytes: int = MAX_PAGE_BYTES
) -> Iterator[Document | InputError]:
    """Documents from the pages of one WARC file; problems are yielded as InputErrors.
    ``max_bytes`` bounds one page (the archive itself has no size limit)."""
    counts = counts if counts is not None else ReadCounts()
    for item in warc_pages(path, counts, max_bytes):
        if isinstance(item, InputError):
            yield item
        else:
            yield from _document(item, counts)


def warc_pages(
    path: Path, counts: ReadCounts | None = None, max_bytes: int = MAX_PAGE_BYTES, fast: bool = True
) -> Iterator[Page | InputError]:
    """The pages of one WARC file worth parsing (English or undeclared, past the prefilter), and
    the problems met. :func:`read_warc` parses them; apart, the reading and screening that every
    page of a crawl costs can be measured without the parsing that few pages need.
    ``fast=False`` reads with warcio alone: the reference the fast path is held to."""
    counts = counts if counts is not None else ReadCounts()
    where = str(path)
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        yield InputError(where, "no such file or directory")
        return
    except OSError as exc:
        yield InputError(where, f"cannot read ({exc.strerror})")
        return
    counts.warc_files += 1
    base = counts.bytes_done
    with fh:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            counts.failed += 1
            yield InputError(where, "empty file")
            return
        gzipped = fh.read(3) == _GZIP_MAGIC
        start: int | None = 0
        sound_before = False  # the record before ``start`` was read whole (else: damage, or the file's start)
        while start is not None:
            handover, stop = start, None
            if fast:
                handover, stop = yield from _read_fast(fh, start, where, base, counts, max_bytes)
            after = _end_before(fh, handover, gzipped) if handover > start or sound_before else handover
            start, sound_before = yield from _read_from(
                fh, handover, after, where, gzipped, base, counts, max_bytes, stop
            )
        counts.bytes_done = base + size
        counts.progress()


def _read_fast(fh, start, where, base, counts, max_bytes) -> Iterator[Document | InputError]:
    """Records from byte ``start`` on with fastwarc, each used once the next one's header is
    read. Returns where warcio takes over (the first record not proved whole) and where fastwarc
    stopped (None when it read to the end: then warcio reads the last record and the end)."""
    records = fast_records(fh, start, where, max_bytes)
    pending: FastRecord | None = None
    handover = start
    while True:
        try:
            record = next(records)
        except StopIteration:
            return handover, None
        except Exception:  # noqa: BLE001 - damage, or a record fastwarc is stricter about: warcio decides
            return handover, max(fh.tell(), handover + 1)
        if pending is not None:
            yield from _use(pending.page, counts)
        if not record.sure:
            return record.offset, record.offset + 1  # warcio reads this record alone
        pending, handover = record, record.offset
        counts.bytes_done = base + fh.tell()
        counts.progress()


def _use(page: Page | InputError | None, counts: ReadCounts) -> Iterator[Document | InputError]:
    if page is None:
        return
    counts.pages += 1
    if isinstance(page, InputError):
        counts.failed += 1
        yield page
    else:
        yield from _screen(page, counts)


def _end_before(fh: BinaryIO, start: int, gzipped: bool) -> int:
    """Where the record before the one at ``start`` ended, as warcio counts it: before the blank
    lines that close a record in a plain WARC (a gzip member ends where the next begins)."""
    if gzipped or start < 4:
        return start
    fh.seek(start - 4)
    return start - 4 if fh.read(4) == b"\r\n\r\n" else start


def _read_from(
    fh, start, good_end, where, gzipped, base, counts, max_bytes, stop=None
) -> Iterator[Document | InputError]:
    """Records from byte ``start`` on with warcio, the last record read whole having ended at
    ``good_end``. Returns (where to resume, False) after damage, (the start of the first sound
    record after byte ``stop``, True) when ``stop`` is given, or (None, False) at the end."""
    fh.seek(start)
    records = _Records(fh)
    cut_short = False
    try:
        for record in records:
            if record.format != "warc" or (record.rec_type is None and good_end == 0):
                # warcio reads any first line of five words as an old ARC header, and a file of
                # blank lines as one empty record: neither is a WARC record
                raise ArchiveLoadFailed("not a WARC record")
            if stop is not None and good_end >= stop and record.rec_type is not None:
                # past where fastwarc stopped, and this header read well, which proves where the
                # record before it ended: fastwarc reads on from here
                return records.get_record_offset(), True
            warnings = records.err_count
            page = _read_page(record, where, counts, max_bytes)
            records.read_to_end()  # the record's length is only checked once it is read whole
            if records.err_count != warnings:
                raise _Damaged("record length does not match its Content-Length")
            good_end = records.get_record_offset() + records.get_record_length()
            counts.bytes_done = base + fh.tell()
            if isinstance(page, InputError):
                counts.failed += 1
                cut_short = page.reason.startswith("record cut short")
                yield page
            elif page is not None:
                yield from _screen(page, counts)
            counts.progress()
    except Exception as exc:  # noqa: BLE001 - warcio meets damaged bytes with all kinds of errors
        at_end = fh.tell() >= os.fstat(fh.fileno()).st_size
        decompressor = records.reader.decompressor if records.reader else None
        cut = at_end and not isinstance(exc, _Damaged) and (decompressor is None or not decompressor.eof)
        resume = _next_record(fh, good_end, gzipped)
        counts.failed += 1
        if cut and resume is None and good_end > 0:  # a header cut in two by the end of the file
            yield InputError(where, f"truncated: the file ends inside a record after byte {good_end}")
            return None, False
        if start == 0 and good_end == 0 and resume is None:
            yield InputError(where, "not a WARC file" if isinstance(exc, ArchiveLoadFailed) else _reason(exc))
            return None, False
        then = f"resuming at byte {resume}" if resume is not None else "nothing readable after it"
        yield InputError(where, f"damaged WARC data after byte {good_end} ({_reason(exc)}); {then}")
        return resume, False
    if records.truncated and not cut_short:
        counts.failed += 1
        yield InputError(where, f"truncated: the file ends inside a record after byte {good_end}")
    return None, False


def _reason(exc: Exception) -> str:
    if isinstance(exc, ArchiveLoadFailed):
        return "bad record header"  # warcio quotes the raw bytes it met: no use on one line
    if isinstance(exc, _Damaged):
        return str(exc)
    return f"unreadable record: {type(exc).__name__}"  # raised inside warcio by bytes it did not expect


def _next_record(fh: BinaryIO, damaged_at: int, gzipped: bool) -> int | None:
    """The offset of the next gzip member (or ``WARC/`` record line) after the damaged one,
    which starts at ``damaged_at`` once the blank lines between records are passed."""
    fh.seek(damaged_at)
    head = fh.read(64)
    position = damaged_at + len(head) - len(head.lstrip(b"\r\n")) + 1
    magic = _GZIP_MAGIC if gzipped else _WARC_LINE
    skip = 0 if gzipped else 1  # the newline before ``WARC/`` belongs to the previous record
    position -= skip
    while True:
        fh.seek(position)
        chunk = fh.read(_SCAN_CHUNK)
        if len(chunk) < len(magic):
            return None
        found = chunk.find(magic)
        if found >= 0:
            return position + found + skip
        position += len(chunk) - len(magic) + 1


def _read_page(record, where: str, counts: ReadCounts, max_bytes: int) -> Page | InputError | None:
    """The content of one record if it is a page (at most ``max_bytes`` read); None otherwise."""
    kind, content_type, language = _kind(record)
    if kind is None:
        return None
    counts.pages += 1
    headers = record.rec_headers
    uri = target_uri(headers.get_header("WARC-Target-URI"))
    name = page_name(where, uri, headers.get_header("WARC-Record-ID"))
    try:
        data = record.content_stream().read(max_bytes + 1)
    except (OSError, ValueError, zlib.error, EOFError) as exc:
        return InputError(name, f"cannot decode the page ({type(exc).__name__})")
    if len(data) > max_bytes:
        return InputError(name, f"page larger than {max_bytes} byte limit")
    if getattr(record.raw_stream, "limit", 0) > 0:
        return InputError(name, "record cut short: the file ends inside it")
    return Page(kind, data, content_type, language, uri, name, headers.get_header("WARC-Date"))


def _screen(page: Page, counts: ReadCounts) -> Iterator[Page]:
    """The page, unless it declares another language or shows no sign worth parsing."""
    declared = declared_language(page.data, page.language) if page.kind == "html" else None
    if declared is not None and declared != "en":
        counts.non_english += 1
        return
    if not worth_parsing(page.data):
        counts.prefiltered += 1
        return
    page.declared = declared
    yield page


def _document(page: Page, counts: ReadCounts) -> Iterator[Document | InputError]:
    """The page's document, if it has one and it reads as English."""
    source = page.uri or page.name
    url = page.uri if page.uri.startswith(("http://", "https://")) else None
    text = _decode(page.data, page.content_type)
    try:
        if page.kind == "html":
            doc = read_html(text, source, url=url, where=page.name)
        else:
            doc = dataclasses.replace(read_text(text, source, where=page.name), url=url)
    except InputError as exc:
        counts.failed += 1
        yield exc
        return
    except Exception as exc:  # noqa: BLE001 - one odd page must not end the reading of a crawl
        counts.failed += 1
        yield InputError(page.name, f"cannot parse the page ({type(exc).__name__})")
        return
    if page.declared is None and not looks_english(doc.text):
        counts.non_english += 1
        return
    if doc.published is None:
        doc = dataclasses.replace(doc, published=_warc_day(page.warc_date))
    counts.parsed += 1
    yield doc


def _kind(record) -> tuple[str | None, str, str | None]:
    """("html" or "text" or None, content type, Content-Language) of a record.

    Pages are 2xx ``response`` records with an HTML type (or, lacking a type, markup that
    opens like HTML), and ``resource`` or ``conversion`` records of HTML or plain text.
    """
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not http.get_statuscode().startswith("2"):
            return None, "", None
        content_type = http.get_header("Content-Type") or ""
        if media(content_type) in HTML_TYPES:
            return "html", content_type, http.get_header("Content-Language")
        return None, content_type, None
    if record.rec_type in ("resource", "conversion"):
        return resource_kind(record.rec_headers.get_header("Content-Type") or "")
    return None, "", None


def _decode(data: bytes, content_type: str) -> str:
    """Text in the charset the server or the page names, else UTF-8; bad bytes become U+FFFD."""
    m = _CHARSET.search(content_type) or _META_CHARSET.search(data, 0, 4096)
    charset = m.group(1) if m else "utf-8"
    if isinstance(charset, bytes):
        charset = charset.decode("ascii", "replace")
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _warc_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
