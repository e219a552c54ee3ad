"""Plain-text articles: the text as written, plus the headline and date its header may carry.

Articles arrive in two shapes: a clean header (headline, date line, blank line, body) or raw
text whose first lines are anything from a body sentence to scraped page furniture such as
``Thu | Sep 8, 2022 | 3:16 PM PDT``. :func:`parse_header` reads only the first three non-empty
lines, and dates only through a fixed set of regular expressions: ``dateparser`` is given the
matched substring alone, because run over free text it finds "dates" in ordinary words.

``Document.text`` keeps the text verbatim apart from line endings and NFC, because later
stages quote sentences by character offset into exactly that string.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime

import dateparser

from casus.errors import InputError
from casus.models import Document

MIN_BODY_CHARS = 20  # fewer non-space characters than this is a stub, not an article
MAX_CHARS = 1_000_000  # the most spaCy takes in one text (Language.max_length); no article is longer
MAX_TITLE_CHARS = 200
MAX_DATE_LINE_CHARS = 120
HEADER_LINES = 3

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?"
_ISO_DAY = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
# Named-month forms: "March 24, 2016", "MAY 29, 2012", "19 May, 2020", "18 October 24".
_NAMED_DAY = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?:\d{{4}}|\d{{2}})\b",
    re.IGNORECASE,
)
# Month precision ("2021-03", "March 2021") only counts when it is all the line says: inside
# a longer line it is far more often part of a sentence than a publication date.
_MONTH_ONLY = re.compile(rf"\d{{4}}-\d{{2}}|{_MONTH}\s+\d{{4}}", re.IGNORECASE)
# What may precede the date on a date line: weekdays, labels, separators.
_DATE_PREFIX = re.compile(
    rf"(?:[\s|,:;·•/\-–—]|\b(?:{_WEEKDAY}|dated?|published|updated|posted|last|on)\b\.?|"
    # a time before the date: "16:26 GMT, Thursday, 21 January 2010", "15:30 JST, January 9, 2025"
    r"\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?)*",
    re.IGNORECASE,
)
# "25.01.2010": dotted numeric dates are day first wherever news writes them
_DOTTED_DAY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_CLOSERS = "\"'”’»)]"
_SENTENCE_END = (".", "!", "?", "…")
_DATEPARSER = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}


def clean_text(text: str) -> str:
    """Line endings to ``\\n``, NFC, trailing whitespace dropped; nothing else changes, so
    offsets computed on the result stay valid for the document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    return unicodedata.normalize("NFC", text)


def document_id(text: str) -> str:
    """SHA-256 of the text with case and whitespace differences folded away, so one article
    copied through two feeds or editors is one document."""
    norm = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    norm = re.sub(r"\s+", " ", norm).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def check_length(text: str, where: str) -> None:
    """Refuse a text extraction could not take, here, with the input's name, rather than fail
    later inside the extractor with its own message."""
    if len(text) > MAX_CHARS:
        raise InputError(where, f"text of {len(text):,} characters, over the {MAX_CHARS:,} an article may have")


def has_body(text: str) -> bool:
    return len(re.sub(r"\s+", "", text)) >= MIN_BODY_CHARS


def _plausible(day: date | None) -> date | None:
    return day if day is not None and 1900 <= day.year <= 2100 else None


def _parse_span(span: str, *, month_only: bool = False) -> date | None:
    """A matched date substring to a date: ISO directly, named months through dateparser."""
    if _ISO_DAY.fullmatch(span):
        try:
            return _plausible(date.fromisoformat(span))
        except ValueError:  # 2024-13-45 matches the pattern but is no date
            return None
    if dotted := _DOTTED_DAY.fullmatch(span):
        try:
            return _plausible(date(int(dotted[3]), int(dotted[2]), int(dotted[1])))
        except ValueError:
            return None
    if month_only:
        settings = {**_DATEPARSER, "REQUIRE_PARTS": ["month", "year"]}
    else:
        settings = {**_DATEPARSER, "STRICT_PARSING": True}
    parsed = dateparser.parse(span, languages=["en"], settings=settings)
    return _plausible(parsed.date() if parsed else None)


def _find_date(line: str) -> tuple[int, int, date] | None:
    """The earliest full date in ``line`` as (start, end, date)."""
    found = [m for rx in (_ISO_DAY, _NAMED_DAY, _DOTTED_DAY) if (m := rx.search(line))]
    for m in sorted(found, key=lambda m: m.start()):
        if (day := _parse_span(m.group())) is not None:
            return m.start(), m.end(), day
    return None


