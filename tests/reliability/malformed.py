"""Malformed inputs, generated deterministically, one registry entry per input kind.

Each kind yields its fixed families first (empty, binary, odd encodings, oversized, truncated
gzip, deep or broken markup, wrong types, ...), then an endless stream of random mutations of a
well-formed input of that kind, so ``generate(count)`` gives the same cases for the same count
and seed on every machine. A new kind (URL responses, feeds, WARC) registers a generator with
:func:`kind` and the reliability tests pick it up.

A case is ``refused`` when the input must be refused with exactly one line naming it; the
mutations are ``refused=False``: they may still read as an article, but must never crash.
Oversized cases are sparse files, so a 50 MB input costs neither memory nor disk.
"""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import json
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from casus.ingest.files import MAX_BYTES

BIG = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Case:
    kind: str
    label: str  # what the case is, for failure messages
    suffix: str
    data: bytes = b""
    size: int = 0  # when set, the file is extended (sparse, zero bytes) to this many bytes
    refused: bool = True
    records: int = 1  # JSON lines: the most error lines the case may give (one per bad line)
    routes: tuple = ()  # URL and feed kinds: (path suffix, ingest.webserver.Route) pairs, "" first
    names: tuple[str, ...] = ()  # URLs outside the case an error line may name instead of it

    @property
    def served(self) -> bool:
        return bool(self.routes)

    def serve(self, server, n: int) -> str:
        """Put the case's responses on the loopback ``server``; returns the case's URL.
        ``{here}`` in a body or header becomes that URL."""
        here = server.url(f"/{self.kind}-{n:05d}-{self.label}")
        for suffix, route in self.routes:
            headers = {k: v.replace("{here}", here) for k, v in route.headers.items()}
            body = route.body
            for codec in ("utf-8", "utf-16-le", "utf-16-be"):  # feeds are written in those too
                if "{here}".encode(codec) in body:
                    body = body.replace("{here}".encode(codec), here.encode(codec))
            server.routes[urlsplit(here + suffix).path] = dataclasses.replace(route, body=body, headers=headers)
        return here

    def write(self, folder: Path, n: int) -> Path:
        path = folder / f"{self.kind}-{n:05d}-{self.label}{self.suffix}"
        path.write_bytes(self.data)
        if self.size:
            with path.open("r+b") as f:
                f.truncate(self.size)
        return path


Generator = Callable[[random.Random], Iterator[Case]]
KINDS: dict[str, Generator] = {}
SHARES: dict[str, float] = {}  # a kind's share of the count relative to a file kind's


def kind(name: str, share: float = 1.0) -> Callable[[Generator], Generator]:
    """Register a generator; ``share`` below 1 for kinds whose cases cost an HTTP round trip."""

    def register(gen: Generator) -> Generator:
        KINDS[name] = gen
        SHARES[name] = share
        return gen

    return register


def generate(count: int, seed: int = 11, kinds: list[str] | None = None) -> list[Case]:
    """``count`` cases spread over the kinds by their shares, each kind's fixed families first."""
    names = kinds or list(KINDS)
    total = sum(SHARES[n] for n in names)
    counts = [int(count * SHARES[n] / total) for n in names]
    for i in range(count - sum(counts)):
        counts[i % len(names)] += 1
    out = []
    for name, n in zip(names, counts, strict=True):
        rng = random.Random(f"{seed}:{name}")
        out += itertools.islice(KINDS[name](rng), n)
    return out


def file_kinds() -> list[str]:
    """The kinds whose cases are files (the others are served over HTTP)."""
    return [name for name in KINDS if name not in WEB_KINDS]


WEB_KINDS = ("url", "feed")


# --- well-formed material (our own wording) ---------------------------------------------------

