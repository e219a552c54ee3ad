"""One document in, its account of the incident it reports out.

The cascade, each step using what the earlier ones found:

1. tokens, sentences and actor mentions (spaCy blank English + phrase matchers);
2. dates in each sentence, resolved against the article's date (or, for an undated article, the
   latest full date its text gives);
3. claims and attributions, which tell who the accused are;
4. the victims: states whose entities the attack sentences say were hit, the accused excepted;
5. denials (only by the accused) and responses (against the accused, or for the victim);
6. operation types, sectors and the first activity, read from the attack sentences.

Sentences about other, older events ("in 2016 the US expelled ...") give no facts here: a
passing mention must not pull its facts into the article's main incident.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from datetime import date

from casus.extract import triggers as T
from casus.extract.dates import MAYBE_DATE, find_dates
from casus.extract.events import attributions, claims, denials, named_nationals, responses
from casus.extract.mentions import find_mentions, pipeline
from casus.extract.roles import (
    Context,
    Sentence,
    accused_id,
    can_speak,
    evidence,
    is_question,
    leading_subjects,
    note_news_day,
    sentence_date,
    speakers,
)
from casus.extract.scope import (
    HABITUAL,
    about_other_victims,
    about_speakers_own_attack,
    answers,
    asserted,
    dated_before,
    hit_object,
    law_enforcement_story,
    policy_story,
    state_accused,
    state_side,
    state_target,
    trend_story,
    warning_story,
)
from casus.extract.sentences import split_sentences
from casus.extract.victims import lead_victim, own_victim, ranked_victims
from casus.models import ActorKind, Attribution, Document, Mention, Report

SAID_ON = re.compile(
    r"\b(?:said|says|announced|told|stated|reported|added|warned|confirmed|revealed|disclosed|statement|published|"
    r"released|issued)"
    r"(?:\s+\w+){0,2}?\s+(?:on|late on|early on)?\s*$",
    re.I,
)
SINCE = re.compile(r"\b(?:since|starting in|beginning in|as early as)\s+(?:early\s+|late\s+|mid-?)?(?:\w+\s+)?$", re.I)
HACKTIVISTS = re.compile(r"\b(?:hacktivists?|dissidents?|opposition|activists?|anti-government|partisans)\b", re.I)
CYBER = re.compile(
    r"\bcyber|\bhack|\bmalware|\bransomware|\bddos\b|denial[- ]of[- ]service|\bphishing|"
    r"\bespionage|\bbreach|\bintrusion|\bspyware|\bwiper|\bbotnet|\bexploit|\bdefac|\bencrypt|\bransom\b|"
    r"\bleak site|\boffline\b|\bstolen (?:[\w.]+ ){0,3}?(?:of )?data\b|\b(?:computer|IT|information) systems?\b|"
    r"\bservers?\b|\bcomputer (?:attacks?|networks?|viruse?s?)\b|\bdata theft\b",
    re.I,
)


def _reference_date(doc: Document, text: str) -> date | None:
    """The article's date, or for an undated one the latest full date its text states."""
    if doc.published:
        return doc.published
    days = [d.value for d in find_dates(text, None) if d.precision == 3]
    return date.fromisoformat(max(days)) if days else None


def _sentences(doc: Document, ref: date | None) -> list[Sentence]:
    mentions = find_mentions(pipeline()[0].make_doc(doc.text), doc.text)
    out, k = [], 0
    stateless: set[str] = set()
    any_hacktivists = HACKTIVISTS.search(doc.text) is not None
    for start, end in split_sentences(doc.text):
        ms = []
        while k < len(mentions) and mentions[k].start < end:
            if mentions[k].start >= start:
                ms.append(mentions[k])
            k += 1
        text = doc.text[start:end]
        if any_hacktivists and HACKTIVISTS.search(text):
            stateless |= {m.actor for m in ms if m.kind is ActorKind.GROUP}
        out.append(Sentence(len(out), start, end, text, ms, find_dates(text, ref) if MAYBE_DATE.search(text) else []))
    # MISP's country for a group is where it is from, not who sponsors it: a group this article
    # calls hacktivists or dissidents is nobody's agent here
    # and the article's own word on a group's masters outranks the reference data: "UNC1151,
    # linked to the Russian special services" is Russia's here, whatever MISP says
    sponsored: dict[str, str] = {}
    for i, m in enumerate(mentions):
        if m.kind is not ActorKind.GROUP or m.actor in sponsored:
            continue
        for x in mentions[i + 1 : i + 4]:
            if x.kind is ActorKind.STATE and x.start - m.end < 80 and SPONSOR_BETWEEN.search(doc.text[m.end : x.start]):
                sponsored[m.actor] = x.actor
                break
    for m in mentions:
        if m.actor in stateless:
            m.sponsor = None
        elif m.actor in sponsored:
            m.sponsor = sponsored[m.actor]
    return out


