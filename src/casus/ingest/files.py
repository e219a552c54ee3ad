"""Files and folders to Documents, with every unreadable input reported and skipped.

:func:`read_paths` yields an :class:`InputError` in place of each bad file (or bad JSON line)
instead of raising, so one corrupt file in a folder of thousands costs one line of output.
The checks run cheapest first: existence and size come from ``stat`` before a byte is read,
so an oversized file is never loaded.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from casus.errors import InputError
from casus.ingest.html import read_html
from casus.ingest.jsonl import read_jsonl
from casus.ingest.text import read_text
from casus.ingest.warc import WARC_SUFFIXES, ReadCounts, is_warc, read_warc
from casus.models import Document

MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
ALL_SUFFIXES = SUFFIXES + WARC_SUFFIXES  # a WARC file is no article: it holds many, and has no size limit

# C0 controls other than tab, newline, form feed and carriage return, plus DEL.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_MAX_CONTROL_SHARE = 0.05
_MAX_NON_ASCII_SHARE = 0.3  # cp1252 turns random high bytes into a soup of accented letters


def read_paths(
    paths: Iterable[str | Path], max_bytes: int = MAX_BYTES, counts: ReadCounts | None = None
) -> Iterator[Document | InputError]:
    """Documents from files and folders, folders walked recursively in name order.

    Inside folders only article files (``.txt``, ``.text``, ``.html``, ``.htm``, ``.jsonl``)
    and WARC archives (``.warc``, ``.warc.gz``) are read and hidden entries are skipped, so
    corpus notes such as README.md or SOURCES.md never become articles; a file named
    explicitly must have one of those suffixes. Errors are yielded, not raised, and name the
    path as given. Nothing is read ahead: a caller that consumes the documents one by one
    holds one file (or one WARC record) at a time. ``counts`` follows the bytes read and, for
    WARC files, what became of their pages.
    """
    counts = counts if counts is not None else ReadCounts()
    for item in input_files(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if is_warc(item):
            yield from read_warc(item, counts, max_bytes)
            continue
        try:
            yield from _read(item, max_bytes)
        except InputError as exc:
            yield exc
        finally:
            counts.bytes_done += _size(item)
            counts.progress()


def input_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """The files :func:`read_paths` would read, in its order; problems listing a folder as errors."""
    for given in paths:
        path = Path(given)
        yield from _walk(path) if path.is_dir() else iter([path])


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def article_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """The files :func:`read_paths` would read, in its order, without reading them: folders are
    walked here and each file is read elsewhere (a Dask worker) with ``read_paths([file])``."""
    for given in paths:
        path = Path(given)
        yield from _walk(path) if path.is_dir() else iter([path])


def read_file(path: str | Path, max_bytes: int = MAX_BYTES) -> list[Document]:
    """The Documents in one file (several for JSON lines); the first problem is raised."""
    docs = []
    for item in _read(Path(path), max_bytes):
        if isinstance(item, InputError):
            raise item
        docs.append(item)
    return docs


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """Article files under ``folder`` in name order; symlinked folders are not followed,
    which keeps a link loop from walking forever."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(folder), f"cannot list folder ({exc.strerror})")
        return
    for entry in entries:
        path = folder / entry.name
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_dir():  # a symlinked folder: skipped like any non-article entry
            continue
        elif path.suffix.lower() in SUFFIXES or is_warc(path):
            yield path


def _read(path: Path, max_bytes: int) -> Iterator[Document | InputError]:
    where, suffix = str(path), path.suffix.lower()
    if is_warc(path):
        yield from read_warc(path, max_bytes=max_bytes)
        return
    if suffix not in SUFFIXES:
        if not path.exists():  # a typo is better reported as such than as a bad suffix
            raise InputError(where, "no such file or directory")
        if path.is_dir():
            raise InputError(where, "is a folder")
        raise InputError(where, f"unsupported file type (expected one of {', '.join(ALL_SUFFIXES)})")
    text = _load(path, max_bytes)
    if suffix in TEXT_SUFFIXES:
        yield read_text(text, path.name, where=where)
    elif suffix in HTML_SUFFIXES:
        yield read_html(text, path.name, where=where)
    else:
        yield from read_jsonl(text, path.name, where=where)


def _limit(max_bytes: int) -> str:
    mib = 1024 * 1024
    return f"{max_bytes // mib} MiB" if max_bytes % mib == 0 else f"{max_bytes} byte"


def _load(path: Path, max_bytes: int) -> str:
    """The decoded contents of ``path``, after the size, emptiness and binary checks."""
    where = str(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(where, "no such file or directory") from None
    except OSError as exc:
        raise InputError(where, f"cannot read ({exc.strerror})") from None
    if not S_ISREG(stat.st_mode):  # a FIFO would block the read forever
        raise InputError(where, "is a folder" if S_ISDIR(stat.st_mode) else "not a regular file")
    too_big = InputError(where, f"larger than {_limit(max_bytes)} limit")
    if stat.st_size > max_bytes:
        raise too_big
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)  # the file may have grown since the stat
    except OSError as exc:
        raise InputError(where, f"cannot read ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise too_big
    text = _decode(data, where)
    if not text.strip():
        raise InputError(where, "empty file")
    return text


def _decode(data: bytes, where: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or cp1252 when that reads as text.

    cp1252 decodes almost any byte string, so it is only trusted when the result is
    printable and mostly ASCII, as Western European text is.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(where, "cannot decode as UTF-16 text") from None
        if "\x00" in text:  # UTF-32, whose BOM starts like UTF-16's, or binary behind a BOM
            raise InputError(where, "binary file, not text")
        return text
    controls = sum(data.count(c) for c in _CONTROL)
    if b"\x00" in data or controls > _MAX_CONTROL_SHARE * len(data):
        raise InputError(where, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(where, "cannot decode as UTF-8 text") from None
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    printable = all(ch.isprintable() or ch.isspace() for ch in text)
    if not printable or non_ascii > _MAX_NON_ASCII_SHARE * len(text):
        raise InputError(where, "cannot decode as UTF-8 text")
    return text
