"""MISP export: a feed folder whose events PyMISP loads, with galaxy tags, links and quotes."""

import json
import os

import pymisp
import pytest

from casus.export.misp import write_feed
from casus.export.select import matching

DESCRIBE = json.loads(
    open(os.path.join(os.path.dirname(pymisp.__file__), "data", "describeTypes.json"), encoding="utf-8").read()
)["result"]


def _feed(store, folder):
    n = write_feed(matching(store), folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    events = {}
    for uuid in manifest:
        event = pymisp.MISPEvent()
        event.load_file(str(folder / f"{uuid}.json"))
        events[event.info] = event
    assert n == len(manifest) == len(events)
    return manifest, events


@pytest.fixture(scope="module")
def example_feed(example_db, tmp_path_factory):
    from casus.store import open_store

    store = open_store(example_db, upgrade=False)
    try:
        return _feed(store, tmp_path_factory.mktemp("misp"))
    finally:
        store.close()


def _albania(events):
    [event] = [e for i, e in events.items() if i.startswith("Albania")]
    return event


def test_misp_one_event_per_incident_loads_with_pymisp(example_feed):
    manifest, events = example_feed
    assert len(events) == 2
    for event in events.values():
        assert str(event.uuid) in manifest and event.attributes
        for a in event.attributes:  # every attribute a type MISP allows in its category
            assert a.type in DESCRIBE["category_type_mappings"][a.category], (a.type, a.category)


def test_misp_threat_actors_carry_their_galaxy_cluster_tag(example_feed):
    event = _albania(example_feed[1])
    tags = {t.name for t in event.tags}
    assert 'misp-galaxy:threat-actor="HomeLand Justice"' in tags
    assert {'casus:victim="ALB"', 'casus:attributed-to="IRN"', 'casus:response="sever_relations"'} <= tags
    [actor] = [a for a in event.attributes if a.type == "threat-actor"]
    assert actor.value == "HomeLand Justice" and actor.category == "Attribution"


def test_misp_facts_are_text_attributes_with_their_quotes(example_feed):
    event = _albania(example_feed[1])
    texts = [a for a in event.attributes if a.type == "text" and a.category in ("Attribution", "Other")]
    sever = [a for a in texts if "sever relations" in a.comment]
    assert sever and any("diplomatic" in a.value for a in sever)
    assert all(" [" in a.comment and "document " in a.comment for a in texts)
    mandiant = [
        a for a in texts if a.comment.startswith("Mandiant attributed the operation to Iran (certainty: moderate)")
    ]
    assert mandiant
    assert [a.value for a in event.attributes if a.type == "target-location"] == ["Albania"]


def test_misp_sources_are_link_attributes(outlets_db, read_store, tmp_path):
    _, events = _feed(read_store(outlets_db), tmp_path / "feed")
    [event] = events.values()
    links = sorted(a.value for a in event.attributes if a.type == "link")
    assert links == [f"https://news.example.org/outlet_{x}" for x in "abc"]


def test_misp_feed_is_the_same_when_written_twice(example_db, read_store, tmp_path):
    store = read_store(example_db)
    write_feed(matching(store), tmp_path / "one")
    write_feed(matching(store), tmp_path / "two")
    one = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
    assert one == two and len(one) == 3
