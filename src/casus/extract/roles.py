"""Who is who in a sentence: the speaker, the subject, the accused; and when it was said.

Roles come from where a mention stands against a trigger word:

1. a speaker: "X said", "according to X", ", said X" — the one making the statement;
2. the subject: the actors before the trigger, coordinated ("Britain and the United States
   accused ..."), unless a preposition makes them a target ("attacks on Albania");
3. the object or agent: the first actor after "accused", "attributed ... to", "by", "with";
4. the quoted speaker carried over from an earlier sentence, for pronouns and first person.

Negated ("did not deny"), hypothetical ("would cut ties") and question sentences state no fact.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from casus.extract import triggers as T
from casus.extract.dates import DateSpan
from casus.extract.mentions import ActorMention
from casus.models import ActorKind, Certainty, Evidence

PREPOSITION_BEFORE = re.compile(
    r"\b(?:on|against|in|at|targeting|targeted|target|into|from|of|for|hit|hitting|hacked|attacked|breached|"
    r"toward|towards|inside|across|over|to|with|within|throughout|by|about|like|including|between|than)"
    r"\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|a\s+|an\s+)?(?:country of\s+|nation of\s+)?$",
    re.I,
)
OFFICE_OF = re.compile(
    r"\b(?:(?:researchers|analysts|experts|investigators|spokes\w+|officials|staff|team|head|chief|director)\s+"
    r"(?:at|from|with|for)\s+(?:the\s+)?$|"
    r"(?:government|minister|ministry|president|spokesperson|council|office|"
    r"secretary|parliament|chancellor|premier|leader|authorities)\s+of\s+(?:the\s+)?$)",
    re.I,
)
# "Jan Novak, a spokesperson for the Polish security service, said": the office's holder speaks
APPOSITIVE_SAID = re.compile(
    r"^\s*(?:[\w’'-]+\s+){0,3}?[\w’'-]+\s*,\s+(?:(?-i:[A-Z][\w.’'-]+\s+){1,2}(?-i:[A-Z][\w.’'-]+),\s+)?(?:\w+\s+)?"
    r"(?:said|says|told|stated|added|noted|warned|confirmed|"
    r"wrote|announced|explained|stressed)\b",
    re.I,
)
# "Jan Roe, the head of Iran's civil defence body, said": the state whose office the speaker heads
HEAD_OF = re.compile(r"\b(?:head|chief|director)\s+of\s+(?:the\s+)?$", re.I)
MEASURES = ("sever_relations", "expel_diplomats", "recall_ambassador", "summon_ambassador", "sanctions", "indictment")
SAYS = re.compile(
    r"\b(?:said|says|say|saying|reported|stated|announced|concluded|found|assessed|believes?|added|"
    r"told|alleged|warned|confirmed|determined|report|reports|details|detailed|described|observed|tracks|suspects?|"
    r"tracked|identified|blog post|research|analysis)\b",
    re.I,
)
RELATIVE_SPEECH = re.compile(r"[^,;]*,\s*(?:which|who)\s+(?:\w+\s+){0,2}?(?:said|says|told)\b[^,;]*,")
LIST_GOES_ON = re.compile(r"^\s*(?:,|and\b|or\b|as well as\b)", re.I)
# joins inside one list ("against Germany and Czechia"); ", and" more often joins clauses
LIST_JOIN = re.compile(r"^\s*(?:,|and|or|as well as)\s*(?:the\s+)?$", re.I)
COORDINATION = re.compile(
    r"^\s*(?:,|and|,\s*and|as well as|along with|together with|&|joined|joins|"
    r"(?:has |have )?joined (?:with )?)\s*(?:the\s+)?$",
    re.I,
)


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    mentions: list[ActorMention]
    dates: list[DateSpan]
    _prep: set[int] | None = None
    may_state: bool | None = None  # whether it can speak for the last speaker (see report)

    def prepositional(self, m: ActorMention) -> bool:
        """After a preposition ("attacks on Albania"), or coordinated with one that is ("against
        Germany and Czechia"); an office's "of" does not count ("the Prime Minister of Albania")."""
        if self._prep is None:
            self._prep = set()
            prev = None
            for x in self.mentions:
                before = self.before(x)
                if PREPOSITION_BEFORE.search(before) and not OFFICE_OF.search(before):
                    self._prep.add(x.start)
                elif prev is not None and prev.start in self._prep and self.listed_with(prev, x):
                    self._prep.add(x.start)
                prev = x
        return m.start in self._prep

    def listed_with(self, prev: ActorMention, x: ActorMention) -> bool:
        """Whether ``x`` goes on the list ``prev`` stands in ("Israel and the United States"); a
        state after a bare comma that speaks opens a new clause ("from China, Latvia's minister
        said")."""
        join = self.text[prev.end - self.start : x.start - self.start]
        if not LIST_JOIN.match(join):
            return False
        if re.fullmatch(r"\s*,\s*(?:the\s+)?", join, re.I):
            # "Russia, China and Iran": an item after a bare comma is followed by more of the list;
            # "blamed Moscow, the U.S. report does not": a new clause's subject is not
            return bool(LIST_GOES_ON.match(self.after(x))) and not T.SPEECH_AFTER.match(self.after(x))
        return True

    def rel(self, m: ActorMention) -> tuple[int, int]:
        return m.start - self.start, m.end - self.start

    def before(self, m: ActorMention) -> str:
        return self.text[: m.start - self.start]

    def after(self, m: ActorMention) -> str:
        return self.text[m.end - self.start :]


@dataclass(slots=True)
class Context:
    """What one document has said so far: its date, the last speaker, the groups it named."""

    doc_id: str
    published: date | None
    last_speaker: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # surface names of groups and personas, in order
    states: set[str] = field(default_factory=set)  # actor ids in the document that are states or bodies
    news_day: str | None = None  # the latest day of the news the article has named
    # accused the article itself names as behind the operation, with no one to quote for it
    # ("Iran was responsible for the attack, a newspaper reported"): an accused, not an attribution
    unattributed: Counter[str] = field(default_factory=Counter)
    # the one national of a state the article names ("Russian citizen ... Aleksandr Ermakov"): whom
    # "a Russian man" stands for in its other sentences
    nationals: dict[str, str] = field(default_factory=dict)


def can_speak(m: ActorMention) -> bool:
    """States (not as a bare adjective), bodies and companies can speak; hackers and targets cannot."""
    if m.role in ("hostile", "hostile_act", "target", "modifier"):
        return False
    if m.kind is ActorKind.STATE:
        return m.form != "demonym" or m.role == "official"
    return m.kind in (ActorKind.INTERNATIONAL, ActorKind.COMPANY)


def accused_id(m: ActorMention) -> str | None:
    """Where a state is named as sponsor or operator, the accused is the state."""
    if m.kind is ActorKind.GROUP:
        return m.sponsor or m.actor
    if m.kind is ActorKind.STATE:
        return m.actor
    return None


def evidence(ctx: Context, s: Sentence, rule: str) -> Evidence:
    return Evidence(ctx.doc_id, s.text, s.start, s.end, rule)


def speakers(s: Sentence) -> list[ActorMention]:
    """Actors the sentence reports as saying something, with those coordinated with them."""
    found = []
    for m in s.mentions:
        if not can_speak(m):
            continue
        before = s.before(m)
        appositive = HEAD_OF.search(before) and APPOSITIVE_SAID.match(s.after(m))
        if s.prepositional(m) and not T.SPEECH_BEFORE.search(before) and not appositive:
            continue  # "Analysts in London said": London is where, not who
        if (
            T.SPEECH_AFTER.match(s.after(m))
            or T.SPEECH_BEFORE.search(before)
            or (T.SAID_BEFORE.search(before) and T.CLAUSE_END.match(s.after(m)))
            or (OFFICE_OF.search(before) and APPOSITIVE_SAID.match(s.after(m)))
            or appositive
        ):
            found.append(m)
    if found:  # "according to Georgia, the UK and the US"
        extra = [m for m in s.mentions if can_speak(m) and m not in found and _coordinated(s, m, found)]
        found += extra
    return found


def _coordinated(s: Sentence, m: ActorMention, group: list[ActorMention]) -> bool:
    for g in group:
        a, b = (m, g) if m.start < g.start else (g, m)
        if COORDINATION.match(s.text[a.end - s.start : b.start - s.start]):
            return True
    return False


def subjects(s: Sentence, trigger_start: int, exclude: frozenset[str] = frozenset()) -> list[ActorMention]:
    """The nearest actor before the trigger that no preposition turns into a target, with those
    coordinated with it ("Britain and the United States accused ..."). "The Prime Minister of
    Albania" is a subject: an office's "of" is no target's preposition."""
    before = [m for m in s.mentions if m.start - s.start < trigger_start]
    out: list[ActorMention] = []
    for m in reversed(before):
        if not can_speak(m) or m.actor in exclude or s.prepositional(m):
            continue
        if not out or m.actor == out[-1].actor or _coordinated(s, m, out):
            out.append(m)
        else:
            break
    return out[::-1]


def leading_subjects(s: Sentence, exclude: frozenset[str]) -> list[ActorMention]:
    """The sentence's own subject: its first actor that no preposition governs, and those
    coordinated with it ("The EU and NATO condemned ..., which they say ...")."""
    out: list[ActorMention] = []
    for m in s.mentions:
        if not can_speak(m) or m.actor in exclude or s.prepositional(m):
            if out:
                break
            continue
        if not out or m.actor == out[-1].actor or _coordinated(s, m, out):
            out.append(m)
        else:
            break
    return out


def resolve_by(s: Sentence, ctx: Context, trigger_start: int, exclude: set[str], measure: bool = False) -> list[str]:
    """Who makes the statement or takes the measure.

    A measure belongs to the subject before its verb ("Albania cut ties ..., the US said"); a
    statement to whoever the sentence says said it. A sentence that opens with a pronoun ("It
    added: ...") or a quotation carries the speaker over from the sentences before; a pronoun
    inside the sentence ("..., which they say ...") points back to its own subject."""
    ex = frozenset(exclude)
    # "Denmark, home of Maersk, which said the attack cost it $300m, pointed the finger at Moscow":
    # a voice inside a relative clause speaks in that clause only
    clauses = [c.span() for c in RELATIVE_SPEECH.finditer(s.text) if not c.start() <= trigger_start < c.end()]
    voices = [
        m for m in speakers(s) if m.actor not in exclude and not any(a <= m.start - s.start < b for a, b in clauses)
    ]
    inside = frozenset(m.actor for m in s.mentions if any(a <= m.start - s.start < b for a, b in clauses))
    subj_m = subjects(s, trigger_start, ex | inside) if inside else subjects(s, trigger_start, ex)
    # a speaker before the trigger, or the trigger's own subject, outranks the speaker of a
    # later clause ("The EU offered assistance, and Britain's NCSC said it stood ready")
    before = [m.actor for m in voices if m.start - s.start < trigger_start]
    if subj_m and not before:
        voices = [m for m in voices if m.start - s.start < trigger_start or m.start < subj_m[0].start]
    said = [m.actor for m in voices]
    subj = [m.actor for m in subj_m]
    carried = []
    if ctx.last_speaker and (
        T.LEADING_PRONOUN.search(s.text)
        or T.FIRST_PERSON.search(s.text)
        or s.text.lstrip()[:1] in '“"'
        or T.PRONOUN_SUBJECT.search(s.text)
    ):
        carried = [a for a in ctx.last_speaker if a not in exclude]
    if measure:
        order = [subj, said, carried]
    elif T.LEADING_PRONOUN.search(s.text):
        order = [said, carried, subj]
    elif T.PRONOUN_SUBJECT.search(s.text):
        order = [said, [m.actor for m in leading_subjects(s, ex)], carried]
    else:
        order = [said, subj, carried]
    found = next((o for o in order if o), [])
    return list(dict.fromkeys(found))


def first_after(s: Sentence, pos: int, want=lambda m: True) -> ActorMention | None:
    for m in s.mentions:
        if m.start - s.start >= pos and want(m):
            return m
    return None


def blocked(s: Sentence, start: int) -> bool:
    """A negated, hypothetical or interrogative statement states no fact."""
    head = s.text[:start]
    return bool(T.NEGATED.search(head) or T.HYPOTHETICAL.search(head) or is_question(s.text))


def is_question(text: str) -> bool:
    return text.rstrip(" \n\"'”’)").endswith("?")


def certainty(text: str) -> Certainty | None:
    """The firmest level the words give; a negated firm word ("could not be certain", "no
    conclusive evidence") is a hedge."""
    for level, pattern in T.CERTAINTY:
        for m in pattern.finditer(text):
            if T.NEGATED.search(text, 0, m.start()):
                if level == "high":
                    return Certainty.LOW
                continue
            return Certainty(level)
    return None


ATTACK_DATE = re.compile(
    r"\b(?:attacks?|cyberattacks?|cyber-attacks?|hack|breach|intrusion|operation|incident)"
    r"\s+(?:on|of|from|since|beginning|starting|that began on|which began on)\s+(?:the\s+)?$",
    re.I,
)


def sentence_date(s: Sentence, ctx: Context, before: int | None = None) -> str | None:
    """The day the sentence reports: its own explicit day, else the day the article last named
    for the news it reports ("on Friday ... said"), else the article's date. With ``before``
    (a statement's position), a month that opens the sentence dates it too ("In early August
    the firm said ..."); a month after it is the attack's ("cut ties over the July attack")."""
    # "the attack on October 28" dates the attack, not the statement about it
    days = [d for d in s.dates if d.precision == 3 and not ATTACK_DATE.search(s.text, 0, d.start)]
    if days:
        return days[0].value
    months = [d for d in s.dates if d.precision == 2 and before is not None and d.start < min(before, 25)]
    if months:
        return months[0].value
    if ctx.news_day:
        return ctx.news_day
    return ctx.published.isoformat() if ctx.published else None


def note_news_day(s: Sentence, ctx: Context) -> None:
    """Remember a day within the week before the article: later statements are of that day."""
    if not ctx.published:
        return
    for d in s.dates:
        if d.precision == 3 and 0 <= (ctx.published - date.fromisoformat(d.value)).days <= 7:
            ctx.news_day = d.value
            return
