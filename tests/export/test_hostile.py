"""Untrusted article text stays data in every export: valid JSON and STIX, inert CSV cells,
MISP events PyMISP loads, quotes bounded in size."""

import csv
import io
import json

import pymisp
from stix2validator import validate_string

from casus.export.csv import write_csv
from casus.export.misp import write_feed
from casus.export.select import MAX_QUOTE, matching, quote
from casus.export.stix import write_bundle
from casus.ingest import read_paths
from casus.pipeline import ingest_documents
from casus.store import open_store

HEADLINE = (
    '=HYPERLINK("http://evil.example") Albania severs diplomatic ties with Iran over "cyberattack" <script>x</script>'
)
BODY = (
    "Albania broke off diplomatic relations with Iran on Wednesday, blaming Tehran for a cyberattack in July "
    'that took down government websites "}]}, {"type": "x".\n\n'
    "+SUM(1,2) The White House said Iran carried out the attack against Albania's government."
)


def test_export_hostile_text_stays_data(tmp_path, write_article, extractor):
    path = write_article("hostile.txt", HEADLINE, "2022-09-07", BODY)
    store = open_store(tmp_path / "hostile.db")
    try:
        assert ingest_documents(store, read_paths([path]), extractor=extractor).failed == 0
        out = io.StringIO()
        write_bundle(matching(store), out)
        write_csv(matching(store), tmp_path / "csv")
        write_feed(matching(store), tmp_path / "misp")
    finally:
        store.close()
    bundle = json.loads(out.getvalue())
    assert validate_string(out.getvalue()).errors == []
    descriptions = [r.get("description", "") for o in bundle["objects"] for r in o.get("external_references", [])]
    assert any(d.startswith("=HYPERLINK(") and "<script>x</script>" in d for d in descriptions)  # kept exactly, as data
    assert all(len(d) <= MAX_QUOTE for d in descriptions)
    with (tmp_path / "csv" / "responses.csv").open(newline="", encoding="utf-8") as f:
        quotes = [r["quote"] for r in csv.DictReader(f)]
    with (tmp_path / "csv" / "attributions.csv").open(newline="", encoding="utf-8") as f:
        quotes += [r["quote"] for r in csv.DictReader(f)]
    assert quotes and not any(q.startswith(("=", "+", "-", "@")) for q in quotes)
    assert any(q.startswith("'=HYPERLINK(") for q in quotes) and any(q.startswith("'+SUM") for q in quotes)
    assert all(len(q) <= MAX_QUOTE + 1 for q in quotes)
    [event_file] = [p for p in (tmp_path / "misp").iterdir() if p.name != "manifest.json"]
    event = pymisp.MISPEvent()
    event.load_file(str(event_file))
    assert any(a.value.startswith("=HYPERLINK(") for a in event.attributes if a.type == "text")


def test_export_quotes_are_bounded():
    long = "Officials said " + "the intruders moved through the networks and " * 120 + "Iran was behind it."
    bounded = quote(long)
    assert len(bounded) == MAX_QUOTE and bounded.endswith("…") and long.startswith(bounded[:-1])
