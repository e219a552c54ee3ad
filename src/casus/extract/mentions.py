"""Actor mentions in a document, and what each mention is doing there.

A state name alone says little: "Iranian hackers" names the accused, "Albanian government
systems" the victim, "the Albanian government said" a speaker. So each mention gets a *role
hint* from the words that follow it (or the "of" phrase it heads):

- ``hostile``: a threat group, an intelligence service, or a state followed by hacker nouns
  ("Russian military intelligence", "Iran-linked", "China-backed");
- ``target``: a state followed by things that get attacked ("Georgian websites");
- ``official``: a state followed by government nouns, a government body, an international
  body, a company, or a person this document introduced with a state and a title;
- ``plain``: anything else ("Albania cut ties", "attacks on Albania").

People are resolved per document: "Albanian Prime Minister Edi Rama" makes later "Rama" and
"the Prime Minister" speak for ALB. No person is known outside the document that introduced
them, so nothing is guessed from memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from casus.extract import gazetteer
from casus.extract import triggers as T
from casus.extract.gazetteer import Entry
from casus.models import ActorKind

HOSTILE_NOUNS = frozenset(
    "hacker hackers hacking group groups actor actors apt apts operatives operative agents agent spies spy "
    "intelligence military cyberattackers attackers attacker perpetrators unit units regime officers "
    "state-sponsored state-backed nationals citizens men individuals cyber-espionage espionage threat "
    "criminals gang crew cybercriminals".split()
)
# "Iranian cyberattack", "Russia's interference": the act names its author, but less firmly than
# "Iranian hackers" does, so such mentions point to the accused without making a case by themselves.
HOSTILE_ACTS = frozenset(
    "cyberattack cyberattacks cyber-attack cyber-attacks attack attacks hack hacks intrusion intrusions "
    "aggression interference meddling hybrid".split()
)
TARGET_NOUNS = frozenset(
    "websites website networks network systems system infrastructure servers facilities facility "
    "institutions institution companies company firms firm banks bank entities ministries ministry's "
    "port ports hospitals hospital parliament telecom telecoms telco telecommunications businesses "
    "organisations organizations accounts data documents computers sites services service grid "
    "utilities utility broadcaster media outlets targets victims users agencies email emails "
    "elections election voters customers airline airlines pipeline plants plant dam water operator operators "
    "exchange railway railways rail carrier refinery refineries universities university "
    "journalist journalists activist activists dissident dissidents lawyer lawyers phone phones "
    "insurer insurers retailer retailers manufacturer manufacturers contractor contractors supplier suppliers "
    "provider providers lender lenders newspaper newspapers broadcasters schools school municipalities "
    "municipality councils council casino casinos carmaker carmakers".split()
)
OFFICIAL_NOUNS = frozenset(
    "government governments officials official authorities authority ministry minister prime president "
    "spokesperson spokesman spokeswoman foreign embassy ambassador cabinet administration agency "
    "prosecutors prosecutor state department office secretary chancellor premier envoy diplomats "
    "diplomat mission police court courts leader leaders council presidency security services "
    "defence defense interior justice treasury parliamentarians lawmakers senator".split()
)
TITLE_HEADS = frozenset(
    "minister secretary president spokesperson spokesman spokeswoman director chief head ambassador general "
    "adviser advisor chancellor premier envoy commissioner official officials representative treasury".split()
)
# title words that make no title alone: "Latvia Cyber Force" names no official called Force
TITLE_MODIFIERS = frozenset("cyber cybersecurity digital national security policy high top senior state the of".split())
TITLE_WORDS = frozenset(
    "prime minister foreign secretary president vice spokesperson spokesman spokeswoman deputy director "
    "chief head ambassador defence defense interior attorney general national security adviser advisor "
    "chancellor premier envoy commissioner official assistant of state the treasury justice cyber "
    "agency foreign's minister's 's ’s policy representative high digital affairs home intelligence "
    "official officials senior top cybersecurity spy chief".split()
)
MACHINE_NOUNS = frozenset(
    "network networks systems system servers server computers websites website email emails accounts data files".split()
)
OFFICE_HOLDERS = frozenset("director directors chief head commander".split())
HIT_CUES = frozenset(
    "from on against targeting targeted hitting hit breached hacked infiltrated attacked added".split()
)
SPEAKING_NEXT = frozenset(
    "said says suspects suspected believes believed concluded told announced confirmed assessed warned stated "
    "linked attributed blamed identified traced determined named".split()
)
# words between a service and its verb: "intelligence and police had linked", "agency has now said"
SPEAKER_FILLERS = frozenset(
    "and police officials agencies agency services service had has have also now previously".split()
)
DEFENDING_VERBS = ("foiled", "thwarted", "repelled", "repulsed", "fended", "foils", "thwarts")
SYMPATHY_WORDS = frozenset(
    "sympathetic sympathising sympathizing sympathisers sympathizers sympathy supportive supporters".split()
)
ACCUSING_VERBS = frozenset("accuse accuses accused accusing blame blames blamed blaming".split())
LINK_SUFFIXES = frozenset(
    "linked backed sponsored based affiliated aligned nexus connected allied supported led directed".split()
)
NOT_NAMES = (
    OFFICIAL_NOUNS
    | TITLE_WORDS
    | TARGET_NOUNS
    | HOSTILE_NOUNS
    | frozenset(
        "the a an and or in on at for with by from said says told monday tuesday wednesday thursday friday "
        "saturday sunday today yesterday".split()
    )
)
# verbs that end the phrase a state mention heads ("condemn" covers "condemned", "condemns");
# short ones are whole words, lest "ha" swallow "hackers"
CLAUSE_VERBS = tuple(
    "condemn blame accus attribut denie deny reject warn announc expel sever summon recall charg indict "
    "confirm identif believ expos respond impos pledge decid agree express urge urging called calls "
    "stand stood support joined joins linked reported vowed pinned pins laid lays traced tied foil thwart "
    "repel repuls prevent sanction punish".split()
)
CLAUSE_WORDS = frozenset(
    "say says said tell told has have had was were is are will would could can may might should did does "
    "do cut cuts broke break ended ends ordered orders sent send sends offered offers helped helps held "
    "holds hold vow vows call".split()
)
PHRASE_END = frozenset(
    "and or to that which who is was after before following over amid during since because as when while "
    "in on at for against with from by".split()
)
VICTIM_VERBS = frozenset(
    "experienced suffered suffers faced faces endured detected admitted confirmed reported".split()
)
DETERMINERS = frozenset("the a an its their his her this that these those".split())
STOP_AFTER = frozenset('. , ; : ( ) “ ” " ! ? – —'.split())


@dataclass(slots=True)
class ActorMention:
    start: int  # character offsets in the document text
    end: int
    tok: int  # first token index
    tok_end: int
    actor: str
    kind: ActorKind
    form: str
    role: str
    surface: str
    sponsor: str | None = None

    @property
    def state(self) -> str | None:
        """The state this mention stands for, a group's sponsor included."""
        if self.kind is ActorKind.STATE:
            return self.actor
        return self.sponsor if self.kind is ActorKind.GROUP else None


