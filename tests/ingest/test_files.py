"""Files and folders: walk order, suffix filtering and one InputError per bad input."""

import os
from datetime import date

import pytest

from casus.errors import InputError
from casus.ingest import MAX_BYTES, read_file, read_paths
from casus.models import Document

from .conftest import BODY

SUFFIXES = ".txt, .text, .html, .htm, .jsonl, .warc, .warc.gz"

ARTICLE = "Pumps stop after intrusion\n2024-05-04\n\n" + BODY + "\n"


def _sources(items):
    return [i.source if isinstance(i, Document) else f"ERR {i}" for i in items]


def test_files_walk_order_and_suffix_filter(tmp_path, write):
    write("b.txt", ARTICLE.replace("Pumps", "B"))
    write("a.text", ARTICLE.replace("Pumps", "A"))
    write("sub/c.TXT", ARTICLE.replace("Pumps", "C"))
    write("sub/deeper/d.txt", ARTICLE.replace("Pumps", "D"))
    write("e.txt", ARTICLE.replace("Pumps", "E"))
    for skipped in ("README.md", "SOURCES.md", "notes.csv", ".hidden.txt", ".git/x.txt", "image.png"):
        write(skipped, ARTICLE)
    # Name order within each folder, folders among the files: the order of the full paths.
    assert _sources(read_paths([tmp_path])) == ["a.text", "b.txt", "e.txt", "c.TXT", "d.txt"]


def test_files_read_paths_keeps_argument_order(write):
    second, first = write("z.txt", ARTICLE.replace("Pumps", "Z")), write("y.txt", ARTICLE)
    assert _sources(read_paths([second, str(first)])) == ["z.txt", "y.txt"]


def test_files_read_paths_goes_on_after_errors(tmp_path, write):
    good = write("good.txt", ARTICLE)
    write("dir/empty.txt", "")
    write("dir/ok.txt", ARTICLE.replace("Pumps", "Valves"))
    items = list(read_paths([tmp_path / "missing.txt", tmp_path / "dir", good]))
    assert _sources(items) == [
        f"ERR {tmp_path / 'missing.txt'}: no such file or directory",
        f"ERR {tmp_path / 'dir' / 'empty.txt'}: empty file",
        "ok.txt",
        "good.txt",
    ]


def test_files_document_fields(write):
    [doc] = read_file(write("000_c857d42826d1cb67.txt", ARTICLE))
    assert doc.source == "000_c857d42826d1cb67.txt"
    assert doc.text == ARTICLE.rstrip()
    assert (doc.title, doc.published, doc.url) == ("Pumps stop after intrusion", date(2024, 5, 4), None)
    assert len(doc.id) == 64


def test_files_crlf_and_lf_give_same_id(write):
    [lf] = read_file(write("lf.txt", ARTICLE))
    [crlf] = read_file(write("crlf.txt", ARTICLE.replace("\n", "\r\n")))
    [spaced] = read_file(write("spaced.txt", ARTICLE.replace(" ", "  ") + "\n\n"))
    assert lf.id == crlf.id == spaced.id
    assert lf.text == crlf.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\r\n\t ", "empty file"),
        ("nul.txt", b"Pumps\x00stop" + BODY.encode(), "binary file, not text"),
        ("ctrl.txt", b"\x01\x02\x03\x1b" * 10 + BODY.encode(), "binary file, not text"),
        ("bad.txt", b"\x81\x8d\x8f\x90\x9d" * 10 + BODY.encode(), "cannot decode as UTF-8 text"),
        ("soup.txt", bytes(range(0xC0, 0x100)) * 3, "cannot decode as UTF-8 text"),
        ("stub.txt", b"Pumps stop after intrusion\n2024-05-04\n\nTo follow.", "no article text"),
        ("notes.md", ARTICLE.encode(), f"unsupported file type (expected one of {SUFFIXES})"),
    ],
)
def test_files_bad_input(write, name, content, reason):
    path = write(name, content)
    with pytest.raises(InputError) as info:
        read_file(path)
    assert (info.value.source, info.value.reason) == (str(path), reason)
    [error] = read_paths([path])
    assert str(error) == f"{path}: {reason}"


def test_files_missing_path(tmp_path):
    for missing in (tmp_path / "nope.txt", tmp_path / "nope"):
        [error] = read_paths([missing])
        assert error.reason == "no such file or directory"


def test_files_folder_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        read_file(tmp_path)


def test_files_oversized_checked_before_reading(write):
    path = write("huge.txt", b"")
    with path.open("r+b") as f:  # sparse: the size is there, the bytes are not
        f.truncate(MAX_BYTES + 1)
    [error] = read_paths([path])
    assert error.reason == "larger than 5 MiB limit"
    small = write("small.txt", ARTICLE)
    [error] = read_paths([small], max_bytes=100)
    assert error.reason == "larger than 100 byte limit"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_files_decodes_text_encodings(write, encoding):
    text = "Caf\u00e9 owners \u201cworried\u201d\n\n" + BODY
    [doc] = read_file(write("enc.txt", text.encode(encoding)))
    assert doc.text == text
    assert doc.title == "Caf\u00e9 owners \u201cworried\u201d"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_files_unreadable(write):
    path = write("locked.txt", ARTICLE)
    path.chmod(0)
    try:
        [error] = read_paths([path])
        assert error.reason.startswith("cannot read")
    finally:
        path.chmod(0o600)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_files_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [error] = read_paths([fifo])
    assert error.reason == "not a regular file"


def test_files_symlink_loop_is_not_followed(tmp_path, write):
    write("a.txt", ARTICLE)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "looks-like.txt").symlink_to(tmp_path, target_is_directory=True)
    assert _sources(read_paths([tmp_path])) == ["a.txt"]
