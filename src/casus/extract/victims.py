"""Whose entities were hit: the victims of the incident an article reports.

A victim is a state whose entities the sentences say were hit ("X was hit", "attacks on X",
"X's ministry suffered", "the website of X"). Each way of saying so scores; what the title and
the opening sentences say weighs double, since they say what the article is about. Where a
culprit is based or arrested, a language ("in Spanish"), and a place where a statement was made
are no victims. When no sentence says who was hit, a government that attributes an attack on
its own networks is its victim, and failing that the state the opening names beside the attack.
"""

from __future__ import annotations

import re
from collections import Counter

from casus.extract import triggers as T
from casus.extract.roles import LIST_JOIN, Context, Sentence, speakers
from casus.models import ActorKind, Report

VICTIM_BEFORE = re.compile(
    # "a dozen agencies were hit by the malware, including the Health Ministry": one of those hit
    r"\b(?:hit|targeted|affected|attacked|breached|infected|compromised|disrupted)\b[^.;]{0,80}?,?\s+including\s+"
    r"(?:the\s+)?$|"
    r"\b(?:on|against|targeting|targeted|target|hit|hitting|struck|into|at|in|hacked|attacked|attacking|breached|"
    r"infiltrated|compromised|paralysed|paralyzed|disrupted|crippled)\s+(?:the\s+)?(?:country of\s+|"
    r"nation of\s+|government of\s+)?$|\b(?:systems?|networks?|websites?|servers?|computers?|infrastructure|"
    r"data|accounts?|services|email|e-mail|armed forces|army|armies|military|militaries|navy|ministry|ministries|"
    r"parliament|police|(?-i:Bank)|central bank|reserve bank|national bank)\s+of\s+(?:the\s+)?"
    r"(?:several\s+|some\s+|many\s+|two\s+|three\s+|four\s+|five\s+|"
    r"dozens of\s+|a number of\s+)?$|"
    r"(?<!said )(?<!told )(?<!spoke )(?<!conference )(?<!meeting )(?<!summit )(?<!visit )(?<!based )"
    r"\b(?:in|at)\s+(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?),\s+$",
    re.I,
)  # "the port in Rotterdam, Netherlands"

OWN_HIT_AFTER = re.compile(
    r"^\s*(?:'s\s+|’s\s+)?(?:[\w()]+\s+){0,3}?(?:said|says|confirmed|announced|reported|admitted|acknowledged|"
    r"warned|warns|(?:is|was) warning|revealed|disclosed)\b(?:"
    # "the Nuclear Power Corporation of India Limited (NPCIL) has admitted that malware was found in its system"
    r"[^.;]{0,40}?\b(?:malware|a virus|ransomware|spyware|a computer virus)\s+(?:was|had been|has been|were)\s+"
    r"(?:found|detected|discovered|identified)\s+(?:in|on)\s+(?:its|their)\b|"
    r"[^.;]{0,40}?\b(?:its|their)\b[^.;]{0,60}?\b(?:had been|has been|have been|was|were|is|are) (?:hacked|hit|"
    r"attacked|breached|targeted|compromised|infiltrated|infected|disrupted)\b|"
    # "said the gang had encrypted its systems", "confirmed that it had been the target of a cyberattack"
    r"[^.;]{0,60}?\b(?:had\s+|has\s+|have\s+)?(?:encrypted|hacked|breached|attacked|compromised|disrupted|"
    r"paralysed|paralyzed|crippled|infiltrated|infected|penetrated|hit|destroyed|wiped|erased|disabled)\s+"
    r"(?:(?:the\s+)?(?:systems|computers|networks|servers|data|files)\s+(?:of|at)\s+)?(?:its|their)\b|"
    r"\s+(?:that\s+)?(?:it|they)\s+(?:had been|has been|have been|was|were)\s+(?:the\s+)?(?:target|victim)s?\s+of\b)",
    re.I,
)
# "accusations against China", "sanctions on Russia": the target of words or measures, not of the attack
MEASURE_AGAINST = re.compile(
    r"\b(?:accusations?|allegations?|claims?|charges?|sanctions?|measures?|retaliation|protests?|complaints?)\s+"
    r"(?:\w+\s+)?(?:against|on)\s+(?:the\s+)?$",
    re.I,
)


def _voice_tells_own_hit(s: Sentence, m) -> bool:
    """ "Prime Minister Morrison revealed that the networks of the parties were hacked": a state's
    voice telling of a hit that names no other state's entities tells of its own."""
    said = SAID_HIT_AFTER.match(s.after(m))
    if not said:
        return False
    lo, hi = m.end + said.start(1), m.end + said.end(1)
    return not any(lo <= x.start < hi for x in s.mentions if x.kind is ActorKind.STATE)


