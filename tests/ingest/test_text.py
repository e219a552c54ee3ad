"""Headers of plain-text articles, the id, and the text kept verbatim."""

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casus.errors import InputError
from casus.ingest.text import date_of_line, document_id, parse_date, parse_header, read_text, with_header

from .conftest import BODY


@pytest.mark.parametrize(
    ("title", "date_line", "published"),
    [
        ("Hackers shut down water pumps", "2024-05-04", date(2024, 5, 4)),
        ("Ministry blames rival state for outage", "February 21, 2020", date(2020, 2, 21)),
        ("Games organisers were targeted, agency says", "19 October 2020, 20:44", date(2020, 10, 19)),
        ("Why Embassies Close", "MAY 29, 2012", date(2012, 5, 29)),
        ("Port hit by cyberattack: report", "19 May, 2020", date(2020, 5, 19)),
        ("Rules arrive late in most states", "18 October 24", date(2024, 10, 18)),
        ("Banks and a dam were targets", "March 24, 2016", date(2016, 3, 24)),
        ("Election board site defaced", "Sep 8, 2022", date(2022, 9, 8)),
        ("Who Hacked the Water Plant?", "2020-05-29", date(2020, 5, 29)),
        ("Envoy calls the charges \u201cslander\u201d", "2018-12-21", date(2018, 12, 21)),
        ("Parliament breach details", "Monday, 18 February 2019 12:11", date(2019, 2, 18)),
        ("Telecom firm reports outage", "2023-12", date(2023, 12, 1)),
        ("Election board says its site was defaced\nBy A. Writer", "Sep 8, 2022", date(2022, 9, 8)),
    ],
)
def test_text_parse_header_clean_shapes(title, date_line, published):
    head = f"{title}\n{date_line}\n\n"
    headline = title.split("\n")[0]  # a byline between headline and date is header too
    assert parse_header(head + BODY) == (headline, published, len(head))


@pytest.mark.parametrize(
    ("head", "title", "published"),
    [
        (
            " date 2022-09-08 Comment on this story Comment Share\n\nState cuts ties after hack\n\n",
            "State cuts ties after hack",
            date(2022, 9, 8),
        ),
        ("Thu | Sep 8, 2022 | 3:16 PM PDT\n\n", "", date(2022, 9, 8)),
        ("Published: March 24, 2016\n", "", date(2016, 3, 24)),
        ("Hackers hit the water authority\n", "Hackers hit the water authority", None),
    ],
)
def test_text_parse_header_messy_shapes(head, title, published):
    text = head + BODY
    assert parse_header(text) == (title, published, len(head))


def test_text_parse_header_keeps_subtitle_in_body():
    text = "Pumps stop after intrusion\n\nOperators restore service within hours\n\n" + BODY
    title, published, start = parse_header(text)
    assert (title, published) == ("Pumps stop after intrusion", None)
    assert text[start:].startswith("Operators restore")


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        "\n\n" + BODY,
        BODY + "\nMay 4, 2024\n\nMore text follows here about the pumps.",
        "On May 4, 2024, hackers struck.\n" + BODY,
        "May 4, 2024 was the day the hackers struck the pumps.\n" + BODY,
    ],
)
def test_text_parse_header_no_header(text):
    assert parse_header(text) == ("", None, 0)


def test_text_parse_header_date_line_is_not_title():
    title, published, _ = parse_header("Sep 8, 2022\n" + BODY)
    assert (title, published) == ("", date(2022, 9, 8))


def test_text_parse_header_ignores_date_inside_headline():
    title, published, start = parse_header("Hackers struck on May 4, 2024 in the capital\n\n" + BODY)
    assert (title, published) == ("Hackers struck on May 4, 2024 in the capital", None)


@pytest.mark.parametrize("line", ["2024-13-45", "Smarch 40, 2020", "May 45, 2020"])
def test_text_parse_header_invalid_date_is_not_a_date(line):
    assert parse_header(f"Some headline\n{line}\n\n{BODY}")[1] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-04T10:00:00Z", date(2024, 5, 4)),
        ("Tue, 10 Jun 2003 04:00:00 GMT", date(2003, 6, 10)),
        ("2021-03", date(2021, 3, 1)),
        ("yesterday", None),
    ],
)
def test_text_parse_date_metadata(value, expected):
    assert parse_date(value) == expected


