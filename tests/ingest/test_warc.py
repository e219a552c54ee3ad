"""WARC archives: pages to documents, prefilter and language decisions, damaged files.

Every archive is written here with warcio's own WARCWriter from pages written for these tests
(a made-up incident between real states, since extraction knows real states only).
"""

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from casus.errors import InputError
from casus.ingest import ReadCounts, read_paths, read_warc
from casus.ingest.language import declared_language, looks_english
from casus.ingest.prefilter import signs, worth_parsing
from casus.models import Document
from casus.store import open_store

INCIDENT = """<!doctype html><html lang="en"><head><title>Moldova blames Belarus for hack of customs service</title>
<meta property="article:published_time" content="2025-03-04"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Moldova blames Belarus for hack of customs service</h1>
<p>Moldova's customs service was knocked offline on Monday by a cyberattack that wiped data from hundreds
of computers at border posts, the government in Chisinau said.</p>
<p>The Moldovan foreign ministry attributed the attack to hackers working for Belarus's state security
service and said the wiper malware had been planted weeks earlier.</p>
<p>Belarus denied any involvement in the attack and called the accusation a provocation.</p>
<p>Moldova summoned the Belarusian ambassador on Tuesday and said it would ask its partners for sanctions.</p>
</article><footer>Contact us | Privacy</footer></body></html>"""

# No date of its own: the page takes the day of its WARC-Date.
UNDATED = """<html><head><title>Hackers deface ministry websites in Tallinn</title></head><body><article>
<h1>Hackers deface ministry websites in Tallinn</h1>
<p>Several websites of the Estonian government were defaced on Friday by hackers who posted messages
praising a foreign army, the ministry of the interior said in a statement to reporters.</p>
<p>Officials said the intrusion was contained within hours and that no data had been taken from the servers.</p>
</article></body></html>"""

RECIPE = """<html lang="en"><head><title>Rye bread at home</title></head><body><article><h1>Rye bread at home</h1>
<p>Mix the flour with warm water and leave the dough to rest overnight in a covered bowl near the stove.</p>
<p>Bake the loaf for forty minutes until the crust sounds hollow, then let it cool on a rack before slicing.</p>
</article></body></html>"""

CYBER_ONLY = """<html lang="en"><head><title>Bakery chain hit by ransomware</title></head><body><article>
<p>A regional bakery chain said ransomware had locked its ordering system over the weekend and that
deliveries to its shops would be late for a few days while its staff restored the files from backups.</p>
</article></body></html>"""

STATE_ONLY = """<html lang="en"><head><title>Ministry publishes road budget</title></head><body><article>
<p>The transport ministry published its road budget on Thursday, and the government said most of the money
would go to repairing bridges and rural roads that were damaged by the spring floods last year.</p>
</article></body></html>"""

GERMAN_DECLARED = INCIDENT.replace('lang="en"', 'lang="de"')

GERMAN_UNDECLARED = """<html><head><title>Hackerangriff auf Ministerium</title></head><body><article>
<h1>Hackerangriff auf Ministerium</h1>
<p>Die Regierung teilte am Montag mit, dass ein Cyberangriff auf das Ministerium die Computer in mehreren
Dienststellen lahmgelegt habe und dass die Ermittler noch nicht wissen, wer hinter dem Angriff steckt.</p>
<p>Nach Angaben der Behörden wurden keine Daten gestohlen, doch die Arbeit der Beamten ist seit Tagen gestört
und viele Anträge der Bürger bleiben liegen, bis die Systeme wieder laufen.</p>
</article></body></html>"""

PLAIN_CONVERSION = (
    "Hackers hit ministry mail servers\n\nThe government of Latvia said hackers had broken into the mail "
    "servers of its defence ministry and read messages for several weeks before they were found.\n"
)


def _response(writer, uri, body, content_type="text/html; charset=utf-8", status="200 OK", date_="2025-03-05"):
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body if isinstance(body, bytes) else body.encode("utf-8")),
        http_headers=http,
        warc_headers_dict={"WARC-Date": f"{date_}T10:00:00Z"},
    )
    writer.write_record(record)


def _record(writer, uri, kind, body, content_type):
    record = writer.create_warc_record(
        uri, kind, payload=io.BytesIO(body.encode("utf-8")), warc_content_type=content_type
    )
    writer.write_record(record)


def _write(path: Path, pages, gzip: bool) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gzip)
        for page in pages:
            page(writer)
    return path


