"""The ingest job end to end: files in a folder → incidents in a real SQLite file."""

from casus.extract.report import Extractor
from casus.ingest import read_paths
from casus.pipeline import IngestSummary, ingest_document, ingest_documents, ingest_paths
from casus.store import open_store


def _read_store(db):
    store = open_store(db)
    try:
        return store.counts(), list(store.incidents())
    finally:
        store.close()


def test_pipeline_three_outlets_one_incident(albania_feed, tmp_path):
    db = tmp_path / "casus.db"
    summary = ingest_paths([str(albania_feed)], str(db))
    assert (summary.documents_read, summary.skipped, summary.copies, summary.failed) == (3, 0, 0, 0)
    assert (summary.incidents_new, summary.incidents_updated) == (1, 2)
    assert summary.errors == []
    counts, [incident] = _read_store(db)
    assert counts == {"documents": 3, "incidents": 1, "reports": 3}
    assert incident.sources == ["outlet_a.txt", "outlet_b.txt", "outlet_c.txt"]
    assert incident.profile.reports == 3
    assert incident.profile.accused["IRN"] == 3
    assert (incident.profile.published_min, incident.profile.published_max) == ("2022-09-07", "2022-09-08")
    # the first article's headline names the incident
    assert incident.title == "Albania cuts diplomatic ties with Iran over cyberattack"


def test_pipeline_reingest_is_a_no_op(albania_feed, tmp_path):
    db = tmp_path / "casus.db"
    ingest_paths([str(albania_feed)], str(db))
    before = _read_store(db)
    again = ingest_paths([str(albania_feed)], str(db))
    assert again == IngestSummary(documents_read=3, skipped=3)
    assert _read_store(db) == before


def test_pipeline_reingest_of_rewrapped_text_is_skipped(albania_feed, tmp_path):
    # the same article through another editor: other line endings and spacing, same document
    db = tmp_path / "casus.db"
    ingest_paths([str(albania_feed)], str(db))
    text = (albania_feed / "outlet_b.txt").read_text()
    other = tmp_path / "mirror" / "syndicated_b.txt"
    other.parent.mkdir()
    other.write_bytes(text.replace("\n", "\r\n").replace(". ", ".  ").encode())
    assert ingest_paths([str(other)], str(db)) == IngestSummary(documents_read=1, skipped=1)


def test_pipeline_near_copy_is_a_source_not_an_incident(albania_feed, albania_outlets, write_article, tmp_path):
    db = tmp_path / "casus.db"
    ingest_paths([str(albania_feed)], str(db))
    _, published, body = albania_outlets["outlet_a.txt"]
    paragraphs = body.split("\n\n")
    copy = write_article(
        "wire/reposted.txt", "Tirana orders Iranian envoys out after hack", published, "\n\n".join(paragraphs[:-1])
    )  # the last paragraph cut
    summary = ingest_paths([str(copy)], str(db))
    assert (summary.documents_read, summary.copies, summary.incidents_new) == (1, 1, 0)
    assert summary.incidents_updated == 1
    counts, [incident] = _read_store(db)
    assert counts == {"documents": 4, "incidents": 1, "reports": 3}  # no facts counted twice
    assert "reposted.txt" in incident.sources and len(incident.sources) == 4


def test_pipeline_bad_files_are_counted_and_named(albania_outlets, write_article, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8)
    write_article("mixed/good.txt", *albania_outlets["outlet_a.txt"])
    db = tmp_path / "casus.db"
    summary = ingest_paths([str(folder)], str(db))
    assert (summary.documents_read, summary.failed, summary.incidents_new) == (1, 2, 1)
    assert len(summary.errors) == 2
    assert any(e.startswith(str(folder / "empty.txt")) for e in summary.errors)
    assert any(e.startswith(str(folder / "blob.txt")) for e in summary.errors)
    counts, [incident] = _read_store(db)
    assert counts == {"documents": 1, "incidents": 1, "reports": 1}
    assert incident.sources == ["good.txt"]


def test_pipeline_distractor_is_stored_without_incident(write_article, tmp_path):
    path = write_article(
        "patch.txt",
        "Browser maker ships security fixes",
        "2023-04-12",
        "The company released an update on Tuesday that fixes 14 security flaws in its web browser.\n\n"
        "One of the bugs could let a malicious website run code, and attackers were already exploiting it, "
        "the company said.\n\n"
        "Users were told to restart the browser to finish installing the patch.",
    )
    db = tmp_path / "casus.db"
    summary = ingest_paths([str(path)], str(db))
    assert (summary.documents_read, summary.incidents_new, summary.incidents_updated) == (1, 0, 0)
    counts, incidents = _read_store(db)
    assert counts == {"documents": 1, "incidents": 0, "reports": 0}
    assert incidents == []
    # stored all the same, so the next run skips it
    assert ingest_paths([str(path)], str(db)).skipped == 1


def test_pipeline_unrelated_incidents_stay_apart(albania_feed, write_article, tmp_path):
    georgia = write_article(
        "georgia.txt",
        "Georgia blames Russia for cyberattack on websites",
        "2020-02-20",
        "A cyberattack in late October defaced thousands of Georgian websites and took two television "
        "stations off the air.\n\n"
        "Georgian officials said on Thursday that Russian military intelligence was behind the attack.\n\n"
        "Russia denied involvement in the hacking.",
    )
    db = tmp_path / "casus.db"
    summary = ingest_paths([str(albania_feed), str(georgia)], str(db))
    assert summary.incidents_new == 2
    counts, incidents = _read_store(db)
    assert counts["incidents"] == 2
    assert sorted(len(i.sources) for i in incidents) == [1, 3]


def test_pipeline_incident_fields_are_derived_once_after_the_run_and_survive_a_crash(albania_feed, tmp_path):
    db = tmp_path / "casus.db"
    docs = list(read_paths([str(albania_feed)]))
    store = open_store(str(db))
    try:
        # a run that dies after storing documents but before its last pass
        store.defer_reindex = True
        for doc in docs:
            ingest_document(store, Extractor(), doc, IngestSummary())
        waiting = store.conn.execute("SELECT count(*) FROM dirty_incidents").fetchone()[0]
        assert waiting == 1
        assert store.conn.execute("SELECT summary FROM incidents").fetchone()[0] is None
        store.defer_reindex = False
        # the next run, even with nothing new, derives what the dead one left
        ingest_documents(store, [])
        assert store.conn.execute("SELECT count(*) FROM dirty_incidents").fetchone()[0] == 0
        [(summary,)] = store.conn.execute("SELECT summary FROM incidents").fetchall()
        assert "IRN" in summary and "sever_relations" in summary
    finally:
        store.close()
