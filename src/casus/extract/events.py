"""Facts from sentences: who claimed, who attributed to whom, who denied, who responded how.

Each fact needs its actors *in the quoted sentence* or in the speaker the article just quoted
("he said", "we condemn"); a sentence with a trigger but no one to pin it on yields nothing.
Who plays which part is decided in ``roles``; here each kind of fact picks the parts it needs.
"""

from __future__ import annotations

import re

from casus.extract import triggers as T
from casus.extract.mentions import ActorMention
from casus.extract.roles import (
    MEASURES,
    SAYS,
    Context,
    Sentence,
    accused_id,
    blocked,
    can_speak,
    certainty,
    evidence,
    first_after,
    is_question,
    leading_subjects,
    resolve_by,
    sentence_date,
    speakers,
    subjects,
)
from casus.models import ActorKind, Attribution, Claim, Denial, Response
from casus.resolve.signals import rarity

# "previous campaigns", "other attacks": deeds other than the one the article tells
_OTHER = r"(?:previous|past|earlier|other|prior)\s+(?:\w+\s+)?"
_DEEDS = r"campaigns?|attacks?|operations?|incidents?|hacks?|intrusions?"
OTHER_CAMPAIGNS = re.compile(rf"\b{_OTHER}(?:{_DEEDS}|accusations?)\b|\bin the past\b", re.I)

PARTICIPLE_BEFORE = re.compile(
    r"\b(?:attacks?|operations?|campaigns?|intrusions?|breach(?:es)?|hacks?|activity|cyberattacks?|cyber-attacks?)\s+$",
    re.I,
)
FOR_OTHER_DEEDS = re.compile(rf"[^.;]{{0,60}}?\b(?:for|of|in)\s+(?:\w+\s+){{0,3}}?{_OTHER}(?:{_DEEDS})\b", re.I)
BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that) (?:\w+ )?(?:group|gang|hackers|collective|crew|actor|outfit)\b|^\W*(?:it|they)\b", re.I
)
DIPLOMATIC = ("sever_relations", "expel_diplomats", "summon_ambassador")  # a recall names the home capital too
# "countries that supported Kiev": the act of a noun no state mention stands for
# "Red Sparrow, Cyber.Lions and Null Unit have claimed": names the gazetteer does not know,
# listed as the subject right before the claim
_CAP_NAME = r"[A-Z][\w.$-]*(?:\s+[A-Z0-9][\w.$-]*){0,3}"
LISTED_SUBJECT = re.compile(
    rf"(?:^|[“\"(]|\b(?:group|groups|hackers|collective|collectives)\s+)({_CAP_NAME}(?:\s*,\s*{_CAP_NAME})*"
    rf"(?:,?\s+and\s+{_CAP_NAME})?)\s+(?:(?:has|have|had)\s+)?(?:also\s+|since\s+|now\s+|publicly\s+)?$"
)


def listed_claimants(s: Sentence, cue_start: int) -> list[str]:
    """Unknown names the sentence opens with as the claim's subject, one or a list; a common
    word that merely starts the sentence ("Hackers have claimed") or a state is no name."""
    m = LISTED_SUBJECT.search(s.text, 0, cue_start)
    if not m:
        return []
    known = [x for x in s.mentions if m.start(1) <= x.start - s.start < m.end(1)]
    if any(x.kind is not ActorKind.GROUP for x in known):
        return []  # "Russia has claimed", "Microsoft said": a state or a company, not a persona
    names = [n.strip() for n in re.split(r"\s*,\s*|,?\s+and\s+", m.group(1)) if n.strip()]
    if any(len(n) < 3 or " " not in n and "." not in n and rarity(n.lower()) < 0.5 for n in names):
        return []
    return names


RELATIVE_BEFORE = re.compile(
    r"\b(?!(?:said|says|say|tweeted|announced|stated|added|noted|wrote|confirmed|believes?|thinks?|stressed|"
    r"insisted|declared|warned|posted|agreed|decided|pledged|vowed|promised|hoped)\b)(\w+)\s+(?:that|which|who)\s+"
    r"(?:\w+\s+)?$",
    re.I,
)
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+(?:\w+\s+)?$", re.I)
TARGET_PREP = re.compile(r"\b(?:on|against|targeting|in|at)\s+(?:the\s+)?$", re.I)
BLAME_ON = re.compile(
    r"\b(?:(?:blame|responsibility|finger|attribution|pin|pins|pinned|pinning)\s+(?:\w+\s+){0,4}on|finger at)"
    r"\s+(?:the\s+)?$",
    re.I,
)