def _crawl():
    """The mixed crawl: two relevant pages among irrelevant, foreign and non-HTML records."""
    return [
        lambda w: _record(w, "dns:news.example", "resource", "news.example 300 IN A 192.0.2.1", "text/dns"),
        lambda w: _response(w, "http://news.example/recipes/rye", RECIPE),
        lambda w: _response(w, "http://news.example/world/moldova-hack", INCIDENT),
        lambda w: _response(w, "http://news.example/style.css", "body { color: red } /* hack */", "text/css"),
        lambda w: _response(w, "http://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
        lambda w: _response(w, "http://news.example/business/bakery", CYBER_ONLY),
        lambda w: _response(w, "http://news.example/politics/roads", STATE_ONLY),
        lambda w: _response(
            w, "http://news.example/missing", INCIDENT.replace("Moldova", "Malta"), status="404 Not Found"
        ),
        lambda w: _response(w, "http://news.example/de/hack", GERMAN_DECLARED),
        lambda w: _response(w, "http://news.example/de/angriff", GERMAN_UNDECLARED),
        lambda w: _response(w, "http://news.example/baltics/tallinn", UNDATED, date_="2024-11-08"),
        lambda w: _record(w, "http://news.example/riga.pdf", "conversion", PLAIN_CONVERSION, "text/plain"),
    ]


@pytest.fixture(params=[True, False], ids=["gzip", "plain"])
def crawl(request, tmp_path) -> Path:
    name = "crawl.warc.gz" if request.param else "crawl.warc"
    return _write(tmp_path / name, _crawl(), gzip=request.param)


def test_warc_documents_and_counts(crawl):
    counts = ReadCounts()
    items = list(read_warc(crawl, counts))
    assert all(isinstance(i, Document) for i in items), items
    by_source = {d.source: d for d in items}
    assert list(by_source) == [
        "http://news.example/world/moldova-hack",
        "http://news.example/baltics/tallinn",
        "http://news.example/riga.pdf",
    ]
    moldova = by_source["http://news.example/world/moldova-hack"]
    assert moldova.url == moldova.source
    assert moldova.title == "Moldova blames Belarus for hack of customs service"
    assert moldova.published == date(2025, 3, 4)  # the page's own date wins over the WARC-Date
    assert "summoned the Belarusian ambassador" in moldova.text
    assert "Contact us" not in moldova.text and "Sport" not in moldova.text  # boilerplate is dropped
    assert by_source["http://news.example/baltics/tallinn"].published == date(2024, 11, 8)
    assert by_source["http://news.example/riga.pdf"].title == "Hackers hit ministry mail servers"
    # pages: 7 HTML 2xx responses + 1 conversion; css, png, dns and the 404 are not pages
    assert (counts.pages, counts.prefiltered, counts.non_english, counts.parsed, counts.failed) == (8, 3, 2, 3, 0)
    assert counts.warc_files == 1
    assert counts.bytes_done == crawl.stat().st_size


def test_warc_gzip_and_plain_give_the_same_documents(tmp_path):
    gz = _write(tmp_path / "a.warc.gz", _crawl(), gzip=True)
    plain = _write(tmp_path / "b.warc", _crawl(), gzip=False)
    assert gz.stat().st_size < plain.stat().st_size
    assert [d.id for d in read_warc(gz)] == [d.id for d in read_warc(plain)]


def test_prefilter_needs_both_kinds_of_sign():
    assert signs(INCIDENT.encode()) == {"cyber", "state"}
    assert signs(CYBER_ONLY.encode()) == {"cyber"}
    assert signs(STATE_ONLY.encode()) == {"state"}
    assert signs(RECIPE.encode()) == set()
    assert worth_parsing(b"<p>STATE-SPONSORED group APT41 targeted the Ministry</p>")
    # words inside longer words are no sign: shack, chapter, adaptation
    assert not worth_parsing(b"<p>a shack by the lake, the next chapter, an adaptation of the government report</p>")
    assert worth_parsing(b"<p>the government said APT29 was behind it</p>")
    assert not worth_parsing(b"<p>the government praised his aptitude</p>")


def test_language_declared_or_measured():
    assert declared_language(b'<!doctype html><html class="x" lang="de-AT">') == "de"
    assert declared_language(b"<html LANG=EN>") == "en"
    assert declared_language(b"<html><body>", "fr-CA, en") == "fr"
    assert declared_language(b'<html lang="en">', "fr") == "en"  # the page's own word wins
    assert declared_language(b"<html><body>") is None
    assert looks_english("The minister said that the attack on the network was over. " * 5)
    assert not looks_english("Die Regierung teilte mit, dass der Angriff auf das Netz vorbei sei. " * 5)
    assert looks_english("Kurz.")  # too short to tell: kept


def test_read_paths_dispatches_warc_files_and_folders(tmp_path, write):
    _write(tmp_path / "feed" / "one.warc.gz", _crawl()[:3], gzip=True)
    _write(tmp_path / "feed" / "sub" / "two.WARC", _crawl()[9:11], gzip=False)
    write("feed/notes.md", "not an article")
    counts = ReadCounts()
    items = list(read_paths([tmp_path / "feed"], counts=counts))
    assert [i.source for i in items] == [
        "http://news.example/world/moldova-hack",
        "http://news.example/baltics/tallinn",
    ]
    assert counts.warc_files == 2 and counts.non_english == 1


def _damaged(tmp_path: Path, name: str, cut) -> tuple[list, ReadCounts, Path]:
    whole = _write(tmp_path / f"whole-{name}", _crawl(), gzip=name.endswith(".gz")).read_bytes()
    path = tmp_path / name
    path.write_bytes(cut(whole))
    counts = ReadCounts()
    return list(read_warc(path, counts)), counts, path


def _offset_of(data: bytes, uri: str) -> int:
    """Where the record for ``uri`` starts in a plain WARC."""
    return data.rindex(b"WARC/1.", 0, data.index(uri.encode()))


def test_warc_truncated_gzip_keeps_records_before(tmp_path):
    items, counts, path = _damaged(tmp_path, "cut.warc.gz", lambda data: data[: len(data) - 300])
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.source for d in docs] == ["http://news.example/world/moldova-hack", "http://news.example/baltics/tallinn"]
    [error] = errors
    assert str(error).startswith(f"{path}: truncated") and "\n" not in str(error)
    assert counts.failed == 1


