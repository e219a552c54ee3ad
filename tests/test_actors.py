"""Threat-actor knowledge: MISP galaxy profiles, lookup by any alias, and local alias files that
override the shipped data, with one line for a bad file."""

import pytest

from casus.actors import Knowledge, load_aliases
from casus.errors import InputError

LOCAL = """
# our own names for groups, over the shipped galaxy data
["APT28"]
aliases = ["Blue Pawn"]

["HomeLand Justice"]
sponsor = "IRN"
aliases = ["Sofacy"]  # shipped as an APT28 alias: here it names HomeLand Justice

["Lantern Crew"]
aliases = ["LC-7"]
sponsor = "NLD"
"""


@pytest.fixture
def local(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text(LOCAL, encoding="utf-8")
    return Knowledge.from_file(path)


def test_actors_profile_from_the_misp_galaxy():
    p = Knowledge().profile("APT28")
    assert p.kind == "group" and p.sponsor == "RUS" and "Fancy Bear" in p.aliases
    assert p.cluster.value == "APT28" and p.cluster.uuid == "5b4ee3ea-eee3-4c8e-8323-85ae32658754"
    assert Knowledge().profile("IRN").name == "Iran" and Knowledge().profile("IRN").cluster is None


@pytest.mark.parametrize(
    "name, actor",
    [("fancy bear", "APT28"), ("APT 28", "APT28"), ("Iran", "IRN"), ("alb", "ALB"), ("nobody at all", None)],
)
def test_actors_resolve_any_name_or_alias(name, actor):
    assert Knowledge().resolve(name) == actor


def test_actors_search_matches_names_and_aliases():
    found = {p.id for p in Knowledge().search("typhoon")}
    assert {"Volt Typhoon", "Salt Typhoon"} <= found
    assert all(p.kind == "group" for p in Knowledge().search("bear"))


def test_actors_local_file_overrides_shipped_data(local):
    assert local.resolve("Blue Pawn") == "APT28" and "Blue Pawn" in local.profile("APT28").aliases
    assert local.profile("APT28").local and not Knowledge().profile("APT28").local
    assert Knowledge().resolve("Sofacy") == "APT28" and local.resolve("sofacy") == "HomeLand Justice"
    crew = local.profile("Lantern Crew")
    assert (crew.sponsor, crew.aliases) == ("NLD", ["LC-7"]) and local.resolve("lc-7") == "Lantern Crew"
    assert "Lantern Crew" in {p.id for p in local.search("lantern")}


def test_actors_alias_file_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "env.toml"
    path.write_text('["APT29"]\naliases = ["Quiet Heron"]\n')
    monkeypatch.setenv("CASUS_ALIASES", str(path))
    assert Knowledge.from_file().resolve("quiet heron") == "APT29"


@pytest.mark.parametrize(
    "text, message",
    [
        ("[APT28\naliases = []", "not a TOML alias file"),
        ('APT28 = "x"', "each actor is a table"),
        ('["APT28"]\naliases = "Fancy"', "aliases must be a list"),
        ('["APT28"]\nsponsor = "Russia"', "is not an ISO 3166-1 alpha-3 code"),
        ('["APT28"]\ncolour = "red"', "unknown keys colour"),
        ('["APT28"]\naliases = ["' + "x" * 101 + '"]', "aliases must be a list of names of 1-100"),
    ],
)
def test_actors_bad_alias_file_is_one_line(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_aliases(path)
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_actors_missing_alias_file_is_one_line(tmp_path):
    with pytest.raises(InputError, match="cannot read the alias file"):
        Knowledge.from_file(tmp_path / "none.toml")


def test_actors_suggest_close_names():
    assert Knowledge().suggest("Fancy Bearz") == ["APT28"]