SAID_HIT_AFTER = re.compile(
    r"^\s*(?:(?:has|have|had)\s+)?(?:said|says|revealed|disclosed|confirmed|announced|told)\b([^.;]{0,90}?)\b"
    r"(?:were|was|had been|have been|has been) (?:hacked|breached|attacked|compromised|infiltrated|targeted)\b",
    re.I,
)
LANGUAGE = re.compile(r"\b(?:in|from|into|speak(?:s|ing)?|written in)\s+$", re.I)

# "a gang based in Russia", "a man arrested in Poland": where the culprit is, not who was hit
WHERE_FROM = re.compile(
    r"\b(?:based|originat\w*|arrested|detained|located|headquartered|operat\w*|hiding|living|registered|"
    r"residing|born|sheltered|harbou?red|active|working|extradited)\s+(?:\w+\s+)?(?:in|from|to)\s+(?:the\s+)?$|"
    r"\bto (?:fight|serve|deploy|travel|go|move|work|live|study|stay|flee)\s+(?:in|to)\s+(?:the\s+)?$",
    re.I,
)

# "the attacks came from addresses in Russian state bodies", "points the finger at the Kremlin",
# "technology made by an Israeli company",
# "the picketing of the embassy in Moscow": where an attack came from, whom words aim at, and a
# place where something else happened
NOT_HIT_BEFORE = re.compile(
    r"\b(?:came|come|comes|coming|originat\w*|launched|routed|traced(?:\s+back)?|emanat\w*)\s+(?:\w+\s+){0,2}?"
    r"from\s+(?:[\w-]+\s+){0,5}?(?:in|belonging to|owned by|of|at|linked to)\s+(?:the\s+)?$|"
    r"\btraced(?:\s+back)?\s+to\s+(?:(?:[\w-]+\s+){0,5}?(?:in|belonging to|owned by|of|at|linked to)\s+)?(?:the\s+)?$|"
    r"\b(?:finger|fingers|lash(?:es|ed)? out|hit back|swipe|jab|anger|angry|furious)\s+at\s+(?:the\s+)?$|"
    # "as it came weeks after a sabotage attack targeting Caracas": the earlier deed's target
    r"\b(?:came|comes|coming)\s+(?:\w+\s+){0,3}?after\b[^.;]{0,120}$|"
    # "a strain that has been used in attacks on schools in Canada": the tool's record
    r"\b(?:has|have|had) been used in\b[^.;]{0,100}$|"
    # "suspicion for the first outbreak fell on Belarus": whom blame falls on
    r"\b(?:suspicion|blame|responsibility|guilt)\b[^.;]{0,80}?\b(?:fell|falls|fall|rests?|rested|lies|lay)\s+"
    r"(?:squarely\s+)?(?:on|upon|with)\s+(?:the\s+)?$|"
    # "controllers made by an Israeli company": the maker of what was hit
    r"\b(?:made|manufactured|built|produced|developed|designed|sold|supplied)\s+by\s+(?:[\w’'-]+,?\s+){0,3}?"
    r"(?:an?\s+|the\s+)?$|"
    # "threatening to strike any country that launched attacks against Russia": no state in particular
    r"\bany (?:country|state|nation|government)\b[^.;]{0,80}$|"
    r"\b(?:embass(?:y|ies)|consulates?|violence|protests?|riots?|rall(?:y|ies)|demonstrations?|talks|summit|"
    r"(?-i:Department|Ministry|Office|Affairs|Trade)|headquarters|"
    r"conference|meeting|visit|speech|trial|court|interview|parade|troops|fighting|offensive)\s+(?:in|at)\s+(?:the\s+)?$",
    re.I,
)

# "a Russian citizen", "an Iranian hacker": a person of that nationality, not the state hit
A_NATIONAL = re.compile(rf"^\s+(?:{T.PERSON_NOUN}|hackers|officers?|programmer)\b", re.I)

# "Russian-language forums": a language; "the Kremlin's own website came under attack": the
# accused answering that it is attacked too
NOT_THE_STATE_AFTER = re.compile(r"^(?:-(?:language|speaking)\b|\s*['’]s own\b)", re.I)

# "In London, the Foreign Secretary said ...": where a statement was made, not who was hit
DATELINE = re.compile(r"^\W*(?:in|at|from)\s+(?:the\s+)?$", re.I)

THE_COUNTRY = re.compile(r"\b(?:against|on|targeting|targeted|hit|into|attacked)\s+the\s+(?:country|nation)\b", re.I)