# "Conti, which researchers believe is run from Russia, was behind": the clause's actor is not the subject
RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who|whom|whose)\b[^,;]*,")
# an accusation in a relative clause: its object is the noun before it
RELATIVE_ACCUSER = re.compile(
    r"(?:,|\band)\s*(?:which|that)\s+(?:the\s+)?(?:[\w.’'-]+\s+){0,6}$|"
    # "attacks on bridges and exchanges that U.S. officials have attributed to ...": no comma, but a
    # noun before "that", not a verb of saying or a noun of evidence
    r"\b(?!(?:said|says|say|believes?|believed|thinks?|thought|noted|added|stated|announced|confirmed|reported|"
    r"claimed|claims?|warned|argued|insisted|found|finds|concluded|suggest\w*|shows?|showed|indicated|revealed|"
    r"determined|assessed|knows?|knew|clear|evidence|fact|so|now|such|sure|certain|aware|view|belief|"
    r"assessment|conclusion|finding)\s)[a-z]+s\s+that\s+(?:the\s+)?(?:[\w.’'-]+\s+){0,4}$",
    re.I,
)
OWN_ANTECEDENT = re.compile(
    r"\b(?:the|this|latest) (?:\w+ )?(?:attacks?|hacks?|breach|intrusions?|campaign|operation|incident|compromise|"
    r"cyberattacks?|cyber-attacks?)\s*$",
    re.I,
)
# "researchers have previously linked the group to ...": an older finding about the group
EARLIER_LINK = re.compile(
    r"\b(?:previously|in the past|have long|has long|had long|routinely|regularly|frequently|habitually|often|"
    r"usually|typically)\s+(?:\w+\s+)?$",
    re.I,
)
# "a Russian national, Dmitry Orlov": a person of that state, and his name when the article gives it
_FULL_NAME = r"((?-i:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}))"
NATIONAL = re.compile(rf"^\s+{T.PERSON_NOUN}\b(?:,?\s+{_FULL_NAME})?", re.I)
# "Russian citizen and cyber criminal Aleksandr Ermakov": a national named after a second title
NAMED_AFTER_TITLES = re.compile(rf"^\s+{T.PERSON_NOUN}\s+and\s+(?:[a-z-]+\s+){{1,2}}{_FULL_NAME}")


def named_nationals(sents: list[Sentence]) -> dict[str, str]:
    """Each state whose one national the article names ("a Russian national, Dmitry Khoroshev")."""
    found: dict[str, set[str]] = {}
    for s in sents:
        for x in s.mentions:
            if x.form != "demonym":
                continue
            for pattern in (NATIONAL, NAMED_AFTER_TITLES):
                named = pattern.match(s.after(x))
                if named and named.group(1):
                    found.setdefault(x.actor, set()).add(named.group(1))
                    break
    return {state: next(iter(names)) for state, names in found.items() if len(names) == 1}


# "sanctions against Ermakov", "sanctions on him": a measure on a person no list knows
PERSON_OBJECT = re.compile(
    r"\s+(?:against|on|targeting)\s+(him|her|(?-i:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}))\b", re.I
)
NAMED_NATIONAL = re.compile(rf"\b{T.PERSON_NOUN},?\s+{_FULL_NAME}")


def _person_target(s: Sentence, m: re.Match, nationals: dict[str, str] | None = None) -> str | None:
    """The person a measure names as its target, "" for one of a state's nationals left unnamed,
    None when the target is no person: the keys and the users want the man, not his state."""
    for x in s.mentions:
        if x.form == "demonym" and 0 <= x.start - s.start - m.end() < 40:
            person = NATIONAL.match(s.after(x))
            if person:  # "sanctions on a Russian national, Dmitry Khoroshev"; "on a Russian man": the one named
                return person.group(1) or (nationals or {}).get(x.actor, "")
    obj = PERSON_OBJECT.match(s.text, m.end())
    if obj is None or any(x.start - s.start == obj.start(1) for x in s.mentions):
        return None
    if obj.group(1).lower() in ("him", "her"):
        named = NAMED_NATIONAL.search(s.text, 0, m.start())
        return named.group(1) if named else None
    if " " not in obj.group(1) and rarity(obj.group(1).lower()) < 0.3:
        return None  # "sanctions on Park and Chosun Expo": a surname that is also a word names no one surely
    return obj.group(1)


# an accusation an event came after, of a deed the article introduces anew: an earlier matter
CAME_AFTER = re.compile(r"\b(?:comes?|came|follow(?:s|ed|ing)?)\s+(?:\w+\s+){0,3}?after\b", re.I)
# the sentence's subject is this incident, and what it came after is an earlier matter ("It also
# follows an incident in May, when Germany recalled its ambassador")
INCIDENT_CAME_AFTER = re.compile(
    r"^\W*(?:it|this|the (?:\w+\s+)?(?:attack|hack|breach|intrusion|incident|cyberattack|cyber-attack|theft|leak|"
    r"disclosure|episode|affair|revelation|outage|news|announcement|row|dispute|compromise))\s+(?:\w+\s+)?"
    r"(?:(?:comes?|came)\s+(?:\w+\s+){0,3}?after|follow(?:s|ed)\s+(?:a|an|another))\b",
    re.I,
)
# an accusation of a deed of violence, not of a cyber operation
ACCUSED_OF_VIOLENCE = re.compile(
    r"\s+(?:[\w.’'-]+\s+){1,6}?of\s+(?:waging|killing|assassinat\w+|murder\w*|invad\w+|bomb\w*|shell\w*|arming|"
    r"poison\w*|kidnap\w*|massacr\w+|torturing)\b",
    re.I,
)
# an accusation of words or attitudes, not of an operation: "accusing Washington of hypocrisy"
ACCUSED_OF_WORDS = re.compile(
    r"\s+(?:[\w.’'-]+\s+){1,4}?of\s+(?:\w+\s+)?(?:hypocrisy|double standards|smear\w*|slander\w*|politici[sz]\w+|"
    r"lying|lies|hyping|hype|fabricat\w+|bullying|hegemon\w*|scaremongering|fearmongering|propaganda|"
    r"a cold war mentality|hostility|russophobia|sinophobia|escalating|provocations?|provoking|"
    r"warmongering|confrontation|interfering in (?:its|our|their) internal affairs)\b",
    re.I,
)
AFTER_ANOTHER = re.compile(CAME_AFTER.pattern + r"\s+(?:a|an)\s", re.I)  # "came a year after a wave of ..."
ANOTHER_DEED = re.compile(r"\s+(?:[\w.’'-]+\s+){1,4}?(?:of|for)\s+(?:a|an)\s", re.I)
# "working with industry to expose Russian activity", "will continue to call out": an aim, no accusation
PURPOSE_BEFORE = re.compile(
    r"\b(?:work(?:s|ed|ing)?|continue[sd]?|continuing|seek(?:s|ing)?|aim(?:s|ed|ing)?|efforts?|help(?:s|ed|ing)?|"
    r"commit(?:s|ted|ment)|pledg(?:e|es|ed)|vow(?:s|ed)?|determined|ready|mission|"
    # "Lima had every reason and incentive to blame Caracas": a motive, no accusation
    r"incentives?|motives?|temptation|tempted)\b(?:\s+\w+){0,4}?\s+to\s+$",
    re.I,
)
CLAIMED_TO_HAVE = re.compile(
    r"\bclaim(?:s|ed|ing)?\s+(?:to\s+have|(?:that\s+)?(?:it|they)\s+(?:had|has|have))\s+$", re.I
)
ORDERS_AFTER = re.compile(r"^['’]s orders\b", re.I)  # "acting on Moscow's orders": the accused, not a target