HEADLINE = "Coastal state says intruders reached its port authority systems"
BODY = (
    "Officials in the coastal state of Marendia said on Tuesday that intruders had spent weeks inside "
    "the computer systems of the national port authority before the breach was noticed.\n\n"
    "The ministry of transport blamed a group it said worked for a neighbouring government and "
    "summoned that country's ambassador to explain.\n\n"
    "The neighbouring government rejected the accusation and said it had no part in any attack."
)
ARTICLE = f"{HEADLINE}\n2031-04-02\n\n{BODY}\n"
HTML = (
    "<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article><h1>{title}</h1>"
    "<p>{p1}</p><p>{p2}</p><p>{p3}</p></article><footer>All rights reserved.</footer></body></html>"
)
PARAGRAPHS = BODY.split("\n\n")
ARTICLE_HTML = HTML.format(title=HEADLINE, p1=PARAGRAPHS[0], p2=PARAGRAPHS[1], p3=PARAGRAPHS[2])
RECORD = {"url": "https://news.example/port", "title": HEADLINE, "published": "2031-04-02", "text": BODY}


def _sid(kind_: str, rng: random.Random | None = None, n: int = 0) -> str:
    value = uuid.UUID(int=rng.getrandbits(128), version=4) if rng else uuid.UUID(int=n + 1, version=4)
    return f"{kind_}--{value}"


def bundle(rng: random.Random | None = None) -> dict:
    """A small well-formed STIX 2.1 bundle: a report on an intrusion set targeting a state."""
    stamp = "2031-04-02T10:00:00.000Z"
    base = {"spec_version": "2.1", "created": stamp, "modified": stamp}
    victim = {"type": "identity", "id": _sid("identity", rng, 1), "name": "Marendia", "identity_class": "organization"}
    group = {"type": "intrusion-set", "id": _sid("intrusion-set", rng, 2), "name": "Grey Heron"}
    rel = {
        "type": "relationship",
        "id": _sid("relationship", rng, 3),
        "relationship_type": "targets",
        "source_ref": group["id"],
        "target_ref": victim["id"],
        "description": "Grey Heron broke into the port authority of Marendia.",
    }
    report = {
        "type": "report",
        "id": _sid("report", rng, 4),
        "name": HEADLINE,
        "published": stamp,
        "object_refs": [victim["id"], group["id"], rel["id"]],
        "description": BODY[:300],
    }
    objects = [{**base, **o} for o in (victim, group, rel, report)]
    return {"type": "bundle", "id": _sid("bundle", rng, 5), "objects": objects}


