"""Dates in a sentence, resolved against the article's own date.

News dates are mostly relative ("on Wednesday", "last July", "late October", "earlier this
month"), which general date parsers either miss or anchor in the future. The shapes are few,
so they are matched here and resolved to the precision the text gives: a weekday to a day, "in
July" to a month, "in 2011" to a year. A weekday is the latest such day on or before the
article's date (news reports the past); a month without a year is the latest such month on or
before it. Without an article date, only dates that carry their year are resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}

_MON = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_PATTERNS = [
    ("iso", re.compile(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+([0-9]{{1,2}})(?:st|nd|rd|th)?(?:,?\s+([0-9]{{4}}))?\b", re.I)),
    (
        "dmy",
        re.compile(
            rf"\b([0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*[0-9]{{1,2}})?\s+(?:of\s+)?{_MON}"
            rf"(?:,?\s+([0-9]{{4}}))?\b",
            re.I,
        ),
    ),
    (
        "my",
        re.compile(
            rf"\b(early|mid|late|end of|last|this|in|since|from|until|by|during|of)?[\s-]*{_MON}"
            rf"(?:,?\s+([0-9]{{4}}))?\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(last\s+|on\s+|this\s+|)(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
            r"(?:'s)?\b",
            re.I,
        ),
    ),
    (
        "rel",
        re.compile(
            r"\b(today|yesterday|last year|this year|last month|earlier this month|this month|"
            r"earlier this year|last week|this week)\b",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"\b(?:in|since|from|during|of|early|mid|late|by)[\s-]+(?:(?:early|mid|late)[\s-]+)?"
            r"((?:19|20)[0-9]{2})\b|\b((?:19|20)[0-9]{2})\b",
            re.I,
        ),
    ),
]


# a cheap test before the date patterns: most sentences name no date at all
MAYBE_DATE = re.compile(
    r"[0-9]|day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|year|month|week", re.I
)


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: int
    end: int
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY

    @property
    def precision(self) -> int:
        return {10: 3, 7: 2, 4: 1}[len(self.value)]


def _month_before(month: int, ref: date | None, year: str | None) -> int | None:
    if year:
        return int(year)
    if ref is None:
        return None
    return ref.year if month <= ref.month else ref.year - 1


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return 1990 <= y <= 2100
    except ValueError:
        return False


def _resolve(kind: str, m: re.Match, ref: date | None) -> str | None:
    g = m.groups()
    if kind == "iso":
        y, mo, d = int(g[0]), int(g[1]), int(g[2])
        return f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
    if kind in ("mdy", "dmy"):
        mon, day, year = (g[0], g[1], g[2]) if kind == "mdy" else (g[1], g[0], g[2])
        mo, d = MONTHS[mon.lower()[:3]], int(day)
        y = _month_before(mo, ref, year)
        if y is None or not _valid(y, mo, d):
            return None
        return f"{y:04d}-{mo:02d}-{d:02d}"
    if kind == "my":
        lead, mon, year = g
        mo = MONTHS[mon.lower().rstrip(".")[:3]]
        if mon.lower() == "may" and not (lead or year):
            return None  # the verb
        y = _month_before(mo, ref, year)
        if lead and lead.lower() == "last" and ref and not year and y == ref.year and mo >= ref.month:
            y -= 1
        return f"{y:04d}-{mo:02d}" if y else None
    if kind == "weekday" and ref:
        wd = WEEKDAYS[g[1].lower()]
        back = (ref.weekday() - wd) % 7
        if g[0].strip().lower() == "last" and back == 0:
            back = 7
        return (ref - timedelta(days=back)).isoformat()
    if kind == "rel" and ref:
        word = g[0].lower()
        if word == "today":
            return ref.isoformat()
        if word == "yesterday":
            return (ref - timedelta(days=1)).isoformat()
        if word == "last year":
            return str(ref.year - 1)
        if word in ("this year", "earlier this year"):
            return str(ref.year)
        if word == "last month":
            first = ref.replace(day=1) - timedelta(days=1)
            return f"{first.year:04d}-{first.month:02d}"
        if word in ("earlier this month", "this month"):
            return f"{ref.year:04d}-{ref.month:02d}"
        if word in ("last week", "this week"):
            # a week has no precision of its own here: the month it falls in
            day = ref - timedelta(days=7 if word == "last week" else 0)
            return f"{day.year:04d}-{day.month:02d}"
        return None
    if kind == "year":
        year = g[0] or g[1]
        return year if 1990 <= int(year) <= 2100 else None
    return None


# a bare month abbreviation that is also a first name, followed by a capitalised word
FIRST_NAME_MONTH = re.compile(r"\b(?-i:Jan|Mar|May|Jun|Jul|Dec)$")
NAME_AFTER = re.compile(r"\s+(?-i:[A-Z][a-z])")


def find_dates(text: str, ref: date | None) -> list[DateSpan]:
    """Non-overlapping dates in ``text``, the most precise reading of each stretch first."""
    found: list[DateSpan] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "my" and FIRST_NAME_MONTH.search(text, 0, e) and NAME_AFTER.match(text, e):
                continue  # "Foreign Minister Jan Lipavsky": a first name, no month
            value = _resolve(kind, m, ref)
            if not value or not _valid(int(value[:4]), 1, 1):  # "last year" in 1990, "March 1850": out of range
                continue
            taken.append((s, e))
            if ref is None or value <= ref.isoformat()[: len(value)]:
                found.append(DateSpan(s, e, value))
    found.sort(key=lambda d: d.start)
    return found