def _first_with_list(s: Sentence, found: list[ActorMention]) -> list[ActorMention]:
    """The first accused and those listed right after it: "carried out by Israel and the United
    States" accuses both."""
    out = found[:1]
    for x in found[1:]:
        if not s.listed_with(out[-1], x):
            break
        out.append(x)
    return out


def _accused_in(s: Sentence, lo: int, hi: int) -> list[ActorMention]:
    """Mentions in [lo, hi) that can stand for the accused: not a target ("attacks on Albania"),
    unless the preposition is the blame's ("responsibility on Iran")."""
    out = []
    for m in s.mentions:
        a, _ = s.rel(m)
        before = s.before(m)
        if (
            lo <= a < hi
            and accused_id(m)
            and m.role not in ("target", "modifier")
            and not (m.form == "demonym" and NATIONAL.match(s.after(m)))  # "a Russian national": a man, not his state
            and not (
                m.role == "plain"
                and TARGET_PREP.search(before)
                and not BLAME_ON.search(before)
                and not ORDERS_AFTER.match(s.after(m))
            )
        ):
            out.append(m)
    return out


# "targeting a Russian man it said was behind the theft": the culprit is what the clause hangs on
SAID_BEFORE_PREDICATE = re.compile(
    r"\b(?:it|they|he|she|officials|authorities|police|investigators|prosecutors)\s+(?:\w+\s+)?"
    r"(?:said|says|say|believes?|believed|alleged|alleges|suspects?|suspected|claimed|claims)\s+$",
    re.I,
)


def _speaks_next(s: Sentence, x: ActorMention) -> bool:
    """Whether a state named plainly or as an office speaks right after its name ("British
    ministers said"): the voice of its clause, never its accused or a measure's target."""
    return x.role in ("official", "plain") and bool(T.SPEECH_AFTER.match(s.after(x)))