SPONSOR_BETWEEN = re.compile(
    r"^[^.;]{0,40}\b(?:linked to|tied to|backed by|working for|run by|controlled by|affiliated with|"
    r"(?:a )?unit of|part of)\s+(?:the\s+)?$",
    re.I,
)


def _cyber_in_two_sentences(text: str, sents: list[Sentence]) -> bool:
    """Whether two sentences or more speak of a cyber operation: one pass over the text."""
    starts = [s.start for s in sents]
    hit: set[int] = set()
    for m in CYBER.finditer(text):
        hit.add(bisect_right(starts, m.start()))
        if len(hit) >= 2:
            return True
    return False


OLD_MONTHS = 12
# the article's own operation, named as such: "the attack, which began in March 2023"
THIS_ONE = re.compile(
    r"\b(?:the|this|latest) (?:(?!\d{4}\b)\w+ )?(?:attacks?|hacks?|breach|intrusions?|campaign|operation|incident|"
    r"attackers|intruders)\b",
    re.I,
)


def _is_background(s: Sentence, ref: date | None) -> bool:
    """A sentence about an older event: it names a year two or more before the article and no
    day near the article's date."""
    if ref is None:
        return False
    years = [int(d.value[:4]) for d in s.dates]
    recent = [d for d in s.dates if d.precision == 3 and int(d.value[:4]) >= ref.year - 1]
    if years and not recent and min(years) > ref.year - 2 and not THIS_ONE.search(s.text):
        # "in March 2023" in a June 2024 article: no day given, and a year or more before the news
        # a bare year ("last year") counts as its middle
        months = [int(d.value[:4]) * 12 + (int(d.value[5:7]) if d.precision == 2 else 6) for d in s.dates]
        if max(months) <= ref.year * 12 + ref.month - OLD_MONTHS:
            return not any(SINCE.search(s.text, 0, d.start) for d in s.dates)
    if not years or min(years) > ref.year - 2 or recent:
        return False
    # "since 2019": a campaign that runs up to the news is not an older event
    return not any(SINCE.search(s.text, 0, d.start) for d in s.dates)


# a year the sentence before named, and this one goes on in
THAT_YEAR = re.compile(
    r"\b(?:of|in|later|earlier|by the end of) that (?:same )?year\b|\bthat same year\b|\bthe (?:same|following|"
    r"next|previous) year\b|\ba year (?:later|earlier)\b",
    re.I,
)
# words that bring a story back from its background to the news
NOW = re.compile(
    r"\b(?:this (?:week|month|year|time)|latest|newest|recent(?:ly)?|now|today|yesterday|current|"
    r"on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.I,
)


# "targeted the ministry since 2022": a stretch that runs up to the news tells no older story
RUNS_ON = re.compile(
    r"\b(?:since|starting in|beginning in)\s+(?:early\s+|late\s+|mid-?)?(?:\w+\s+)?(?:19|20)[0-9]{2}\b", re.I
)


def _story_years(sents: list[Sentence], ref: date | None) -> set[str]:
    """The years of an older operation the article itself is about: a follow-up whose headline or
    opening sentence dates its attack years back ("confirmed the US conducted a cyberattack in
    2018") tells that attack's story, and sentences dated to it are no background."""
    return {d.value[:4] for s in _lead(sents) if _is_background(s, ref) for d in s.dates}


