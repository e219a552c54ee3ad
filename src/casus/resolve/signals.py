"""Signals for grouping read from a document's own text, not from its extracted facts.

Extraction is imperfect and keeps changing, so grouping also looks at what two articles about
one operation almost always share whatever the extractor made of them:

- **names in the headline and lead**: capitalised words that are rare in English ("Kyivstar",
  "Transnet"). Rarity comes from a fixed word-frequency list (``wordfreq``), never from the
  store, so a pair's decision does not depend on what else was ingested before it;
- **named malware, tools and operations** anywhere in the text: the malware and tool clusters
  of the MISP galaxies, and "Operation X" phrases. A single-word galaxy name counts only when it
  is rare in English, so "Storm" or "Fallout" in a sentence names nothing.

Everything here is a pure function of the text.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources

from wordfreq import get_frequency_dict

RARE_ZIPF = 3.0  # below this a word is rarer than about one in a million words of English
NAME_ZIPF = 2.5  # a one-word malware name must be rarer still to count as a name
MULTIWORD_ZIPF = 4.0  # a name of several words needs one word at least this uncommon
LEAD_CHARS = 600  # the headline, the date line and about two sentences of the body
MAX_NAMES = 12
GALAXIES = ("malpedia", "tool", "ransomware", "mitre-malware", "mitre-tool", "backdoor", "botnet", "rat")

# Words of the trade and names that turn up in reporting on many unrelated operations: rare in
# English at large, common in this domain, so sharing one says nothing about the incident.
DOMAIN_WORDS = frozenset(
    "ddos dos cyber cyberattack cyberattacks cyberwar cyberwarfare cyberspace cybersecurity cybercrime "
    "cybercriminals hacktivist hacktivists hacktivism ransomware malware spyware phishing botnet botnets "
    "darknet infosec hackers hacker wiper wipers exploit zero-day apt apts ttps iocs "
    "mandiant fireeye crowdstrike eset kaspersky symantec recorded proofpoint sentinelone "
    "chainalysis elliptic sophos trellix mcafee dragos claroty netscout akamai darktrace secureworks "
    "talos sekoia zscaler rapid7 tenable bitdefender avast checkpoint cloudflare radware imperva "
    "cisa ncsc enisa cert-ua europol interpol fbi nsa gru fsb svr irgc "
    "reuters afp dpa tass interfax ria xinhua bloomberg".split()
)

_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*[\w]")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_OPERATION = re.compile(r"\bOperation\s+((?:[A-Z][\w-]+)(?:\s+[A-Z][\w-]+)?)")
_GALAXY_SUFFIX = re.compile(r"\s+(?:-\s+S\d{4}|Ransomware|\(.*\))$")
_POSSESSIVE = re.compile(r"[’']s$")


@cache
def _frequencies() -> dict[str, float]:
    return get_frequency_dict("en")


def _zipf(word: str) -> float:
    """English frequency of one lowercase word on the Zipf scale (log10 per billion words), read
    straight from wordfreq's table: its ``zipf_frequency`` tokenises on every call, which costs
    more than the rest of grouping. A word the table lacks (a coined name) is 0."""
    table = _frequencies()
    parts = [p for p in word.split("-") if p]
    if len(parts) > 1 and all(p in table for p in parts):
        # "iran-linked" is as common as its rarest part, the way wordfreq combines tokens
        f = 1 / sum(1 / table[p] for p in parts)
    else:
        f = table.get(word, 0.0)
    return math.log10(f) + 9 if f > 0 else 0.0


def rarity(word: str) -> float:
    """How rare a word is in English, 0 (common) to 1 (not in the list): the weight of sharing it."""
    return max(0.0, min(1.0, (RARE_ZIPF - _zipf(word.lower())) / RARE_ZIPF))


def lead_names(title: str, text: str) -> list[str]:
    """Rare capitalised words of the headline and the lead, lowercased, rarest first."""
    cut = text[:LEAD_CHARS].rsplit(None, 1)[0] if len(text) > LEAD_CHARS else text  # no half words
    words = [_POSSESSIVE.sub("", w) for w in _CAPITALISED.findall(f"{title}\n{cut}")]
    names = {w.lower() for w in words if len(w) >= 4 or (len(w) == 3 and w.isupper())}  # "JBS", not "The"
    rare = [n for n in names if n not in DOMAIN_WORDS and _zipf(n) < RARE_ZIPF]
    return sorted(rare, key=lambda n: (_zipf(n), n))[:MAX_NAMES]


HEADLINE_ZIPF = 5.2  # a headline name commoner than this ("New", "Says") is no protagonist
_MID_SENTENCE = re.compile(r"\b[a-z][\w’'-]*[,;:]? ([A-Z][\w’'-]*\w)")


def headline_names(title: str, text: str) -> list[str]:
    """The headline's protagonists: its words that the body writes capitalised in mid-sentence
    and never in lower case ("Google", "Outlook", "Adelson"; not "Probe" of a title-cased
    headline), leaving out states and the trade's words. Two accounts of one operation name its
    victim, its claimant or its spokesman in their headlines even when they are common English
    words, which the rare lead names miss."""
    proper = {_POSSESSIVE.sub("", w).lower() for w in _MID_SENTENCE.findall(text)}
    lower = {w for w in re.findall(r"\b[a-z][\w’'-]*", text)}
    out = set()
    for w in _CAPITALISED.findall(title):
        w = _POSSESSIVE.sub("", w).lower()
        if len(w) < 3 or w not in proper or w in lower or w in DOMAIN_WORDS:
            continue
        if any(part in place_words() or part in place_parts() for part in w.split("-")):  # "Iranian-backed"
            continue
        if _zipf(w) < HEADLINE_ZIPF:
            out.add(w)
    return sorted(out)


TERM_ZIPF = 3.6  # a body word rarer than this says something about the story it is in
MAX_TERMS = 40
_TERM = re.compile(r"[A-Za-z][A-Za-z'’-]{3,}")


# "spokesman Dmitry Peskov", "Deputy Foreign Minister Sergei Ryabkov": a state's voices speak on
# every story about it, so their names tell no story apart
_OFFICIAL_NAME = re.compile(
    r"\b(?:[Ss]pokes(?:man|woman|person)|[Mm]inister|[Ss]ecretary|[Aa]mbassador|[Ee]nvoy|[Pp]resident|[Pp]remier|"
    r"[Cc]hancellor|[Ss]peaker|[Dd]irector|[Cc]hief)\s+((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)"
)


def official_names(text: str) -> set[str]:
    """The words of the names that follow an office ("Foreign Minister Sergei Lavrov"), lower case."""
    return {w.lower() for m in _OFFICIAL_NAME.finditer(text) for w in m.group(1).split()}


def rare_terms(text: str) -> dict[str, float]:
    """The article's rarest words, any case, each with its weight (how far below ``TERM_ZIPF``
    it stands): two accounts of one operation share its place names, victims, tools and odd
    details ("Ngqura", "force majeure", "Sberbank") whatever their headlines and extracted facts.
    Rounded weights, so a stored profile reads back the same."""
    weights: dict[str, float] = {}
    for word in _TERM.findall(text):
        # a typographic apostrophe is one wordfreq does not know: "didn’t" would pass for rare
        word = _POSSESSIVE.sub("", word).lower().replace("’", "'").strip("-'")
        if len(word) < 4 or word in DOMAIN_WORDS or word in weights:
            continue
        z = _zipf(word)
        if z < TERM_ZIPF:
            weights[word] = round(TERM_ZIPF - z, 2)
    for word in official_names(text) & weights.keys():
        del weights[word]
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
    return dict(top)


@cache
def place_words() -> frozenset[str]:
    """States' one-word names, demonyms and capitals, lower case: rare in English ("albanian"),
    yet shared by every account of every operation against that state, so they tell no story
    apart."""
    from casus.extract.gazetteer import entries
    from casus.models import ActorKind

    return frozenset(e.text.lower() for e in entries() if e.kind is ActorKind.STATE and " " not in e.text)


@cache
def country_words() -> frozenset[str]:
    """States' one-word names, demonyms and capitals ("estonia", "tallinn"), without the names of
    their bodies ("bundestag", "storting"): a body hit is a particular of one story."""
    from casus.extract.gazetteer import entries
    from casus.models import ActorKind

    return frozenset(
        e.text.lower()
        for e in entries()
        if e.kind is ActorKind.STATE and " " not in e.text and e.form in ("name", "demonym", "capital")
    )


@cache
def place_parts() -> frozenset[str]:
    """The words of states' names of several words ("costa", "rica", "saudi"): a headline's
    "Costa Rica" is the victim's country, no protagonist of one story."""
    from casus.extract.gazetteer import entries
    from casus.models import ActorKind

    return frozenset(
        w.lower()
        for e in entries()
        if e.kind is ActorKind.STATE and e.form in ("name", "demonym", "capital") and " " in e.text
        for w in e.text.split()
    )