# "the gang has also been linked to attacks on hospitals in the United States": its other deeds
OTHER_DEEDS = re.compile(
    r"\b(?:has|have|had|was|were)\s+(?:also|previously|since)\s+(?:been\s+)?(?:linked|tied|blamed|connected)\s+"
    r"(?:by\s+[^;]{0,60}?\s+)?(?:to|for|with)\s+(?:\w+\s+){0,3}?(?:attacks?|hacks?|breaches|intrusions|incidents|thefts?|heists?)\b",
    re.I,
)
# "Killnet has also claimed attacks on sites in Germany and Poland in recent weeks": what the
# group did besides this operation; "Russian institutions are under constant attack": a habit
OTHER_DEEDS_TOLD = re.compile(
    r"\b(?:has|have|had)\s+(?:also|previously|since|repeatedly)\s+(?:claimed|carried out|launched|staged|mounted|"
    r"conducted)\s+(?:\w+\s+){0,3}?(?:attacks?|hacks?|breaches|intrusions|operations)\b|"
    r"\bunder (?:constant|daily|continuous) attacks?\b|"
    # "Ireland's health service shut down its systems after a similar attack": another incident
    r"\b(?:a|an) (?:similar|separate|unrelated) (?:\w+ )?(?:attack|hack|breach|incident|intrusion)\b",
    re.I,
)
VICTIM_AFTER = re.compile(
    r"^\s*(?:'s|’s|,\s*whose)?\s*(?:[\w’'-]+\s+){0,5}?(?:suffer(?:s|ed)?|(?:has|have) suffered|experienced|"
    r"(?:was|were|is|are) (?:hit|targeted|attacked|hacked|breached|infected|crippled|paralysed|paralyzed|"
    r"devastated|disrupted|knocked offline|taken down|taken offline|compromised|defaced|interrupted|hijacked|"
    r"knocked out|taken over)|"
    r"has been (?:the )?target|became the target|came under|reported (?:a|an)|fell victim|"
    r"(?:hit|hacked|targeted|attacked|breached|struck|crippled|disrupted|paralysed|paralyzed) by|"
    r"(?:has|had|have) been (?:hit|hacked|attacked|breached|targeted|infected|compromised|disrupted)|"
    # "Costa Rica's tax and customs platforms remained out of service"
    r"(?:remained|remain|remains|were|was|went|are|is|have been|has been) (?:out of service|offline|unavailable|"
    r"inaccessible))\b",
    re.I,
)


def ranked_victims(sents: list[Sentence], accused: set[str], title_idx: int | None) -> list[tuple[str, Sentence]]:
    score: Counter[str] = Counter()
    plain: Counter[str] = Counter()  # states the text plainly says were hit, or say so of their own
    where: dict[str, Sentence] = {}
    last_state = None  # antecedent of "the country": the latest state named, the accused aside
    # the title and the opening sentences say what the article is about: a victim named there
    # outweighs one named in passing further down
    lead = {x.index for x in sents[:4]} | ({title_idx} if title_idx is not None else set())
    for s in sents:
        if not T.ATTACK_WORDS.search(s.text) or OTHER_DEEDS.search(s.text) or OTHER_DEEDS_TOLD.search(s.text):
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
        attacks = [(x.start(), x.end()) for x in T.ATTACK_WORDS.finditer(s.text)]
        listed_after = None  # the end of the last state named as hit: a list goes on after it
        for m in s.mentions:
            if m.kind is not ActorKind.STATE or m.role in ("hostile", "hostile_act") or m.form == "hostile_body":
                continue
            own_hit = OWN_HIT_AFTER.match(s.after(m)) or m.role == "official" and _voice_tells_own_hit(s, m)
            if m.form in ("person", "title"):  # a person counts only as a voice telling of the hit
                if own_hit:
                    score[m.actor] += 3 * weight
                    where.setdefault(m.actor, s)
                continue
            points = 0
            before = s.before(m)
            if (
                NOT_HIT_BEFORE.search(before[-120:])
                or m.form == "demonym"
                and A_NATIONAL.match(s.after(m))
                or NOT_THE_STATE_AFTER.match(s.after(m))
            ):
                listed_after = None
                continue
            measured = MEASURE_AGAINST.search(before[-120:])
            if m.role == "target" and _attack_near(attacks, s, m) and not measured:
                points += 2  # "Ukrainian banks" beside the attack; "US agencies were assisting" is no hit
            if m.form == "demonym" and LANGUAGE.search(before) and not s.after(m)[:2].strip(" ").isalpha():
                continue  # "'macaw' in Spanish": a language, not a state
            listed = listed_after is not None and LIST_JOIN.match(s.text[listed_after - s.start : m.start - s.start])
            hit = VICTIM_BEFORE.search(before) if not measured else None
            if hit and hit.group(0).rstrip().endswith(("of", "of the")) and STATEMENT_AFTER.match(s.after(m)):
                hit = None  # "the Foreign Ministry of the DPRK released a statement": a voice, not a hit
            if listed or (hit and not DATELINE.match(before) and not WHERE_FROM.search(before)):
                points += 2
                # "the armed forces of Colombia, Mexico and Chile": each one in the list was hit;
                # "entities in Brazil, the US and Portugal" is where a group works, not a list of hits
                listed_after = m.end if listed or not re.match(r"(?:in|at)\s", hit.group(0), re.I) else None
            else:
                listed_after = None
            if VICTIM_AFTER.match(s.after(m)):
                points += 3  # "X was hit", "X suffered": the plainest way to say who was hit
                plain[m.actor] += 1
            if own_hit:
                points += 3  # "Qatar said its state news agency had been hacked"
                plain[m.actor] += 1
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
    # one state dominates the lead; others the text plainly says were hit as well ("Poland's
    # Finance Ministry said some 800 of its computers had been hit") are victims too
    return [(a, where[a]) for a, n in ranked if n == top or n >= max(4, 0.5 * top) or plain[a] and a not in accused]