def _lead(sents: list[Sentence]) -> list[Sentence]:
    """The headline and the first sentence: what the article is about."""
    return [s for s in sents[:4] if len(s.text.split()) > 3][:2]


def _story_month(lead: list[Sentence], ref: date | None) -> str | None:
    """The earliest month the lead dates its story to, else the article's own month."""
    months = [d.value[:7] for s in lead for d in s.dates if d.precision >= 2]
    if months:
        return min(months)
    return f"{ref.year:04d}-{ref.month:02d}" if ref else None


def _earlier_month(s: Sentence, month: str | None, lead_states: set[str]) -> bool:
    """A sentence dated to months before the story's, to the month only ("In July, Britain and
    Canada accused ..."), that names other states or groups and none the lead names, and does not
    call its deed this one's: an earlier event retold."""
    if month is None or not any(d.precision == 2 for d in s.dates) or any(d.precision == 3 for d in s.dates):
        return False
    # a bare year is read as its last month: "early last year" is before a June story
    if max(d.value if d.precision == 2 else f"{d.value}-12" for d in s.dates) >= month:
        return False
    if THIS_ONE.search(s.text) or THE_INTRUDERS.search(s.text) or NOW.search(s.text):
        return False
    if any(SINCE.search(s.text, 0, d.start) or re.match(r"since\b", s.text[d.start : d.end], re.I) for d in s.dates):
        return False  # "not seen since June 2021": a stretch that runs up to the news
    named = {m.actor for m in s.mentions if m.kind is not ActorKind.COMPANY}
    return bool(named) and not named & lead_states


def _background(text: str, sents: list[Sentence], ref: date | None) -> set[int]:
    """Sentences about older events: those that date themselves years back (``_is_background``)
    or to earlier months about other states (``_earlier_month``), and the undated sentences that
    follow one in its paragraph, which go on telling the same older story ("A cyberattack in July
    2022 ... Albania cut ties with Iran."), unless they bring the news back ("this week", "now")."""
    out: set[int] = set()
    story = _story_years(sents, ref)
    lead = _lead(sents)
    month = _story_month(lead, ref)
    lead_states = {m.actor for s in lead for m in s.mentions if m.kind in (ActorKind.STATE, ActorKind.INTERNATIONAL)}
    for i, s in enumerate(sents):
        if _earlier_month(s, month, lead_states) and i > 1:
            out.add(s.index)
            continue
        if _is_background(s, ref) and not (story and {d.value[:4] for d in s.dates} <= story):
            out.add(s.index)
            continue
        prev = sents[i - 1] if i else None
        if prev is not None and prev.index in out and THAT_YEAR.search(s.text):
            out.add(s.index)  # "In July of that year, the EU blamed ...": the older story's year, told on
            continue
        if prev is None or prev.index not in out or s.dates or NOW.search(s.text) or RUNS_ON.search(prev.text):
            continue
        if "\n" not in text[prev.end : s.start]:  # the same paragraph
            out.add(s.index)
    return out


# an event that is no cyber operation, dated: the date is that event's
OTHER_EVENT = re.compile(
    r"\b(?:invasion|invaded|war|annexation|elections?|vote|referendum|summit|pandemic|earthquake|coup|inauguration|"
    r"sworn in)\b(?:\s+(?:of|in|on)\s+(?:\w+\s+){0,2}?)?(?:\s*(?:in|on|of|since)\s+)?$",
    re.I,
)
OTHER_EVENT_AFTER = re.compile(
    r"\s+(?:national\s+|general\s+|presidential\s+|parliamentary\s+)*(?:elections?|vote|polls)\b", re.I
)
DOMESTIC = re.compile(
    r"\b(?:authorities|government|regime)\b[^.;]{0,60}\b(?:behind|responsible|carried out|used)\b|"
    r"\b(?:points?|pointed) to the \w+ (?:authorities|government|regime)\b",
    re.I,
)
# how an intrusion began, in words that name no attack: "first got into the network on 23 January"
ENTRY = re.compile(
    r"\b(?:got into|broke into|(?:gained|gaining|obtained) (?:initial )?access|first accessed|entered the network)\b",
    re.I,
)
# what the attack did, in words that name no attack: "a blackout struck the plant on Sunday"
OUTAGE = re.compile(r"\b(?:blackouts?|power outages?|power cuts?|outages?)\b", re.I)
# this operation's actors, named as such: the sentence tells this story, victim named or not
THE_INTRUDERS = re.compile(
    r"\b(?:the|these) (?:attackers|hackers|intruders)\b|"
    r"\bthe (?:\w+ )?(?:attacks?|intrusions?|breach|campaign) (?:began|started|first)\b",
    re.I,
)


