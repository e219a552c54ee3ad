"""JSON lines: one article per line, ``{"url", "title", "published", "text"}``.

A feed dump often has a few broken records among thousands of good ones, so a bad line is
reported by its line number and the rest of the file is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from casus.errors import InputError
from casus.ingest.text import check_length, clean_text, document_id, has_body, parse_date, parse_header, with_header
from casus.models import Document


def read_jsonl(text: str, source: str, *, where: str | None = None) -> Iterator[Document | InputError]:
    """Each non-blank line as a Document, or as an InputError naming ``<where>:<line>``.

    ``source`` (the file name) stands in for a record's missing URL as ``<source>:<line>``.
    """
    where = where or source
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield _record(line, f"{source}:{n}", f"{where}:{n}")
        except InputError as exc:
            yield exc


def _string(record: dict, key: str, loc: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(loc, f"{key} is not a string")
    if value and "\x00" in value:  # a JSON escape (\u0000) brings in what a file's binary check keeps out
        raise InputError(loc, f"{key} holds a NUL character")
    if value and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # an unpaired surrogate escape (\ud800): no text can be made of it
            raise InputError(loc, f"{key} holds an unpaired surrogate, not Unicode text") from None
    return (value.strip() or None) if value is not None else None


def _record(line: str, fallback: str, loc: str) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(loc, f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise InputError(loc, "not valid JSON (nested too deeply)") from None
    except ValueError:  # an integer of more digits than Python converts
        raise InputError(loc, "not valid JSON (a number too long to read)") from None
    if not isinstance(record, dict):
        raise InputError(loc, "not a JSON object")
    return document_from_record(record, fallback, loc)


def document_from_record(record: dict, fallback: str, loc: str) -> Document:
    """One article from a mapping with ``text`` and optional ``url``, ``title``, ``published``;
    ``fallback`` names its source when it has no URL. Used for JSON lines and the web API."""
    body = _string(record, "text", loc)
    if body is None:
        raise InputError(loc, "missing text")
    body = clean_text(body)
    if not has_body(body[parse_header(body)[2] :]):  # a headline and date line alone are no article
        raise InputError(loc, "no article text")
    url = _string(record, "url", loc)
    title = " ".join((_string(record, "title", loc) or "").split())
    published = None
    if (when := _string(record, "published", loc)) is not None:
        if (published := parse_date(when)) is None:
            raise InputError(loc, f"published is not a date: {when[:40]!r}")
    text = with_header(title, published, body)
    check_length(text, loc)
    return Document(
        id=document_id(text),
        source=url or fallback,
        text=text,
        title=title,
        published=published,
        url=url,
    )
