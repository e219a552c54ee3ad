"""The two WARC readers: fastwarc reads sound records, warcio what fastwarc stops on or may misread.

warcio alone (``warc_pages(..., fast=False)``) is the reference: on a sound crawl and on every
kind of damage the WARC tests make, the fast path gives the same pages, error lines and counts.
Every archive is written with warcio's own writer from the pages of test_warc.py.
"""

import gzip
import io
import random
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders

import casus.ingest.warc as warc
from casus.errors import InputError
from casus.ingest import ReadCounts, warc_pages
from ingest.test_warc import INCIDENT, _crawl, _offset_of, _response, _write

# the pages past the language check and the prefilter: the German page declares no language,
# so only its parsed text shows it is not English
SCREENED = [
    "http://news.example/world/moldova-hack",
    "http://news.example/de/angriff",
    "http://news.example/baltics/tallinn",
    "http://news.example/riga.pdf",
]


def _pages(path: Path, fast: bool) -> tuple[list, tuple]:
    counts = ReadCounts()
    items = [
        str(i) if isinstance(i, InputError) else (i.uri, i.kind, i.data, i.content_type, i.language, i.warc_date)
        for i in warc_pages(path, counts, fast=fast)
    ]
    return items, (counts.pages, counts.prefiltered, counts.non_english, counts.failed, counts.bytes_done)


@pytest.fixture
def warcio_runs(monkeypatch) -> list[tuple[int, int | None]]:
    """Where each warcio run starts and the byte past which it may hand back to fastwarc."""
    runs: list[tuple[int, int | None]] = []
    read_from = warc._read_from

    def recorded(fh, start, good_end, where, gzipped, base, counts, max_bytes, stop=None):
        runs.append((start, stop))
        return (yield from read_from(fh, start, good_end, where, gzipped, base, counts, max_bytes, stop))

    monkeypatch.setattr(warc, "_read_from", recorded)
    return runs


def _record_offsets(path: Path) -> list[int]:
    with path.open("rb") as f:
        records = ArchiveIterator(f)
        return [records.get_record_offset() for _ in records]


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip", "plain"])
def test_sound_crawl_is_read_by_fastwarc_and_its_last_record_by_warcio(tmp_path, gzip, warcio_runs):
    path = _write(tmp_path / "crawl.warc", _crawl(), gzip=gzip)
    fast = _pages(path, fast=True)
    assert warcio_runs == [(_record_offsets(path)[-1], None)]
    assert fast == _pages(path, fast=False)
    assert [item[0] for item in fast[0]] == SCREENED


def _gzip_member_start(tmp_path: Path, index: int) -> tuple[int, int]:
    """Start and size of gzip member ``index`` of the crawl, from writing it one record at a time."""
    sizes = [len(_write(tmp_path / f"m{i}.warc.gz", [page], gzip=True).read_bytes()) for i, page in enumerate(_crawl())]
    return sum(sizes[:index]), sizes[index]


def _cut_gzip(data: bytes) -> bytes:
    return data[:-300]


def _cut_plain(data: bytes) -> bytes:
    return data[:-40]


def _bad_header(data: bytes) -> bytes:
    at = _offset_of(data, "http://news.example/world/moldova-hack")
    return data[:at] + b"WARX/9.9" + data[at + 8 :]


def _length(delta: int):
    def change(data: bytes) -> bytes:
        at = _offset_of(data, "http://news.example/world/moldova-hack")
        start = data.index(b"Content-Length: ", at) + len(b"Content-Length: ")
        end = data.index(b"\r\n", start)
        return data[:start] + str(int(data[start:end]) + delta).encode() + data[end:]

    return change


def _lower_case_type(data: bytes) -> bytes:
    at = _offset_of(data, "http://news.example/world/moldova-hack")
    return data[:at] + data[at:].replace(b"WARC-Type: response", b"warc-type: response", 1)


def _bare_newlines_in_http(data: bytes) -> bytes:
    at = _offset_of(data, "http://news.example/world/moldova-hack")
    return data[:at] + data[at:].replace(b"HTTP/1.1 200 OK\r\n", b"HTTP/1.1 200 OK\n", 1)


def _http_uri_without_http_type(data: bytes) -> bytes:
    at = _offset_of(data, "http://news.example/world/moldova-hack")
    return data[:at] + data[at:].replace(
        b"application/http; msgtype=response", b"application/octet-stream!!!!!!!!!!", 1
    )


PLAIN_CASES = {
    "cut": _cut_plain,
    "bad-header": _bad_header,
    "length-short": _length(-10),
    "length-long": _length(10),
    "lower-case-warc-type": _lower_case_type,
    "http-headers-bare-newlines": _bare_newlines_in_http,
    "http-uri-without-http-type": _http_uri_without_http_type,
}