def _rebutting_state(lead: list[Sentence]) -> str | None:
    """The state that rejects, in the article's opening, an accusation the same sentence makes
    against it ("the Chinese Embassy rejected accusations that a Chinese state-sponsored group was
    behind the attack"): state media answering an accusation, and officials doing so."""
    for s in lead:
        if is_question(s.text):
            continue
        for m in T.DENY.finditer(s.text):
            if T.DENY_NEGATED.search(s.text[: m.start()]):
                continue
            voices = [
                x
                for x in s.mentions
                if x.kind is ActorKind.STATE and x.role == "official" and x.start - s.start < m.start()
            ]
            voices += [x for x in speakers(s) if x.kind is ActorKind.STATE]
            accused_here = {accused_id(x) for x in s.mentions if x.role in ("hostile", "hostile_act")}
            for v in voices:
                if v.actor in accused_here:
                    return v.actor
            # "China on Tuesday dismissed U.S. charges against four members of its armed forces":
            # the state that dismisses another's charges right after its name is their target
            subject = [x for x in s.mentions if x.kind is ActorKind.STATE and x.start - s.start < m.start()][-1:]
            if (
                subject
                and re.fullmatch(r"\s+(?:\w+\s+){0,3}?", s.text[subject[0].end - s.start : m.start()] + " ")
                and not s.prepositional(subject[0])
                and CHARGES_AFTER.match(s.text, m.end())
                and T.ATTACK_WORDS.search(s.text)
            ):
                return subject[0].actor
    return None


# another's charges named right after the verb that dismisses them: "rejects U.S. Equifax charges"
CHARGES_AFTER = re.compile(
    r"\s+(?:the\s+)?(?:[\w.’'-]+\s+){1,3}?(?:charges|accusations|allegations|indictments?)\b", re.I
)


def _first_activity(sents: list[Sentence], ref: date | None, victims: list[str]) -> list[tuple[str, Sentence]]:
    """The earliest date written next to an attack word, in a sentence about the victim when
    there is one; without a reference date nothing relative can be trusted."""
    if ref is None:
        return []
    dated = []
    for s in sents:
        if T.ATTR_ACCUSE.search(s.text) or T.PAST_CONTEXT.search(s.text):
            continue
        near = [m.start() for m in T.ATTACK_WORDS.finditer(s.text)] + [m.start() for m in ENTRY.finditer(s.text)]
        near += [m.start() for m in OUTAGE.finditer(s.text)]
        about_victim = any(m.actor in victims for m in s.mentions) or bool(THE_INTRUDERS.search(s.text))
        for d in s.dates:
            if d.value > ref.isoformat()[: len(d.value)] or int(d.value[:4]) < ref.year - 6:
                continue
            if not any(abs(p - d.start) < 80 for p in near) or s.text[d.start : d.end].lower().endswith("year"):
                continue
            if SAID_ON.search(s.text, 0, d.start):
                continue  # "said on Wednesday" dates the statement, not the attack
            if OTHER_EVENT.search(s.text, max(0, d.start - 40), d.start) or OTHER_EVENT_AFTER.match(s.text, d.end):
                continue  # "after the invasion of Ukraine in February", "the May 9 elections"
            dated.append((not about_victim, d.value, s))
    if not dated:
        return []
    dated.sort(key=lambda x: (x[0], x[1]))
    dated = [(v, s) for flag, v, s in dated if flag == dated[0][0]]
    if not dated:
        return []
    dated.sort(key=lambda x: x[0])
    best, s = dated[0]
    for value, s2 in dated:  # the most precise date within the earliest stretch
        if value.startswith(best) and len(value) > len(best):
            best, s = value, s2
    return [(best, s)]