def test_text_read_text_keeps_text_verbatim():
    raw = "Hackers hit pumps\r\n2024-05-04\r\n\r\n  Cafe\u0301 owners said " + BODY + "\n\n\n"
    doc = read_text(raw, "a.txt")
    assert doc.text == unicodedata.normalize("NFC", raw.replace("\r\n", "\n")).rstrip()
    assert "Café" in doc.text and "\r" not in doc.text
    assert (doc.source, doc.title, doc.published) == ("a.txt", "Hackers hit pumps", date(2024, 5, 4))
    assert doc.url is None


def test_text_read_text_rejects_header_only():
    with pytest.raises(InputError) as info:
        read_text("Hackers hit pumps\n2024-05-04\n\nToo short.", "a.txt", where="in/a.txt")
    assert str(info.value) == "in/a.txt: no article text"


def test_text_document_id_ignores_case_whitespace_and_line_endings():
    assert document_id("A  b\r\nc\u0065\u0301 ") == document_id("a b\nC\u00e9")
    assert document_id("a b") != document_id("a c")


@pytest.mark.parametrize(
    ("title", "published", "body", "expected"),
    [
        ("Pumps stop", date(2024, 5, 4), BODY, "Pumps stop\n2024-05-04\n\n" + BODY),
        ("Pumps stop", None, BODY, "Pumps stop\n\n" + BODY),
        ("Pumps stop", date(2024, 5, 4), "Pumps stop\n" + BODY, "Pumps stop\n" + BODY),
        ("", date(2024, 5, 4), BODY, BODY),
    ],
)
def test_text_with_header_shapes(title, published, body, expected):
    assert with_header(title, published, body) == expected


def test_text_with_header_reads_back():
    text = with_header("Pumps stop after intrusion", date(2024, 5, 4), BODY)
    assert parse_header(text) == ("Pumps stop after intrusion", date(2024, 5, 4), text.index(BODY))


_PIECES = st.sampled_from(
    ["Hackers", "hit", "pumps.", "May", "4,", "2024", "2024-05-04", "Sep", "19", "October", "24",
     "Thu", "|", "date", "Published:", "?", "\u201d", "\n", "\r\n", "\n\n", "2021-13-45", "0001-01-01"]
)  # fmt: skip
_HEADERISH = st.lists(st.lists(_PIECES, max_size=10).map(" ".join), max_size=6).map("\n".join)


@given(st.text() | _HEADERISH)
def test_text_parse_header_offset_in_bounds(text):
    title, published, start = parse_header(text)
    assert 0 <= start <= len(text)
    assert start in (0, len(text)) or text[start - 1] in "\r\n"  # the body starts a line
    assert published is None or 1900 <= published.year <= 2100
    assert title == title.strip() and "\n" not in title and title in text


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1).map(lambda s: s + " " + BODY))
def test_text_read_text_is_nfc_without_cr(text):
    doc = read_text(text, "x.txt")
    assert unicodedata.is_normalized("NFC", doc.text)
    assert "\r" not in doc.text
    assert doc.id == document_id(text.replace("\n", "\r\n"))
    assert 0 <= parse_header(doc.text)[2] <= len(doc.text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("16:26 GMT, Thursday, 21 January 2010", date(2010, 1, 21)),
        ("15:30 JST, January 9, 2025", date(2025, 1, 9)),
        ("25.01.2010", date(2010, 1, 25)),
        ("10:05 am EST, March 3, 2021", date(2021, 3, 3)),
        ("31.02.2020", None),  # no such day
        ("3.5.2020 was a Sunday, hackers said.", None),  # a sentence, not a date line
    ],
)
def test_text_date_line_with_a_time_or_dotted_digits(line, expected):
    assert date_of_line(line) == expected
