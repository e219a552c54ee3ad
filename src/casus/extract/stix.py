"""A STIX bundle's reports as casus documents and reports: what an article read gives, for STIX.

Each STIX ``report`` becomes one imported document and one casus report built from the objects
the report lists:

1. ``targets`` relationships give victims (the identities or locations targeted);
2. ``attributed-to`` relationships give the accused; who attributed it is the author of each
   ``opinion`` on the relationship (a casus bundle), or else the producer of the report or the
   relationship. An opinion that disagrees is a denial by its author, and a ``note`` labelled
   ``claim`` on a relationship makes its target a claimant rather than an accused;
3. an intrusion set that ``targets`` a victim is named and accused by the report's producer;
4. notes labelled ``response`` (casus bundles) give state responses;
5. a casus incident's description gives the first activity, operation types and sectors.

Names become casus actor ids the way articles' names do: a casus id carried in an external
reference, else an ISO country code, else a name or alias the reference data knows (so a
foreign "Fancy Bear" is APT28), else the name itself.

The evidence of each fact is its quote when the bundle carries one for this report (casus
bundles do: ``<document id>#<start>-<end>``), else the sentence the bundle gives (a
relationship's description, an opinion's explanation) or, failing that, a line stating the
STIX statement. Those sentences make up the imported document's text, after a first line
saying it was imported and from which producer (the file it came in is the document's
source), so ``text[start:end] == sentence`` holds as for articles.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import pycountry

from casus.actors import Knowledge
from casus.ingest.stix import Bundle
from casus.models import (
    OPERATION_TYPES,
    RESPONSE_TYPES,
    SECTORS,
    Attribution,
    Certainty,
    Claim,
    Denial,
    Document,
    Evidence,
    Mention,
    Report,
    Response,
)

RULE = "casus.import.stix.v1"
MAX_TEXT = 2000
_DOC = re.compile(r"^([0-9a-f]{64})(?:#(\d+)-(\d+))?$")
_ON = re.compile(r"on (\d{4}(?:-\d{2}){0,2})\.$")
_CASUS_FIELD = re.compile(r"(First activity|Operation|Sectors): ([^.]+)\.")


def _text(value, limit: int = MAX_TEXT) -> str:
    """Whitespace folded and NFC, as every document text is (``ingest.text.clean_text``)."""
    text = unicodedata.normalize("NFC", " ".join(str(value or "").split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def certainty(confidence) -> Certainty | None:
    """STIX confidence on the Low/Med/High scale: 70–100 high, 30–69 moderate, 1–29 low."""
    if not isinstance(confidence, int) or confidence <= 0:
        return None
    return Certainty.HIGH if confidence >= 70 else Certainty.MODERATE if confidence >= 30 else Certainty.LOW


@dataclass(slots=True)
class Imported:
    """One STIX report as casus reads it; ``article`` is the casus document id a casus bundle
    names for it, so re-importing into the store it came from finds the article stored."""

    stix_id: str
    document: Document
    report: Report
    article: str | None = None


class _Writer:
    """The imported document's text, sentence by sentence, with each sentence's offsets."""

    def __init__(self, doc_id: str, header: str):
        self.doc_id = doc_id
        self.parts = [header]
        self.length = len(header)
        self.seen: dict[str, Evidence] = {}

    def add(self, sentence: str) -> Evidence:
        sentence = _text(sentence)
        if sentence not in self.seen:
            start = self.length + 2
            self.parts.append(sentence)
            self.length = start + len(sentence)
            self.seen[sentence] = Evidence(self.doc_id, sentence, start, self.length, RULE)
        return self.seen[sentence]

    def text(self) -> str:
        return "\n\n".join(self.parts) + "\n"


class Reader:
    def __init__(self, bundle: Bundle, knowledge: Knowledge | None = None):
        self.bundle = bundle
        self.objects = bundle.objects
        self.knowledge = knowledge or Knowledge()

    # --- actors -------------------------------------------------------------------------
    def actor(self, sid: str | None) -> str | None:
        obj = self.objects.get(sid or "")
        if obj is None or obj["type"] not in ("identity", "location", "intrusion-set", "threat-actor", "campaign"):
            return None
        for ref in obj.get("external_references", []):
            if ref.get("source_name") == "casus" and 0 < len(str(ref.get("external_id", ""))) <= 100:
                return str(ref["external_id"])
        if obj["type"] == "location" and obj.get("country"):
            country = pycountry.countries.get(alpha_2=str(obj["country"]).upper())
            if country:
                return country.alpha_3
        name = _text(obj.get("name"), 100)
        for n in [name, *obj.get("aliases", [])]:
            found = self.knowledge.resolve(str(n)[:100])
            if found:
                return found
        return name or None

    def author(self, obj: dict) -> str | None:
        by = self.actor(obj.get("created_by_ref"))
        if by and by != "casus":
            return by
        authors = obj.get("authors") or []
        return self.knowledge.resolve(str(authors[0])[:100]) or _text(authors[0], 100) if authors else None

    # --- one report ---------------------------------------------------------------------
    def read(self, report: dict) -> Imported | None:
        refs = [r for r in report.get("object_refs", []) if r in self.objects]
        article = next(
            (
                m.group(1)
                for ref in report.get("external_references", [])
                if (m := _DOC.match(str(ref.get("external_id", "")))) and not m.group(2)
            ),
            None,
        )
        doc_id = hashlib.sha256(f"stix:{report['id']}".encode()).hexdigest()
        producer = self.author(report)
        header = (
            f"{_text(report.get('name'), 500)}\n\nImported from a STIX 2.1 bundle ({report['id']}), "
            f"produced by {producer or 'an unnamed producer'}."
        )
        w = _Writer(doc_id, header)
        if report.get("description"):
            w.add(report["description"])

        def evidence(obj: dict, fallback: str) -> list[Evidence]:
            quotes = []
            for ref in obj.get("external_references", []):
                m = _DOC.match(str(ref.get("external_id", "")))
                if m and m.group(2) and (article is None or m.group(1) == article) and ref.get("description"):
                    quotes.append(w.add(ref["description"]))
            return quotes or [w.add(fallback)]

        published = str(report.get("published", ""))[:10]
        out = Report(doc_id=doc_id, title=_text(report.get("name"), 500), published=published or None)
        rels = [self.objects[r] for r in refs if self.objects[r]["type"] == "relationship"]
        notes = [self.objects[r] for r in refs if self.objects[r]["type"] == "note"]
        opinions = [self.objects[r] for r in refs if self.objects[r]["type"] == "opinion"]
        claimed = {ref for n in notes if "claim" in n.get("labels", []) for ref in n.get("object_refs", [])}

        for rel in rels:
            kind, source, target = rel.get("relationship_type"), rel.get("source_ref"), rel.get("target_ref")
            who = self.actor(target)
            if not who:
                continue
            line = rel.get("description") or f"{self._name(source)} {kind} {self._name(target)}."
            if kind == "targets":
                for ev in evidence(rel, line):
                    out.victims.append(Mention(who, ev))
                group = self.actor(source)
                if group and self.objects[source]["type"] in ("intrusion-set", "threat-actor") and producer:
                    out.groups.append(group)
                    for ev in evidence(rel, line):
                        out.attributions.append(Attribution(producer, group, ev, certainty(rel.get("confidence"))))
            elif kind == "attributed-to":
                views = [o for o in opinions if rel["id"] in o.get("object_refs", [])]
                if self.objects[target]["type"] in ("intrusion-set", "threat-actor"):
                    out.groups.append(who)
                if rel["id"] in claimed:
                    continue  # a claim, read from its note below
                for op in views:
                    by = self.author(op) or producer
                    if not by:
                        continue
                    said = op.get("explanation") or line
                    if op.get("opinion") in ("disagree", "strongly-disagree"):
                        out.denials += [Denial(by, ev) for ev in evidence(op, said)]
                    else:
                        c, when = certainty(op.get("confidence")), _ON.search(str(said))
                        day = when.group(1) if when else None
                        out.attributions += [Attribution(by, who, ev, c, day) for ev in evidence(op, said)]
                if not views and producer:
                    c = certainty(rel.get("confidence"))
                    out.attributions += [Attribution(producer, who, ev, c) for ev in evidence(rel, line)]
        for note in notes:
            labels = note.get("labels", [])
            refs_ = note.get("object_refs", [])
            said = note.get("abstract") or note.get("content") or ""
            if "claim" in labels:
                by = self.author(note)
                if by:
                    out.claims += [Claim(by, ev) for ev in evidence(note, said)]
            elif "response" in labels and len(refs_) >= 2:
                by, against = self.actor(refs_[1]), self.actor(refs_[2]) if len(refs_) > 2 else ""
                kind = next((x.replace("-", "_") for x in labels if x.replace("-", "_") in RESPONSE_TYPES), "other")
                if by:
                    when = _ON.search(str(said))
                    out.responses += [
                        Response(by, kind, against or "", ev, when.group(1) if when else None)
                        for ev in evidence(note, said)
                    ]
            elif "denial" in labels:
                by = self.author(note)
                if by:
                    out.denials += [Denial(by, ev) for ev in evidence(note, said)]
        for r in refs:
            if self.objects[r]["type"] == "incident":
                self._incident_fields(self.objects[r], out, w)
        if out.is_empty():
            return None
        url = next(
            (
                str(ref["url"])[:2000]
                for ref in report.get("external_references", [])
                if str(ref.get("url", "")).startswith(("http://", "https://"))
            ),
            None,
        )
        try:
            day = date.fromisoformat(published) if published else None
        except ValueError:
            day = None
        doc = Document(doc_id, f"{self.bundle.source}#{report['id']}", w.text(), out.title, day, url)
        return Imported(report["id"], doc, out, article)

    def _name(self, sid: str | None) -> str:
        obj = self.objects.get(sid or "")
        return _text(obj.get("name") if obj else sid, 200) or "unknown"

    @staticmethod
    def _incident_fields(incident: dict, out: Report, w: _Writer) -> None:
        """First activity, operation types and sectors from a casus incident's description."""
        for m in _CASUS_FIELD.finditer(str(incident.get("description", ""))[:MAX_TEXT]):
            ev = w.add(m.group(0))
            values = [v.strip().replace(" ", "_") for v in m.group(2).split(",")]
            if m.group(1) == "First activity" and re.fullmatch(r"\d{4}(-\d{2}){0,2}", values[0]):
                out.first_activity.append(Mention(values[0], ev))
            elif m.group(1) == "Operation":
                out.operation_types += [Mention(v, ev) for v in values if v in OPERATION_TYPES]
            elif m.group(1) == "Sectors":
                out.sectors += [Mention(v, ev) for v in values if v in SECTORS]


def read_reports(bundle: Bundle, knowledge: Knowledge | None = None) -> tuple[list[Imported], int]:
    """Every report of the bundle that states a fact casus records, and how many stated none."""
    reader = Reader(bundle, knowledge)
    out, empty = [], 0
    for report in bundle.of_type("report"):
        imported = reader.read(report)
        if imported is None:
            empty += 1
        else:
            out.append(imported)
    return out, empty