@cache
def pipeline() -> tuple[Language, PhraseMatcher, PhraseMatcher, dict[str, Entry], dict[str, Entry]]:
    # only the tokenizer runs: sentences are split on characters (extract.sentences), which is
    # several times cheaper than building token objects for the sentencizer
    nlp = spacy.blank("en")
    # the special cases for whitespace cost most of the tokenizer's time and change no token a
    # phrase matcher sees: words are split the same without them
    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if not k.isspace()}
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_text: dict[str, Entry] = {}
    by_lower: dict[str, Entry] = {}
    for e in gazetteer.entries():
        if e.form == "group":
            by_lower[e.text.lower()] = e
        else:
            by_text[e.text] = e
            if e.text.istitle() and " " in e.text and e.form != "demonym":
                by_text.setdefault(e.text.upper(), e)
            if e.form == "company" and re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*", e.text):
                by_text.setdefault(e.text.capitalize(), e)  # "Crowdstrike": a firm's name as many write it
    exact.add("A", list(nlp.tokenizer.pipe(by_text)))
    folded.add("G", list(nlp.tokenizer.pipe(by_lower)))
    return nlp, exact, folded, by_text, by_lower


def _role(doc: Doc, start: int, end: int, entry: Entry) -> str:
    if entry.form in ("group", "hostile_body"):
        return "hostile"
    if start >= 2 and doc[start - 1].text in ("-", "–") and doc[start - 2].lower_ in ("pro", "anti"):
        return "modifier"  # "pro-Russian hackers" sympathise; they are not the Russian state
    if start >= 2 and doc[start - 1].lower_ in ("to", "with", "of") and doc[start - 2].lower_ in SYMPATHY_WORDS:
        return "modifier"  # "hacktivists sympathetic to Russia": the same, in more words
    if (
        end + 1 < len(doc)
        and doc[end].lower_ in ("member", "ally", "partner", "members", "allies")
        and (doc[end + 1].is_title or doc[end + 1].lower_ in ("state", "country", "nation"))
    ):
        return "modifier"  # "NATO member Albania": Albania acts, not NATO
    if entry.form in ("body", "intl", "company", "person"):
        return "official"
    if start > 0 and doc[start - 1].lower_ in ACCUSING_VERBS:
        return "hostile"  # "accuse China of the Exchange hack": the accused, whatever the nouns after
    ahead = doc[end : end + 8]
    stop = next((t.i for t in ahead if t.text in STOP_AFTER), end + 8)
    if any(t.lower_.startswith(DEFENDING_VERBS) for t in ahead if t.i < stop):
        return "official"  # "the Dutch military intelligence service MIVD thwarted an attack": the defender
    i = end
    if i < len(doc) and doc[i].text in ("-", "–") and i + 1 < len(doc):
        if doc[i + 1].lower_ in LINK_SUFFIXES:
            return "hostile"
        i += 2
    if i < len(doc) and doc[i].lower_ in ("'s", "’s"):
        i += 1
    for tok in doc[i : i + 6]:
        if tok.text in STOP_AFTER or "\n" in tok.text:
            break
        w = tok.lower_
        if (w in CLAUSE_WORDS or w.startswith(CLAUSE_VERBS)) and not (tok.i > 0 and doc[tok.i - 1].text in ("-", "–")):
            break  # "Britain condemned the attack": the noun after the verb is not Britain's
        if w in OFFICE_HOLDERS and not (tok.i > 0 and doc[tok.i - 1].text in ("-", "–")):
            return "official"  # "US director of national intelligence Jane Roe accused": an office holder speaks
        if w == "intelligence" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("officials", "official", "chief"):
            return "official"  # "US intelligence officials said": speakers, unlike intelligence officers
        if w in HOSTILE_NOUNS and w in ("military", "intelligence") and tok.i + 1 < len(doc):
            if doc[tok.i + 1].lower_ in MACHINE_NOUNS:
                return "target"  # "a Dutch military network": the noun after the service decides
        if w in HOSTILE_NOUNS and w in ("military", "intelligence") and start > 0 and doc[start - 1].lower_ in HIT_CUES:
            return "target"  # "stole files from Peru's intelligence agency": the service was hit
        if w in HOSTILE_NOUNS:
            j = tok.i + 1 + (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("agency", "service", "services"))
            # "South Korea's spy agency suspects that ...", "Australian intelligence and police had
            # linked a Russian to the attack": the service speaks or accuses
            nxt = [t for t in doc[j : j + 6] if t.lower_ not in SPEAKER_FILLERS]
            if len(nxt) >= 2 and nxt[0].lower_ in SPEAKING_NEXT and nxt[1].lower_ != "to":
                return "official"
            return "hostile"
        if w in HOSTILE_ACTS:
            if entry.form == "name" and start > 0 and doc[start - 1].lower_ == "the" and not _acts_on(doc, tok.i + 1):
                return "target"  # "the Costa Rica attack": the attack there, not Costa Rica's own
            return "hostile_act"
        if w in ("state", "government") and tok.i + 2 < len(doc) and doc[tok.i + 1].text in ("-", "–"):
            continue  # "state-owned", "government-run": a modifier of the noun that follows
        if (
            tok.text in ("secret", "special")
            and tok.i + 1 < len(doc)
            and doc[tok.i + 1].text in ("service", "services")
        ):
            return "official"  # "Russia's secret service was behind", "Moldovan special services suspect"
        if w == "security" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("service", "services"):
            return "official"  # "the Danish security service said": an agency, not online services
        if w in OFFICIAL_NOUNS and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in TARGET_NOUNS:
            tok = doc[tok.i + 1]  # "Albanian government systems": the noun after the office decides
            w = tok.lower_
        if w in TARGET_NOUNS:
            if BEHIND_AFTER.match(doc[tok.i + 1 : tok.i + 4].text):
                return "hostile"  # "Russian services are behind the attack": the culprit, not a target
            nxt = [t.lower_ for t in doc[tok.i + 1 : tok.i + 4] if t.lower_ not in ("have", "has", "had")]
            if nxt and nxt[0] in SPEAKING_NEXT and w in ("agencies", "agency", "authorities"):
                return "official"  # "Canadian government agencies have found that ...": they speak
            if w in ("firm", "company") and tok.i + 1 < len(doc) and doc[tok.i + 1].is_title:
                return "modifier"  # "the US security firm Mandiant": a nationality, not a target
            if w in ("firm", "company", "firms", "companies") and tok.i > 0 and doc[tok.i - 1].lower_ in VENDOR_WORDS:
                return "modifier"  # "a report by a US cyber security firm": who wrote it, not who was hit
            after = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
            if after in OFFICIAL_NOUNS and after not in TARGET_NOUNS:
                return "official"  # "Estonia's information system authority said": the head noun decides
            return "target"
        if w in OFFICIAL_NOUNS:
            return "official"
        if w == "-":
            continue
        if w in VICTIM_VERBS:
            break  # "Albania experienced a series of cyberattacks": the attacks are not Albania's
        if (
            w in ("and", "or")
            and tok.i + 1 < len(doc)
            and doc[tok.i + 1].is_lower
            and doc[tok.i + 1].lower_ not in DETERMINERS
        ):
            continue  # "the Czech state-owned rail and port operator": one noun phrase
        if not (tok.is_lower or tok.is_title) or w in PHRASE_END:
            break
    # "the government of Iran", "Embassy of Iran", "Prime Minister of Albania"
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in OFFICIAL_NOUNS:
        return "official"
    return "plain"


