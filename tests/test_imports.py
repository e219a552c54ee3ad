"""``casus ingest bundle.json``: STIX bundles into the store, casus's own and another producer's,
on SQLite and PostgreSQL; re-imports update instead of adding; bad bundles change nothing."""

import copy
import io
import json
from pathlib import Path

import pytest
from stix2validator import validate_string

from casus.errors import InputError
from casus.export.select import matching
from casus.export.stix import write_bundle
from casus.imports import import_bundle
from casus.ingest import read_paths
from casus.pipeline import ingest_documents
from casus.store import IncidentQuery, open_store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FOREIGN = Path(__file__).resolve().parent / "ingest" / "data" / "vendor_bundle.json"


@pytest.fixture(scope="module")
def casus_bundle(tmp_path_factory, extractor) -> Path:
    """The bundled examples exported as STIX by casus."""
    root = tmp_path_factory.mktemp("bundle")
    store = open_store(root / "origin.db")
    try:
        ingest_documents(store, read_paths([EXAMPLES]), extractor=extractor)
        out = io.StringIO()
        write_bundle(matching(store), out)
    finally:
        store.close()
    path = root / "examples.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _state(store) -> dict:
    """Everything a reader sees: counts, every incident's fields and sources."""
    return {
        "counts": store.counts(),
        "incidents": sorted(
            json.dumps([r.title, r.sources, [len(x.attributions) for x in r.reports]]) for r in store.incidents()
        ),
    }


def _albania(store):
    _, [summary] = store.query_incidents(IncidentQuery(victim="ALB"))
    return summary, store.incident(summary.id)


def test_imports_casus_bundle_round_trip(store_url, casus_bundle):
    store = open_store(store_url)
    try:
        summary = import_bundle(store, casus_bundle)
        assert (summary.reports, summary.new, len(summary.incidents)) == (5, 5, 2)
        s, row = _albania(store)
        f = s.fields
        assert {a["to"] for a in f["attributions"]} == {"IRN"}
        assert {a["by"]: a["certainty"] for a in f["attributions"]} == {
            "USA": "high",
            "Mandiant": "moderate",
            "ALB": None,
            "GBR": "high",
        }
        assert {a["by"]: a["date"] for a in f["attributions"]}["Mandiant"] == "2022-08"
        assert {(r["by"], r["type"], r["against"]) for r in f["responses"]} >= {("ALB", "sever_relations", "IRN")}
        assert f["claimed_by"] == ["HomeLand Justice"] and f["denials"] == [{"by": "IRN"}]
        assert f["first_activity"] == "2022-07-15" and f["victims"] == ["ALB"]
        assert len(row.sources) == 3 and all(src.startswith("examples.json#report--") for src in row.sources)
        for report in row.reports:  # every quote points into the imported document's text
            doc = store.document(report.doc_id)
            assert "Imported from a STIX 2.1 bundle (report--" in doc.text
            for fact in [*report.attributions, *report.responses, *report.claims, *report.denials]:
                ev = fact.evidence
                assert doc.text[ev.start : ev.end] == ev.sentence and ev.rule == "casus.import.stix.v1"
        severed = [x for r in row.reports for x in r.responses if x.type == "sever_relations"]
        assert any("diplomatic" in x.evidence.sentence for x in severed)
        out = io.StringIO()  # and the imported record exports again as a valid bundle, on either back end
        write_bundle(matching(store, IncidentQuery(attributed_to="IRN")), out)
        bundle = json.loads(out.getvalue())
        assert validate_string(out.getvalue()).errors == []
        iran = next(o["id"] for o in bundle["objects"] if o["type"] == "identity" and o["name"] == "Iran")
        assert any(o.get("relationship_type") == "attributed-to" and o["target_ref"] == iran for o in bundle["objects"])
    finally:
        store.close()


def test_imports_again_changes_nothing(tmp_path, casus_bundle):
    store = open_store(tmp_path / "twice.db")
    try:
        import_bundle(store, casus_bundle)
        before = _state(store)
        again = import_bundle(store, casus_bundle)
        assert (again.new, again.updated, again.unchanged) == (0, 0, 5)
        assert _state(store) == before
    finally:
        store.close()


def test_imports_into_the_origin_store_finds_its_articles(tmp_path, casus_bundle, extractor):
    store = open_store(tmp_path / "origin.db")
    try:
        ingest_documents(store, read_paths([EXAMPLES]), extractor=extractor)
        before = _state(store)
        summary = import_bundle(store, casus_bundle)
        assert (summary.articles, summary.new) == (5, 0)
        assert _state(store) == before
    finally:
        store.close()


def test_imports_newer_version_updates_instead_of_adding(tmp_path, casus_bundle):
    bundle = json.loads(casus_bundle.read_text())
    store = open_store(tmp_path / "update.db")
    try:
        import_bundle(store, casus_bundle)
        before = store.counts()
        newer = copy.deepcopy(bundle)
        [op] = [o for o in newer["objects"] if o["type"] == "opinion" and o["authors"] == ["Mandiant"]]
        op["confidence"], op["modified"] = 85, "2030-01-01T00:00:00.000Z"
        path = tmp_path / "newer.json"
        path.write_text(json.dumps(newer))
        summary = import_bundle(store, path)
        citing = [o for o in newer["objects"] if o["type"] == "report" and op["id"] in o["object_refs"]]
        assert citing and summary.updated == len(citing) and summary.new == 0  # the reports that cite Mandiant
        assert store.counts() == before
        s, _ = _albania(store)
        assert {a["by"]: a["certainty"] for a in s.fields["attributions"]}["Mandiant"] == "high"
    finally:
        store.close()


