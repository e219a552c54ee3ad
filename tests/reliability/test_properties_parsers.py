"""Property tests of every parser casus feeds untrusted input to, and of the date and actor
normalisers: whatever the input, the only exception is casus's own InputError (or CasusError),
and what comes out stays within bounds (offsets inside the text, dates real and in range,
normalising twice gives what normalising once gave).

Examples are bounded so the whole file runs in seconds; ``CASUS_STRESS=1`` runs ten times more.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casus.actors import Knowledge, load_aliases
from casus.errors import CasusError, InputError
from casus.extract.dates import find_dates
from casus.extract.gazetteer import describe
from casus.ingest.html import read_html
from casus.ingest.jsonl import read_jsonl
from casus.ingest.stix import parse_bundle, read_bundle
from casus.ingest.text import MAX_CHARS, parse_date, read_text
from casus.models import Document
from reliability.malformed import bundle

SCALE = 10 if os.environ.get("CASUS_STRESS", "") not in ("", "0") else 1
FAST = settings(
    max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
SHAPE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# any code point, lone surrogates included: JSON escapes and API strings can carry them
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()), max_size=400)
WORDS = st.sampled_from(
    [
        "Ministry",
        "hackers",
        "attack",
        "on Tuesday",
        "2031-04-02",
        "March 3, 2021",
        "25.01.2010",
        "Published:",
        "APT28",
        "Iran",
        "\n",
        "\n\n",
        "\r\n",
        ".",
        "?",
        "<p>",
        "</p>",
        "<div>",
        "&amp;",
        "&#0;",
        '"',
        "é",
        "\u200b",
        "\x00",
    ]
)
NAMES = st.sampled_from(["APT28", "Fancy Bear", "fancy bear", "Sandworm", "Lazarus Group", "IRN", "Iran", "Kremlin"])
ARTICLEISH = st.lists(WORDS, max_size=60).map(" ".join)
TEXTS = ANY_TEXT | ARTICLEISH


def check_document(doc: Document) -> None:
    assert isinstance(doc, Document)
    assert 0 < len(doc.text) <= MAX_CHARS + 1000
    assert re.fullmatch(r"[0-9a-f]{64}", doc.id)
    assert "\r" not in doc.text and unicodedata.is_normalized("NFC", doc.text)
    assert doc.published is None or 1900 <= doc.published.year <= 2100
    assert "\n" not in doc.title
    doc.text.encode("utf-8")  # storable: no lone surrogates


@FAST
@given(TEXTS)
def test_read_text_gives_a_document_or_one_input_error(text):
    try:
        doc = read_text(text, "p.txt")
    except InputError as exc:
        assert str(exc).startswith("p.txt: ") and "\n" not in str(exc)
        return
    check_document(doc)
    assert doc.title in doc.text


@FAST
@given(TEXTS | ARTICLEISH.map(lambda s: f"<html><body><article><p>{s}</p></article></body></html>"))
def test_read_html_gives_a_document_or_one_input_error(html):
    try:
        doc = read_html(html, "p.html")
    except InputError as exc:
        assert str(exc).startswith("p.html: ") and "\n" not in str(exc)
        return
    check_document(doc)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT | ARTICLEISH,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={k: JSON_VALUES for k in ("url", "title", "published", "text")} | {"extra": JSON_VALUES},
)
LINES = st.lists(
    RECORDS.map(json.dumps) | JSON_VALUES.map(json.dumps) | ANY_TEXT.map(lambda s: s.replace("\n", " ")), max_size=6
)


@FAST
@given(LINES)
def test_read_jsonl_gives_one_item_per_non_blank_line(lines):
    text = "\n".join(lines)
    items = list(read_jsonl(text, "p.jsonl"))
    assert len(items) == sum(1 for line in text.split("\n") if line.strip())
    for item in items:
        if isinstance(item, InputError):
            assert re.match(r"p\.jsonl:\d+: ", str(item)) and "\n" not in str(item)
        else:
            check_document(item)


STIX_TYPES = st.sampled_from(["report", "identity", "relationship", "intrusion-set", "opinion", "note", "x-odd", "5"])
STIX_OBJECTS = st.fixed_dictionaries(
    {"type": STIX_TYPES},
    optional={
        "id": st.builds(lambda t, u: f"{t}--{u}", STIX_TYPES, st.uuids()) | ANY_TEXT,
        "spec_version": st.sampled_from(["2.1", "2.0", 2.1]),
        "created": st.sampled_from(["2031-04-02T10:00:00Z", "yesterday", 0]),
        "modified": st.sampled_from(["2031-04-02T10:00:00Z", "2031-13-02T10:00:00Z", None]),
        "name": JSON_VALUES,
        "published": st.sampled_from(["2031-04-02T10:00:00Z", "", 7]),
        "object_refs": JSON_VALUES,
        "relationship_type": st.sampled_from(["targets", "attributed-to", "uses", ""]),
        "source_ref": JSON_VALUES,
        "target_ref": JSON_VALUES,
        "description": JSON_VALUES,
        "external_references": JSON_VALUES,
    },
)
BUNDLES = st.fixed_dictionaries(
    {"type": st.sampled_from(["bundle", "report", 1])},
    optional={"objects": st.lists(STIX_OBJECTS, max_size=5) | JSON_VALUES, "id": ANY_TEXT},
)


def _worded(name: str, description: str, group: str) -> dict:
    """The generator's well-formed bundle with its names and sentences replaced."""
    data = bundle()
    victim, intrusion, rel, report = data["objects"]
    report["name"], rel["description"], intrusion["name"] = name, description, group
    return data