class Extractor:
    """Turns a document into reports; stateless between documents, so it runs anywhere."""

    name = "casus.extract.v1"

    def __init__(self) -> None:
        pipeline()  # build the gazetteer matchers once, up front

    def extract(self, doc: Document) -> list[Report]:
        ref = _reference_date(doc, doc.text)
        sents = _sentences(doc, ref)
        if not _cyber_in_two_sentences(doc.text, sents):
            return []  # no cyber operation in it: an expulsion over a massacre is not our case
        if warning_story(doc.title) or trend_story(doc.title):
            return []  # a speech warning of attacks to come, a report counting many
        title_idx = 0 if doc.title and sents and doc.text.lstrip().startswith(doc.title[:20]) else None
        background = _background(doc.text, sents, ref)
        report, hostile = self._read(doc, sents, ref, title_idx, background)
        if report.is_empty() or not report.victims and not (report.attributions or report.responses or report.denials):
            return []
        on_state_side = state_side(report, hostile)
        if law_enforcement_story(doc.title) and not state_accused(report, hostile):
            return []  # an arrest, extradition or sentencing in a criminal case: no state incident
        if policy_story(doc.title) and not _told_in_lead(report, sents):
            return []  # a law, a strategy or an exercise that names past attacks in passing
        # a claimed attack on a state's entities is a political act whoever claims it
        claimed_hit = bool(report.claims and report.victims)
        if not (on_state_side or claimed_hit or state_target(report, sents, background)):
            return []  # no state on either side: a crime story, a patch, a law
        return [report]

    def _read(
        self, doc: Document, sents: list[Sentence], ref: date | None, title_idx: int | None, background: set[int]
    ) -> tuple[Report, Counter]:
        ctx = Context(doc.id, ref)
        ctx.states = {
            m.actor for s in sents for m in s.mentions if m.kind in (ActorKind.STATE, ActorKind.INTERNATIONAL)
        }
        report = Report(doc.id, title=doc.title, published=doc.published.isoformat() if doc.published else None)
        live = [s for s in sents if s.index not in background]
        for s in sents:
            for m in T.PERSONA.finditer(s.text):
                name = next(g for g in m.groups() if g).strip(" .,'\"”")
                if name and name not in ctx.groups:
                    ctx.groups.append(name)
            ctx.groups += [m.surface for m in s.mentions if m.kind is ActorKind.GROUP]
            if s.index not in background and _may_state_facts(s, ctx):
                note_news_day(s, ctx)
                report.attributions += attributions(s, ctx)
                report.claims += claims(s, ctx)
            _update_speaker(s, ctx)

        hostile = Counter(accused_id(m) for s in live for m in s.mentions if m.role == "hostile" and accused_id(m))
        acts = Counter(accused_id(m) for s in live for m in s.mentions if m.role == "hostile_act" and accused_id(m))
        rebutting = _rebutting_state(live[:4])
        if rebutting:
            # the article answers an accusation against the state that speaks in its lead: that
            # state is the accused, and what it says of others is a counter-accusation
            report.attributions = [a for a in report.attributions if a.by != rebutting]
        accused_count = Counter(a.to for a in report.attributions) + hostile + acts
        if rebutting:
            accused_count[rebutting] = max(accused_count.values(), default=0) + 1
        accused = [a for a, _ in accused_count.most_common()]
        victims = (
            ranked_victims(live, set(accused[:1]), title_idx)
            or own_victim(report, sents, ctx)
            or lead_victim(live, set(accused) | set(ctx.unattributed), title_idx)
        )
        victim_ids = [v for v, _ in victims]
        # a state spying on its own people ("the Moroccan authorities were likely behind the
        # surveillance" of a Moroccan journalist) is victim and accused at once
        domestic = {a.to for a in report.attributions if DOMESTIC.search(a.evidence.sentence)}
        accused = [a for a in accused if a not in victim_ids or accused_count[a] > 2 or a in domestic]
        if not accused and report.claims:
            # a claim with no state behind it: measures and condemnations target the claimant
            accused = [c.by for c in report.claims[:1]]
        report.attributions = [
            a
            for a in report.attributions
            if (a.to not in victim_ids or a.to in accused) and not (accused and a.by == accused[0])
        ]  # the accused's counter-accusations ("the US is the largest hacker empire") are not attributions
        by_start = {s.start: s for s in sents}
        report.attributions = [
            a
            for a in report.attributions
            if not about_speakers_own_attack(by_start[a.evidence.start], victim_ids, accused)
            and not about_other_victims(by_start[a.evidence.start], victim_ids, accused)
        ]
        # "A group calling itself X last year claimed an attack on an Iranian steel plant": a claim
        # of an attack on a state this one did not hit is a claim of another operation
        report.claims = [
            c
            for c in report.claims
            if not (
                victim_ids
                and not any(m.actor in victim_ids for m in by_start[c.evidence.start].mentions)
                and any(m.kind is ActorKind.STATE and m.role == "target" for m in by_start[c.evidence.start].mentions)
            )
        ]
        report.victims = [Mention(v, evidence(ctx, s, "casus.victim.v1")) for v, s in victims]
        # only a state named as the culprit can deny being it
        deniers = {a.to for a in report.attributions} or set(accused[:1])

        ctx.last_speaker, ctx.news_day = [], None
        ctx.nationals = named_nationals(sents)
        for s in sents:
            if s.index not in background and _may_state_facts(s, ctx):
                note_news_day(s, ctx)
                report.denials += denials(s, ctx, deniers)
                if not about_other_victims(s, victim_ids, accused):
                    report.responses += responses(s, ctx, accused, victim_ids)
            _update_speaker(s, ctx)
        # the culprits the article names in its own voice ("the institute is responsible for building
        # the tools") are whom a measure answers, as much as those an accuser names
        report.responses = answers(
            report.responses, accused, victim_ids, hostile + ctx.unattributed, frozenset(ctx.nationals.values())
        )
        report.attributions += _implied_attributions(report, accused, live, ctx)

        incident_sents = [
            s for s in live if T.ATTACK_WORDS.search(s.text) or any(m.actor in victim_ids for m in s.mentions)
        ]
        # how it was done: not from sentences that set it against older deeds
        ours, named_at = _own_groups(report, sents)
        op_sents = [
            s
            for s in incident_sents
            if not T.PAST_CONTEXT.search(s.text)
            and not _rebuttal(s, accused)
            and not _other_groups_deed(s, ours, named_at)
        ]
        if rebutting:
            # an answer to an accusation tells of the operation only where it names the act it is
            # accused of ("alleged Chinese hacking of U.S. infrastructure"); the rest is its case
            # against the accuser
            op_sents = [
                s
                for s in op_sents
                if any(accused_id(m) == rebutting for m in s.mentions if m.role in ("hostile", "hostile_act"))
            ]
        told_ops = [x for x in op_sents if not HABITUAL.search(x.text)]
        for label, s in _first_hits(T.OPERATION_TYPES, told_ops, asserted):
            report.operation_types.append(Mention(label, evidence(ctx, s, f"casus.operation.{label}.v1")))
        # what the words mean: leaked data was stolen first; a denial of service or wiped machines
        # disrupt. The implied type keeps the sentence of the type that implies it.
        for cause, implied in (("leak", "data_theft"), ("ddos", "disruption"), ("wiper", "disruption")):
            found = next((m for m in report.operation_types if m.value == cause), None)
            if found and not any(m.value == implied for m in report.operation_types):
                rule = f"casus.operation.{implied}.from_{cause}.v1"
                report.operation_types.append(Mention(implied, replace(found.evidence, rule=rule)))
        # what was hit: from sentences that tell the attack, not from every sentence naming the victim
        told = [x for x in op_sents if T.ATTACK_WORDS.search(x.text) and not HABITUAL.search(x.text)]
        for label, s in _first_hits(T.SECTORS, told, lambda t, m: hit_object(t, m) and asserted(t, m)):
            report.sectors.append(Mention(label, evidence(ctx, s, f"casus.sector.{label}.v1")))
        report.first_activity = [
            Mention(v, evidence(ctx, s, "casus.first_activity.v1"))
            for v, s in _first_activity(incident_sents, ref, victim_ids)
        ]
        if report.first_activity:
            # a measure dated before the operation began answered something else
            began = report.first_activity[0].value
            report.responses = [r for r in report.responses if not dated_before(r.evidence.sentence, began, ref)]
            # and so did an accusation or a denial dated to an earlier month: none can come before the attack
            for field in ("attributions", "denials"):
                kept = [x for x in getattr(report, field) if not dated_before(x.evidence.sentence, began, ref, True)]
                setattr(report, field, kept)
        report.groups = list(dict.fromkeys(m.actor for s in live for m in s.mentions if m.kind is ActorKind.GROUP))
        report.claims = _dedupe(report.claims, lambda c: c.by.lower())
        report.denials = _dedupe(report.denials, lambda d: d.by)
        report.responses = _dedupe(report.responses, lambda r: (r.by, r.type, r.against))
        firm = {"high": 0, "moderate": 1, "low": 2, None: 3}
        report.attributions.sort(key=lambda a: firm[a.certainty.value if a.certainty else None])
        report.attributions = _dedupe(report.attributions, lambda a: (a.by, a.to))
        return report, hostile + ctx.unattributed