def attributions(s: Sentence, ctx: Context) -> list[Attribution]:
    """Accusations with an accuser and an accused, both read from the sentence (or its quoted
    speaker). A group with a sponsor state is attributed to the state."""
    text = s.text
    out: list[Attribution] = []
    pairs: list[tuple[list[str], list[ActorMention], str, int]] = []
    if OTHER_CAUSE.search(text) and not T.ATTACK_WORDS.search(text):
        return out  # "a coast guard vessel rammed a fishing boat": no cyber operation in it
    if INCIDENT_CAME_AFTER.search(text):
        return out  # "The disclosure comes days after Google said a campaign from China ...": an earlier matter
    earlier: int | None = None  # where a sentence turns to an earlier matter
    for m in T.ATTR_ACCUSE.finditer(text):
        if ACCUSED_OF_VIOLENCE.match(text, m.end()) or ACCUSED_OF_WORDS.match(text, m.end()):
            continue  # "accused the US and Israel of waging a covert war ..., including assassinations"
        if blocked(s, m.start()) or PURPOSE_BEFORE.search(text, max(0, m.start() - 120), m.start()):
            continue
        if EARLIER_LINK.search(text, max(0, m.start() - 120), m.start()) or FOR_OTHER_DEEDS.match(text, m.end()):
            continue  # "officials have blamed Israel for some past attacks": not for this one
        if earlier is not None or CAME_AFTER.search(text, 0, m.start()) and ANOTHER_DEED.match(text, m.end()):
            # "the incident comes days after the US blamed North Korea for a devastating attack on ...":
            # that accusation and the rest of the sentence are about the earlier matter
            earlier = m.start() if earlier is None else earlier
            continue
        rel = RELATIVE_ACCUSER.search(text, max(0, m.start() - 120), m.start())
        if rel and not OWN_ANTECEDENT.search(text, max(0, rel.start() - 40), rel.start()):
            continue  # "the Ronin theft, which the FBI attributed to Lazarus": another deed's culprit
        if T.ATTR_PASSIVE.search(text[max(0, m.start() - 25) : m.end()]):
            accused = _accused_in(s, 0, m.start())[-1:]
            by_m = first_after(s, m.end(), lambda x: can_speak(x) and re.search(r"\bby\s+(?:the\s+)?$", s.before(x)))
            if accused and by_m:
                pairs.append(([by_m.actor], accused, "casus.attribution.passive.v1", m.start()))
            continue
        target = m.end()
        if re.match(r"\s+by\b", text[m.end() :]):
            continue  # "the four men named by the Dutch": who names follows, not whom
        if m.group(0).lower() == "attribution" and not re.match(r"[^.;]{0,60}?\bto\s", text[m.end() :]):
            continue  # "a public attribution coordinated with Germany": the partner, not the accused
        if m.group(0).lower().startswith("attribut") and " to " in text[m.end() :]:
            target = text.index(" to ", m.end())
        # the accused follows its verb closely ("accused Russia of", "attributed ... to APT28");
        # a distant actor belongs to another clause
        accused = [x for x in _first_with_list(s, _accused_in(s, target, len(text))) if x.start - s.start - target < 80]
        accused = accused if accused and accused[0].start - s.start - target < 45 else []
        if not accused and re.match(r"\s+(?:it|them)\b", text[m.end() :]):
            # "the hackers ... the UK has also blamed them": "them" is the group named earlier, never
            # the accuser that stands right before the verb
            accused = [
                x
                for x in _accused_in(s, 0, m.start())
                if x.role in ("hostile", "hostile_act") and not (can_speak(x) and m.start() - s.rel(x)[1] < 30)
            ][-1:]
        by = resolve_by(s, ctx, m.start(), {accused_id(a) for a in accused})
        if m.group(0).lower() == "attributed" and PARTICIPLE_BEFORE.search(text, 0, m.start()):
            # "a phishing operation attributed to Russian hackers, according to Trend Micro": the
            # participle has no subject; only a voice the sentence names accuses
            by = [v.actor for v in speakers(s) if v.actor not in {accused_id(a) for a in accused}]
        pairs.append((by, accused, "casus.attribution.accuse.v1", m.start()))
    relative = [r.span() for r in RELATIVE_CLAUSE.finditer(text)]
    for m in T.ATTR_AGENT_LEFT.finditer(text):
        if blocked(s, m.start()) or earlier is not None and m.start() > earlier:
            continue
        if PASSIVE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue  # "the Dutch story was staged", "Albania was hacked": the one before is acted on
        if CLAIMED_TO_HAVE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "it claimed to have breached a college": the group's own word, no one accuses it
        accused = [
            x
            for x in _accused_in(s, 0, m.start())
            if x.role in ("hostile", "hostile_act", "official", "plain")
            and not any(a <= x.start - s.start < b <= m.start() for a, b in relative)
        ][-1:]
        if accused and _speaks_next(s, accused[0]):
            continue  # "Albania said", "British ministers said" is the speaker, not the accused
        said = SAID_BEFORE_PREDICATE.search(text, 0, m.start())
        if said and accused and accused[0].end - s.start < said.start() - 24:
            continue  # "a Russian man it said was behind the theft": the man, not a state further back
        speaking = [x.actor for x in speakers(s) if x not in accused]
        if not speaking:  # "The ministry condemned the attacks and said Russia was behind them"
            lead = leading_subjects(s, frozenset(accused_id(a) for a in accused))
            if lead and SAYS.search(text[lead[-1].end - s.start : m.start()]):
                speaking = [x.actor for x in lead]
        if not speaking and ctx.last_speaker and T.PRONOUN_SUBJECT.search(text):
            speaking = ctx.last_speaker
        pairs.append((speaking, accused, "casus.attribution.agent.v1", m.start()))
    for m in T.ATTR_AGENT_RIGHT.finditer(text):
        if blocked(s, m.start()) or earlier is not None and m.start() > earlier:
            continue
        if m.group(0).lower().startswith(("linked", "tied", "connected", "affiliated")) and not T.ATTACK_WORDS.search(
            text
        ):
            continue  # "transactions linked to Iran's military": a link, but to no operation
        rel = RELATIVE_ACCUSER.search(text, max(0, m.start() - 120), m.start())
        if (
            rel
            and not OWN_ANTECEDENT.search(text, max(0, rel.start() - 40), rel.start())
            and any(rel.start() <= x.start - s.start < rel.end() and can_speak(x) for x in s.mentions)
        ):
            continue  # "the attack on the grid, which a security firm linked to a group": another deed's culprit
        # "linked to the hackers, and British ministers said": the speakers of the next clause are no culprits
        accused = [x for x in _first_with_list(s, _accused_in(s, m.end(), len(text))) if not _speaks_next(s, x)]
        speaking = [x.actor for x in speakers(s) if x not in accused]
        if not speaking and not m.group(0).lower().startswith(("linked", "tied", "connected", "affiliated")):
            lead = leading_subjects(s, frozenset(accused_id(a) for a in accused))
            if lead and SAYS.search(text[lead[-1].end - s.start : m.start()]):
                speaking = [x.actor for x in lead]
        if not speaking and ctx.last_speaker and T.PRONOUN_SUBJECT.search(text[: m.start()]):
            speaking = ctx.last_speaker  # "It said the attackers had used Akira ransomware"
        pairs.append((speaking, accused, "casus.attribution.agent.v1", m.start()))
    for q in QUOTED_ACCUSATION.finditer(text):
        # "dismissed Latvian claims that Russian state bodies were behind it": the accusation a
        # denial quotes has its accuser right before it and its accused after it
        owner = [x for x in s.mentions if x.kind is ActorKind.STATE and 0 <= q.start() - s.rel(x)[1] <= 3]
        accused = _accused_in(s, q.end(), len(text))[:1]
        if owner and accused and owner[0].actor != accused_id(accused[0]) and not blocked(s, q.start()):
            pairs.append(([owner[0].actor], accused, "casus.attribution.quoted.v1", q.start()))
    if not pairs:
        # "a spokesperson said it was a probable Russian cyberattack": a speaker naming the attack
        # after its author attributes it, as firmly as the words say
        named = [x for x in s.mentions if x.role in ("hostile_act",) and accused_id(x)]
        voices = speakers(s)
        if named and voices and not blocked(s, named[0].start - s.start):
            by = [v.actor for v in voices if v.actor not in {accused_id(x) for x in named}]
            pairs.append((by, named[:1], "casus.attribution.described.v1", named[0].start - s.start))
    level = certainty(text)
    seen = set()
    for by, accused, rule, cue in pairs:
        for acc in accused:
            to = accused_id(acc)
            if to and not by and not blocked(s, cue):
                ctx.unattributed[to] += 1
            for b in by:
                if not to or b == to or (b, to) in seen:
                    continue
                seen.add((b, to))
                out.append(Attribution(b, to, evidence(ctx, s, rule), level, sentence_date(s, ctx, cue)))
    return out


