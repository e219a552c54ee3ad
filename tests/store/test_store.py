"""The store on both back ends (SQLite and a real PostgreSQL server): schema migrations,
lookups by key, one transaction per document, and the derived fields reads use."""

import sqlite3
from datetime import date

import psycopg
import pytest

from casus.errors import StoreError
from casus.ingest.text import document_id
from casus.models import Attribution, Certainty, Claim, Denial, Document, Evidence, Mention, Report, Response
from casus.resolve import band_keys, report_profile, shingle_signature
from casus.resolve.pairwise import blocking_keys, lookup_keys, text_profile
from casus.store import IncidentQuery, Placement, open_store
from casus.store.schema import MIGRATIONS

NAMES = [m.name for m in MIGRATIONS]
DB_ERRORS = (sqlite3.DatabaseError, psycopg.Error)

TEXT = (
    "Tirana blames Tehran for July hack\n2022-09-07\n\n"
    "Albania said on Wednesday that Iran was behind the July cyberattack on its government websites."
)


def _doc(text: str = TEXT, source: str = "a.txt") -> Document:
    return Document(document_id(text), source, text, text.split("\n")[0], date(2022, 9, 7))


def _report(doc: Document, victim: str = "ALB") -> Report:
    start = doc.text.index("Albania")
    sentence = doc.text[start:]
    ev = Evidence(doc.id, sentence, start, start + len(sentence), "test.v1")
    return Report(
        doc.id,
        title=doc.title,
        published="2022-09-07",
        victims=[Mention(victim, ev)],
        claims=[Claim("HomeLand Justice", ev)],
    )


def _placement(report: Report, incident_id: str | None = None) -> Placement:
    return Placement(report, report_profile(report, None), [incident_id] if incident_id else [])