IMPLYING = ("indictment", "sanctions", "condemnation")


def _own_groups(report: Report, sents: list[Sentence]) -> tuple[set[str], int | None]:
    """This operation's groups, lower-cased: its claimants, its accused and the groups the lead
    names; when there are none, the group the article names first, and where it is named."""
    ours = {c.by.lower() for c in report.claims} | {a.to.lower() for a in report.attributions}
    ours |= {
        n.lower() for x in _lead(sents) for m in x.mentions if m.kind is ActorKind.GROUP for n in (m.actor, m.surface)
    }
    if ours:
        return ours, None
    first = next((m for x in sents for m in x.mentions if m.kind is ActorKind.GROUP), None)
    return ({first.actor.lower(), first.surface.lower()}, first.start) if first else (set(), None)


def _other_groups_deed(s: Sentence, ours: set[str], named_at: int | None) -> bool:
    """A sentence whose actors are only groups other than this operation's (``_own_groups``; the
    first-named one counts only for the sentences after it) tells another group's deed: "the
    ransomware gang Vexa has been leaking files it took from a software firm", in an article about
    a hacktivist group's DDoS attacks."""
    if not ours or named_at is not None and named_at >= s.start:
        return False
    groups = {n.lower() for m in s.mentions if m.kind is ActorKind.GROUP for n in (m.actor, m.surface)}
    return bool(groups) and not groups & ours