WORDED = st.builds(_worded, ANY_TEXT | ARTICLEISH, ANY_TEXT | ARTICLEISH, NAMES | ANY_TEXT)


@settings(max_examples=80 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BUNDLES | JSON_VALUES | WORDED)
@example(_worded("Report \uf900", "Hackers \uf900 attacked the ministry.", "APT\uf900"))  # NFC changes U+F900
def test_parse_bundle_and_read_reports_raise_only_input_errors(data):
    from casus.extract.stix import read_reports

    try:
        bundle = parse_bundle(data, "b.json")
        imported, empty = read_reports(bundle)
    except InputError as exc:
        assert str(exc).startswith("b.json: ") and "\n" not in str(exc)
        return
    assert empty >= 0
    for item in imported:
        check_document(item.document)
        report = item.report
        for fact in [*report.victims, *report.claims, *report.attributions, *report.denials, *report.responses]:
            ev = fact.evidence
            assert 0 <= ev.start <= ev.end <= len(item.document.text)
            assert item.document.text[ev.start : ev.end] == ev.sentence


@settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000) | BUNDLES.map(lambda b: json.dumps(b).encode()))
def test_read_bundle_file_raises_only_input_errors(tmp_path, data):
    path = tmp_path / "b.json"
    path.write_bytes(data)
    try:
        read_bundle(path)
    except InputError as exc:
        assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)


REFS = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
DATE_WORDS = st.sampled_from(
    "on last this in since early late mid Monday Friday's May may March Sept. 2021 1999 2101 0000 31 29 1st "
    "yesterday today last year this month earlier this month last week , - – of 2022-02-29 2024-02-29".split()
)
DATE_TEXTS = ANY_TEXT | st.lists(DATE_WORDS, max_size=12).map(" ".join)


@FAST
@given(DATE_TEXTS, REFS)
def test_find_dates_spans_in_text_values_real_and_stable(text, ref):
    last = 0
    for span in find_dates(text, ref):
        assert last <= span.start < span.end <= len(text)
        last = span.end
        m = SHAPE.fullmatch(span.value)
        assert m, span.value
        day = date(int(m[1]), int(m[2] or 1), int(m[3] or 1))  # a real date
        assert 1990 <= day.year <= 2100, span.value
        if ref is not None:
            assert span.value <= ref.isoformat()[: len(span.value)]
        if len(span.value) == 10:  # a full date, written in ISO, reads as itself
            assert [d.value for d in find_dates(span.value, ref)] == [span.value]


@FAST
@given(DATE_TEXTS | st.dates().map(date.isoformat) | st.datetimes().map(lambda d: d.isoformat() + "Z"))
def test_parse_date_is_in_range_and_idempotent(value):
    day = parse_date(value)
    if day is not None:
        assert 1900 <= day.year <= 2100
        assert parse_date(day.isoformat()) == day


KNOWLEDGE = Knowledge()
ACTORS = settings(max_examples=40 * SCALE, deadline=None)  # "did you mean" compares with every known name


@ACTORS
@given(NAMES | ANY_TEXT | NAMES.map(lambda n: f"  {n.swapcase()}  "))
def test_actor_resolution_is_idempotent(name):
    actor = KNOWLEDGE.resolve(name)
    if actor is None:
        return
    assert KNOWLEDGE.resolve(actor) == actor  # an id names itself
    profile = KNOWLEDGE.profile(actor)
    assert profile.id == actor and profile.name
    assert describe(actor).id == actor


@ACTORS
@given(NAMES | ANY_TEXT)
def test_actor_suggestions_and_profiles_never_raise(name):
    for suggestion in KNOWLEDGE.suggest(name):
        assert KNOWLEDGE.resolve(suggestion) is not None
    if name.strip():
        assert KNOWLEDGE.profile(name).id == name


@settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.binary(max_size=500)
    | st.lists(st.sampled_from(["[APT28]", "aliases = ['x']", 'sponsor = "RUS"', "sponsor = 5", "[[a]]", "= ["]))
    .map("\n".join)
    .map(str.encode)
    | st.just(b"a = " + b"[" * 5000 + b"]" * 5000)
)
def test_alias_file_raises_only_input_errors(tmp_path, data):
    path = tmp_path / "aliases.toml"
    path.write_bytes(data)
    try:
        table = load_aliases(path)
    except CasusError as exc:
        assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)
        return
    knowledge = Knowledge(table, str(path))
    for entry in table.values():
        for alias in entry["aliases"]:
            if alias.strip():
                assert knowledge.resolve(alias) is not None
