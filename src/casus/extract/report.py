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
from casus.extract.dates import find_dates
from casus.extract.events import attributions, claims, denials, responses
from casus.extract.gazetteer import describe
from casus.extract.mentions import find_mentions, pipeline
from casus.extract.roles import (
    MEASURES,
    Context,
    Sentence,
    accused_id,
    evidence,
    leading_subjects,
    note_news_day,
    sentence_date,
    speakers,
)
from casus.extract.sentences import split_sentences
from casus.models import ActorKind, Attribution, Document, Mention, Report

VICTIM_BEFORE = re.compile(
    r"\b(?:on|against|targeting|targeted|target|hit|hitting|struck|into|at|in|hacked|attacked|breached|"
    r"infiltrated|compromised|paralysed|paralyzed|disrupted|crippled)\s+(?:the\s+)?(?:country of\s+|"
    r"nation of\s+|government of\s+)?$|\b(?:systems?|networks?|websites?|servers?|computers?|infrastructure|"
    r"data|accounts?|services|email|e-mail)\s+of\s+(?:the\s+)?$|"
    r"(?<!said )(?<!told )(?<!spoke )(?<!conference )(?<!meeting )(?<!summit )(?<!visit )(?<!based )"
    r"\b(?:in|at)\s+(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?),\s+$",
    re.I,
)  # "the port in Rotterdam, Netherlands"
SAID_ON = re.compile(
    r"\b(?:said|says|announced|told|stated|reported|added|warned|confirmed|revealed|disclosed|statement)"
    r"(?:\s+\w+){0,2}?\s+(?:on|late on|early on)?\s*$",
    re.I,
)
# "a gang based in Russia", "a man arrested in Poland": where the culprit is, not who was hit
WHERE_FROM = re.compile(
    r"\b(?:based|originat\w*|arrested|detained|located|headquartered|operat\w*|hiding|living|registered|"
    r"residing|born|sheltered|harbou?red|active|working|extradited)\s+(?:\w+\s+)?(?:in|from|to)\s+(?:the\s+)?$",
    re.I,
)
# "In London, the Foreign Secretary said ...": where a statement was made, not who was hit
DATELINE = re.compile(r"^\W*(?:in|at|from)\s+(?:the\s+)?$", re.I)
THE_COUNTRY = re.compile(r"\b(?:against|on|targeting|targeted|hit|into|attacked)\s+the\s+(?:country|nation)\b", re.I)
VICTIM_AFTER = re.compile(
    r"^\s*(?:'s|’s|,\s*whose)?\s*(?:[\w-]+\s+){0,4}?(?:suffer(?:s|ed)?|(?:has|have) suffered|experienced|"
    r"(?:was|were|is|are) (?:hit|targeted|attacked|hacked|breached|infected|crippled|paralysed|paralyzed|"
    r"devastated|disrupted|knocked offline|taken down|taken offline|compromised)|"
    r"has been (?:the )?target|became the target|came under|reported (?:a|an)|fell victim|"
    r"(?:hit|hacked|targeted|attacked|breached|struck|crippled|disrupted|paralysed|paralyzed) by|"
    r"(?:has|had|have) been (?:hit|hacked|attacked|breached|targeted|infected|compromised|disrupted))\b",
    re.I,
)
SINCE = re.compile(r"\b(?:since|starting in|beginning in|as early as)\s+(?:early\s+|late\s+|mid-?)?(?:\w+\s+)?$", re.I)
HACKTIVISTS = re.compile(r"\b(?:hacktivists?|dissidents?|opposition|activists?|anti-government|partisans)\b", re.I)
# a cheap test before the date patterns: most sentences name no date at all
MAYBE_DATE = re.compile(
    r"[0-9]|day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|year|month|week", re.I
)
CYBER = re.compile(
    r"\bcyber|\bhack|\bmalware|\bransomware|\bddos\b|denial[- ]of[- ]service|\bphishing|"
    r"\bespionage|\bbreach|\bintrusion|\bspyware|\bwiper|\bbotnet|\bexploit",
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
    for m in mentions:
        if m.actor in stateless:
            m.sponsor = None
    return out


def _cyber_in_two_sentences(text: str, sents: list[Sentence]) -> bool:
    """Whether two sentences or more speak of a cyber operation: one pass over the text."""
    starts = [s.start for s in sents]
    hit: set[int] = set()
    for m in CYBER.finditer(text):
        hit.add(bisect_right(starts, m.start()))
        if len(hit) >= 2:
            return True
    return False


def _is_background(s: Sentence, ref: date | None) -> bool:
    """A sentence about an older event: it names a year two or more before the article and no
    day near the article's date."""
    if ref is None:
        return False
    years = [int(d.value[:4]) for d in s.dates]
    recent = [d for d in s.dates if d.precision == 3 and int(d.value[:4]) >= ref.year - 1]
    if not years or min(years) > ref.year - 2 or recent:
        return False
    # "since 2019": a campaign that runs up to the news is not an older event
    return not any(SINCE.search(s.text, 0, d.start) for d in s.dates)


def _victims(sents: list[Sentence], accused: set[str], title_idx: int | None) -> list[tuple[str, Sentence]]:
    score: Counter[str] = Counter()
    where: dict[str, Sentence] = {}
    last_state = None  # antecedent of "the country": the latest state named, the accused aside
    # the title and the opening sentences say what the article is about: a victim named there
    # outweighs one named in passing further down
    lead = {x.index for x in sents[:4]} | ({title_idx} if title_idx is not None else set())
    for s in sents:
        if not T.ATTACK_WORDS.search(s.text):
            last_state = next(
                (
                    m.actor
                    for m in reversed(s.mentions)
                    if m.kind is ActorKind.STATE and m.role in ("plain", "official") and m.actor not in accused
                ),
                last_state,
            )
            continue
        if (
            last_state
            and THE_COUNTRY.search(s.text)
            and not any(
                m.kind is ActorKind.STATE and m.actor not in accused
                for m in s.mentions
                if m.start < s.start + THE_COUNTRY.search(s.text).start()
            )
        ):
            score[last_state] += 2 * _weight(s, lead)
            where.setdefault(last_state, s)
        weight = _weight(s, lead)
        for m in s.mentions:
            if (
                m.kind is not ActorKind.STATE
                or m.role in ("hostile", "hostile_act")
                or m.form in ("person", "title", "hostile_body")
            ):
                continue
            points = 0
            if m.role == "target":
                points += 2
            before = s.before(m)
            if VICTIM_BEFORE.search(before) and not DATELINE.match(before) and not WHERE_FROM.search(before):
                points += 2
            if VICTIM_AFTER.match(s.after(m)):
                points += 3  # "X was hit", "X suffered": the plainest way to say who was hit
            if points:
                score[m.actor] += points * weight
                where.setdefault(m.actor, s)
        last_state = next(
            (
                m.actor
                for m in reversed(s.mentions)
                if m.kind is ActorKind.STATE and m.role in ("plain", "official") and m.actor not in accused
            ),
            last_state,
        )
    for a in accused:
        score[a] = score[a] // 3
    ranked = [(a, n) for a, n in score.most_common() if n > 0]
    if not ranked:
        return []
    top = ranked[0][1]
    return [(a, where[a]) for a, n in ranked if n == top or n >= max(4, 0.5 * top)]


def _weight(s: Sentence, lead: set[int]) -> int:
    return 2 if s.index in lead else 1


def _first_activity(sents: list[Sentence], ref: date | None, victims: list[str]) -> list[tuple[str, Sentence]]:
    """The earliest date written next to an attack word, in a sentence about the victim when
    there is one; without a reference date nothing relative can be trusted."""
    if ref is None:
        return []
    dated = []
    for s in sents:
        if T.ATTR_ACCUSE.search(s.text) or T.PAST_CONTEXT.search(s.text):
            continue
        near = [m.start() for m in T.ATTACK_WORDS.finditer(s.text)]
        about_victim = any(m.actor in victims for m in s.mentions)
        for d in s.dates:
            if d.value > ref.isoformat()[: len(d.value)] or int(d.value[:4]) < ref.year - 6:
                continue
            if not any(abs(p - d.start) < 80 for p in near) or s.text[d.start : d.end].lower().endswith("year"):
                continue
            if SAID_ON.search(s.text, 0, d.start):
                continue  # "said on Wednesday" dates the statement, not the attack
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
        title_idx = 0 if doc.title and sents and doc.text.lstrip().startswith(doc.title[:20]) else None
        background = {s.index for s in sents if _is_background(s, ref)}
        report, hostile = self._read(doc, sents, ref, title_idx, background)
        if report.is_empty() or not report.victims and not (report.attributions or report.responses or report.denials):
            return []
        state_side = _state_side(report, hostile)
        if _law_enforcement_story(doc.title) and not _state_accused(report, hostile):
            return []  # an arrest, extradition or sentencing in a criminal case: no state incident
        if not (state_side or _state_target(report, sents, background)):
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
        accused_count = Counter(a.to for a in report.attributions) + hostile + acts
        accused = [a for a, _ in accused_count.most_common()]
        victims = (
            _victims(live, set(accused[:1]), title_idx)
            or _own_victim(report, sents, ctx)
            or _lead_victim(live, set(accused) | set(ctx.unattributed), title_idx)
        )
        victim_ids = [v for v, _ in victims]
        accused = [a for a in accused if a not in victim_ids or accused_count[a] > 2]
        if not accused and report.claims:
            # a claim with no state behind it: measures and condemnations target the claimant
            accused = [c.by for c in report.claims[:1]]
        report.attributions = [
            a
            for a in report.attributions
            if (a.to not in victim_ids or a.to in accused) and not (accused and a.by == accused[0])
        ]  # the accused's counter-accusations ("the US is the largest hacker empire") are not attributions
        report.victims = [Mention(v, evidence(ctx, s, "casus.victim.v1")) for v, s in victims]
        # only a state named as the culprit can deny being it
        deniers = {a.to for a in report.attributions} or set(accused[:1])

        ctx.last_speaker, ctx.news_day = [], None
        for s in sents:
            if s.index not in background and _may_state_facts(s, ctx):
                note_news_day(s, ctx)
                report.denials += denials(s, ctx, deniers)
                if not _about_other_victims(s, victim_ids, accused):
                    report.responses += responses(s, ctx, accused, victim_ids)
            _update_speaker(s, ctx)
        report.responses = _answers(report.responses, accused, victim_ids, hostile)
        report.attributions += _implied_attributions(report, accused, live, ctx)

        incident_sents = [
            s for s in live if T.ATTACK_WORDS.search(s.text) or any(m.actor in victim_ids for m in s.mentions)
        ]
        # how it was done: not from sentences that set it against older deeds
        op_sents = [s for s in incident_sents if not T.PAST_CONTEXT.search(s.text) and not _rebuttal(s, accused)]
        for label, s in _first_hits(T.OPERATION_TYPES, op_sents):
            report.operation_types.append(Mention(label, evidence(ctx, s, f"casus.operation.{label}.v1")))
        # what was hit: from sentences that tell the attack, not from every sentence naming the victim
        told = [x for x in op_sents if T.ATTACK_WORDS.search(x.text) and not HABITUAL.search(x.text)]
        for label, s in _first_hits(T.SECTORS, told, _hit_object):
            report.sectors.append(Mention(label, evidence(ctx, s, f"casus.sector.{label}.v1")))
        report.first_activity = [
            Mention(v, evidence(ctx, s, "casus.first_activity.v1"))
            for v, s in _first_activity(incident_sents, ref, victim_ids)
        ]
        if report.first_activity:
            # a measure dated before the operation began answered something else
            began = report.first_activity[0].value
            report.responses = [r for r in report.responses if not _dated_before(r.evidence.sentence, began, ref)]
        report.groups = list(dict.fromkeys(m.actor for s in live for m in s.mentions if m.kind is ActorKind.GROUP))
        report.claims = _dedupe(report.claims, lambda c: c.by.lower())
        report.denials = _dedupe(report.denials, lambda d: d.by)
        report.responses = _dedupe(report.responses, lambda r: (r.by, r.type, r.against))
        firm = {"high": 0, "moderate": 1, "low": 2, None: 3}
        report.attributions.sort(key=lambda a: firm[a.certainty.value if a.certainty else None])
        report.attributions = _dedupe(report.attributions, lambda a: (a.by, a.to))
        return report, hostile + ctx.unattributed


IMPLYING = ("indictment", "sanctions", "condemnation")


def _implied_attributions(report: Report, accused: list[str], sents: list[Sentence], ctx: Context) -> list[Attribution]:
    """Attributions a statement makes without the word: a state that indicts, sanctions or
    condemns the accused over the attack names it as the culprit; the co-authors of a joint
    advisory share its attribution. Each keeps the sentence that says so."""
    have = {(a.by, a.to) for a in report.attributions}
    out = []
    for r in report.responses:
        if r.type in IMPLYING and r.against in accused and r.against in ctx.states and (r.by, r.against) not in have:
            have.add((r.by, r.against))
            ev = replace(r.evidence, rule=f"casus.attribution.by_{r.type}.v1")
            out.append(Attribution(r.by, r.against, ev, None, r.date))
    if accused:
        for s in sents:
            if not T.JOINT.search(s.text):
                continue
            for m in s.mentions:
                if (
                    m.kind is ActorKind.STATE
                    and m.role in ("plain", "official")
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


OWN_TARGETS = re.compile(
    r"\b(?:its|our|their|the country's|the nation's|several|some|government|state)\s+(?:\w+\s+)?"
    r"(?:ministries|ministry|networks|systems|institutions|agencies|parliament|servers|infrastructure|"
    r"email accounts|websites)\b",
    re.I,
)


def _own_victim(report: Report, sents: list[Sentence], ctx: Context) -> list[tuple[str, Sentence]]:
    """A government that attributes an attack on its own ministries or networks, naming no other
    owner, is the victim: "Belgium said Chinese hackers had targeted several ministries"."""
    for a in report.attributions:
        if a.by not in ctx.states or a.by in ("EU", "NATO", "UN"):
            continue
        s = next(x for x in sents if x.start == a.evidence.start)
        others = {m.actor for m in s.mentions if m.kind is ActorKind.STATE and m.actor not in (a.by, a.to)}
        if not others and OWN_TARGETS.search(s.text):
            return [(a.by, s)]
    return []


# a title about policing a crime, not about the operation itself
LAW_ENFORCEMENT = re.compile(
    r"\b(?:arrest(?:s|ed)?|cuffs?|nabs?|nabbed|detain(?:s|ed)|extradit\w*|sentenc\w+|jail(?:s|ed)?|"
    r"convict\w*|pleads? guilty|dismantl\w+|takedown|busts?|raids?)\b",
    re.I,
)
# what makes an unattributed attack a matter of state: whom or what it hit
STATE_TARGET = re.compile(
    r"\bstate-(?:owned|run|controlled)\b|\bgovernment(?:al)?\b|\bministr(?:y|ies)\b|\bparliament\b|"
    r"\bpresident(?:ial)?\b|\bmilitary\b|\barmed forces\b|\bstate (?:entities|institutions|agencies|websites|"
    r"systems|bodies)\b|\bpublic (?:institutions|administration|sector)\b|\bofficials\b|\bnational data\b|"
    r"\bdata cent(?:re|er)s?\b|\bagenc(?:y|ies)\b|\bcritical infrastructure\b|\b(?:energy|oil|gas|power|electricity|"
    r"water|nuclear|pipeline) (?:company|companies|giant|firm|utility|utilities|grid|plants?|stations?|facilities)\b",
    re.I,
)


def _state_side(report: Report, hostile: Counter) -> bool:
    """Whether a state stands on the operation's side of it: accused, named as a group's sponsor,
    attributing, answering or denying. A crime group with no sponsor does not count."""
    if report.responses or report.denials:
        return True
    if any(
        describe(a.to).kind is ActorKind.STATE or describe(a.by).kind is ActorKind.STATE for a in report.attributions
    ):
        return True
    return any(describe(a).kind is ActorKind.STATE for a in hostile)


def _state_accused(report: Report, hostile: Counter) -> bool:
    """Whether a state, or a group with a sponsor state, is held to be behind the operation."""
    accused = {a.to for a in report.attributions} | {a for a, n in hostile.items() if n >= 2}
    return any(describe(a).kind is ActorKind.STATE for a in accused)


def _law_enforcement_story(title: str) -> bool:
    return bool(title and LAW_ENFORCEMENT.search(title))


def _state_target(report: Report, sents: list[Sentence], background: set[int]) -> bool:
    """An attack nobody has pinned on a state is still a state incident when it hit a state's
    government, officials or state-owned entities, as the sentences naming the victim say."""
    if not report.victims:
        return False
    where = {m.evidence.start for m in report.victims}
    about = [s for s in sents if s.start in where or (s.index not in background and T.ATTACK_WORDS.search(s.text))]
    return any(STATE_TARGET.search(s.text) for s in about[:6])


SECURITY_FIRM = re.compile(r"^\s*(?:[\w-]+\s+)?(?:cyber-?security|security|intelligence|research|threat)", re.I)


def _lead_victim(sents: list[Sentence], accused: set[str], title_idx: int | None) -> list[tuple[str, Sentence]]:
    """Failing any sentence that says whose entities were hit, the state an article's opening
    names beside the attack is its victim ("Saudi oil giant Saudi Aramco confirmed that 30,000
    computers had been infected"), unless it is the accused or a preposition makes it a place."""
    lead = [s for s in sents if s.index != title_idx and len(s.text) > 40][:2]
    for s in lead:
        if not T.ATTACK_WORDS.search(s.text):
            continue
        voices = speakers(s)
        for m in s.mentions:
            if m in voices:
                continue  # "The British government said Iran was responsible": a speaker, not a victim
            if m.role == "modifier" and SECURITY_FIRM.match(s.after(m)):
                continue  # "US security firm Mandiant said": the nationality of a speaker
            if (
                m.kind is ActorKind.STATE
                and m.role in ("plain", "target", "official", "modifier")
                and m.form in ("name", "demonym")
                and m.actor not in accused
                and not s.prepositional(m)
            ):
                return [(m.actor, s)]
    return []


def _dated_before(sentence: str, began: str, ref: date | None) -> bool:
    """Whether every date the sentence gives falls before the operation began."""
    days = [d.value for d in find_dates(sentence, ref)] if MAYBE_DATE.search(sentence) else []
    return bool(days) and all(d[: len(began)] < began[: len(d)] for d in days)


AGAINST_BEFORE = re.compile(r"\b(?:against|on|targeting|targeted|into)\s+(?:the\s+)?$", re.I)


def _about_other_victims(s: Sentence, victims: list[str], accused: list[str]) -> bool:
    """A sentence about attacks on other states ("condemned Russia's campaign against Germany and
    Czechia") answers that campaign, not this incident, unless it names this incident's victim too."""
    if not victims or any(m.actor in victims for m in s.mentions):
        return False
    return any(
        m.kind is ActorKind.STATE
        and m.actor not in accused
        and (m.role == "target" or AGAINST_BEFORE.search(s.before(m)))
        for m in s.mentions
    )


def _answers(responses: list, accused: list[str], victims: list[str], hostile: Counter) -> list:
    """Measures that answer this incident: a measure (sanctions, indictment, expulsion, cut ties)
    targets someone the article holds to be behind the operation, never its victim; a state or
    group named nowhere as the culprit was answered for something else."""
    culprits = set(accused) | set(hostile)
    return [r for r in responses if r.type not in MEASURES or (r.against in culprits and r.against not in victims)]


def _rebuttal(s: Sentence, accused: list[str]) -> bool:
    """The accused answering back ("China called it a disinformation campaign"): its words
    describe the accusation, not the operation."""
    first = next((m for m in s.mentions if m.kind is ActorKind.STATE), None)
    return first is not None and first.actor in accused[:1] and bool(T.DENY.search(s.text))


# what a group does as a habit or what attacks do in general is no fact about this one
HABITUAL = re.compile(
    r"\b(?:typically|usually|traditionally|often|increasingly|have long|has long|tend to|in general)\b|"
    r"\b(?:has|have) (?:also )?(?:targeted|attacked|hit)\b",
    re.I,
)
HIT_BEFORE = re.compile(
    r"\b(?:attack\w*|hack\w*|breach\w*|targe\w+|hit|struck|compromis\w+|infiltrat\w+|disrupt\w*|paraly\w+|"
    r"crippl\w+|shut|down|encrypt\w*|infect\w*|on|against|into|at|of)\b[^.;]{0,100}$",
    re.I,
)
HIT_AFTER = re.compile(
    r"^[^.;]{0,50}\b(?:was|were|had been|has been|have been|are|is) (?:\w+ )?(?:hit|hacked|attacked|breached|"
    r"targeted|compromised|disrupted|affected|infected|down|offline|paralysed|paralyzed|crippled)\b",
    re.I,
)
SPEAKS_AFTER = re.compile(r"^\W*(?:\w+\W+){0,2}(?:said|says|told|minister|spokes\w+|official)\b", re.I)


def _hit_object(text: str, m: re.Match) -> bool:
    """Whether a sector word names what was hit: the object of an attack ("attacks on hospitals")
    or the subject of a passive hit ("banks were hit"), never a speaker ("the ministry said")."""
    if SPEAKS_AFTER.match(text, m.end()):
        return False
    return bool(HIT_BEFORE.search(text, 0, m.start()) or HIT_AFTER.match(text, m.end()))


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
    return s.may_state or bool(ctx.groups and T.CLAIM_VERB.search(s.text))


def _update_speaker(s: Sentence, ctx: Context) -> None:
    """Remember who speaks: a named speaker, else the sentence's own subject. A sentence that
    opens with a pronoun or a quotation continues the current speaker."""
    said = speakers(s)
    if not said and (T.LEADING_PRONOUN.search(s.text) or s.text.lstrip()[:1] in '“"'):
        return
    said = said or leading_subjects(s, frozenset())
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