def _people(doc: Doc, mentions: list[ActorMention], text: str) -> list[ActorMention]:
    """Names and bare titles introduced with a state in this document, and their later uses."""
    names: dict[str, str] = {}
    titles: dict[str, str] = {}
    for m in mentions:
        state = m.actor if m.kind is ActorKind.STATE and m.role in ("official", "plain") else None
        if m.kind is ActorKind.INTERNATIONAL:
            state = m.actor
        if not state:
            continue
        i, title = m.tok_end, []
        while i < len(doc) and doc[i].lower_ in TITLE_WORDS:
            title.append(doc[i].lower_)
            i += 1
        name = []
        while i < len(doc) and doc[i].is_title and doc[i].is_alpha and len(name) < 3 and doc[i].lower_ not in NOT_NAMES:
            name.append(doc[i].text)
            i += 1
        if not title and m.tok >= 2 and doc[m.tok - 1].lower_ == "of":
            # "the Prime Minister of Albania Edi Rama"
            j = m.tok - 2
            while j >= 0 and doc[j].lower_ in TITLE_WORDS and doc[j].lower_ not in ("the", "of"):
                title.insert(0, doc[j].lower_)
                j -= 1
        core = " ".join(w for w in title if w not in ("the", "of", "'s", "’s"))
        if core and TITLE_HEADS & set(core.split()):
            titles.setdefault(core, state)  # "cyber" alone is no title: a bare "Cyber" is a word
        if name and title and not set(title) <= TITLE_MODIFIERS:
            names.setdefault(name[-1], state)  # "Russia's Sergei Lavrov"; not "Latvia Cyber Force"
            names.setdefault(" ".join(name), state)
        elif title and m.tok >= 4 and doc[m.tok - 1].lower_ in ("a", "an", "the") and doc[m.tok - 2].text == ",":
            # "Viktor Zhora, a Ukrainian cybersecurity official": the name stands before the apposition
            j, before = m.tok - 3, []
            while j >= 0 and doc[j].is_title and doc[j].is_alpha and len(before) < 3 and doc[j].lower_ not in NOT_NAMES:
                before.insert(0, doc[j].text)
                j -= 1
            if before and (j < 0 or not doc[j].is_title):
                names.setdefault(before[-1], state)
                names.setdefault(" ".join(before), state)
    # Well-known officials (matched by the gazetteer) are known by their surname further on; the
    # article's own introduction wins ("NATO Secretary General Mark Rutte", not the Dutch PM).
    for m in mentions:
        if m.form == "person":
            names.setdefault(m.surface.split()[-1], m.actor)
    if not names and not titles:
        return []
    # later uses are found in the text itself: iterating token objects costs more than a regex
    forms = {n: ("person", state) for n, state in names.items()}
    forms.update({t: ("title", state) for t, state in titles.items()})
    pattern = re.compile(r"\b(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b", re.I)
    taken = [(m.start, m.end) for m in mentions]
    found: list[ActorMention] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        text = match.group(0)
        if not text[:1].isupper() or any(a < end and start < b for a, b in taken):
            continue
        key = text if text in forms else text.lower()
        if key not in forms:
            continue
        form, state = forms[key]
        if form == "person" and text != key:
            continue  # names match in their own case only
        span = doc.char_span(start, end, alignment_mode="expand")
        found.append(ActorMention(start, end, span.start, span.end, state, ActorKind.STATE, form, "official", text))
    return found


