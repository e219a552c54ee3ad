"""Is a page in English? casus's extraction reads English only, so other pages are skipped.

The cheap answers come first: the language a page declares (``<html lang="de">``) or its
server sends (``Content-Language``), read from bytes already in hand. When neither says, the
share of common English function words in the extracted text decides: English prose has
about every third word among them, other languages almost none.
"""

from __future__ import annotations

import re

_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([a-z]{2,3})\b", re.IGNORECASE)
_HEAD_BYTES = 4096  # the <html> tag opens the page; a doctype and comments rarely take more
_WORD = re.compile(r"[^\W\d_]+")
_STOPWORDS = frozenset(
    "the of and to a in is was for on that with as by at from it be has have are were this which "
    "said an its or not but had their they been he his will who after would also more than into "
    "over about could there when".split()
)
MIN_ENGLISH_SHARE = 0.15
MIN_WORDS = 30  # fewer words than this say too little: such a text is not rejected


def declared_language(data: bytes, content_language: str | None = None) -> str | None:
    """The primary language subtag a page declares (``en``, ``de``), lowercase, or None.

    The ``<html lang>`` attribute wins over the HTTP header: it is the page's own word about
    its text, while servers often send one header for a whole multilingual site.
    """
    m = _HTML_LANG.search(data, 0, _HEAD_BYTES)
    if m:
        return m.group(1).decode("ascii").lower()
    if content_language:
        first = content_language.split(",")[0].strip().split("-")[0].lower()
        if first.isalpha() and 2 <= len(first) <= 3:
            return first
    return None


def english_share(text: str) -> float:
    """The share of words in ``text`` that are common English function words."""
    words = _WORD.findall(text.lower())
    return sum(w in _STOPWORDS for w in words) / len(words) if words else 0.0


def looks_english(text: str) -> bool:
    """False only for a text long enough to tell that reads as another language."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return True
    return sum(w in _STOPWORDS for w in words) / len(words) >= MIN_ENGLISH_SHARE
