"""The interoperability commands through the installed ``casus``: exports with filters, bundle
imports, and the threat-actor commands, each failure one line with no traceback."""

import json
from pathlib import Path

import pytest

from test_cli import _one_line_error, casus

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def example_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("interop") / "examples.db"
    assert casus("ingest", str(EXAMPLES), "--db", str(db)).returncode == 0
    return db


def test_cli_export_stix_twice_is_byte_identical_and_filtered(example_db, tmp_path):
    one, two, geo = tmp_path / "one.json", tmp_path / "two.json", tmp_path / "geo.json"
    for path in (one, two):
        assert casus("export", "--format", "stix", "--db", str(example_db), "-o", str(path)).returncode == 0
    assert one.read_bytes() == two.read_bytes()
    r = casus("export", "--format", "stix", "--db", str(example_db), "--attributed-to", "RUS", "-o", str(geo))
    assert r.returncode == 0
    names = [o["name"] for o in json.loads(geo.read_text())["objects"] if o["type"] == "incident"]
    assert len(names) == 1 and "Georgia" in names[0]


def test_cli_export_folders_and_filters(example_db, tmp_path):
    r = casus(
        "export",
        "--format",
        "csv",
        "--db",
        str(example_db),
        "--response",
        "sever_relations",
        "-o",
        str(tmp_path / "csv"),
    )
    assert r.returncode == 0 and "incidents.csv (1 rows)" in r.stderr
    r = casus(
        "export",
        "--format",
        "misp",
        "--db",
        str(example_db),
        "--since",
        "2019-01-01",
        "--until",
        "2019-12-31",
        "-o",
        str(tmp_path / "misp"),
    )
    assert r.returncode == 0 and "wrote 1 MISP events" in r.stderr
    _one_line_error(casus("export", "--format", "csv", "--db", str(example_db), wide=False), "-o DIR")
    _one_line_error(
        casus("export", "--db", str(example_db), "--since", "2022-02-30", wide=False), "--since", "YYYY-MM-DD"
    )
    (tmp_path / "file").write_text("x")
    _one_line_error(
        casus("export", "--format", "misp", "--db", str(example_db), "-o", str(tmp_path / "file"), wide=False),
        "not a folder",
    )
    refused = casus("export", "--db", str(example_db), "--sector", "space")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr and "government" in refused.stderr


def test_cli_ingest_bundle_then_again(example_db, tmp_path):
    bundle = tmp_path / "bundle.json"
    assert casus("export", "--format", "stix", "--db", str(example_db), "-o", str(bundle)).returncode == 0
    db = tmp_path / "imported.db"
    first = casus("ingest", str(bundle), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "5 reports (5 new, 0 updated, 0 unchanged" in first.stdout and "in 2 incidents" in first.stdout
    second = casus("ingest", str(bundle), "--db", str(db))
    assert "(0 new, 0 updated, 5 unchanged" in second.stdout
    listing = casus("incidents", "--db", str(db)).stdout
    assert listing.count("ALB") == 1 and "IRN" in listing and "GEO" in listing


def test_cli_ingest_bad_bundle_is_one_line(example_db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "type": "bundle",
                "id": "bundle--00000000-0000-4000-8000-000000000000",
                "objects": [{"type": "report", "id": "report--1", "spec_version": "2.1"}],
            }
        )
    )
    before = casus("export", "--db", str(example_db)).stdout
    _one_line_error(
        casus("ingest", str(bad), "--db", str(example_db), wide=False), "bad.json", "objects[0] (report--1)"
    )
    assert casus("export", "--db", str(example_db)).stdout == before


def test_cli_actors_lists_and_searches(example_db):
    listing = casus("actors", "--db", str(example_db))
    assert listing.returncode == 0
    assert "HomeLand Justice" in listing.stdout and "Iran (IRN)" in listing.stdout
    found = casus("actors", "fancy", "--db", str(example_db))
    assert "APT28" in found.stdout and "RUS" in found.stdout and "Fancy Bear" in found.stdout
    offline = casus("actors", "typhoon", "--db", str(example_db.parent / "none.db"))
    assert offline.returncode == 0 and "Volt Typhoon" in offline.stdout


def test_cli_actor_shows_knowledge_and_incidents(example_db, tmp_path):
    hj = casus("actor", "homeland justice", "--db", str(example_db))
    assert hj.returncode == 0
    assert "sponsor: Iran (IRN)" in hj.stdout and "MISP galaxy: threat-actor cluster 'HomeLand Justice'" in hj.stdout
    assert "claimant" in hj.stdout and "Albania severs" in hj.stdout
    _one_line_error(casus("actor", "Fancy Bearz", "--db", str(example_db), wide=False), "did you mean: APT28")
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('["HomeLand Justice"]\naliases = ["HJ Team"]\n')
    local = casus("actor", "hj team", "--db", str(example_db), "--aliases", str(aliases))
    assert local.returncode == 0 and "HJ Team" in local.stdout and f"local aliases from {aliases}" in local.stdout
    aliases.write_text("[broken")
    _one_line_error(casus("actors", "--db", str(example_db), "--aliases", str(aliases), wide=False), "aliases.toml")


def test_cli_every_command_is_in_the_readme():
    from typer.main import get_command

    from casus.cli import app

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    group = get_command(app)
    names = [n for n in group.commands if n != "db"] + [f"db {n}" for n in group.commands["db"].commands]
    assert {"export", "actors", "actor", "ingest", "serve"} <= set(names)
    for name in names:
        assert f"casus {name} " in readme, f"casus {name} is not in the README"
