"""Who can be named: states, their bodies, international bodies, companies and threat groups.

Built once per process from packaged reference data, never downloaded:
1. states from pycountry (ISO names) and countryinfo (alternative spellings, demonyms,
   capitals), plus the short forms news writes ("U.S.", "Britain", "Moscow");
2. government bodies and offices that speak for a state or act for it, from ``lexicons.json``;
3. EU, NATO and UN with the names the press gives them;
4. security companies that publish attributions;
5. threat groups and their aliases from the MISP threat-actor galaxy (pymispgalaxies), with the
   sponsor country MISP records, so "Fancy Bear" and "APT 28" are both APT28 of Russia.

Each entry becomes a spaCy phrase pattern matched on exact spelling (``ORTH``): case matters,
since "US" is a state and "us" is not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import countryinfo
import pycountry

from casus.models import Actor, ActorKind


@dataclass(frozen=True, slots=True)
class Entry:
    text: str
    actor: str
    kind: ActorKind
    form: str  # name | demonym | capital | body | hostile_body | intl | company | group
    sponsor: str | None = None


@cache
def lexicons() -> dict:
    return json.loads(resources.files("casus.extract").joinpath("lexicons/lexicons.json").read_text())


def _alpha2_to_alpha3() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


@cache
def _state_entries() -> tuple[Entry, ...]:
    lex = lexicons()
    skip = set(lex["ambiguous_place_names"])
    out: list[Entry] = []
    seen: set[tuple[str, str]] = set()

    def add(text: str, code: str, form: str) -> None:
        text = text.strip()
        if not text or text in skip or (text, form) in seen or len(text) < 3 and text not in ("UK", "US"):
            return
        if text.isupper() and len(text) <= 3 and text not in lex["state_acronyms"]:
            return  # ISO codes as words ("IT", "CAN") are not how articles name states
        seen.add((text, form))
        out.append(Entry(text, code, ActorKind.STATE, form))

    for code, forms in lex["state_aliases"].items():
        for f in forms["name"]:
            add(f, code, "name")
        for f in forms.get("demonym", []):
            add(f, code, "demonym")
        for f in forms.get("capital", []):
            add(f, code, "capital")
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name and "," not in name:
                add(name, c.alpha_3, "name")
    for info in (c.info() for c in countryinfo.all_countries()):
        code = (info.get("ISO") or {}).get("alpha3")
        if not code:
            continue
        add(info.get("name", ""), code, "name")
        for alt in info.get("altSpellings") or []:
            if alt.isascii() and "," not in alt:
                add(alt, code, "name")
        demonym = info.get("demonym") or ""
        for d in re.split(r"[,/]| or ", demonym):
            if d.strip():
                add(d.strip(), code, "demonym")
        capitals = info.get("capital") or []
        for capital in [capitals] if isinstance(capitals, str) else capitals:
            add(capital.replace(" D.C.", ""), code, "capital")
    return tuple(out)


def _body_entries() -> list[Entry]:
    lex = lexicons()
    out = []
    for code, names in lex["state_bodies"].items():
        out += [Entry(n, code, ActorKind.STATE, "body") for n in names]
    for code, names in lex["hostile_bodies"].items():
        out += [Entry(n, code, ActorKind.STATE, "hostile_body") for n in names]
    for code, names in lex["international_bodies"].items():
        out += [Entry(n, code, ActorKind.INTERNATIONAL, "intl") for n in names]
    for name, aliases in lex["companies"].items():
        out += [Entry(a, name, ActorKind.COMPANY, "company") for a in [name, *aliases]]
    # well-known officials speak for their state even where an article does not say which
    for code, people in lex["officials"].items():
        kind = ActorKind.INTERNATIONAL if code in ("EU", "NATO", "UN") else ActorKind.STATE
        out += [Entry(n, code, kind, "person") for n in people]
        # "the Albanese government", "the Obama administration": a leader's name for the state
        out += [
            Entry(f"{n.split()[-1]} {body}", code, kind, "body")
            for n in people
            for body in ("government", "administration")
        ]
    return out


def _galaxy(name: str) -> list[dict]:
    path = resources.files("pymispgalaxies").joinpath(f"data/misp-galaxy/clusters/{name}.json")
    return json.loads(path.read_text())["values"]


def _unsafe_alias(alias: str, common: set[str]) -> bool:
    """Too short, not ASCII, all lower case, or a single ordinary word: it would tag prose."""
    if len(alias) < 4 or not alias.isascii() or alias.islower():
        return True
    words = alias.lower().split()
    return len(words) == 1 and words[0] in common


def _misp_groups(a3: dict[str, str]):
    for value in _galaxy("threat-actor") + _galaxy("microsoft-activity-group"):
        meta = value.get("meta") or {}
        country = meta.get("country")
        sponsor = a3.get(country) if isinstance(country, str) else None
        yield value["value"], [value["value"], *meta.get("synonyms", [])], sponsor


def _group_entries() -> list[Entry]:
    """Threat groups: MISP value and synonyms. A synonym that is an ordinary word, a country or
    shorter than four letters would tag plain prose, so it is left out."""
    lex = lexicons()
    a3 = _alpha2_to_alpha3()
    stop = {w.lower() for w in lex["group_alias_stoplist"]}
    common = set(lex["common_words"])
    places = {e.text.lower() for e in _state_entries()}
    out: list[Entry] = []
    seen: set[str] = set()
    # The curated list first: its canonical names are the best-known ones ("Salt Typhoon").
    curated = [(c, [c, *f["aliases"]], f.get("sponsor")) for c, f in lex["extra_groups"].items()]
    for n, (canonical, aliases, sponsor) in enumerate(curated + list(_misp_groups(a3))):
        for alias in aliases:
            key = alias.lower()
            if key in seen or key in places or n >= len(curated) and (key in stop or _unsafe_alias(alias, common)):
                continue
            seen.add(key)
            out.append(Entry(alias, canonical, ActorKind.GROUP, "group", sponsor))
            spaced = re.sub(r"^(APT|TA|UNC|FIN)(\d+)$", r"\1 \2", alias)
            if spaced != alias and spaced.lower() not in seen:
                seen.add(spaced.lower())
                out.append(Entry(spaced, canonical, ActorKind.GROUP, "group", sponsor))
    return out


@cache
def entries() -> tuple[Entry, ...]:
    """One entry per spelling and form; a body or group spelled like a place wins ("Brussels"
    speaking is the EU, not Belgium), since the more specific list comes later."""
    table: dict[str, Entry] = {}
    for entry in (*_state_entries(), *_body_entries(), *_group_entries()):
        if entry.text in table and entry.form == "demonym" and table[entry.text].form != "demonym":
            continue
        table[entry.text] = entry
    return tuple(table.values())


INTERNATIONAL_NAMES = {"EU": "European Union", "NATO": "NATO", "UN": "United Nations"}


@cache
def _actor_table() -> dict[str, tuple[ActorKind, str | None, tuple[str, ...]]]:
    kinds: dict[str, ActorKind] = {}
    sponsors: dict[str, str | None] = {}
    aliases: dict[str, list[str]] = {}
    for e in entries():
        kinds.setdefault(e.actor, e.kind)
        if e.kind in (ActorKind.GROUP, ActorKind.COMPANY):
            sponsors.setdefault(e.actor, e.sponsor)
            if e.text != e.actor:
                aliases.setdefault(e.actor, []).append(e.text)
    return {a: (k, sponsors.get(a), tuple(aliases.get(a, ()))) for a, k in kinds.items()}


@cache
def describe(actor_id: str) -> Actor:
    """How to show an actor identifier: its kind, a readable name, and for a group the sponsor
    and aliases the reference data records. Aliases are reference links, never merges: facts
    keep the identifier they were read with."""
    state = pycountry.countries.get(alpha_3=actor_id) if len(actor_id) == 3 and actor_id.isupper() else None
    if state is not None:
        short = [
            n for n in lexicons()["state_aliases"].get(actor_id, {}).get("name", []) if "." not in n and not n.isupper()
        ]
        name = short[0] if short else getattr(state, "common_name", None) or state.name
        return Actor(actor_id, ActorKind.STATE, name)
    if actor_id in INTERNATIONAL_NAMES:
        return Actor(actor_id, ActorKind.INTERNATIONAL, INTERNATIONAL_NAMES[actor_id])
    kind, sponsor, aliases = _actor_table().get(actor_id, (ActorKind.GROUP, None, ()))
    return Actor(actor_id, kind, actor_id, sponsor, aliases)