ABLE_TO_DENY = re.compile(r"\b(?:can|could|would|will|may|might)\s+(?:[\w’'-]+\s+){0,8}?(?:then\s+)?$", re.I)


def denials(s: Sentence, ctx: Context, accused: set[str]) -> list[Denial]:
    out = []
    if OTHER_CAMPAIGNS.search(s.text):
        return []  # "Moscow has denied involvement in previous campaigns" is not about this one
    for m in T.DENY.finditer(s.text):
        if T.DENY_NEGATED.search(s.text[: m.start()]) or is_question(s.text):
            continue
        if ABLE_TO_DENY.search(s.text, max(0, m.start() - 80), m.start()):
            continue  # "North Korea can cause disruption and then deny everything": a habit, no denial
        cands = [
            x for x in s.mentions if x.start - s.start < m.start() and x.kind is ActorKind.STATE and x.role != "target"
        ]
        cands += [x for x in speakers(s) if x.kind is ActorKind.STATE]
        by = [x.actor for x in cands if x.actor in accused]
        clause = [
            x
            for x in cands
            if x.start - s.start < m.start()
            and ";" not in s.text[x.end - s.start : m.start()]
            and not s.prepositional(x)
        ]
        nearest = max(clause, key=lambda x: x.start, default=None)
        if nearest is not None and nearest.actor not in accused and nearest.start - s.start > m.start() - 40:
            by = []  # "..., charges Islamabad rejects": the state right before the verb denies, or nobody
        if not by and ctx.last_speaker and T.PRONOUN_SUBJECT.search(s.text):
            by = [a for a in ctx.last_speaker if a in accused]
        if not by:
            by = _denied_in_place(s, m, cands)
        for b in dict.fromkeys(by):
            out.append(Denial(b, evidence(ctx, s, "casus.denial.v1")))
        if by:
            break
    return out


# the accusation a denial quotes: "dismissed Latvian claims that Russian state bodies were behind it"
QUOTED_ACCUSATION = re.compile(
    r"\b(?:claims?|allegations?|accusations?|charges?|suggestions?|assertions?)\s+(?:by\s+(?:[\w'’-]+\s+){1,5}?)?"
    r"(?:that|of|against)\b",
    re.I,
)
ACCUSED_OF_ATTACK = re.compile(r"\b(?:involvement|involved|behind|responsib\w+|role)\b", re.I)


def _denied_in_place(s: Sentence, m: re.Match, cands: list[ActorMention]) -> list[str]:
    """A state denying an accusation the sentence itself quotes against it: the denial of an
    article that carries no attribution of its own (state media answering an accusation)."""
    quoted = QUOTED_ACCUSATION.search(s.text, m.start()) or QUOTED_ACCUSATION.search(s.text, 0, m.start())
    if not quoted:
        return []
    if not (T.ATTACK_WORDS.search(s.text, quoted.end()) or ACCUSED_OF_ATTACK.search(s.text, quoted.end())):
        return []
    against = quoted.group(0).lower().endswith("against")  # "accusations against China": its target is the accused
    named = {
        accused_id(x) or (x.actor if x.kind is ActorKind.STATE else None)
        for x in s.mentions
        if x.start - s.start >= quoted.start() and (x.role != "target" or against)
    }
    before = [x for x in cands if x.start - s.start < m.start()]
    if before and re.match(r"\s*(?:it|they)\b", s.text[quoted.end() :]):
        return [before[0].actor]  # "rejected the claim by Seoul that it was behind": "it" is the subject
    return [x.actor for x in before if x.actor in named][:1]


