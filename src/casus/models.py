"""The data model: documents in, sourced facts out, incidents built from reports.

Everything casus knows is a *fact* with its *evidence*: the document, the sentence and the
character offsets of that sentence in the document text, so ``doc.text[ev.start:ev.end] ==
ev.sentence`` always holds. Incidents are never stored as conclusions: an incident is the set
of *reports* (one document's account of one incident) that resolution grouped together, and
its victims, attributions or responses are derived from the reports' facts. Undoing a merge
is therefore moving a report, and no fact is ever lost to it.

Actors are plain strings in the vocabulary of ``casus-summary/1``: a state is its ISO 3166-1
alpha-3 code, an international body ``EU``/``NATO``/``UN``, a company or group its best-known
name. :class:`Actor` describes one for display; facts only carry the identifier.

This module imports nothing from the rest of casus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ActorKind(StrEnum):
    STATE = "state"
    INTERNATIONAL = "international_body"
    COMPANY = "company"
    GROUP = "group"


class Certainty(StrEnum):
    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"


OPERATION_TYPES = (
    "ransomware",
    "wiper",
    "ddos",
    "defacement",
    "data_theft",
    "leak",
    "phishing",
    "supply_chain",
    "disruption",
    "influence",
    "other",
)
SECTORS = (
    "government",
    "military",
    "elections",
    "critical_infrastructure",
    "energy",
    "health",
    "finance",
    "telecom",
    "transport",
    "media",
    "private_sector",
    "civil_society",
    "international_org",
    "other",
)
RESPONSE_TYPES = (
    "sever_relations",
    "expel_diplomats",
    "recall_ambassador",
    "summon_ambassador",
    "sanctions",
    "indictment",
    "condemnation",
    "pledge_action",
    "solidarity",
    "assistance",
    "military_action",
    "cyber_operation",
    "other",
)
INTERNATIONAL_BODIES = ("EU", "NATO", "UN")


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read: ``id`` is the SHA-256 of its normalised text, so the same report
    arriving from two feeds or two files is one document."""

    id: str
    source: str  # file name for a folder of files, else the URL
    text: str
    title: str = ""
    published: date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    kind: ActorKind
    name: str
    sponsor: str | None = None  # for groups: the state named as sponsor or operator
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: ``sentence == document.text[start:end]``; ``rule`` is the
    versioned name of the component that produced the fact."""

    doc_id: str
    sentence: str
    start: int
    end: int
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A value of an incident-level field (victim, sector, operation type, date) as read."""

    value: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Claim:
    by: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Attribution:
    by: str
    to: str
    evidence: Evidence
    certainty: Certainty | None = None
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY


@dataclass(frozen=True, slots=True)
class Denial:
    by: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Response:
    by: str
    type: str  # one of RESPONSE_TYPES
    against: str
    evidence: Evidence
    date: str | None = None


@dataclass(slots=True)
class Report:
    """One document's account of one incident. ``main`` is false for an incident the article
    names in passing; such reports never pull their document into another incident."""

    doc_id: str
    main: bool = True
    title: str = ""
    published: str | None = None
    victims: list[Mention] = field(default_factory=list)
    sectors: list[Mention] = field(default_factory=list)
    operation_types: list[Mention] = field(default_factory=list)
    first_activity: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    denials: list[Denial] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # threat groups named, for resolution

    def is_empty(self) -> bool:
        return not (self.victims or self.claims or self.attributions or self.responses)


@dataclass(slots=True)
class Incident:
    """A group of reports that resolution judged to be about the same operation."""

    id: str
    reports: list[Report] = field(default_factory=list)
    title: str = ""