def _add(store, doc: Document, placements=None):
    sig = shingle_signature(doc.text)
    return store.add_document(
        doc, sig, band_keys(sig), [_placement(_report(doc))] if placements is None else placements
    )


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def _migrations(store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT name FROM migrations ORDER BY name").fetchall()]


def test_migrations_recorded_and_idempotent(store_url):
    store = open_store(store_url)
    assert _migrations(store) == NAMES
    store.close()
    again = open_store(store_url, upgrade=False)
    try:
        assert again.pending_migrations() == []
        assert again.upgrade() == []  # nothing left to apply
        assert again.counts() == {"documents": 0, "incidents": 0, "reports": 0}
        assert _migrations(again) == NAMES
    finally:
        again.close()


def test_data_survives_reopen(store_url):
    doc = _doc()
    with_store = open_store(f"sqlite:///{store_url}" if "://" not in store_url else store_url)
    [(incident_id, created)] = _add(with_store, doc)
    with_store.close()
    assert created
    reopened = open_store(store_url)
    try:
        assert reopened.has_document(doc.id)
        assert reopened.document(doc.id) == doc
        row = reopened.incident(incident_id)
        assert row.sources == ["a.txt"]
        assert row.reports == [_report(doc)]  # every fact with its evidence, round-tripped
    finally:
        reopened.close()


def test_add_document_then_has_document(store):
    doc = _doc()
    assert not store.has_document(doc.id)
    [(incident_id, created)] = _add(store, doc)
    assert created and store.has_document(doc.id)
    assert store.counts() == {"documents": 1, "incidents": 1, "reports": 1}
    assert store.document("0" * 64) is None
    assert store.incident("nosuchid") is None


def test_linkable_reports_by_key(store):
    doc = _doc()
    [(incident_id, _)] = _add(store, doc)
    profile = report_profile(_report(doc), None)
    assert "v:ALB@2022-09" in blocking_keys(profile)
    assert store.linkable_reports({"v:ALB@2022-09"}) == [(incident_id, [profile])]
    assert store.linkable_reports(lookup_keys(profile)) == [(incident_id, [profile])]
    assert [i for i, _ in store.linkable_reports({"c:homeland justice@2022-09", "v:XXX"})] == [incident_id]
    assert store.linkable_reports({"v:ALB@2022-12"}) == []  # another month
    assert store.linkable_reports({"v:MNE@2022-09"}) == []
    assert store.linkable_reports(set()) == []


def test_report_linking_two_incidents_merges_them_into_the_smallest_id(store):
    first, second = _doc(), _doc(TEXT + " A second article.", "b.txt")
    [(a, _)] = _add(store, first)
    [(b, _)] = _add(store, second)
    copy = _doc(TEXT.replace("Tirana", "Albania"), "copy.txt")
    sig = shingle_signature(copy.text)
    store.add_source(copy, sig, band_keys(sig), second.id)
    third = _doc(TEXT + " A third article.", "c.txt")
    [(merged, created)] = _add(store, third, [Placement(_report(third), report_profile(_report(third), None), [b, a])])
    assert (merged, created) == (min(a, b), False)
    gone = max(a, b)
    assert store.incident(gone) is None
    row = store.incident(merged)
    assert row.sources == ["a.txt", "b.txt", "c.txt", "copy.txt"]  # the copy follows its original
    assert len(row.reports) == 3 and row.profile.reports == 3
    assert store.counts() == {"documents": 4, "incidents": 1, "reports": 3}
    assert [s.id for s in store.query_incidents(IncidentQuery(text="Tirana"))[1]] == [merged]
    assert store.linkable_reports({"v:ALB@2022-09"})[0][0] == merged


def test_second_report_joins_existing_incident(store):
    first, second = _doc(), _doc(TEXT + " Iran denied it.", "b.txt")
    [(incident_id, _)] = _add(store, first)
    assert _add(store, second, [_placement(_report(second), incident_id)]) == [(incident_id, False)]
    row = store.incident(incident_id)
    assert row.sources == ["a.txt", "b.txt"]
    assert len(row.reports) == 2
    assert row.profile.reports == 2  # summed over the incident's reports
    assert store.counts() == {"documents": 2, "incidents": 1, "reports": 2}


def test_regroup_joins_stored_reports_that_link_and_keeps_their_copies(store):
    first, second = _doc(), _doc(TEXT + " A second article.", "b.txt")
    [(a, _)] = _add(store, first)
    [(b, _)] = _add(store, second)  # placed apart on purpose: no links given
    copy = _doc(TEXT.replace("Tirana", "Albania"), "copy.txt")
    sig = shingle_signature(copy.text)
    store.add_source(copy, sig, band_keys(sig), second.id)
    assert store.regroup() == {"reports": 2, "incidents_before": 2, "incidents_after": 1}
    [row] = list(store.incidents())
    assert row.id == min(a, b)
    assert row.sources == ["a.txt", "b.txt", "copy.txt"]
    assert store.copy_of(copy.id) == second.id
    assert store.regroup() == {"reports": 2, "incidents_before": 1, "incidents_after": 1}
    assert [r.id for r in store.incidents()] == [row.id]  # a regrouping that changes nothing keeps the id


def test_document_without_report_is_a_source_without_facts(store):
    [(incident_id, _)] = _add(store, _doc())
    text = "Tirana port back online\n2022-09-08\n\nThe port of Tirana said its systems were working again."
    other = _doc(text, "c.txt")
    sig = shingle_signature(other.text)
    profile = text_profile(other)
    assert store.add_text_only(other, sig, band_keys(sig), profile, [incident_id]) == [incident_id]
    row = store.incident(incident_id)
    assert row.sources == ["a.txt", "c.txt"] and len(row.reports) == 1
    assert store.incident_summary(incident_id).n_sources == 2
    assert store.linkable_documents(blocking_keys(profile)) == [(other.id, profile)]
    assert store.linkable_documents({"n:nowhere@2022-09"}) == []
    lone = _doc(text + " Nothing else.", "d.txt")
    sig = shingle_signature(lone.text)
    assert store.add_text_only(lone, sig, band_keys(sig), text_profile(lone), []) == []
    assert store.incidents_of_document(lone.id) == []  # linked to nothing: in no incident
    assert store.counts() == {"documents": 3, "incidents": 1, "reports": 1}


def test_near_duplicates_by_band(store):
    doc = _doc()
    _add(store, doc)
    sig = shingle_signature(doc.text)
    assert store.near_duplicates(band_keys(sig)) == [(doc.id, sig)]
    assert store.near_duplicates(["0:0000000000000000"]) == []
    assert store.near_duplicates([]) == []


def test_incidents_of_document(store):
    doc = _doc()
    [(incident_id, _)] = _add(store, doc)
    assert store.incidents_of_document(doc.id) == [incident_id]
    assert store.incidents_of_document("0" * 64) == []


def test_add_source(store):
    doc = _doc()
    [(incident_id, _)] = _add(store, doc)
    copy = _doc(TEXT.replace("Tirana", "Albania"), "copy.txt")
    copy_sig = shingle_signature(copy.text)
    assert store.add_source(copy, copy_sig, band_keys(copy_sig), doc.id) == [incident_id]
    assert store.incident(incident_id).sources == ["a.txt", "copy.txt"]
    assert store.counts() == {"documents": 2, "incidents": 1, "reports": 1}


def test_duplicate_document_rolls_back(store):
    doc = _doc()
    _add(store, doc)
    before = store.counts()
    with pytest.raises(DB_ERRORS):
        _add(store, doc)  # same id again, with a placement that would start a new incident
    assert store.counts() == before
    other = _doc(TEXT + " More to follow.", "b.txt")
    _add(store, other)  # still usable
    assert store.counts() == {"documents": 2, "incidents": 2, "reports": 2}


def test_failure_mid_document_leaves_nothing_behind(store):
    doc = _doc()
    good, bad = _placement(_report(doc)), _placement(_report(doc, "MNE"), incident_id="nosuchincident")
    with pytest.raises(DB_ERRORS):
        _add(store, doc, [good, bad])  # the first placement's incident is written before the failure
    assert store.counts() == {"documents": 0, "incidents": 0, "reports": 0}
    assert not store.has_document(doc.id)
    assert store.linkable_reports({"v:ALB@2022-09"}) == []
    assert store.near_duplicates(band_keys(shingle_signature(doc.text))) == []
    _add(store, doc)
    assert store.counts() == {"documents": 1, "incidents": 1, "reports": 1}


def test_sqlite_open_non_database_file(tmp_path):
    path = tmp_path / "notes.db"
    content = "These are my notes, not a database.\n" * 50
    path.write_text(content)
    with pytest.raises(StoreError) as info:
        open_store(path)
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message
    assert path.read_text() == content  # left untouched


def test_postgres_server_not_listening_is_store_error():
    url = "postgresql://casus:secret@127.0.0.1:9/casus"  # port 9: nothing listens
    with pytest.raises(StoreError) as info:
        open_store(url)
    message = str(info.value)
    assert "127.0.0.1:9/casus" in message and "cannot connect" in message
    assert "secret" not in message and "\n" not in message


def test_sqlite_open_in_missing_folder_is_store_error(tmp_path):
    with pytest.raises(StoreError) as info:
        open_store(tmp_path / "no" / "such" / "folder" / "casus.db")
    assert "casus.db" in str(info.value)


# --- derived fields and queries -----------------------------------------------------------


def _facts_report(doc: Document, victim: str, accused: str, response: str, published: str) -> Report:
    ev = Evidence(doc.id, doc.text, 0, len(doc.text), "test.v1")
    return Report(
        doc.id,
        title=doc.title,
        published=published,
        victims=[Mention(victim, ev)],
        operation_types=[Mention("wiper", ev)],
        first_activity=[Mention(published[:7], ev)],
        attributions=[Attribution(victim, accused, ev, Certainty.HIGH, published)],
        denials=[Denial(accused, ev)],
        responses=[Response(victim, response, accused, ev, published)],
    )


def _seed(store) -> dict[str, str]:
    """Two incidents: Albania/Iran (wiper, severed relations, 2022) and Estonia/Russia (2007)."""
    ids = {}
    for key, text, victim, accused, response, published in [
        (
            "alb",
            "Tirana blames Tehran\n\nAlbania said Iranian hackers wiped government servers.",
            "ALB",
            "IRN",
            "sever_relations",
            "2022-09-07",
        ),
        (
            "est",
            "Tallinn blames Moscow\n\nEstonia said Russian hackers flooded its banks.",
            "EST",
            "RUS",
            "condemnation",
            "2007-05-02",
        ),
    ]:
        doc = Document(document_id(text), f"{key}.txt", text, text.split("\n")[0], date.fromisoformat(published))
        report = _facts_report(doc, victim, accused, response, published)
        [(ids[key], _)] = _add(store, doc, [_placement(report)])
    return ids


def test_query_incidents_filters(store):
    ids = _seed(store)

    def found(**kw) -> list[str]:
        total, rows = store.query_incidents(IncidentQuery(**kw))
        assert total == len(rows)
        return [r.id for r in rows]

    assert found() == [ids["alb"], ids["est"]]  # newest first
    assert found(victim="ALB") == [ids["alb"]]
    assert found(attributed_to="RUS") == [ids["est"]]
    assert found(attributed_by="EST") == [ids["est"]]
    assert found(response="sever_relations") == [ids["alb"]]
    assert found(responder="ALB", response="condemnation") == []
    assert found(operation="wiper") == [ids["alb"], ids["est"]]
    assert found(actor="IRN") == [ids["alb"]]
    assert found(since=date(2022, 9, 20)) == [ids["alb"]]  # "2022-09" overlaps the range
    assert found(until=date(2010, 1, 1)) == [ids["est"]]
    assert found(since=date(2023, 1, 1)) == []
    assert found(victim="'; DROP TABLE incidents; --") == []
    assert store.counts()["incidents"] == 2


def test_query_incidents_pages(store):
    ids = _seed(store)
    total, first = store.query_incidents(IncidentQuery(), limit=1, offset=0)
    _, second = store.query_incidents(IncidentQuery(), limit=1, offset=1)
    assert total == 2 and [first[0].id, second[0].id] == [ids["alb"], ids["est"]]
    assert first[0].fields["victims"] == ["ALB"] and first[0].n_sources == 1
    assert first[0].fields["responses"][0]["type"] == "sever_relations"


@pytest.mark.parametrize(
    "words, expected",
    [
        ("wiped", ["alb"]),
        ("WIPE servers", ["alb"]),
        ("banks", ["est"]),
        ("hackers", ["alb", "est"]),
        ("banks wiped", []),
        ('"unbalanced OR NEAR(', []),
        ("", ["alb", "est"]),
    ],
)
def test_full_text_search(store, words, expected):
    ids = _seed(store)
    _, rows = store.query_incidents(IncidentQuery(text=words))
    assert [r.id for r in rows] == [ids[k] for k in expected]


def test_actor_roles_edges_and_charts(store):
    ids = _seed(store)
    roles = {(a, r): n for a, r, n in store.actor_roles()}
    assert roles[("ALB", "victim")] == 1 and roles[("ALB", "attributor")] == 1
    assert roles[("IRN", "accused")] == 1 and roles[("IRN", "denier")] == 1 and roles[("IRN", "target")] == 1
    assert {r for a, r, _ in store.actor_roles("RUS")} == {"accused", "denier", "target"}
    edges = store.edges(incident_id=ids["alb"])
    assert ("attribution", "ALB", "IRN", "high", 1) in edges
    assert ("response", "ALB", "IRN", "sever_relations", 1) in edges
    assert all(e[1] != "EST" for e in edges)
    assert sorted(store.incidents_per_year()) == [("2007", "RUS", 1), ("2022", "IRN", 1)]
    assert sorted(store.response_counts()) == [("ALB", "sever_relations", 1), ("EST", "condemnation", 1)]


def test_documents_listed_newest_first(store):
    ids = _seed(store)
    total, docs = store.query_documents(limit=10)
    assert total == 2 and [d.source for d in docs] == ["est.txt", "alb.txt"]
    total, docs = store.query_documents(incident_id=ids["alb"])
    assert total == 1 and docs[0].source == "alb.txt"


def test_reader_refuses_store_behind_and_upgrade_backfills(tmp_path, first_schema_copy):
    """A store written by the first schema keeps its data and gains the index on upgrade."""
    path = tmp_path / "old.db"
    seeded = open_store(tmp_path / "seed.db")
    ids = _seed(seeded)
    seeded.close()
    first_schema_copy(path, tmp_path / "seed.db")
    with pytest.raises(StoreError, match="casus db upgrade") as info:
        open_store(path, upgrade=False)
    assert "0002_incident_index" in str(info.value)
    store = open_store(path)  # the writers' way: upgrade, then go on
    try:
        assert _migrations(store) == NAMES
        assert store.counts() == {"documents": 2, "incidents": 2, "reports": 2}
        _, rows = store.query_incidents(IncidentQuery(victim="ALB", text="wiped"))
        assert [r.id for r in rows] == [ids["alb"]]
        # 0003 files the stored reports for grouping, from their facts and their documents' text
        assert store.conn.execute("SELECT count(*) FROM report_profiles").fetchone()[0] == 2
        [(found, _)] = store.linkable_reports({"v:ALB@2022-09"})
        assert found == ids["alb"]
    finally:
        store.close()