STORY_NAME_ZIPF = 1.5  # rarer than this a word is a coined name: a product, a firm, a town


@cache
def actor_words() -> frozenset[str]:
    """The words of threat groups' and malware's names, lower case: coined too ("revil",
    "lockbit"), but a group strikes many times, so its name ties no two accounts to one story."""
    return group_words() | {w for name in _galaxy_names() for w in name.lower().split()}


def story_names(terms: dict[str, float]) -> set[str]:
    """An article's coined names that are neither a state's nor an actor's ("unitronics",
    "kyivstar"): what an operation hit or used, named again by its follow-ups months later."""
    return {t for t in terms if _zipf(t) < STORY_NAME_ZIPF and t not in place_words() and t not in actor_words()}


@cache
def group_words() -> frozenset[str]:
    """The words of threat groups' names, lower case ("revil", "lazarus"): a group strikes many
    times, whereas a malware's name ("wannacry") usually tells one outbreak."""
    from casus.extract.gazetteer import entries
    from casus.models import ActorKind

    return frozenset(w.lower() for e in entries() if e.kind is ActorKind.GROUP for w in e.text.split())


HEADLINE_NAME_ZIPF = 2.5  # a name a headline gives the story may be a little less rare ("Medibank")


def coined(word: str) -> bool:
    """A name a headline can give one story ("WannaCry", "Medibank"): rarer than
    ``HEADLINE_NAME_ZIPF``, neither a state's word nor a threat group's."""
    return _zipf(word) < HEADLINE_NAME_ZIPF and word not in place_words() and word not in group_words()


