"""An incident's tally gives exactly what deriving its fields from all its reports gives, however
its reports arrive (one by one in any order, or as incidents that merge), and the store keeps it
in step so that reindexing never re-reads an incident's reports."""

import json
import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from casus.ingest.text import document_id
from casus.models import Attribution, Certainty, Claim, Denial, Document, Evidence, Mention, Report, Response
from casus.resolve import band_keys, report_profile, shingle_signature
from casus.resolve.facts import incident_fields, incident_profile, incident_title, seen_span
from casus.store import Placement, open_store
from casus.store.tally import Tally

from .statements import statements

EV = Evidence("d", "A sentence.", 0, 11, "test.v1")
STATES = ["ALB", "IRN", "RUS", "EST", "USA"]
DAYS = [None, "2021", "2021-03", "2021-03-04", "2021-03-20", "2021-04", "2022-01-02"]
CERTAINTIES = [None, Certainty.LOW, Certainty.MODERATE, Certainty.HIGH]

mention = st.builds(Mention, st.sampled_from(STATES), st.just(EV))
reports = st.builds(
    Report,
    doc_id=st.sampled_from(["a1", "b2", "c3", "d4"]),
    title=st.sampled_from(["", "Hack", "Breach"]),
    published=st.sampled_from(DAYS),
    victims=st.lists(mention, max_size=3),
    sectors=st.lists(st.builds(Mention, st.sampled_from(["energy", "finance", "media"]), st.just(EV)), max_size=2),
    operation_types=st.lists(st.builds(Mention, st.sampled_from(["wiper", "ddos"]), st.just(EV)), max_size=2),
    first_activity=st.lists(st.builds(Mention, st.sampled_from(DAYS[1:]), st.just(EV)), max_size=2),
    claims=st.lists(
        st.builds(Claim, st.sampled_from(["Homeland Justice", "HOMELAND JUSTICE", "Killnet"]), st.just(EV))
    ),
    attributions=st.lists(
        st.builds(
            Attribution,
            st.sampled_from(STATES),
            st.sampled_from(STATES),
            st.just(EV),
            st.sampled_from(CERTAINTIES),
            st.sampled_from(DAYS),
        ),
        max_size=3,
    ),
    denials=st.lists(st.builds(Denial, st.sampled_from(STATES), st.just(EV)), max_size=2),
    responses=st.lists(
        st.builds(
            Response,
            st.sampled_from(STATES),
            st.sampled_from(["sanctions", "condemnation"]),
            st.sampled_from(STATES),
            st.just(EV),
            st.sampled_from(DAYS),
        ),
        max_size=2,
    ),
    groups=st.lists(st.sampled_from(["APT28", "APT34"]), max_size=2),
)


def _derived(reports_by_id: dict[int, Report]) -> tuple:
    """What the store derived before tallies: from all reports, read in (document, report id) order."""
    ordered = [reports_by_id[i] for i in sorted(reports_by_id, key=lambda i: (reports_by_id[i].doc_id, i))]
    fields = incident_fields(ordered)
    return fields, incident_title(ordered), incident_profile(ordered).to_json(), seen_span(fields, ordered)


def _tallied(tally: Tally) -> tuple:
    fields = tally.fields()
    news = tally.earliest_published()
    return (
        fields,
        tally.incident_title(),
        tally.incident_profile().to_json(),
        seen_span(fields, [Report("", published=news)] if news else []),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(reports, min_size=1, max_size=8), st.randoms(use_true_random=False), st.integers(0, 8))
def test_tally_equals_derivation_from_all_reports(batch, rng, cut):
    by_id = dict(enumerate(batch, start=1))
    arrival = list(by_id)
    rng.shuffle(arrival)
    one, other = Tally(), Tally()  # two incidents, then merged
    for i in arrival:
        (one if i <= cut else other).add(by_id[i], i)
    one.merge(Tally.from_json(other.to_json()))
    expected = _derived(by_id)
    assert json.dumps(_tallied(Tally.from_json(one.to_json())), sort_keys=True) == json.dumps(expected, sort_keys=True)


def _doc(n: int, victim: str) -> tuple[Document, Report]:
    text = f"Report {n}\n2022-09-0{1 + n % 9}\n\nOfficials said hackers in {victim} number {n} struck."
    doc = Document(document_id(text), f"r{n}.txt", text, f"Report {n}", date(2022, 9, 1 + n % 9))
    report = Report(doc.id, title=doc.title, published=f"2022-09-0{1 + n % 9}", victims=[Mention(victim, EV)])
    return doc, report


def test_reindex_reads_no_report_beyond_the_search_text(tmp_path):
    """A stored incident is derived from its tally: reindexing it reads its reports only for the
    search text, in batches, and the fields equal the derivation from all of them."""
    store = open_store(tmp_path / "t.db")
    try:
        incident_id, stored = None, {}
        for n in range(40):
            doc, report = _doc(n, random.Random(n).choice(["ALB", "MNE"]))
            sig = shingle_signature(doc.text)
            placement = Placement(report, report_profile(report, None), [incident_id] if incident_id else [])
            [(incident_id, _)] = store.add_document(doc, sig, band_keys(sig), [placement])
            stored[n] = report
        with statements(store) as reads:
            store.reindex_incident(incident_id)
        # one batch of reports for a short search text; no statement reads all of them for the fields
        assert sum("FROM reports" in sql for sql in reads) == 1
        row = store.incident(incident_id)
        summary = json.loads(
            store.conn.execute("SELECT summary FROM incidents WHERE id = ?", (incident_id,)).fetchone()[0]
        )
        assert summary == incident_fields(row.reports)
        assert row.profile.to_json() == incident_profile(row.reports).to_json()
    finally:
        store.close()