# how far a story's lead runs: its headline and first three sentences
LEAD_SENTENCES = 4


def _told_in_lead(report: Report, sents: list[Sentence]) -> bool:
    """Whether an accusation, claim, denial or measure is told in the first sentences: in a
    story about a law, one told further down is its background ("the agency has warned that
    state-backed groups hide behind such devices")."""
    lead_end = sents[min(LEAD_SENTENCES, len(sents)) - 1].end if sents else 0
    facts = [*report.attributions, *report.claims, *report.denials, *report.responses]
    return any(f.evidence.start < lead_end for f in facts)


def _implied_attributions(report: Report, accused: list[str], sents: list[Sentence], ctx: Context) -> list[Attribution]:
    """Attributions a statement makes without the word: a state that indicts, sanctions or
    condemns the accused over the attack names it as the culprit; the co-authors of a joint
    advisory share its attribution. Each keeps the sentence that says so."""
    have = {(a.by, a.to) for a in report.attributions}
    named_in = {s.start: {accused_id(m) for m in s.mentions} for s in sents}
    # the accused's retorts ("urged Washington to stop smearing China") blame no one for the attack
    answering = {d.by for d in report.denials} | set(accused[:1])
    out = []
    for r in report.responses:
        if (
            r.type in IMPLYING
            and r.by not in answering
            and r.against in accused
            and r.against in ctx.states
            and r.against in named_in.get(r.evidence.start, ())  # "condemned the attack" names no culprit
            and (r.by, r.against) not in have
        ):
            have.add((r.by, r.against))
            ev = replace(r.evidence, rule=f"casus.attribution.by_{r.type}.v1")
            out.append(Attribution(r.by, r.against, ev, None, r.date))
    if accused:
        for s in sents:
            joint = T.JOINT.search(s.text)
            if not joint:
                continue
            if joint.group(0).lower().startswith("joint statement") and not any(
                accused_id(m) == accused[0] for m in s.mentions
            ):
                continue  # "said in a joint statement that an incident had been detected": no culprit in it
            for m in s.mentions:
                if (
                    m.kind is ActorKind.STATE
                    and m.role in ("plain", "official")
                    # the co-authors name themselves before the joint text, and speak for a state:
                    # "the groups, Grey Heron and the Free Steppe Collective, published a joint
                    # statement ... across Russia" has no state among its authors
                    and can_speak(m)
                    and not PLACE_BEFORE.search(s.before(m))
                    and m.actor not in accused
                    and (m.actor, accused[0]) not in have
                ):
                    have.add((m.actor, accused[0]))
                    out.append(
                        Attribution(
                            m.actor,
                            accused[0],
                            evidence(ctx, s, "casus.attribution.joint.v1"),
                            None,
                            sentence_date(s, ctx),
                        )
                    )
    return out


