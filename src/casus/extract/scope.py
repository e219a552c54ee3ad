"""What belongs to the incident an article reports, and which articles report one at all.

1. An article is an incident only with a state on one side of the operation (accused, sponsor,
   attributing, answering, denying) or, for an attack nobody has pinned on a state, a
   government, state-owned or critical-infrastructure victim; an arrest or sentencing in a
   criminal case with no state accused is not one.
2. A measure answers this incident only when it targets its culprit and not its victim, when it
   is not dated before the operation began, and when its sentence is not about attacks on other
   states.
3. A sector is what an attack hit, not what a speaker or a group's habits name.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from casus.extract import triggers as T
from casus.extract.dates import MAYBE_DATE, find_dates
from casus.extract.gazetteer import describe
from casus.extract.roles import MEASURES, Sentence
from casus.models import ActorKind, Report

# a title about policing a crime, not about the operation itself
LAW_ENFORCEMENT = re.compile(
    r"\b(?:arrest(?:s|ed)?|cuffs?|nabs?|nabbed|detain(?:s|ed)|extradit\w*|sentenc\w+|jail(?:s|ed)?|"
    r"convict\w*|pleads? guilty|dismantl\w+|takedown|busts?|raids?|crackdown|"
    # "seizes 48 booter websites": services taken down, not a ransom clawed back from one attack
    r"seiz(?:e|es|ed|ing)\s+(?:\S+\s+){0,3}?(?:websites?|sites|domains?|servers?|services|platforms?|markets?)|"
    r"(?:years?|months?) in (?:\w+ )?prison)\b",
    re.I,
)

# what makes an unattributed attack a matter of state: whom or what it hit
STATE_TARGET = re.compile(
    r"\bstate-(?:owned|run|controlled)\b|\bgovernment(?:al)?\b|\bministr(?:y|ies)\b|\bparliament\b|"
    r"\bpresident(?:ial)?\b|\bmilitary\b|\barmed forces\b|"
    # local government: "the district administration", "the county council", "municipal services"
    r"\b(?:district|county|municipal|regional|city|local|provincial) (?:administration|government|council|"
    r"authorit(?:y|ies)|offices?|services|hall)\b|\bmunicipalit(?:y|ies)\b|"
    r"\bstate (?:entities|institutions|agencies|websites|"
    r"systems|bodies)\b|\bpublic (?:institutions|administration|sector)\b|\bofficials\b|\bnational data\b|"
    r"\bdata cent(?:re|er)s?\b|(?<!news )\bagenc(?:y|ies)\b|\bstate news agency\b|"
    r"\bcritical infrastructure\b|\b(?:energy|oil|gas|power|electricity|"
    r"water|nuclear|pipeline) (?:company|companies|giant|firm|utility|utilities|grid|plants?|stations?|facilities)\b|"
    # lower case, or "Port of X": a capitalised "Port" heads an outlet's or a firm's name
    r"(?-i:\b(?:ports?|seaports?|harbou?rs?|airports?|railways?)\b)|\b(?:Port|Harbou?r) of [A-Z]|"
    r"\b(?:container terminals?|power grid|water utilit(?:y|ies))\b|"
    # a state's own bodies and firms by their kind: "the state insurer", "the tax directorate"
    r"\bstate(?:-owned|-run)? (?:health |oil |news |power |energy )?(?:insurer|broadcaster|company|firm|bank|lender|"
    r"utility|operator|airline|carrier|enterprise|corporation|hospitals?|university|television|radio)\b|"
    r"\bdirectorate\b|\b(?:central|national|reserve) bank\b|\b(?-i:Bank of [A-Z])|"
    r"\b(?:tax|revenue|customs) (?:office|authority|administration|service|department)\b|"
    r"\bpublic hospitals?\b|\b(?-i:NHS)\b|\bnational health service\b",
    re.I,
)


def state_side(report: Report, hostile: Counter) -> bool:
    """Whether a state stands on the operation's side of it: accused, named as a group's sponsor,
    attributing, answering or denying. A crime group with no sponsor does not count."""
    if report.responses or report.denials:
        return True
    if any(_state_linked(a.to) or describe(a.by).kind is ActorKind.STATE for a in report.attributions):
        return True
    return any(_state_linked(a) for a in hostile)


def _state_linked(actor: str) -> bool:
    """A state, or a group the reference data gives a sponsor state (named in the text or not)."""
    found = describe(actor)
    return found.kind is ActorKind.STATE or bool(found.sponsor)


def state_accused(report: Report, hostile: Counter) -> bool:
    """Whether a state, or a group with a sponsor state, is held to be behind the operation."""
    accused = {a.to for a in report.attributions} | {a for a, n in hostile.items() if n >= 2}
    return any(_state_linked(a) for a in accused)


# a title about a law, a strategy, an exercise or a meeting: no operation is the news
POLICY = re.compile(
    r"\b(?:pass(?:es|ed)?|adopts?|adopted|approves?|approved|unveils?|unveiled|launch(?:es|ed)?|introduces?|enacts?|"
    r"enacted|"
    r"introduced|signs?|signed|drafts?)\b[^.;:]{0,40}\b(?:law|bill|legislation|strategy|rules|regulations?|act|"
    r"framework|agency|command|unit|treaty|pact|agreement)\b|"
    r"\b(?:exercises?|drills?|war ?games?|conference|summit|forum|hackathon|simulations?)\b|"
    # "UK becomes first country to ban default passwords", "new rules come into force"
    r"\b(?:bans?|banned|banning|outlaws?|outlawed)\b[^.;:]{0,40}\b(?:passwords?|devices?|products?|apps?|software|"
    r"equipment|vendors?|gear|routers?|cameras?)\b|\b(?:comes?|came|coming) into (?:force|effect)\b|"
    r"\b(?:defenders|teams|experts|specialists|students|cadets)\s+(?:\w+\s+)?(?:train|training|trained|practi[sc]e)\b|"
    # "CERT orders companies to report cyber incidents within six hours": a reporting rule
    r"\b(?:orders?|ordered|requires?|required|mandates?|mandated|directs?|directed|obliges?|obliged)\b[^.;:]{0,40}\bto "
    r"(?:report|disclose|notify)\b|\bmust (?:report|disclose|notify)\b|"
    r"\b(?:reporting|disclosure|notification) (?:rules?|requirements?|deadlines?|"
    r"obligations?|mandates?|regime)\b",
    re.I,
)


# ... unless the title tells of a hit: "websites go down during summit"
HIT_IN_TITLE = re.compile(
    r"\b(?:hit|hits|hacked|hacks|attacked|breached|down|offline|disrupt\w*|paraly[sz]\w*|crippl\w*|leak\w*|"
    r"stole|stolen|target(?:s|ed)|knock\w*|blame\w*|accus\w*|claim\w*)\b",
    re.I,
)


# "passes data protection bill after wave of leaks": what the measure follows is its cause, not the news
CAUSE_IN_TITLE = re.compile(r"\b(?:after|amid|following|in (?:the )?wake of)\b.*$", re.I)


def _headline_of(kind: re.Pattern[str], title: str, cause: bool = False) -> bool:
    """Whether the headline is of this kind and tells of no hit; with ``cause``, a hit it names
    as the cause of a measure does not count."""
    if not (title and kind.search(title)):
        return False
    return not HIT_IN_TITLE.search(CAUSE_IN_TITLE.sub("", title) if cause else title)


def policy_story(title: str) -> bool:
    return _headline_of(POLICY, title, cause=True)


# "minister warns Russia is ready to launch cyber attacks": a threat foreseen, no operation reported
WARNING = re.compile(
    r"\bwarns?\b[^:;]{0,60}\b(?:ready to|could|may|might|poised to|prepared to|plans? to|threatens? to|"
    r"capable of|likely to|set to)\b",
    re.I,
)


def warning_story(title: str) -> bool:
    return _headline_of(WARNING, title)


# "hacktivist DDoS attacks in Asia-Pacific surged in 2024": a count of many attacks, none told
TREND = re.compile(
    r"\b(?:surged?|soared|soar|jumped|doubled|tripled|spiked?|on the rise|year in review|annual report|"
    r"quarterly report|threat report|threat landscape)\b",
    re.I,
)


def trend_story(title: str) -> bool:
    return _headline_of(TREND, title)


def law_enforcement_story(title: str) -> bool:
    return bool(title and LAW_ENFORCEMENT.search(title))


def state_target(report: Report, sents: list[Sentence], background: set[int]) -> bool:
    """An attack nobody has pinned on a state is still a state incident when it hit a state's
    government, officials or state-owned entities, as the sentences naming the victim say."""
    if not report.victims:
        return False
    where = {m.evidence.start for m in report.victims}
    about = [s for s in sents if s.start in where or (s.index not in background and T.ATTACK_WORDS.search(s.text))]
    return any(STATE_TARGET.search(s.text) for s in about[:6])


def dated_before(sentence: str, began: str, ref: date | None, to_the_month: bool = False) -> bool:
    """Whether every date the sentence gives falls before the operation began. ``to_the_month``:
    only a month counts ("In May, Romania said"); a bare year or a day is more often the attack's
    own ("accused Iran of a 2014 hack", "claimed the attacks on Thursday and Friday")."""
    days = [d.value for d in find_dates(sentence, ref)] if MAYBE_DATE.search(sentence) else []
    if to_the_month:
        # "said in a joint statement in January that hackers stole $659 million in 2024": a month
        # before the operation, and years no later than its own, date an earlier statement
        months = [d for d in days if len(d) == 7]
        if not months or any(len(d) == 10 for d in days):
            return False
        return all(d < began[:7] for d in months) and all(d < began[:4] for d in days if len(d) == 4)
    return bool(days) and all(d[: len(began)] < began[: len(d)] for d in days)


AGAINST_BEFORE = re.compile(r"\b(?:against|on|targeting|targeted|into)\s+(?:the\s+)?$", re.I)


# "condemned a campaign against their political parties": the speakers' own entities were hit
OWN_OBJECT = re.compile(r"\b(?:against|on|targeting|targeted|into|at)\s+(?:their|its)\s+(?:own\s+)?", re.I)


def about_speakers_own_attack(s: Sentence, victims: list[str], accused: list[str]) -> bool:
    """A sentence in which states that are not this incident's victims speak of an attack on their
    own entities ("Germany and Czechia condemned a campaign against their parties") is about
    that attack, not this one."""
    if not victims or any(m.actor in victims for m in s.mentions):
        return False
    own = OWN_OBJECT.search(s.text)
    return bool(own) and any(
        m.kind is ActorKind.STATE
        and m.actor not in accused
        and m.role in ("plain", "official")
        and s.rel(m)[0] < own.start()
        for m in s.mentions
    )


def about_other_victims(s: Sentence, victims: list[str], accused: list[str]) -> bool:
    """A sentence about attacks on other states ("condemned Russia's campaign against Germany and
    Czechia") answers that campaign, not this incident, unless it names this incident's victim too."""
    if not victims or any(m.actor in victims for m in s.mentions):
        return False
    if about_speakers_own_attack(s, victims, accused):
        return True
    return any(
        m.kind is ActorKind.STATE
        and m.actor not in accused
        and (m.role == "target" or AGAINST_BEFORE.search(s.before(m)))
        and not (m.form == "demonym" and A_NATIONAL.match(s.after(m)))  # "charges against Russian national X"
        for m in s.mentions
    )


A_NATIONAL = re.compile(rf"\s+{T.PERSON_NOUN}\b", re.I)


def answers(
    responses: list, accused: list[str], victims: list[str], hostile: Counter, people: frozenset[str] = frozenset()
) -> list:
    """Measures that answer this incident: a measure (sanctions, indictment, expulsion, cut ties)
    targets someone the article holds to be behind the operation, never its victim; a state or
    group named nowhere as the culprit was answered for something else. ``people`` are the
    nationals the article names ("Russian citizen ... Aleksandr Ermakov"): a measure on one of
    them, by full name or surname, answers it too."""
    culprits = set(accused) | set(hostile) | set(people) | {p.split()[-1] for p in people}
    return [r for r in responses if r.type not in MEASURES or (r.against in culprits and r.against not in victims)]


# what a group does as a habit or what attacks do in general is no fact about this one
HABITUAL = re.compile(
    r"\b(?:typically|usually|traditionally|often|increasingly|have long|has long|tend to|in general)\b|"
    r"\b(?:has|have) (?:also )?(?:targeted|attacked|hit)\b|"
    # a group's name for itself: "a group best known for leaks", "has been linked to espionage"
    r"\b(?:best |well |widely )?known for\b|\bnotorious for\b|\b(?:has|have) been linked to (?:both )?\b|"
    # what observers see in general: "most of what we see against such targets is DDoS"
    r"\bspeciali[sz](?:es|ed|ing) in\b|\b(?:most|much|many|all) of what (?:we|they|researchers|analysts) "
    r"(?:see|saw|observe|observed|track)\b",
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


def hit_object(text: str, m: re.Match) -> bool:
    """Whether a sector word names what was hit: the object of an attack ("attacks on hospitals")
    or the subject of a passive hit ("banks were hit"), never a speaker ("the ministry said")."""
    if SPEAKS_AFTER.match(text, m.end()):
        return False
    return bool(HIT_BEFORE.search(text, 0, m.start()) or HIT_AFTER.match(text, m.end()))


NO_BEFORE = re.compile(
    r"\b(?:no|not any|without)\s+(?:\w+\s+){0,2}$|"
    # "the incident did not appear to involve any breach": the negation reaches a few words on
    r"\b(?:did|does|do|was|were|is|are|has|have|had)\s+not\s+(?:\w+\s+){0,4}$|"
    r"\bno\s+(?:\w+\s+){1,3}(?:had|has|have|was|were|is|are)\s+(?:been\s+)?$|"  # "no water supply had been disrupted"
    # "there was no indication that data had been stolen": the negation reaches across the clause
    r"\b(?:no|not any|without|nor|not find any|found no)\s+(?:\w+\s+){0,2}?(?:evidence|indications?|signs?|proof|"
    r"suggestion|reason to believe)\s+(?:that|of)\s+(?:[\w'’-]+\s+){0,7}$|"
    # "No data was reported to have been stolen"; "no guarantee that data will be deleted"
    r"\bno\s+(?:\w+\s+){0,2}(?:was|were|had|has|have)\s+(?:been\s+)?(?:reported|found|said|known|believed)\s+"
    r"to\s+have\s+been\s+$|\b(?:will|would)\s+be\s+$|"
    # "rumours about data theft", "fears of a leak": talk of it, no report that it happened
    r"\b(?:rumou?rs?|speculation|fears?|concerns?|worries)\s+(?:about|of|over|that)\s+(?:[\w'’-]+\s+){0,3}$|"
    # "told to be alert for phishing e-mails", "warned the public to watch for phishing messages": a
    # risk that follows, not what was done
    r"\b(?:watch(?:ing)? (?:out )?for|(?:be |stay |remain )?(?:alert|vigilant|on guard) (?:for|to|against)|"
    r"beware of|wary of|look(?:ing)? out for|guard against|warn(?:s|ed|ing)? (?:\w+\s+){0,3}?(?:of|about|against)|"
    r"risks? of|exposed to|(?:starting point|springboard|launch ?pad|opening|door) (?:for|to))\s+(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
# a purpose is not a deed: "hacking aimed at disrupting the election" disrupted nothing yet
PURPOSE_BEFORE = re.compile(
    r"\b(?:aim(?:ed|ing|s)? (?:at|to)|intended to|designed to|in order to|efforts? to|(?:goal|aim|purpose|objective) "
    r"(?:was|is|of \w+ (?:was|is)) to)\s+(?:(?:knock|take|bring|put|force)\s+(?:[\w'’-]+\s+){0,2})?$|"
    # "an emergency order for federal agencies to pull the compromised product offline": the
    # defenders' own precaution, not the attackers' disruption
    r"\b(?:order(?:ed|s)?|told|instructed|directed|urged|advised|precaution\w*|demand\w*)\b[^.;]{0,60}?\b"
    r"(?:pull|take|disconnect|shut)(?:s|ed|ing)?\s+(?:[\w'’,-]+\s+){0,6}$|"
    # "demanded that three reactors be shut down", "threatening to leak it online": not done yet
    r"\bdemand\w*\s+that\b[^.;]{0,60}\bbe\s+(?:\w+\s+)?$|"
    r"\b(?:threaten(?:s|ed|ing)?|vow(?:s|ed|ing)?|promis(?:e|es|ed|ing)) to\s+(?:[\w'’-]+\s+){0,2}$",
    re.I,
)


# defenders disrupting the attackers: "disrupted an attempt by the GRU to hack", "the operation was
# disrupted by the Dutch service" tell of no disruption the attack caused
DISRUPTED_ATTACKERS = re.compile(
    r"disrupt\w*\s+(?:an?|the|its|their|this|that)\s+(?:[\w-]+\s+){0,2}?(?:attempts?|operations?|plots?|"
    r"campaigns?|botnets?|infrastructure|activit(?:y|ies)|schemes?|efforts?)\b",
    re.I,
)
ATTACKERS_DISRUPTED = re.compile(
    r"\b(?:operations?|plots?|attempts?|campaigns?|botnets?|activit(?:y|ies)|schemes?)\s+(?:was|were|(?:has|have|had) "
    r"been)\s+$",
    re.I,
)


def asserted(text: str, m: re.Match) -> bool:
    """Whether the words at ``m`` state that it happened: not "no data breach", "no confirmed
    leaks", "would be leaked" or "aren't destructive" (the text is sentences joined by newlines)."""
    head = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
    if m.group(0).lower().startswith("disrupt") and (
        DISRUPTED_ATTACKERS.match(text, m.start()) or ATTACKERS_DISRUPTED.search(head)
    ):
        return False
    return not (
        T.NEGATED.search(head) or T.HYPOTHETICAL.search(head) or NO_BEFORE.search(head) or PURPOSE_BEFORE.search(head)
    )
