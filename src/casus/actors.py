"""Threat-actor knowledge a user can browse and extend: MISP galaxies plus local alias files.

Reference data answers "who is this name?": the canonical name, the aliases, the sponsor state
and, for a group, its MISP galaxy cluster. It is read at display and export time and never
merges facts: a fact keeps the identifier it was read with.

Three layers, later ones winning:
1. what extraction knows (:func:`casus.extract.gazetteer.describe`): states, bodies,
   companies, and groups from the MISP ``threat-actor`` and ``microsoft-activity-group``
   galaxies with casus's curated names;
2. the MISP ``threat-actor`` cluster itself, for its uuid and description (MISP tags and
   the web page's "from the MISP galaxy" line);
3. a local alias file (``--aliases FILE`` or ``$CASUS_ALIASES``), TOML with one table per
   actor id: ``aliases`` are added, ``sponsor`` (ISO alpha-3) replaces the shipped one, and a
   local alias that the shipped data gives to another group now names this one.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from casus.errors import InputError
from casus.extract.gazetteer import _actor_table, describe, entries
from casus.models import ActorKind

ENV = "CASUS_ALIASES"
MAX_ALIAS_FILE = 1024 * 1024
MAX_NAME = 100


@dataclass(frozen=True, slots=True)
class Cluster:
    """One MISP galaxy cluster: its value (the tag name), uuid and description."""

    galaxy: str
    value: str
    uuid: str
    description: str = ""


@dataclass(slots=True)
class ActorProfile:
    id: str
    name: str
    kind: str
    sponsor: str | None = None
    aliases: list[str] = field(default_factory=list)
    cluster: Cluster | None = None
    local: bool = False  # a local alias file added to or changed this actor

    def as_dict(self) -> dict:
        out = {"id": self.id, "name": self.name, "kind": self.kind, "sponsor": self.sponsor, "aliases": self.aliases}
        out["misp_cluster"] = (
            {"galaxy": self.cluster.galaxy, "value": self.cluster.value, "uuid": self.cluster.uuid}
            if self.cluster
            else None
        )
        out["local_aliases"] = self.local
        return out


@cache
def _clusters() -> dict[str, Cluster]:
    """Lower-cased cluster value and synonym → cluster, from the threat-actor galaxy."""
    path = resources.files("pymispgalaxies").joinpath("data/misp-galaxy/clusters/threat-actor.json")
    table: dict[str, Cluster] = {}
    for v in json.loads(path.read_text())["values"]:
        c = Cluster("threat-actor", v["value"], v["uuid"], (v.get("description") or "")[:2000])
        table.setdefault(v["value"].lower(), c)
    for v in json.loads(path.read_text())["values"]:  # synonyms never shadow a cluster's own value
        for s in (v.get("meta") or {}).get("synonyms", []):
            table.setdefault(s.lower(), table[v["value"].lower()])
    return table


def load_aliases(path: str | Path) -> dict[str, dict]:
    """A local alias file as {actor id: {"aliases": [...], "sponsor": str | None}}, checked; any
    problem is one line naming the file and the entry."""
    where = str(path)
    p = Path(path)
    try:
        if p.stat().st_size > MAX_ALIAS_FILE:
            raise InputError(where, f"alias file over {MAX_ALIAS_FILE} bytes")
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(where, f"cannot read the alias file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(where, f"not a TOML alias file ({exc})") from None
    except RecursionError:
        raise InputError(where, "not a TOML alias file (nested too deeply)") from None
    out: dict[str, dict] = {}
    for actor, entry in data.items():
        if not isinstance(entry, dict) or len(actor) > MAX_NAME or not actor.strip():
            raise InputError(where, f'{actor[:40]!r}: each actor is a table, e.g. ["APT28"] aliases = [...]')
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and 0 < len(a) <= MAX_NAME for a in aliases):
            raise InputError(where, f"{actor!r}: aliases must be a list of names of 1-{MAX_NAME} characters")
        sponsor = entry.get("sponsor")
        if sponsor is not None and describe(str(sponsor)).kind != ActorKind.STATE:
            raise InputError(where, f"{actor!r}: sponsor {str(sponsor)[:40]!r} is not an ISO 3166-1 alpha-3 code")
        unknown = set(entry) - {"aliases", "sponsor"}
        if unknown:
            raise InputError(where, f"{actor!r}: unknown keys {', '.join(sorted(unknown))} (aliases, sponsor)")
        out[actor.strip()] = {"aliases": [a.strip() for a in aliases], "sponsor": sponsor}
    return out


class Knowledge:
    """Shipped reference data with an optional local alias file on top."""

    def __init__(self, local: dict[str, dict] | None = None, source: str | None = None):
        self.local = local or {}
        self.source = source
        self._local_names = {n.lower(): a for a, e in self.local.items() for n in [a, *e["aliases"]]}

    @classmethod
    def from_file(cls, path: str | Path | None = None) -> Knowledge:
        """From ``path``, else ``$CASUS_ALIASES``, else shipped data only."""
        path = path or os.environ.get(ENV) or None
        return cls(load_aliases(path), str(path)) if path else cls()

    def profile(self, actor: str) -> ActorProfile:
        a = describe(actor)
        p = ActorProfile(a.id, a.name, a.kind.value, a.sponsor, list(a.aliases))
        if a.kind == ActorKind.GROUP:
            p.cluster = _clusters().get(actor.lower()) or next(
                (_clusters()[x.lower()] for x in a.aliases if x.lower() in _clusters()), None
            )
        entry = self.local.get(actor)
        if entry:
            p.local = True
            p.aliases += [x for x in entry["aliases"] if x not in p.aliases and x != p.name]
            p.sponsor = entry["sponsor"] or p.sponsor
        return p

    def resolve(self, name: str) -> str | None:
        """The actor id a name or alias stands for (any case); local names first."""
        key = name.strip().lower()
        if not key:
            return None
        if key in self._local_names:
            return self._local_names[key]
        for actor in _actor_ids():
            if actor.lower() == key:
                return actor
        return _names().get(key)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Names close to a misspelt one ("Fancy Bearz" → Fancy Bear), for "did you mean"."""
        keys = [*_names(), *self._local_names]
        close = difflib.get_close_matches(name.strip().lower(), keys, n=n * 3, cutoff=0.8)
        ids = dict.fromkeys(self._local_names.get(k) or _names()[k] for k in close)
        return [self.profile(a).name for a in list(ids)[:n]]

    def search(self, query: str | None = None) -> list[ActorProfile]:
        """Every known group (and every local entry) whose name or an alias contains the query."""
        key = (query or "").strip().lower()
        ids = [a for a, (kind, _, _) in _actor_table().items() if kind == ActorKind.GROUP]
        ids += [a for a in self.local if a not in _actor_table()]
        out = []
        for actor in dict.fromkeys(ids):
            p = self.profile(actor)
            if not key or any(key in n.lower() for n in [p.id, p.name, *p.aliases]):
                out.append(p)
        return sorted(out, key=lambda p: p.name.lower())


@cache
def _actor_ids() -> tuple[str, ...]:
    return tuple(_actor_table())


@cache
def _names() -> dict[str, str]:
    """Lower-cased alias → actor id, for every actor the shipped data names."""
    out: dict[str, str] = {}
    for actor, (_, _, aliases) in _actor_table().items():
        for n in (actor, *aliases):
            out.setdefault(n.lower(), actor)
    for e in entries():  # states and bodies by any name articles use ("Iran", "Tehran", "the Kremlin")
        out.setdefault(e.text.lower(), e.actor)
    for actor in {e.actor for e in entries()}:  # and by the name casus shows them under, which "did you mean" offers
        out.setdefault(describe(actor).name.lower(), actor)
    return out