# "flights were being scrapped across Russia": a place, not an author
PLACE_BEFORE = re.compile(r"\b(?:across|in|inside|throughout|around|against|on|at|into)\s+(?:the\s+)?$", re.I)


def _rebuttal(s: Sentence, accused: list[str]) -> bool:
    """The accused answering back ("China called it a disinformation campaign"): its words
    describe the accusation, not the operation."""
    first = next((m for m in s.mentions if m.kind is ActorKind.STATE), None)
    return first is not None and first.actor in accused[:1] and bool(T.DENY.search(s.text))


def _first_hits(patterns, sents: list[Sentence], accept=None):
    """(label, first sentence it matches) for each pattern that matches any sentence. The
    sentences are searched as one text, one pass per pattern: the lexicons are long. With
    ``accept``, only matches it accepts (given the joined text and the match) count."""
    if not sents:
        return
    joined = "\n".join(s.text for s in sents)  # a newline: no pattern crosses a sentence
    starts, pos = [], 0
    for s in sents:
        starts.append(pos)
        pos += len(s.text) + 1
    for label, pattern in patterns:
        for m in pattern.finditer(joined):
            if accept is None or accept(joined, m):
                yield label, sents[bisect_right(starts, m.start()) - 1]
                break


def _may_state_facts(s: Sentence, ctx: Context) -> bool:
    """Whether a sentence can hold a fact at all: it names an actor, or speaks for the last one
    ("We condemn ...", "It added"), or may credit a group named earlier. Most prose does not."""
    if s.mentions:
        return True
    if s.may_state is None:  # the part that does not change between the two readings
        text = s.text
        s.may_state = bool(text[:1] in '“"' or T.SPEAKS_FOR_LAST.search(text))
    # a claim may credit a group named earlier, or names the gazetteer does not know
    return s.may_state or bool(T.CLAIM_VERB.search(s.text))


SUBJECT_REACH = 80  # characters from a sentence's start within which its subject stands


def _update_speaker(s: Sentence, ctx: Context) -> None:
    """Remember who speaks: a named speaker, else the sentence's own subject. A sentence that
    opens with a pronoun or a quotation continues the current speaker."""
    said = speakers(s)
    if not said and (T.LEADING_PRONOUN.search(s.text) or s.text.lstrip()[:1] in '“"'):
        return
    # a sentence's own subject stands near its start; an actor deep in it ("... through addresses
    # in northeastern China") is no one who speaks
    said = said or [m for m in leading_subjects(s, frozenset()) if m.start - s.start < SUBJECT_REACH]
    if said:
        ctx.last_speaker = list(dict.fromkeys(m.actor for m in said))


def _dedupe(items, key):
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out
