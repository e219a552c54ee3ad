"""Sentence boundaries as character offsets, without building token objects.

A line break always ends a sentence (headlines, datelines and bullet points carry no full
stop). Inside a line, a sentence ends at ``.``, ``!`` or ``?`` (and any closing quotes or
brackets) followed by space and a capital, a digit or an opening quote, unless the word before
the stop is an abbreviation ("U.S.", "Mr.", "Jan.") or an initial ("Adewale O. Adeyemo").
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt maj capt sgt sen rep gov pres st mt ft jr sr inc ltd co corp plc llc "
    "vs etc al no nos fig jan feb mar apr jun jul aug sep sept oct nov dec approx dept univ est".split()
)
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]*[A-Z0-9])")


def _is_abbreviation(line: str, stop: int) -> bool:
    if line[stop] != ".":
        return False
    begin = max(line.rfind(" ", 0, stop), line.rfind("\t", 0, stop)) + 1
    word = line[begin:stop].lstrip("(\"'“‘")
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial
    if "." in word:
        return True  # U.S., e.g., a.m.
    return word.lower() in ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, stripped of surrounding whitespace, in text order."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = 0
        for m in _END.finditer(line):
            if _is_abbreviation(line, m.start()):
                continue
            _add(spans, line, start, m.end(), pos)
            start = m.end()
        _add(spans, line, start, len(line), pos)
        pos += len(line) + 1
    return spans


def _add(spans: list[tuple[int, int]], line: str, start: int, end: int, offset: int) -> None:
    chunk = line[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((offset + start + lead, offset + start + lead + len(stripped)))