NEAR = 100


def _attack_near(attacks: list[tuple[int, int]], s: Sentence, m) -> bool:
    """Whether an attack word (its span in the sentence) stands within ``NEAR`` characters of ``m``."""
    lo, hi = m.start - s.start, m.end - s.start
    return any(start < hi + NEAR and end > lo - NEAR for start, end in attacks)


def _weight(s: Sentence, lead: set[int]) -> int:
    return 2 if s.index in lead else 1


OWN_TARGETS = re.compile(
    r"\b(?:its|our|their|the country's|the nation's|several|some|government|state)\s+(?:\w+\s+)?"
    r"(?:ministries|ministry|networks?|systems?|institutions?|agenc(?:y|ies)|parliament|servers?|infrastructure|"
    r"email accounts|websites?)\b",
    re.I,
)


def own_victim(report: Report, sents: list[Sentence], ctx: Context) -> list[tuple[str, Sentence]]:
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


STATEMENT_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:released|issued|said|says|stated|announced|told)\b", re.I)
# "Pyongyang, December 20 (KCNA) --", "MOSCOW (Reuters) -": the city a report was filed from
DATELINE_AFTER = re.compile(
    r"^(?:\s*,\s*[A-Z][a-z]+\.?\s+\d{1,2}\b|\s*\((?:AP|AFP|Reuters|[A-Z]{2,6})\)|\s*[—–]|\s+--)"
)
CITY_BEFORE = re.compile(r"\W*[A-Z][A-Z .'’-]+,\s*")  # "DUBAI, United Arab Emirates (AP) -"
SECURITY_FIRM = re.compile(r"^\s*(?:[\w-]+\s+)?(?:cyber-?security|security|intelligence|research|threat)", re.I)


def lead_victim(sents: list[Sentence], accused: set[str], title_idx: int | None) -> list[tuple[str, Sentence]]:
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
            if (not s.before(m).strip() or CITY_BEFORE.fullmatch(s.before(m))) and DATELINE_AFTER.match(s.after(m)):
                continue  # "Pyongyang, December 20 (KCNA) --": where the report was filed
            if m.form == "demonym" and A_NATIONAL.match(s.after(m)):
                continue  # "linked a Russian citizen to the attack": a person, not the state hit
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
    # "Costa Rica's president declared an emergency over an attack that crippled the finance
    # ministry": a government speaking of an attack on its own ministries, naming no other owner
    for s in lead:
        if not (T.ATTACK_WORDS.search(s.text) and GOVERNMENT_HIT.search(s.text)):
            continue
        states = [m for m in s.mentions if m.kind is ActorKind.STATE and m.role in ("plain", "official", "target")]
        if len({m.actor for m in states} - accused) == 1 and states[0].actor not in accused:
            return [(states[0].actor, s)]
    return []


GOVERNMENT_HIT = re.compile(
    r"\b(?:the|its|several|other|many|dozens of)\s+(?:\w+\s+){0,2}?(?:ministry|ministries|government agencies|"
    r"government institutions|state institutions|public institutions|state agencies|public sector|"
    r"government (?:services|websites|systems|networks))\b",
    re.I,
)