# an article set in the US state of Georgia: its cities and offices, and nothing of the country's
US_GEORGIA = re.compile(
    r"\b(?:Atlanta|Savannah|Macon|Fulton County|Georgia Tech|(?:U\.?S\.? )?state of Georgia|Georgia's governor|"
    r"Georgia (?:state|county|legislature|lawmakers|voters)|Georgia,? (?:U\.?S\.?|USA))\b"
)
COUNTRY_GEORGIA = re.compile(r"\b(?:Georgians?|Tbilisi|South Ossetia|Abkhazia)\b")


def find_mentions(doc: Doc, text: str | None = None) -> list[ActorMention]:
    """Every actor mention, longest match first, in text order."""
    _, exact, folded, by_text, by_lower = pipeline()
    spans = [(s, e, by_text[doc[s:e].text]) for _, s, e in exact(doc) if doc[s:e].text in by_text]
    # Group names match in any case ("Homeland Justice"), but never a word written all in lower
    # case: "summit" is prose even though a group is once called "SUMMIT".
    spans += [
        (s, e, by_lower[doc[s:e].text.lower()])
        for _, s, e in folded(doc)
        if doc[s:e].text.lower() in by_lower and not doc[s:e].text.islower()
    ]
    spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[ActorMention] = []
    last = -1
    for s, e, entry in spans:
        if s < last:
            continue
        if entry.form == "body" and e - s == 1 and e < len(doc) and doc[e].is_title and doc[e].is_alpha:
            continue  # "Treasury Board Secretariat", "Congress Party": a one-word body heads another's name
        if (
            entry.form == "person"
            and e < len(doc)
            and doc[e].is_title
            and doc[e].is_alpha
            and doc[e - 1].whitespace_ == " "
        ):
            continue  # "Park Jin Hyok" is not the minister Park Jin: a longer name is someone else
        if entry.kind is ActorKind.STATE and entry.form == "demonym" and s > 0 and doc[s - 1].text in CONTINENT_PARTS:
            continue  # "a Latin American government", "North American firms": a region, not the state
        if entry.kind is ActorKind.STATE and entry.form == "name":
            named = _group_named_after_state(doc, s, e)
            if named is not None:
                last = named[1]
                out.append(named[0])
                continue
        if (
            entry.form == "person"
            and out
            and out[-1].kind in (ActorKind.STATE, ActorKind.INTERNATIONAL)
            and out[-1].actor != entry.actor
            and s > out[-1].tok_end
            and all(t.lower_ in TITLE_WORDS for t in doc[out[-1].tok_end : s])
            and TITLE_HEADS & {t.lower_ for t in doc[out[-1].tok_end : s]}
        ):
            # "EU foreign policy chief Kaja Kallas": the office the text gives her now, not the
            # state she once led
            prev = out[-1]
            entry = Entry(entry.text, prev.actor, prev.kind, "person", entry.sponsor)
        if entry.form == "body" and out and out[-1].kind is ActorKind.STATE and out[-1].form in ("name", "demonym"):
            between = doc[out[-1].tok_end : s].text
            if between in ("", "'s", "’s") and out[-1].actor != entry.actor:
                # "Montenegro's National Security Agency": a body of that state, whatever state
                # the same name stands for alone
                entry = Entry(entry.text, out[-1].actor, ActorKind.STATE, "body", entry.sponsor)
        last = e
        span = doc[s:e]
        out.append(
            ActorMention(
                span.start_char,
                span.end_char,
                s,
                e,
                entry.actor,
                entry.kind,
                entry.form,
                _role(doc, s, e, entry),
                span.text,
                entry.sponsor,
            )
        )
    text = doc.text if text is None else text
    # once an article names "the Cuba ransomware gang", its "Cuba ransomware has been active" and
    # "Cuba claimed the attack" are the gang too
    named_groups = {m.surface for m in out if m.kind is ActorKind.GROUP}
    out = [
        replace(m, actor=m.surface, kind=ActorKind.GROUP, form="group", role="hostile", sponsor=None)
        if m.kind is ActorKind.STATE and m.form == "name" and m.surface in named_groups
        else m
        for m in out
    ]
    if US_GEORGIA.search(text) and not COUNTRY_GEORGIA.search(text):
        # "charges in Georgia over the attack on Atlanta": the US state, not the country
        out = [m for m in out if not (m.actor == "GEO" and m.surface == "Georgia")]
    # "where a state is named as sponsor or operator, it is the state": a group's sponsor stands in
    # for it only in an article that names that state
    named_states = {m.actor for m in out if m.kind is ActorKind.STATE}
    out = [replace(m, sponsor=None) if m.sponsor and m.sponsor not in named_states else m for m in out]
    out += _halves(doc, out)
    out += _people(doc, out, text)
    personas = _personas(doc, out, text)
    out = [m for m in out if not any(p.start <= m.start and m.end <= p.end for p in personas)] + personas
    out += _firms(doc, out, text)
    out.sort(key=lambda m: m.start)
    return _shared_body_names(out, text)