def test_imports_foreign_bundle_with_aliases_and_skipped_types(tmp_path):
    store = open_store(tmp_path / "foreign.db")
    try:
        summary = import_bundle(store, FOREIGN)
        assert summary.skipped == {"indicator": 2, "malware": 1, "x-vendor-score": 1}
        assert (summary.new, summary.empty) == (1, 1)
        [row] = list(store.incidents())
        s = store.incident_summary(row.id)
        assert s.fields["victims"] == ["GEO"]
        # "Fancy Bear" is APT28 through the MISP galaxy; the report's producer attributes it
        assert {(a["by"], a["to"]) for a in s.fields["attributions"]} == {("Mandiant", "APT28"), ("Mandiant", "RUS")}
        assert {a["certainty"] for a in s.fields["attributions"]} == {"high", "moderate"}
        [doc_id] = {r.doc_id for r in row.reports}
        doc = store.document(doc_id)
        assert doc.url == "https://vendor.example.com/reports/georgia-defacements"
        assert "defaced thousands of websites" in doc.text
    finally:
        store.close()


def _bad(tmp_path, name: str, objects: list | None = None, raw: str | None = None) -> Path:
    path = tmp_path / name
    good = json.loads(FOREIGN.read_text())
    path.write_text(raw if raw is not None else json.dumps({**good, "objects": good["objects"] + (objects or [])}))
    return path


BAD = [
    ("notjson.json", None, '{"type": "bundle", "objects": [', "not JSON (line 1"),
    ("event.json", None, '{"Event": {"info": "a MISP event"}}', "not a STIX bundle"),
    ("list.json", None, "[1, 2]", "not a STIX bundle"),
    (
        "missing.json",
        [
            {
                "type": "relationship",
                "spec_version": "2.1",
                "id": "relationship--6b0a4a37-33f5-4d6e-9d5c-1f3e1c2b9a01",
                "created": "2024-01-01T00:00:00.000Z",
                "modified": "2024-01-01T00:00:00.000Z",
                "relationship_type": "targets",
                "source_ref": "intrusion-set--8f8d4b1e-6a0c-4c47-9a1f-0c2f3f5d1e11",
            }
        ],
        None,
        "relationship--6b0a4a37-33f5-4d6e-9d5c-1f3e1c2b9a01): No values for required properties",
    ),
    (
        "stix20.json",
        [
            {
                "type": "report",
                "id": "report--0c1e8b51-2f84-4d9e-8d6b-5c7d3e2a1b00",
                "name": "old",
                "created": "2024-01-01T00:00:00.000Z",
                "modified": "2024-01-01T00:00:00.000Z",
                "published": "2024-01-01T00:00:00Z",
                "object_refs": ["identity--1d1c2b4a-8f0e-4a36-9b57-2c8e4d6f0a10"],
            }
        ],
        None,
        "report--0c1e8b51-2f84-4d9e-8d6b-5c7d3e2a1b00): STIX 2.0",
    ),
    (
        "badid.json",
        [{"type": "identity", "id": "identity--not-a-uuid", "spec_version": "2.1"}],
        None,
        "identity--not-a-uuid",
    ),
    (
        "badtime.json",
        [
            {
                "type": "identity",
                "spec_version": "2.1",
                "id": "identity--9d3c7a52-1e6b-4f08-a2c4-7b5e9d1f3a20",
                "created": "yesterday",
                "modified": "2024-01-01T00:00:00.000Z",
                "name": "x",
            }
        ],
        None,
        "identity--9d3c7a52-1e6b-4f08-a2c4-7b5e9d1f3a20): ",
    ),
]


@pytest.mark.parametrize("name, objects, raw, message", BAD, ids=[b[0] for b in BAD])
def test_imports_bad_bundle_is_one_line_and_changes_nothing(tmp_path, casus_bundle, name, objects, raw, message):
    store = open_store(tmp_path / "kept.db")
    try:
        import_bundle(store, casus_bundle)
        before = _state(store)
        with pytest.raises(InputError) as caught:
            import_bundle(store, _bad(tmp_path, name, objects, raw))
        line = str(caught.value)
        assert line.startswith(str(tmp_path / name)) and message in line and "\n" not in line
        assert _state(store) == before
    finally:
        store.close()


def test_imports_oversized_bundle_is_refused_before_reading(tmp_path):
    from casus.ingest.stix import read_bundle

    with pytest.raises(InputError, match="bundle over 1 MiB"):
        read_bundle(_bad(tmp_path, "big.json", raw=" " * (1024 * 1024 + 1)), max_bytes=1024 * 1024)


def test_imports_nested_write_rolls_back_with_the_bundle(tmp_path):
    """A bundle's documents are written inside one transaction: a failure after some of them
    leaves none of them stored (SQLite savepoints, as psycopg nests transactions)."""
    store = open_store(tmp_path / "nested.db")
    try:
        before = store.counts()
        with pytest.raises(RuntimeError), store.conn.transaction():
            with store.conn.transaction():
                store.conn.execute(
                    "INSERT INTO documents (id, source, text, ingested_at) VALUES ('x', 's', 't', '2026-01-01')"
                )
            raise RuntimeError("a later object failed")
        assert store.counts() == before
    finally:
        store.close()