def test_warc_truncated_plain_reports_the_cut_record(tmp_path):
    items, counts, path = _damaged(tmp_path, "cut.warc", lambda data: data[: len(data) - 40])
    assert [i.source for i in items if isinstance(i, Document)] == [
        "http://news.example/world/moldova-hack",
        "http://news.example/baltics/tallinn",
    ]
    [error] = [i for i in items if isinstance(i, InputError)]
    assert str(error) == f"{path} http://news.example/riga.pdf: record cut short: the file ends inside it"


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_warc_corrupt_gzip_member_is_skipped_and_reading_resumes(tmp_path, where):
    def corrupt(data: bytes) -> bytes:
        # the gzip members are found by writing the crawl one record at a time
        sizes = [
            len(_write(tmp_path / f"m{i}.warc.gz", [page], gzip=True).read_bytes()) for i, page in enumerate(_crawl())
        ]
        start = sum(sizes[:2])  # member 2 is the Moldova page
        at = start + int(sizes[2] * where)
        return data[:at] + bytes(32) + data[at + 32 :]

    items, counts, path = _damaged(tmp_path, "corrupt.warc.gz", corrupt)
    assert [i.source for i in items if isinstance(i, Document)] == [
        "http://news.example/baltics/tallinn",
        "http://news.example/riga.pdf",
    ]
    [error] = [i for i in items if isinstance(i, InputError)]
    assert str(error).startswith(f"{path}: damaged WARC data after byte ") and "resuming at byte" in str(error)
    assert counts.prefiltered == 3  # the irrelevant pages after the damage were still read


def test_warc_bad_record_header_is_skipped(tmp_path):
    def bad_header(data: bytes) -> bytes:
        at = _offset_of(data, "http://news.example/world/moldova-hack")
        return data[:at] + b"WARX/9.9" + data[at + 8 :]

    items, _, path = _damaged(tmp_path, "header.warc", bad_header)
    assert [i.source for i in items if isinstance(i, Document)] == [
        "http://news.example/baltics/tallinn",
        "http://news.example/riga.pdf",
    ]
    [error] = [i for i in items if isinstance(i, InputError)]
    assert "(bad record header)" in str(error) and str(error).startswith(f"{path}: damaged WARC data")


def test_warc_wrong_content_length_drops_that_record_only(tmp_path):
    def shorter(data: bytes) -> bytes:
        at = _offset_of(data, "http://news.example/world/moldova-hack")
        start = data.index(b"Content-Length: ", at) + len(b"Content-Length: ")
        end = data.index(b"\r\n", start)
        return data[:start] + str(int(data[start:end]) - 10).encode() + data[end:]

    items, _, _ = _damaged(tmp_path, "length.warc", shorter)
    assert "http://news.example/world/moldova-hack" not in [i.source for i in items if isinstance(i, Document)]
    assert "http://news.example/riga.pdf" in [i.source for i in items if isinstance(i, Document)]
    [error] = [i for i in items if isinstance(i, InputError)]
    assert "damaged WARC data" in str(error)


@pytest.mark.parametrize("name", ["garbage.warc", "garbage.warc.gz"])
def test_warc_garbage_and_missing_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 40)
    [error] = read_warc(path)
    assert str(error) == f"{path}: not a WARC file"
    [missing] = read_paths([tmp_path / "gone.warc.gz"])
    assert str(missing) == f"{tmp_path / 'gone.warc.gz'}: no such file or directory"