@pytest.mark.parametrize("case", list(PLAIN_CASES))
def test_fast_path_reads_plain_damage_as_warcio_does(tmp_path, case):
    """Including records fastwarc reads otherwise (a lower-case ``warc-type``, HTTP headers
    ended by bare newlines, a response to an http URI not typed application/http): their pages
    are found, as warcio finds them."""
    data = PLAIN_CASES[case](_write(tmp_path / "whole.warc", _crawl(), gzip=False).read_bytes())
    path = tmp_path / "damaged.warc"
    path.write_bytes(data)
    fast = _pages(path, fast=True)
    assert fast == _pages(path, fast=False)
    if case not in ("cut", "bad-header") and not case.startswith("length"):
        assert "http://news.example/world/moldova-hack" in [item[0] for item in fast[0]]


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_after_a_corrupt_gzip_member_fastwarc_reads_on(tmp_path, where, warcio_runs):
    data = bytearray(_write(tmp_path / "whole.warc.gz", _crawl(), gzip=True).read_bytes())
    start, size = _gzip_member_start(tmp_path, 2)  # the Moldova page
    at = start + int(size * where)
    data[at : at + 32] = bytes(32)
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(bytes(data))
    fast = _pages(path, fast=True)
    runs = list(warcio_runs)
    assert fast == _pages(path, fast=False)
    offsets = _record_offsets(tmp_path / "whole.warc.gz")
    # warcio from the record before the damage (the last one fastwarc had not yet proved whole),
    # then fastwarc again until the file's last record
    assert runs[0][0] == offsets[1] and runs[0][1] is not None
    assert runs[-1] == (offsets[-1], None) and len(runs) == 2
    [error] = [item for item in fast[0] if isinstance(item, str)]
    assert error.startswith(f"{path}: damaged WARC data after byte {offsets[2]}")


def test_cut_gzip_reads_as_warcio_does(tmp_path):
    data = _cut_gzip(_write(tmp_path / "whole.warc.gz", _crawl(), gzip=True).read_bytes())
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data)
    assert _pages(path, fast=True) == _pages(path, fast=False)


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip", "plain"])
def test_random_damage_loses_no_page_warcio_finds(tmp_path, gzip):
    """fastwarc reads a few damaged headers that warcio refuses (a garbled record id, for
    instance), so it may find more; it never finds fewer pages, nor gives more error lines."""
    whole = _write(tmp_path / "whole.warc", _crawl(), gzip=gzip).read_bytes()
    rng = random.Random(10)
    for n in range(60):
        at = rng.randrange(len(whole))
        path = tmp_path / f"hit{n}.warc"
        path.write_bytes(whole[:at] + rng.randbytes(rng.randint(1, 40)) + whole[at + 20 :])
        (fast, _), (reference, _) = _pages(path, fast=True), _pages(path, fast=False)
        assert {i[2] for i in reference if not isinstance(i, str)} <= {i[2] for i in fast if not isinstance(i, str)}
        assert len([i for i in fast if isinstance(i, str)]) <= len([i for i in reference if isinstance(i, str)])


def test_fast_path_page_size_is_bounded(tmp_path, warcio_runs):
    """A page over the limit that fastwarc reads is one line, and reading goes on."""
    big = "<html lang='en'><p>" + "padding words " * 2000 + "</p></html>"
    pages = [lambda w: _response(w, "http://news.example/big", big), *_crawl()]
    path = _write(tmp_path / "big.warc.gz", pages, gzip=True)
    counts = ReadCounts()
    items = list(warc_pages(path, counts, max_bytes=10_000))
    assert warcio_runs == [(_record_offsets(path)[-1], None)]  # the big page was fastwarc's
    assert str(items[0]) == f"{path} http://news.example/big: page larger than 10000 byte limit"
    assert [i.uri for i in items[1:]] == SCREENED
    assert (counts.pages, counts.failed) == (9, 1)


def _chunked(body: bytes) -> bytes:
    return b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"


ENCODED = {
    "gzip": (gzip.compress, [("Content-Encoding", "gzip")]),
    "chunked": (_chunked, [("Transfer-Encoding", "chunked")]),
    "chunked-gzip": (
        lambda page: _chunked(gzip.compress(page)),
        [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
    ),
    "not-gzip": (lambda page: b"not gzip at all " * 20, [("Content-Encoding", "gzip")]),
}


@pytest.mark.parametrize("encoding", list(ENCODED))
def test_encoded_bodies_are_decoded_as_warcio_decodes_them(tmp_path, encoding):
    encode, headers = ENCODED[encoding]
    body = encode(INCIDENT.replace("Moldova", "Malta").encode())

    def encoded(writer):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *headers], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "http://news.example/encoded", "response", payload=io.BytesIO(body), http_headers=http, length=len(body)
        )
        writer.write_record(record)

    path = _write(tmp_path / "encoded.warc.gz", [encoded, *_crawl()], gzip=True)
    fast = _pages(path, fast=True)
    assert fast == _pages(path, fast=False)
    found = [item for item in fast[0] if item[0] == "http://news.example/encoded"]
    if encoding == "not-gzip":
        assert found == []  # undecodable: warcio keeps the raw bytes, and they hold no sign
    else:
        assert [page[2] for page in found] == [INCIDENT.replace("Moldova", "Malta").encode()]