OWN_OPERATION = re.compile(
    r"\b(?:carried out|launched|hacked|attacked|breached|infiltrated|crippled|taken down|took down)\b", re.I
)


def claims(s: Sentence, ctx: Context) -> list[Claim]:
    out = []
    for m in T.CLAIM_VERB.finditer(s.text):
        if blocked(s, m.start()):
            continue
        if AFTER_ANOTHER.search(s.text, 0, m.start()):
            continue  # "the attack comes a year after a wave of attacks claimed by X": an earlier wave
        if m.group(0).lower().endswith("behind") and not m.group(0).lower().startswith("said"):
            continue  # "X was behind" is an attribution, not a claim
        cue = m.group(0).lower()
        if cue.endswith((" by", " of", " as")) or re.search(r" to (?:belong to|be|represent)$", cue):
            # "an attack claimed by the LockBit gang", "the claim of the collective known as X",
            # "hackers who claimed to belong to the 'X Group'": the claimant follows
            after = [x for x in s.mentions if x.kind is ActorKind.GROUP and x.start - s.start >= m.end()]
            persona = T.PERSONA.search(s.text, m.end())
            names = [after[0].surface] if after else [next(g for g in persona.groups() if g)] if persona else []
        elif m.group(0).lower().startswith(("said", "says", "say")):
            # "X said it had hacked ...": only a group named before the verb claims it; "Microsoft
            # said it had disrupted the group" is no claim
            head = s.text[: m.start()]
            groups = [x for x in s.mentions if x.kind is ActorKind.GROUP and x.start - s.start < m.start()]
            names = [groups[-1].surface] if groups else [g for g in ctx.groups[-1:] if g in head]
            # "Ukraine's military intelligence said it had carried out a cyberattack": a state's
            # own intelligence or military service owning the operation claims it for the state
            operators = [
                x
                for x in s.mentions
                if x.kind is ActorKind.STATE
                and (x.role == "hostile" or x.form == "hostile_body")
                and x.start - s.start < m.start()
            ]
            if not names and operators and OWN_OPERATION.search(m.group(0)):
                names = [operators[-1].actor]
            if not names and not operators and T.ATTACK_WORDS.search(s.text, m.start()):
                names = listed_claimants(s, m.start())  # "Quillgrim said ... it was responsible for the attack"
        else:
            groups = [x for x in s.mentions if x.kind is ActorKind.GROUP and x.start - s.start < m.start()]
            later = {x.surface for x in s.mentions if x.start - s.start >= m.start()}
            earlier = [g for g in ctx.groups if g not in later]
            if not groups and earlier and BACK_REFERENCE.search(s.text, 0, m.start()):
                names = earlier[-1:]  # "The cyber group has claimed ...": the group named before
            elif not groups and (listed := listed_claimants(s, m.start())):
                names = listed
            else:
                groups = groups or [x for x in s.mentions if x.kind is ActorKind.GROUP]
                names = [groups[-1].surface] if groups else ctx.groups[-1:]
        for name in names:
            out.append(Claim(name, evidence(ctx, s, "casus.claim.v1")))
            if name not in ctx.groups:
                ctx.groups.append(name)
        if names:
            break
    return out


# a measure whose sentence gives it another cause: "expelled six diplomats after the invasion of Ukraine"
OTHER_CAUSE = re.compile(
    r"\b(?:after|over|following|in response to|because of|in protest (?:at|against|over)|in retaliation for)\s+"
    r"(?:the\s+|its\s+|their\s+|a\s+)?(?:[\w’'-]+\s+){0,2}?(?:invasion|war|annexation|poisoning|assassination|"
    r"killing|murder|coup|massacre|espionage case|spy ring|arrest|detention|troop build-?up|aggression against)\b|"
    r"\bin (?:an|a|the) (?:\w+ )?(?:espionage|spy|spying) (?:case|scandal|affair)\b|"
    # a physical act named as the cause: "after Russia invaded Ukraine", "after a vessel rammed a boat"
    r"\b(?:invaded|annexed|rammed|sank|shot down|seized|bombed|shelled|poisoned|assassinated)\b",
    re.I,
)


# "the bloc can impose travel bans", "a framework that allows the EU to impose sanctions", "not
# enough evidence to bring charges": a power or a want of grounds, no measure taken
NO_MEASURE_BEFORE = re.compile(
    r"\b(?:can|cannot|able to|(?:allow|enabl|empower)(?:s|ed|es|ing)?\s+(?:[\w’'-]+\s+){0,3}?to)\s+"
    r"(?:[\w’'-]+\s+){0,5}$|"
    r"\b(?:not|no|insufficient|lack(?:ed|s|ing)?(?:\s+of)?|without)\s+(?:[\w’'-]+\s+){0,3}?(?:evidence|grounds|basis)\s+"
    r"(?:\w+\s+){0,2}?to\s+(?:\w+\s+){0,2}$",
    re.I,
)


