"""STIX 2.1 bundles read and checked before anything is stored.

A bundle is read whole and every object casus uses is checked by the ``stix2`` library, so a
malformed, oversized or foreign bundle is refused with one line naming the object that
failed (``bundle.json: objects[3] (relationship--…): …``) before the store is touched.
Objects of types casus does not read (indicators, malware, observables, …) are counted and
skipped, not checked: they are someone else's data, and one odd indicator must not stop the
import of the reports around it.

Limits: the file (``MAX_BYTES``), the number of objects (``MAX_OBJECTS``); strings are bounded
later, where they become casus records.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from casus.errors import InputError

MAX_BYTES = 256 * 1024 * 1024
MAX_OBJECTS = 1_000_000
READ_TYPES = (
    "report",
    "incident",
    "campaign",
    "identity",
    "location",
    "intrusion-set",
    "threat-actor",
    "relationship",
    "opinion",
    "note",
)
_ID = re.compile(
    r"^([a-z][a-z0-9-]{0,249})--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


@dataclass(slots=True)
class Bundle:
    """The objects casus reads, by id, in bundle order, and a count of the rest by type."""

    source: str
    objects: dict[str, dict] = field(default_factory=dict)
    skipped: Counter = field(default_factory=Counter)

    def of_type(self, kind: str) -> list[dict]:
        return [o for o in self.objects.values() if o["type"] == kind]


def read_bundle(path: str | Path, max_bytes: int = MAX_BYTES) -> Bundle:
    where = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(where, f"cannot read ({exc.strerror})") from None
    if size > max_bytes:
        raise InputError(where, f"bundle over {max_bytes // (1024 * 1024)} MiB ({size} bytes)")
    try:
        data = json.loads(p.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(where, "not UTF-8 text, so not a STIX bundle") from None
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except (OSError, RecursionError) as exc:
        raise InputError(where, f"cannot read ({type(exc).__name__})") from None
    except ValueError:  # an integer of more digits than Python converts
        raise InputError(where, "not JSON that can be read (a number too long)") from None
    return parse_bundle(data, where)


def parse_bundle(data, where: str) -> Bundle:
    if not isinstance(data, dict) or data.get("type") != "bundle":
        kind = f"type {str(data.get('type'))[:40]!r}" if isinstance(data, dict) and "type" in data else "no type"
        what = kind if isinstance(data, dict) else f"a JSON {type(data).__name__}"
        raise InputError(where, f"not a STIX bundle ({what}, where a bundle has type 'bundle')")
    objects = data.get("objects", [])
    if not isinstance(objects, list):
        raise InputError(where, "not a STIX bundle (objects is not a list)")
    if len(objects) > MAX_OBJECTS:
        raise InputError(where, f"bundle of {len(objects)} objects, over {MAX_OBJECTS}")
    bundle = Bundle(where)
    for n, obj in enumerate(objects):
        name = _name(n, obj)
        if not isinstance(obj, dict) or not isinstance(obj.get("type"), str) or not isinstance(obj.get("id"), str):
            raise InputError(where, f"{name}: not a STIX object (no type or id)")
        m = _ID.match(obj["id"])
        if not m or m.group(1) != obj["type"]:
            raise InputError(where, f"{name}: id {obj['id'][:80]!r} is not '{obj['type'][:40]}--<uuid>'")
        if obj["type"] not in READ_TYPES:
            bundle.skipped[obj["type"][:40]] += 1
            continue
        if obj.get("spec_version") != "2.1":
            version = str(obj.get("spec_version", "2.0 (no spec_version)"))[:30]
            raise InputError(where, f"{name}: STIX {version}, but casus reads STIX 2.1")
        _check(obj, where, name)
        obj = {k: v for k, v in obj.items() if v is not None}  # the stix2 library reads a null as absent; so do we
        if obj["id"] in bundle.objects and bundle.objects[obj["id"]].get("modified", "") > obj.get("modified", ""):
            continue  # two versions of one object: the newer one stands
        bundle.objects[obj["id"]] = obj
    return bundle


def _name(n: int, obj) -> str:
    sid = obj.get("id") if isinstance(obj, dict) else None
    return f"objects[{n}] ({sid[:80]})" if isinstance(sid, str) else f"objects[{n}]"


def _check(obj: dict, where: str, name: str) -> None:
    """The stix2 library's own checks (required properties, types, vocabularies, timestamps)."""
    import stix2
    from stix2.exceptions import STIXError

    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # an unpaired surrogate escape ("\ud800"): not text, and no store takes it
        raise InputError(where, f"{name}: holds an unpaired surrogate, not Unicode text") from None
    try:
        stix2.parse(obj, allow_custom=True, version="2.1")
    except (STIXError, ValueError, TypeError, KeyError, AttributeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(where, f"{name}: {first[:300]}") from None
