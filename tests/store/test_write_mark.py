"""The lookups an ingester makes before taking the writer lock (is the text stored, is it a
near-copy) are made once when no other writer committed since, and again when one did."""

from casus.models import Document
from casus.pipeline import IngestSummary, Prepared, write_prepared
from casus.store import open_store

from .statements import statements

TEXT = (
    "Harbour authority reports a quiet week\n2024-03-04\n\n"
    "The harbour authority said the new crane arrived on Monday and the dredging of the outer basin "
    "would resume once the spring tides had passed. Ferry timetables stay as they were."
)


def _doc(text: str = TEXT) -> Document:
    from casus.ingest.text import read_text

    return read_text(text, "harbour.txt")


def _band_lookups(seen: list[str]) -> int:
    return sum("FROM doc_bands b JOIN documents" in sql for sql in seen)


def test_no_other_writer_the_near_copy_lookup_runs_once(tmp_path, extractor):
    store = open_store(str(tmp_path / "casus.db"))
    try:
        summary = IngestSummary()
        with statements(store) as seen:
            write_prepared(store, Prepared(_doc()), summary, extractor)
        assert store.has_document(_doc().id) and not summary.errors
        assert _band_lookups(seen) == 1
    finally:
        store.close()


def test_a_commit_by_another_writer_makes_the_lookups_run_again(tmp_path, extractor):
    """Another ingester stores the same text between the first lookups and the lock: the
    document is then found stored (skipped), not written a second time."""
    path = str(tmp_path / "casus.db")
    store, other = open_store(path), open_store(path)
    try:
        writing = store.writing

        def another_writer_first():
            write_prepared(other, Prepared(_doc()), IngestSummary(), extractor)
            return writing()

        store.writing = another_writer_first
        summary = IngestSummary()
        with statements(store) as seen:
            write_prepared(store, Prepared(_doc()), summary, extractor)
        assert summary.skipped == 1 and not summary.errors
        assert _band_lookups(seen) == 1  # the second lookup was not needed: it was stored by then
        assert store.counts()["documents"] == 1
    finally:
        store.close()
        other.close()


def test_a_store_that_cannot_tell_makes_the_lookups_again(store_url, extractor):
    """PostgreSQL has no commit counter (write_mark None): both lookups run under the lock too."""
    store = open_store(store_url)
    try:
        summary = IngestSummary()
        with statements(store) as seen:
            write_prepared(store, Prepared(_doc()), summary, extractor)
        expected = 1 if store.write_mark() is not None else 2
        assert _band_lookups(seen) == expected
        assert store.counts()["documents"] == 1
    finally:
        store.close()
