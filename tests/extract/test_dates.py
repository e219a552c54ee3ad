"""Dates in a sentence, resolved against the article's date (``find_dates``)."""

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casus.extract.dates import find_dates

REF = date(2022, 9, 7)  # a Wednesday


def _values(text: str, ref: date | None) -> list[str]:
    return [d.value for d in find_dates(text, ref)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Wednesday", "2022-09-07"),  # the reference day itself
        ("on Monday", "2022-09-05"),
        ("on Thursday", "2022-09-01"),  # never the coming Thursday
        ("last Wednesday", "2022-08-31"),  # "last" never means today
        ("yesterday", "2022-09-06"),
    ],
)
def test_dates_weekday_is_latest_such_day_on_or_before_reference(phrase, expected):
    assert _values(f"Officials said {phrase} that the servers were restored.", REF) == [expected]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("last July", "2022-07"),
        ("in July", "2022-07"),
        ("last September", "2021-09"),  # the reference month is "this September", not the last one
        ("earlier this month", "2022-09"),
        ("last month", "2022-08"),
        ("last year", "2021"),
        ("in 2021", "2021"),
    ],
)
def test_dates_months_and_years_keep_their_precision(phrase, expected):
    assert _values(f"The intrusion began {phrase}, investigators said.", REF) == [expected]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (date(2023, 1, 10), "2022-10"),  # across the new year: last October, not next
        (date(2022, 11, 2), "2022-10"),
        (date(2022, 10, 31), "2022-10"),
    ],
)
def test_dates_late_month_resolves_across_year_boundary(ref, expected):
    text = "The defacements happened in late October, the ministry said."
    [span] = find_dates(text, ref)
    assert span.value == expected
    assert text[span.start : span.end] == "late October"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("July 15", "2022-07-15"),
        ("15 July", "2022-07-15"),
        ("July 15, 2022", "2022-07-15"),
        ("2022-07-15", "2022-07-15"),
        ("March 3rd, 2021", "2021-03-03"),
    ],
)
def test_dates_month_day_and_iso_days(phrase, expected):
    text = f"The first wave of attacks came on {phrase}."
    [span] = find_dates(text, REF)
    assert span.value == expected
    assert text[span.start : span.end].endswith(phrase.split()[-1])


@pytest.mark.parametrize("phrase", ["2022-10-01", "October 3, 2022", "in 2023", "December 2022"])
def test_dates_after_reference_are_dropped(phrase):
    assert _values(f"Officials said services would return {phrase}.", REF) == []
    # the same phrase is a date when the article is written later
    assert _values(f"Officials said services would return {phrase}.", date(2024, 1, 1)) != []


def test_dates_without_reference_only_dated_years_resolve():
    text = (
        "The ministry said on Wednesday that attacks seen last July and on July 15 were linked to "
        "one launched on 2022-07-15, and to another on March 3, 2021, and to a campaign in 2019."
    )
    assert _values(text, None) == ["2022-07-15", "2021-03-03", "2019"]
    assert _values(text, REF) == ["2022-09-07", "2022-07", "2022-07-15", "2022-07-15", "2021-03-03", "2019"]


def test_dates_may_as_verb_is_not_a_date():
    assert _values("Officials may restore the websites, and the hackers may return.", REF) == []
    assert _values("The attack took place in May.", REF) == ["2022-05"]


def test_dates_spans_are_offsets_into_the_text():
    text = "Hackers struck on Monday; the previous breach was on 4 August 2021 and the first in 2019."
    spans = find_dates(text, REF)
    assert [text[s.start : s.end] for s in spans] == ["on Monday", "4 August 2021", "in 2019"]
    assert [s.precision for s in spans] == [3, 3, 1]


def test_dates_only_ascii_digits_make_dates():
    # the exchange format's dates are ASCII; digits of other scripts are not read as a year
    assert find_dates("The campaign began in 20\u0662\u0662.", None) == []
    assert [s.value for s in find_dates("The campaign began in 2022.", None)] == ["2022"]


# --- property: whatever the text, every span is a valid date inside the text ----------------

FRAGMENTS = [
    "on Monday",
    "last Friday",
    "Sunday's",
    "yesterday",
    "today",
    "last week",
    "last month",
    "this year",
    "earlier this month",
    "in July",
    "last July",
    "late October",
    "early March",
    "mid-June",
    "end of May",
    "may",
    "May",
    "Sept. 4",
    "July 15",
    "15 July",
    "3rd of August",
    "12-14 Feb",
    "July 15, 2022",
    "Dec 31 2019",
    "2022-07-15",
    "2021-02-30",
    "1999-13-01",
    "in 2011",
    "since 1989",
    "mid-2024",
    "2099",
    "2100",
    "1990",
    "Jan. 2031",
    "march",
    "in",
    "of",
    "the",
    ",",
    ".",
    "hackers",
    "attack",
    "0",
    "31",
    "29 February 2023",
    "29 February 2024",
]
texts = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS), st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=12)
    ),
    max_size=12,
).map(" ".join)
refs = st.one_of(st.none(), st.dates(min_value=date(1995, 1, 1), max_value=date(2060, 12, 31)))
SHAPE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


@settings(max_examples=300, deadline=None)
@given(text=texts, ref=refs)
def test_dates_property_spans_inside_text_and_not_after_reference(text, ref):
    last_end = 0
    for span in find_dates(text, ref):
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= last_end  # non-overlapping, in text order
        last_end = span.end
        m = SHAPE.fullmatch(span.value)
        assert m, span.value
        y, mo, d = int(m[1]), int(m[2] or 1), int(m[3] or 1)
        day = date(y, mo, d)  # raises on an impossible date
        if ref is not None:
            assert day <= ref


def test_dates_a_first_name_like_a_month_is_no_date():
    from casus.extract.dates import find_dates

    ref = date(2025, 5, 28)
    assert [d.value for d in find_dates("Foreign Minister Jan Lipski said so.", ref)] == []
    assert [d.value for d in find_dates("The attack began in Jan 2025.", ref)] == ["2025-01"]