def responses(s: Sentence, ctx: Context, accused: list[str], victims: list[str]) -> list[Response]:
    out: list[Response] = []
    seen: set[tuple[str, str]] = set()
    cause = OTHER_CAUSE.search(s.text)
    if cause and not T.ATTACK_WORDS.search(s.text[: cause.start()] + s.text[cause.end() :]):
        return out  # a measure over something else than a cyber operation
    if INCIDENT_CAME_AFTER.search(s.text):
        return out  # "It comes a year after the Justice Department charged five officers": an earlier measure
    for rtype, pattern, needs in T.RESPONSES:
        if needs is not None and not needs.search(s.text):
            continue
        for m in pattern.finditer(s.text):
            if blocked(s, m.start()):
                continue
            if rtype in MEASURES and NO_MEASURE_BEFORE.search(s.text, max(0, m.start() - 120), m.start()):
                continue
            rel = RELATIVE_BEFORE.search(s.text, 0, m.start())
            if rel and not any(x.end - s.start == rel.end(1) for x in s.mentions):
                continue  # a relative clause about a noun that is not an actor of ours
            victim_side = rtype in ("solidarity", "assistance")
            if rtype == "solidarity" and not any(
                0 <= x.start - s.start - m.end() < 60 for x in s.mentions if x.kind is ActorKind.STATE
            ):
                continue  # "experts stand by the report" is no solidarity with a state
            agents = _passive_agents(s, m)
            against = _against(s, m, rtype, accused, victims, ctx.nationals, takers=agents)
            if not against:
                continue
            if not victim_side and rtype not in MEASURES and not PASSIVE_BEFORE.search(s.text, 0, m.start()):
                own = subjects(s, m.start())
                if (
                    own
                    and own[0].actor == against
                    and not any(v.start - s.start < m.start() for v in speakers(s) if v.actor != against)
                ):
                    continue  # "The Russian embassy slammed the accusations": the accused's own words
            by = (
                agents
                or (_help_senders(s, m) if victim_side else [])
                or resolve_by(s, ctx, m.start(), {against}, measure=rtype in MEASURES)
                or (_fronted_state(s, m) if rtype in MEASURES else [])
            )
            for b in by:
                if b not in ctx.states:
                    continue  # a company's or an expert's words are commentary, not a state's response
                if b == against or victim_side and b in accused[:1]:
                    continue  # the accused answering back may condemn, but does not stand by its victim
                if (b, rtype) in seen:
                    # "an indictment against Khoroshev ..., charging him": one measure, named twice
                    continue
                seen.add((b, rtype))
                out.append(
                    Response(b, rtype, against, evidence(ctx, s, f"casus.response.{rtype}.v1"), sentence_date(s, ctx))
                )
    return out


def _fronted_state(s: Sentence, m: re.Match) -> list[str]:
    """The state a sentence opens on, for a measure no one is said to take: "In the United States,
    an indictment against him was unsealed" is the United States' measure."""
    first = s.mentions[0] if s.mentions else None
    if (
        first is None
        or first.kind is not ActorKind.STATE
        or first.start - s.start >= m.start()
        or not re.fullmatch(r"\W*in\s+(?:the\s+)?", s.before(first), re.I)
        or not s.after(first).startswith(",")
    ):
        return []
    return [first.actor]


def _help_senders(s: Sentence, m: re.Match) -> list[str]:
    """Who sent the help the match names: "a team from the FBI arrived to help", "teams from the
    United States, Spain and Israel had been helping"."""
    first = [
        x
        for x in s.mentions
        if x.start - s.start < m.end() and TEAM_FROM.search(s.before(x)) and x.kind is not ActorKind.GROUP
    ][:1]
    if not first:
        return []
    listed = _first_with_list(s, [x for x in s.mentions if x.start >= first[0].start])
    return list(dict.fromkeys(x.actor for x in listed))


TEAM_FROM = re.compile(
    r"\b(?:teams?|experts?|specialists?|investigators|officers|staff|personnel|engineers)\s+(?:\w+\s+)?from\s+"
    r"(?:the\s+)?$",
    re.I,
)


def _passive_agents(s: Sentence, m: re.Match) -> list[str]:
    """The agents of a passive measure ("was condemned by Estonia and Lithuania"): they, not the
    sentence's subject, took it."""
    agent = first_after(s, m.end(), can_speak)
    if agent is None:
        return []
    between = s.text[m.end() : agent.start - s.start]
    if not (
        PASSIVE_BEFORE.search(s.text, 0, m.start()) and re.fullmatch(r"\W*\w*\s+by\s+(?:the\s+)?", between)
    ) and not IMPOSED_BY.fullmatch(between):
        return []
    found = [agent]
    for x in s.mentions:
        if x.start <= agent.start or not can_speak(x):
            continue
        join = s.text[found[-1].end - s.start : x.start - s.start]
        if x.actor == found[-1].actor and re.fullmatch(r"\s*(?:['’]s\s+)?", join):
            found[-1] = x  # "the US Department of the Treasury's Office of Foreign Assets Control": one agent
        elif AGENTS_JOIN.fullmatch(join) or s.listed_with(found[-1], x):
            found.append(x)
        elif x.actor != found[-1].actor or not re.fullmatch(r"[\w\s,'’-]*", join):
            break
    return list(dict.fromkeys(x.actor for x in found))


# "asset freezes and travel bans imposed by the UK ...": a measure named, then who took it
IMPOSED_BY = re.compile(
    r"\W*(?:[\w-]+\s+){0,3}?(?:imposed|announced|issued|unsealed|filed|brought|levied|ordered|adopted|"
    r"agreed|taken)\s+(?:\w+\s+)?by\s+(?:the\s+)?",
    re.I,
)
# the agents of one measure, however joined: "by the UK ..., alongside the US ... and Australia"
AGENTS_JOIN = re.compile(
    r"\s*,?\s*(?:and|as well as|along with|together with|alongside|in coordination with|jointly with)\s+(?:the\s+)?",
    re.I,
)