# --- families shared by the file kinds --------------------------------------------------------


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _common(name: str, suffix: str, sample: bytes) -> Iterator[Case]:
    """Families every file kind must refuse, whatever its parser: nothing to read, not text,
    or too big to read at all."""
    yield Case(name, "empty", suffix, b"")
    yield Case(name, "blank", suffix, b" \n\t\r\n  \n")
    yield Case(name, "bom-only", suffix, b"\xef\xbb\xbf")
    yield Case(name, "nul-bytes", suffix, b"\x00" * 4096)
    yield Case(name, "nul-inside", suffix, sample[: len(sample) // 2] + b"\x00" + sample[len(sample) // 2 :])
    yield Case(name, "binary-random", suffix, random.Random(name).randbytes(8192))
    yield Case(name, "gzip", suffix, _gzip(sample))
    yield Case(name, "gzip-truncated", suffix, _gzip(sample * 20)[:57])
    yield Case(name, "gzip-header-only", suffix, _gzip(b"")[:10])
    yield Case(name, "utf16le-no-bom", suffix, sample.decode().encode("utf-16-le"))
    yield Case(name, "utf16be-no-bom", suffix, sample.decode().encode("utf-16-be"))
    yield Case(name, "utf16-bom-truncated", suffix, sample.decode().encode("utf-16")[:-1])
    yield Case(name, "utf32", suffix, sample.decode().encode("utf-32"))
    yield Case(name, "invalid-utf8", suffix, b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc" * 400)
    yield Case(name, "undefined-cp1252", suffix, bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 500)
    yield Case(name, "control-chars", suffix, bytes(range(1, 9)) * 500)
    yield Case(name, "over-limit-by-one", suffix, b"", size=MAX_BYTES + 1)
    yield Case(name, "50mb", suffix, sample, size=BIG)
    yield Case(name, "50mb-nul", suffix, b"", size=BIG)


def _mutate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """One random damage to a well-formed input: cut, flip, insert, repeat or re-encode."""
    op = rng.choice(["truncate", "flip", "insert", "delete", "repeat", "junk", "reencode", "splice"])
    i = rng.randrange(len(data) + 1)
    if op == "truncate":
        return op, data[:i]
    if op == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 16)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return op, bytes(out)
    if op == "insert":
        piece = rng.choice([b"\x00", b"\xff\xfe", b"\xed\xa0\x80", b"<", b"&", b'"', b"\\u", b"\r", b"\x1b[2J"])
        return op, data[:i] + piece * rng.randint(1, 50) + data[i:]
    if op == "delete":
        j = min(len(data), i + rng.randint(1, 200))
        return op, data[:i] + data[j:]
    if op == "repeat":
        j = min(len(data), i + rng.randint(1, 40))
        return op, data[:i] + data[i:j] * rng.randint(2, 400) + data[j:]
    if op == "junk":
        return op, data[:i] + rng.randbytes(rng.randint(1, 300)) + data[i:]
    if op == "reencode":
        codec = rng.choice(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-8-sig", "mac-roman", "cp437"])
        return op, data.decode("utf-8").encode(codec, errors="replace")
    j = rng.randrange(len(data) + 1)
    return op, data[: min(i, j)] + data[max(i, j) :] + data[min(i, j) : max(i, j)]


def _mutations(name: str, suffix: str, rng: random.Random, base: bytes) -> Iterator[Case]:
    for n in itertools.count():
        op, data = _mutate(rng, base)
        records = data.count(b"\n") + 1 if suffix == ".jsonl" else 1
        yield Case(name, f"mutant{n}-{op}", suffix, data, refused=False, records=records)


# --- kinds -----------------------------------------------------------------------------------


@kind("text")
def text_cases(rng: random.Random) -> Iterator[Case]:
    sample = ARTICLE.encode()
    yield from _common("text", ".txt", sample)
    yield Case("text", "gzip-named-gz", ".txt.gz", _gzip(sample))  # casus reads no compressed files
    yield Case("text", "gzip-truncated-named-gz", ".gz", _gzip(sample)[:30])
    yield Case("text", "header-only", ".txt", f"{HEADLINE}\n2031-04-02\n\n".encode())
    yield Case("text", "short-body", ".txt", b"Breach\n\nToo short.")
    yield Case("text", "long-line-no-spaces", ".txt", b"x" * 2_000_000)
    yield Case("text", "long-word-in-article", ".txt", sample + b"y" * 1_500_000)
    yield Case("text", "latin1", ".txt", ARTICLE.replace("Marendia", "Marendià").encode("latin-1"), refused=False)
    yield Case(
        "text", "mixed-utf8-latin1", ".txt", sample + "Café ".encode("latin-1") + "naïve".encode(), refused=False
    )
    yield Case("text", "utf16-bom", ".txt", ARTICLE.encode("utf-16"), refused=False)
    yield Case("text", "cr-only", ".txt", sample.replace(b"\n", b"\r"), refused=False)
    yield Case("text", "encoded-surrogates", ".txt", sample + b"\xed\xa0\x80" * 50, refused=False)
    yield Case("text", "many-lines", ".txt", b"\n" * 200_000 + sample, refused=False)
    yield Case("text", "huge-header-line", ".txt", b"2031-04-02 " * 100_000 + b"\n\n" + BODY.encode(), refused=False)
    yield Case("text", "huge-text", ".txt", (BODY + "\n\n").encode() * 3000)
    yield from _mutations("text", rng.choice([".txt", ".text"]), rng, sample)


@kind("html")
def html_cases(rng: random.Random) -> Iterator[Case]:
    sample = ARTICLE_HTML.encode()
    yield from _common("html", ".html", sample)
    yield Case("html", "deep-div", ".html", b"<html><body>" + b"<div>" * 100_000 + BODY.encode(), refused=False)
    yield Case("html", "deep-closed", ".htm", b"<div>" * 100_000 + BODY.encode() + b"</div>" * 100_000, refused=False)
    yield Case("html", "deep-inline", ".html", b"<b><i>" * 50_000 + b"x", refused=True)
    yield Case("html", "unclosed-tags", ".html", b"<html><body><p>" + b"<p><span><a href='" * 2000, refused=True)
    yield Case("html", "unclosed-comment", ".html", b"<html><body><!-- " + sample)
    yield Case("html", "huge-attribute", ".html", b'<p title="' + b"a" * 4_000_000 + b'">' + BODY.encode() + b"</p>")
    yield Case("html", "many-attributes", ".html", b"<p " + b"a=1 " * 500_000 + b">" + BODY.encode(), refused=False)
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">' for i in range(10))
        + "]><html><body><p>&lol9;</p></body></html>"
    )
    yield Case("html", "entity-expansion", ".html", laughs.encode())
    external = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><html><body><p>&e;</p></body></html>'
    yield Case("html", "external-entity", ".html", external.encode())
    yield Case("html", "numeric-entities", ".html", b"<p>" + b"&#0;&#xD800;&#99999999;&#x110000;" * 5000 + b"</p>")
    yield Case("html", "script-only", ".html", b"<html><script>" + b"var a=1;" * 1000 + b"</script></html>")
    yield Case("html", "tag-soup", ".html", bytes(rng.choice(b"<>/=\"' abcp") for _ in range(50_000)), refused=False)
    yield Case("html", "cdata", ".html", b"<![CDATA[" + sample, refused=False)
    yield Case("html", "wrong-charset", ".html", sample.replace(b"utf-8", b"shift_jis"), refused=False)
    yield Case("html", "latin1", ".html", ARTICLE_HTML.replace("Marendia", "Marendià").encode("latin-1"), refused=False)
    yield from _mutations("html", rng.choice([".html", ".htm"]), rng, sample)


def _line(value) -> bytes:
    return json.dumps(value).encode()


@kind("jsonl")
def jsonl_cases(rng: random.Random) -> Iterator[Case]:
    good = _line(RECORD)
    yield from _common("jsonl", ".jsonl", good + b"\n")
    bad_lines = {
        "not-json": b"{this is not json",
        "truncated": good[: len(good) // 2],
        "array": b"[1, 2, 3]",
        "string": b'"just a string"',
        "number": b"42",
        "null": b"null",
        "nan": b"NaN",
        "deep-array": b"[" * 100_000 + b"]" * 100_000,
        "deep-object": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        "text-number": _line({**RECORD, "text": 5}),
        "text-list": _line({**RECORD, "text": [BODY]}),
        "text-object": _line({**RECORD, "text": {"body": BODY}}),
        "text-null": _line({**RECORD, "text": None}),
        "text-missing": _line({k: v for k, v in RECORD.items() if k != "text"}),
        "text-short": _line({**RECORD, "text": "too short"}),
        "title-object": _line({**RECORD, "title": {"a": 1}}),
        "url-bool": _line({**RECORD, "url": True}),
        "published-number": _line({**RECORD, "published": 20310402}),
        "published-nan": good.replace(b'"2031-04-02"', b"NaN"),
        "published-garbage": _line({**RECORD, "published": "the day after the storm"}),
        "published-year-0": _line({**RECORD, "published": "0000-01-01"}),
        "published-huge": _line({**RECORD, "published": "9" * 10_000}),
        "lone-surrogate-text": good.replace(b"Officials", b"Officials \\ud800"),
        "lone-surrogate-title": good.replace(b"Coastal", b"\\udfff Coastal"),
        "nul-escape": good.replace(b"Officials", b"Officials \\u0000"),
        "huge-line-unterminated": b'{"text": "' + b"word " * 900_000,
        "huge-number": b'{"text": 1' + b"0" * 100_000 + b"}",
    }
    for label, line in bad_lines.items():
        yield Case("jsonl", label, ".jsonl", line + b"\n")
        yield Case("jsonl", f"{label}-among-good", ".jsonl", good + b"\n" + line + b"\n" + good + b"\n", refused=True)
    yield Case("jsonl", "huge-text", ".jsonl", _line({**RECORD, "text": (BODY + "\n\n") * 3000}))
    yield Case("jsonl", "crlf", ".jsonl", good + b"\r\n" + good + b"\r\n", refused=False)
    yield Case("jsonl", "bom", ".jsonl", b"\xef\xbb\xbf" + good + b"\n", refused=False)
    yield from _mutations("jsonl", ".jsonl", rng, good + b"\n" + _line({**RECORD, "title": "Second"}) + b"\n")


def _stix_damage(rng: random.Random, data: dict) -> tuple[str, dict]:
    """A well-formed bundle with one value replaced by a value of the wrong type or shape."""
    wrong = [None, 0, -1, 1e308, True, "", "x" * 5000, [], [None], {}, {"a": []}, "2031-13-45T99:00:00Z", "\ud800"]
    objects = data["objects"]
    obj = rng.choice(objects)
    key = rng.choice([*obj.keys(), "object_refs", "name", "description", "external_references", "labels"])
    label = f"{obj['type']}-{key}"
    obj[key] = rng.choice(wrong)
    return label, data


@kind("stix")
def stix_cases(rng: random.Random) -> Iterator[Case]:
    good = bundle()
    sample = json.dumps(good).encode()
    for case in _common("stix", ".json", sample):
        yield case if case.label not in ("over-limit-by-one",) else Case("stix", "over-300mb", ".json", size=300 << 20)
    shapes = {
        "list": [],
        "number": 3,
        "not-bundle": {"type": "report"},
        "no-type": {"objects": []},
        "type-number": {"type": 7},
        "objects-not-list": {"type": "bundle", "objects": {"a": 1}},
        "object-not-dict": {"type": "bundle", "objects": [1]},
        "object-no-id": {"type": "bundle", "objects": [{"type": "report"}]},
        "id-number": {"type": "bundle", "objects": [{"type": "report", "id": 5}]},
        "id-mismatch": {"type": "bundle", "objects": [{**good["objects"][0], "id": _sid("report")}]},
        "spec-2.0": {"type": "bundle", "objects": [{**good["objects"][0], "spec_version": "2.0"}]},
        "report-missing-name": {
            "type": "bundle",
            "objects": [{k: v for k, v in good["objects"][3].items() if k != "name"}],
        },
    }
    for label, value in shapes.items():
        yield Case("stix", label, ".json", json.dumps(value).encode())
    yield Case("stix", "deep", ".json", b'{"type": "bundle", "objects": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    yield Case("stix", "huge-number", ".json", b'{"type": "bundle", "objects": [1' + b"0" * 100_000 + b"]}")
    yield Case("stix", "bom", ".json", b"\xef\xbb\xbf" + sample, refused=False)
    yield Case("stix", "latin1", ".json", json.dumps(good, ensure_ascii=False).encode() + "é".encode("latin-1"))
    for n in itertools.count():
        if n % 2:
            label, data = _stix_damage(rng, bundle(rng))
            yield Case("stix", f"mutant{n}-{label}", ".json", json.dumps(data).encode(), refused=False)
        else:
            op, data = _mutate(rng, json.dumps(bundle(rng)).encode())
            yield Case("stix", f"mutant{n}-{op}", ".json", data, refused=False)


# the web kinds (WARC, URL responses, feeds) register themselves on import
from reliability import malformed_web  # noqa: E402, F401