def date_of_line(line: str) -> date | None:
    """The publication date if ``line`` is a date line: short, opening with the date (after
    weekdays or labels like "Published:"), and not a sentence that merely contains one."""
    line = line.strip()
    if not line or len(line) > MAX_DATE_LINE_CHARS:
        return None
    lead = _DATE_PREFIX.match(line)
    rest = line[lead.end() if lead else 0 :]
    if _MONTH_ONLY.fullmatch(rest.rstrip(" .,")):
        return _parse_span(rest.rstrip(" .,"), month_only=True)
    hit = _find_date(line)
    if hit is None or _DATE_PREFIX.fullmatch(line[: hit[0]]) is None:
        return None
    tail = line[hit[1] :].rstrip(_CLOSERS)
    if tail.endswith(_SENTENCE_END) and re.search(r"[^\W\d_]", tail):
        return None  # "May 4, 2024 was the day hackers struck." is body text
    return hit[2]


def parse_date(value: str) -> date | None:
    """A date from a metadata field (ISO timestamps, or one of the header forms anywhere)."""
    value = value.strip()
    try:
        return _plausible(datetime.fromisoformat(value.replace("Z", "+00:00")).date())
    except ValueError:
        pass
    if _MONTH_ONLY.fullmatch(value):
        return _parse_span(value, month_only=True)
    hit = _find_date(value) if len(value) <= MAX_DATE_LINE_CHARS else None
    return hit[2] if hit else None


def _is_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def _headline_like(line: str) -> bool:
    return len(line) <= MAX_TITLE_CHARS and re.search(r"[^\W\d_]", line) is not None


def _lines(text: str, pos: int = 0) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped) for each non-empty line from ``pos``, ``end`` past its break."""
    for m in _LINE.finditer(text, pos):
        if m.group().strip():
            yield m.start(), m.end(), m.group().strip()


def parse_header(text: str) -> tuple[str, date | None, int]:
    """(title, published, body_start) of an article's text.

    The header is a run of at most three non-empty lines at the top, each one of:
    1. the date line (the first line that :func:`date_of_line` accepts);
    2. the headline: the first short line that is not a sentence, or a short question or
       exclamation right above the date line ("Did Iran do it?" over "2020-05-29");
    3. a short non-sentence line above the date line (a byline between headline and date).
    The run stops at the first other line, which is where the body starts. A date line met
    after the body has started is body text, not the publication date.
    """
    cands = []
    for i, cand in enumerate(_lines(text)):
        if i == HEADER_LINES:
            break
        cands.append(cand)
    dates = [date_of_line(line) for _, _, line in cands]
    date_i = next((i for i, d in enumerate(dates) if d is not None), None)
    title_i, last = None, -1
    for i, (_, _, line) in enumerate(cands):
        if i == date_i:
            last = i
            continue
        short = _headline_like(line)
        above_date = date_i is not None and i < date_i
        question = i + 1 == date_i and line.rstrip(_CLOSERS).endswith(("?", "!"))
        if title_i is None and short and (not _is_sentence(line) or question):
            title_i = last = i
        elif short and above_date and not _is_sentence(line):
            last = i
        else:
            break
    if last < 0:
        return "", None, 0
    published = dates[date_i] if date_i is not None and date_i <= last else None
    title = cands[title_i][2] if title_i is not None else ""
    start = next((s for s, _, _ in _lines(text, cands[last][1])), len(text))
    return title, published, start


def read_text(text: str, source: str, *, where: str | None = None) -> Document:
    """A plain-text article as a Document; ``where`` names the input in errors."""
    text = clean_text(text)
    check_length(text, where or source)
    title, published, start = parse_header(text)
    if not has_body(text[start:]):
        raise InputError(where or source, "no article text")
    return Document(id=document_id(text), source=source, text=text, title=title, published=published)


def with_header(title: str, published: date | None, body: str) -> str:
    """Text for an article whose headline and date came as metadata (HTML, JSON lines): the
    same shape as a plain-text file, so :func:`parse_header` and the id treat it alike."""
    title = " ".join(title.split())
    first = body.split("\n", 1)[0]
    if not title or " ".join(first.split()).casefold() == title.casefold():
        return body  # no headline, or the extractor already kept it as the first line
    head = f"{title}\n{published.isoformat()}" if published else title
    return f"{head}\n\n{body}"