def text_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted overlap of two articles' rare words, 0 to 1."""
    shared = a.keys() & b.keys()
    if not shared:
        return 0.0
    return sum(min(a[w], b[w]) for w in shared) / math.sqrt(sum(a.values()) * sum(b.values()))


def title_words(title: str) -> list[str]:
    """The headline's words that carry content (English frequency below the commonest words)."""
    words = {w.lower() for w in _WORD.findall(title) if len(w) >= 3}
    return sorted(w for w in words if _zipf(w) < 5.5)


@cache
def _galaxy_names() -> dict[str, str]:
    """Malware, tool and ransomware names (and their synonyms) → the cluster's name."""
    out: dict[str, str] = {}
    base = resources.files("pymispgalaxies").joinpath("data/misp-galaxy/clusters")
    for galaxy in GALAXIES:
        path = base.joinpath(f"{galaxy}.json")
        if not path.is_file():
            continue
        for cluster in json.loads(path.read_text(encoding="utf-8"))["values"]:
            canonical = _GALAXY_SUFFIX.sub("", cluster["value"]).strip()
            for name in [cluster["value"], *cluster.get("meta", {}).get("synonyms", [])]:
                name = _GALAXY_SUFFIX.sub("", name).strip()
                if _is_name(name):
                    out.setdefault(name, canonical.lower())
    return out


def _is_name(name: str) -> bool:
    """A galaxy entry that reads as a name in prose: capitalised, and either several words or
    one word rare in English ("Shamoon", "NotPetya"; not "Storm"). Of several words, one must be
    uncommon ("Olympic Destroyer", "Cobalt Strike"; not a person's name such as "Donald Trump")."""
    words = name.split()
    if not words or len(name) < 4 or not name[0].isupper() or len(words) > 3:
        return False
    if len(words) == 1:
        return _zipf(name.lower()) < NAME_ZIPF
    capitalised = all(w[:1].isupper() or w[:1].isdigit() for w in words)
    return capitalised and min(_zipf(w.lower()) for w in words) < MULTIWORD_ZIPF


@cache
def _first_words() -> frozenset[str]:
    return frozenset(n.split()[0] for n in _galaxy_names())


def named_operations(text: str) -> list[str]:
    """Malware, tools and operations the text names, lowercased and deduplicated."""
    names = _galaxy_names()
    firsts = _first_words()
    found = {f"operation {m.group(1).lower()}" for m in _OPERATION.finditer(text)}
    tokens = re.findall(r"[\w.-]+", text)
    for i, token in enumerate(tokens):
        token = token.rstrip(".")
        if token not in firsts:
            continue
        for n in (3, 2, 1):
            phrase = " ".join([token, *tokens[i + 1 : i + n]]).rstrip(".")
            if phrase in names:
                found.add(names[phrase])
                break
    return sorted(f for f in found if f not in DOMAIN_WORDS)