# a divided country's halves, as its press and wire reports on it name them once the article has
# named them in full: "the North" is North Korea in an article that names North Korea
HALVES = {"North": "PRK", "South": "KOR"}


def _halves(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    named = {m.actor for m in mentions if m.kind is ActorKind.STATE}
    if not {"PRK", "KOR"} <= named:
        return []
    taken = {t for m in mentions for t in range(m.tok, m.tok_end)}
    out = []
    for tok in doc:
        actor = HALVES.get(tok.text)
        if actor is None or tok.i in taken or tok.i == 0 or doc[tok.i - 1].lower_ != "the":
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.is_title:
            continue  # "the North Atlantic", "the South China Sea": another name
        entry = Entry(tok.text, actor, ActorKind.STATE, "name")
        out.append(
            ActorMention(
                tok.idx,
                tok.idx + len(tok.text),
                tok.i,
                tok.i + 1,
                actor,
                ActorKind.STATE,
                "name",
                _role(doc, tok.i, tok.i + 1, entry),
                tok.text,
            )
        )
    return out


def _shared_body_names(mentions: list[ActorMention], text: str) -> list[ActorMention]:
    """A body name several states use ("the Foreign Office": Britain's, and in English reports
    also Germany's Auswärtiges Amt) is the state its own sentence names when that sentence names
    only one of the others and not the gazetteer's own reading ("Germany had pushed for it since
    May, when the Foreign Office summoned Russia's ambassador"); failing that, the state the
    article names when it names only one of the others and not the gazetteer's own reading."""
    shared = _shared_bodies()
    bodies = [m for m in mentions if m.surface in shared and m.actor == shared[m.surface][0]]
    if not bodies:
        return mentions
    states = [m for m in mentions if m not in bodies and m.kind is ActorKind.STATE]
    others = {m.actor for m in states}
    for m in bodies:
        default, *alternatives = shared[m.surface]
        lo = max(text.rfind(". ", 0, m.start), text.rfind("\n", 0, m.start)) + 1
        ends = [i for i in (text.find(". ", m.end), text.find("\n", m.end)) if i >= 0]
        hi = min(ends) if ends else len(text)
        near = {x.actor for x in states if lo <= x.start < hi}
        named = [a for a in alternatives if a in near]
        if default not in near and len(named) == 1:
            m.actor = named[0]
            continue
        named = [a for a in alternatives if a in others]
        if default not in others and len(named) == 1:
            m.actor = named[0]
    return mentions


@cache
def _shared_bodies() -> dict[str, tuple[str, ...]]:
    return {name: tuple(states) for name, states in gazetteer.lexicons()["shared_body_names"].items()}


def _acts_on(doc: Doc, i: int) -> bool:
    """Whether the attack noun at ``i - 1`` goes on to name its target ("attack on Iran")."""
    return i < len(doc) and doc[i].lower_ in ("on", "against", "targeting", "into")


VENDOR_WORDS = frozenset("security cybersecurity cyber-security intelligence research antivirus forensics".split())
BEHIND_AFTER = re.compile(r"(?:are|were|was|is)\s+(?:\w+\s+)?(?:behind|responsible)\b", re.I)
# "the Cuba ransomware gang", not "the largest US ransomware attack"
RANSOMWARE_OUTFITS = frozenset("gang group operation operators crew strain variant family actors affiliates".split())
CONTINENT_PARTS = frozenset({"Latin", "North", "South", "Central", "Pan"})


def _group_named_after_state(doc: Doc, s: int, e: int) -> tuple[ActorMention, int] | None:
    """A group whose name holds a state's: "the Cuba ransomware operation", "Anonymous
    Philippines". It is a group, not the state."""
    if e + 1 < len(doc) and doc[e].lower_ == "ransomware" and doc[e + 1].lower_ in RANSOMWARE_OUTFITS:
        start, end = s, e
    elif s > 0 and doc[s - 1].text == "Anonymous":
        start, end = s - 1, e
    else:
        return None
    span = doc[start:end]
    mention = ActorMention(
        span.start_char, span.end_char, start, end, span.text, ActorKind.GROUP, "group", "hostile", span.text
    )
    return mention, end


# words that open a sentence or a title, not a name ("a group called The ..." is rare)
NOT_PERSONA = frozenset("the a an this that it its they he she we in on at for and but".split())


def _personas(doc: Doc, mentions: list[ActorMention], text: str) -> list[ActorMention]:
    """Groups no reference list knows, named as such by the article ("a group calling itself
    Cutting Sword of Justice", "the ransomware gang Brain Cipher", "the “Anti WMD Team”"): each
    use of the name in this document is a group mention; nothing carries over to other documents."""
    names: dict[str, None] = {}
    for m in T.PERSONA.finditer(text):
        name = next(g for g in m.groups() if g).strip(" .,;:'\"”’")
        if len(name) < 3 or name.split()[0].lower() in NOT_PERSONA or name in gazetteer_names():
            continue
        if re.split(r"[-–]", name.lower())[-1] in LINK_SUFFIXES:
            continue  # a “China-based” group: where it sits, which the state mention inside tells
        names.setdefault(name, None)
    if not names:
        return []
    # a state's name inside the persona's ("Latvia Cyber Force") is part of the name
    taken = [(m.start, m.end) for m in mentions if m.kind is not ActorKind.STATE or m.form in ("person", "title")]
    taken += [
        (m.start, m.end)
        for m in mentions
        if m.kind is ActorKind.STATE
        and m.form not in ("person", "title")
        and not any(n.startswith(m.surface) or f" {m.surface}" in n for n in names)
    ]
    found = []
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(a < end and start < b for a, b in taken):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        name = match.group(0)
        found.append(ActorMention(start, end, span.start, span.end, name, ActorKind.GROUP, "group", "hostile", name))
        taken.append((start, end))
    return found


# "Kyivstar CEO Oleksandr Komarov said": a firm no list knows, speaking through its head
FIRM_SPEAKER = re.compile(
    r"\b((?-i:[A-Z][\w&-]+(?: [A-Z][\w&-]+){0,2}))(?:'s|’s)? (?:CEO|chief executive|chief executive officer|"
    r"spokesperson|spokesman|spokeswoman|chairman|chairwoman|president|general manager|managing director)"
    r",? (?-i:[A-Z][\w.-]+(?: [A-Z][\w.-]+){0,2}),? (?:said|says|told|stated|confirmed|added)\b"
)


# "SektorCERT said", "Harbor Labs researchers found": a name shaped like an organisation's (a capital
# inside a word, or a trade word at its end), not a person's, speaking in its own name
ORG_SPEAKER = re.compile(
    r"\b((?-i:[A-Z][a-z]{3,}[A-Z][\w-]*|[A-Z][\w&-]+ (?:Security|Labs|Research|Intelligence|Networks|Technologies|"
    r"Software|Systems|Cyber|CERT|Threat Intelligence)))(?: Group| Inc\.?| Corp\.?| Ltd\.?)?(?:'s|’s)? "
    r"(?:(?:researchers|analysts|experts|team) )?"
    r"(?:said|says|reported|found|wrote|assessed|assesses|believes|concluded|told|added|noted|observed)\b"
)
# "the IT company Tietoevry", "the insurer Medilink": a firm the article introduces by its trade
ORG_APPOSITION = re.compile(
    r"\b(?:company|firm|operator|provider|insurer|retailer|carrier|conglomerate|corporation|association|utility)"
    r",?\s+((?-i:[A-Z][\w&-]+(?:\s+[A-Z][\w&-]+){0,3}))"
)


def _firms(doc: Doc, mentions: list[ActorMention], text: str) -> list[ActorMention]:
    """A firm named only as its head's employer, or named in an organisation's shape as it
    speaks, is a company mention that can speak, in this document only; nothing is guessed about
    who owns it."""
    # "LockBitSupp said": a gang's own persona speaks, no firm
    gangs = tuple(m.surface for m in mentions if m.kind is ActorKind.GROUP and len(m.surface) >= 4)
    names = {
        m.group(1): None
        for pattern in (FIRM_SPEAKER, ORG_SPEAKER, ORG_APPOSITION)
        for m in pattern.finditer(text)
        if m.group(1).split()[0].lower() not in NOT_PERSONA
        and m.group(1) not in gazetteer_names()
        and not m.group(1).startswith(gangs)
    }
    if not names:
        return []
    found = []
    taken = [(m.start, m.end) for m in mentions]
    for match in re.finditer(
        r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b", text
    ):
        start, end = match.span()
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or any(a < end and start < b for a, b in taken):
            continue
        name = match.group(0)
        found.append(
            ActorMention(start, end, span.start, span.end, name, ActorKind.COMPANY, "company", "official", name)
        )
        taken.append((start, end))
    return found


@cache
def gazetteer_names() -> frozenset[str]:
    """Every spelling the gazetteer knows, so that a known actor is never taken for a new group."""
    return frozenset(e.text for e in gazetteer.entries())