@pytest.mark.parametrize(
    "content",
    [b"<!doctype html><html><body><p>Not an archive, only a page of words.</p></body></html>\n", b" \n\t\r\n  \n"],
    ids=["five-words-first-line", "blank-lines"],
)
@pytest.mark.parametrize("name", ["page.warc", "page.warc.gz"])
def test_non_warc_text_named_warc_is_refused(tmp_path, name, content):
    """warcio reads a first line of five words as an old ARC header, and blank lines as an empty
    record; either way the file is no WARC and says so, instead of being skipped without a word."""
    path = tmp_path / name
    path.write_bytes(content)
    [error] = read_warc(path)
    assert str(error) == f"{path}: not a WARC file"


@pytest.mark.parametrize("name", ["empty.warc", "empty.warc.gz"])
def test_empty_warc_file_is_one_line(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    [error] = read_warc(path)
    assert str(error) == f"{path}: empty file"


def test_warc_page_size_is_bounded(tmp_path):
    big = INCIDENT.replace("</article>", "<p>" + "padding words " * 2000 + "</p></article>")
    path = _write(tmp_path / "big.warc", [lambda w: _response(w, "http://news.example/big", big)], gzip=False)
    [error] = read_warc(path, max_bytes=10_000)
    assert str(error) == f"{path} http://news.example/big: page larger than 10000 byte limit"


def test_cli_ingest_warc_stores_the_incident(tmp_path):
    crawl = _write(tmp_path / "crawl.warc.gz", _crawl(), gzip=True)
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(crawl.read_bytes()[:-300])
    db = tmp_path / "casus.db"
    command = [str(Path(sys.executable).with_name("casus")), "ingest", str(crawl), str(broken), "--db", str(db)]
    env = {**os.environ, "COLUMNS": "400"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 1  # the broken copy failed, in one line; the run went on
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        f"casus: {broken}: truncated: the file ends inside a record after byte "
        + result.stderr.split("after byte ")[1].split()[0]
    ]
    [summary] = result.stdout.splitlines()
    assert summary.startswith("read 5 documents: 2 already stored, 0 copies of stored documents, 1 failed;")
    assert summary.endswith("; WARC pages: 15 read, 6 prefiltered out, 4 non-English, 5 parsed, 1 failed")
    store = open_store(db)
    try:
        rows = list(store.incidents())
        moldova = [r for r in rows if "Moldova" in r.title]
        assert len(moldova) == 1
        sources = {store.document(r.doc_id).source for r in moldova[0].reports}
    finally:
        store.close()
    assert sources == {"http://news.example/world/moldova-hack"}


def test_read_paths_streams_one_input_at_a_time(tmp_path):
    first = _write(tmp_path / "a.warc.gz", _crawl()[:3], gzip=True)
    second = _write(tmp_path / "b.warc.gz", _crawl()[9:11], gzip=True)
    counts = ReadCounts()
    items = read_paths([first, second], counts=counts)
    assert next(items).source == "http://news.example/world/moldova-hack"
    assert counts.warc_files == 1  # the second archive is not opened yet...
    second.unlink()  # ...so taking it away now is seen when the reader gets there
    assert [str(i) for i in items] == [f"{second}: no such file or directory"]
    assert counts.bytes_done == first.stat().st_size


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip", "plain"])
def test_warc_random_damage_never_raises(tmp_path, gzip, capfd):
    """Bytes overwritten anywhere: the reader yields documents and one-line errors, never raises,
    and writes nothing itself (warcio's own warnings would break the one-line rule)."""
    import random

    whole = _write(tmp_path / "whole.warc", _crawl(), gzip=gzip).read_bytes()
    rng = random.Random(10)
    for n in range(25):
        at = rng.randrange(len(whole))
        path = tmp_path / f"hit{n}.warc"
        path.write_bytes(whole[:at] + rng.randbytes(rng.randint(1, 40)) + whole[at + 20 :])
        items = list(read_warc(path))
        assert all(isinstance(i, Document | InputError) for i in items)
        assert all("\n" not in str(i) for i in items if isinstance(i, InputError))
        assert len([i for i in items if isinstance(i, Document)]) <= 3
    assert capfd.readouterr() == ("", "")


def test_warc_odd_target_uri_is_read_quietly(tmp_path, capfd, caplog):
    path = _write(tmp_path / "odd.warc", [lambda w: _response(w, "http://news.example/a b", INCIDENT)], gzip=False)
    raw = path.read_bytes().replace(b"http://news.example/a%20b", b"http://news.example/a b")
    path.write_bytes(raw)  # as a careless crawler writes it; warcio itself would warn about it
    [doc] = read_warc(path)
    assert doc.source == "http://news.example/a%20b"
    assert capfd.readouterr() == ("", "")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("warcio")] == []