def _against(
    s: Sentence,
    m: re.Match,
    rtype: str,
    accused: list[str],
    victims: list[str],
    nationals: dict[str, str] | None = None,
    takers: list[str] = (),
) -> str | None:
    """Whom the measure targets: for solidarity and assistance the victim; for a diplomatic
    measure the state named right after it ("with Iran", "the Russian ambassador"); otherwise
    the accused the sentence names, then the document's accused. ``takers`` took the measure
    ("imposed by the UK, alongside the US"), so none of them is its target."""
    if rtype in ("solidarity", "assistance"):
        after = first_after(s, m.start(), lambda x: x.kind is ActorKind.STATE and x.actor in victims)
        if after:
            return after.actor
        other = first_after(s, m.start(), lambda x: x.kind is ActorKind.STATE and x.role != "modifier")
        if other is not None and other.actor not in accused and THIS_DEED.search(s.text, m.end()):
            return other.actor  # "stands with the United States in responding to this activity"
        if other is not None:
            return None  # "solidarity with Germany and Czechia": with others, hit by something else
        return victims[0] if victims else None

    def accusable(x: ActorMention) -> bool:
        return (
            accused_id(x) is not None
            and x.role not in ("target", "modifier")
            and x.actor not in victims
            and x.actor not in takers
            and not _speaks_next(s, x)  # "British ministers said"
            and not (
                x.role == "plain"
                and s.prepositional(x)
                and not re.search(r"\b(?:with|of|to|from|on)\s+(?:the\s+)?$", s.before(x))
            )
        )

    if m.group(0).lower().startswith(("call", "urg")):
        # "called on Russia to stop its reckless behaviour": the state called on is the target
        inside = [x for x in s.mentions if m.start() <= x.start - s.start < m.end() and accusable(x)]
        if inside:
            return accused_id(inside[0])
    if m.group(0).lower().startswith("condemnation"):
        # "the broadest condemnation yet of Beijing's activity": the noun's object is its target
        of = first_after(s, m.end(), accusable)
        between = s.text[m.end() : of.start - s.start] if of is not None else ""
        if of is not None and re.fullmatch(r"\s+(?:\w+\s+){0,2}?of\s+(?:the\s+)?", between):
            return accused_id(of)
    if rtype in DIPLOMATIC:
        # "broke relations with Qatar", "expelled Iran's diplomats": the state the clause names,
        # even the victim's, in which case the measure answers something else and is dropped
        named_after = first_after(s, m.end(), lambda x: x.kind is ActorKind.STATE and x.role != "modifier")
        if named_after is not None and named_after.start - s.start - m.end() < 40:
            return named_after.actor
    if rtype in MEASURES:
        # "imposed economic sanctions on Turkey": a measure on this incident's victim answers
        # something else, and no one further along the sentence is its target
        named = first_after(s, m.end(), lambda x: x.kind is ActorKind.STATE and x.role != "modifier")
        if (
            named is not None
            and named.actor in victims
            and re.fullmatch(r"\s*(?:(?:on|against|targeting)\s+)?(?:the\s+)?", s.text[m.end() : named.start - s.start])
        ):
            return None
    near = first_after(s, m.end(), accusable)
    near_ok = near is not None and near.start - s.start - m.end() < (90 if rtype in MEASURES else 60)
    if rtype in MEASURES:
        person = _person_target(s, m, nationals)
        if person is not None:
            return person or None
    if rtype in MEASURES and near_ok:
        return accused_id(near)
    named = [x for x in s.mentions if accusable(x) and accused_id(x) in accused]
    if named:
        return accused_id(named[0])
    if near_ok and near.role in ("hostile", "hostile_act"):
        return accused_id(near)
    hostile = [x for x in s.mentions if x.role in ("hostile", "hostile_act") and accused_id(x)]
    if hostile:
        return accused_id(hostile[0])
    if rtype == "pledge_action" and not CULPRIT_DESCRIBED.search(s.text):
        return None  # "we will counter future attacks": a general pledge that names nobody
    return accused[0] if accused else None


# this operation, named as the one the sentence answers
THIS_DEED = re.compile(
    r"\bth(?:is|ese) (?:\w+ )?(?:activity|attacks?|operation|campaign|compromise|hacks?|breach|intrusions?|"
    r"cyberattacks?|cyber-attacks?|incident)\b",
    re.I,
)
# the culprit of this operation, described instead of named: "hold those responsible accountable"
CULPRIT_DESCRIBED = re.compile(
    r"\b(?:those|the (?:\w+ ){0,2}(?:actors?|groups?|hackers|attackers|people|individuals|parties)) responsible\b|"
    r"\bthe responsible\b|\bperpetrators?\b|\bculprits?\b|\bthe (?:attackers|hackers|cyber ?criminals|criminals)\b|"
    r"\bwhoever\b|\bthose behind\b|"
    # or the act itself, named as this one: "would respond to this act of aggression"
    r"\bth(?:is|ese) (?:\w+ )?(?:acts? of aggression|attacks?|cyberattacks?|cyber-attacks?|hacks?|breach|"
    r"intrusions?)\b",
    re.I,
)
