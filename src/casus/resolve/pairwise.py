"""Are two reports accounts of the same incident? A decision on the pair alone.

Incidents are the connected components of this decision over all reports (``components``), so
the incidents a store ends with do not depend on the order in which its articles arrived: each
decision reads only the two reports' profiles, never the store's contents or an incident's
running aggregate.

The decision weighs signals instead of vetoing on any one of them, because extraction errs:
a stray victim or a missed accused must not split one operation's articles apart. What a
report's profile keeps:

- its extracted actors: victims, accused, claimants and the threat groups it names;
- its dates: publication and first activity;
- what its text names, read in :mod:`casus.resolve.signals`: rare names in the headline and
  lead, malware and operations, and the headline's words.

Two reports are compared only when they share a blocking token (an actor, a name) in months no
more than one apart, or one of them is undated (``blocking_keys`` and ``lookup_keys`` file and
find them). That condition is part of the decision itself (``same_incident``), so a store's
lookup by key finds exactly the reports that could link, and an in-memory regrouping gives the
same answer as ingest.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from casus.models import Document, Report
from casus.resolve.signals import (
    actor_words,
    coined,
    country_words,
    headline_names,
    lead_names,
    named_operations,
    place_words,
    rare_terms,
    rarity,
    story_names,
    text_similarity,
    title_words,
)

KEY_TERMS = 8  # a report is filed under its eight rarest words
TEXT_SIMILARITY = 0.15  # rare-word overlap above which two close articles tell one story
TEXT_GAP_DAYS = 60
# A follow-up (charges, sanctions, an inquiry's findings) comes months after the operation it
# tells of, yet names its rare particulars again: several of the rarest words and much of the
# rare vocabulary in common link two accounts up to a year apart.
FOLLOW_UP_DAYS = 366
BEGAN_AFTER_DAYS = 92  # an operation that began this long after a report was filed is another one
LONG_FOLLOW_UP_YEARS = 3  # indictments and sanctions come this long after the attack
FOLLOW_UP_KEY_TERMS = 2
FOLLOW_UP_SIMILARITY = 0.3
RETOLD_SIMILARITY = 0.35  # with the same victim, this much in common is one story told again
STORY_NAME_SIMILARITY = 0.12
HEADLINE_STORY_SIMILARITY = 0.1  # a coined name in a headline, and a little more in common
FOLLOW_UP_FACTS_SIMILARITY = 0.15  # with the same victim and accused, a lower overlap tells a follow-up
UNDATED = "-"  # the month key of a report with no date: it meets only other undated reports


@dataclass(frozen=True, slots=True)
class ReportProfile:
    """What grouping knows of one report; stored with it as JSON."""

    victims: frozenset[str] = frozenset()
    accused: frozenset[str] = frozenset()
    claimants: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    published: str | None = None
    first_activity: str | None = None
    names: tuple[str, ...] = ()  # rare names of the headline and lead
    operations: tuple[str, ...] = ()  # malware, tools and operations named in the text
    title_words: tuple[str, ...] = ()
    terms: tuple[tuple[str, float], ...] = ()  # the text's rarest words and their weights, rarest first
    headlines: tuple[str, ...] = ()  # the headline's protagonists, common words or not

    def key_terms(self) -> set[str]:
        """The few rarest words, under which the text route files and finds a report."""
        return {t for t, _ in self.terms[:KEY_TERMS]}

    def tokens(self) -> set[str]:
        """What two reports must share to be compared at all."""
        return (
            {f"t:{t}" for t in self.key_terms()}
            | {f"v:{v}" for v in self.victims}
            | {f"a:{a}" for a in self.accused}
            | {f"c:{c}" for c in self.claimants}
            | {f"g:{g}" for g in self.groups}
            | {f"o:{o}" for o in self.operations}
            | {f"n:{n}" for n in self.names}
            | {f"h:{h}" for h in self.headlines}
        )

    def months(self) -> set[str]:
        out = {d[:7] for d in (self.published, self.first_activity) if d and len(d) >= 7}
        return out or {UNDATED}

    def to_json(self) -> dict:
        return {
            "victims": sorted(self.victims),
            "accused": sorted(self.accused),
            "claimants": sorted(self.claimants),
            "groups": sorted(self.groups),
            "published": self.published,
            "first_activity": self.first_activity,
            "names": list(self.names),
            "operations": list(self.operations),
            "title_words": list(self.title_words),
            "terms": [list(t) for t in self.terms],
            "headlines": list(self.headlines),
        }

    @classmethod
    def from_json(cls, d: dict) -> ReportProfile:
        return cls(
            frozenset(d["victims"]),
            frozenset(d["accused"]),
            frozenset(d["claimants"]),
            frozenset(d["groups"]),
            d["published"],
            d["first_activity"],
            tuple(d["names"]),
            tuple(d["operations"]),
            tuple(d["title_words"]),
            tuple((t, float(w)) for t, w in d.get("terms", ())),  # profiles stored before terms: none
            tuple(d.get("headlines", ())),
        )


def report_profile(report: Report, doc: Document | None) -> ReportProfile:
    """The profile of a report, from its facts and its document's text (``doc`` None: facts only)."""
    text = doc.text if doc else ""
    title = report.title or (doc.title if doc else "")
    return ReportProfile(
        victims=frozenset(m.value for m in report.victims),
        # a state that denies being behind it is the one the story accuses, named accuser or not
        accused=frozenset(a.to for a in report.attributions) | frozenset(d.by for d in report.denials),
        claimants=frozenset(c.by.lower() for c in report.claims),
        groups=frozenset(report.groups),
        published=report.published,
        first_activity=min((m.value for m in report.first_activity), default=None),
        names=tuple(lead_names(title, text)),
        operations=tuple(named_operations(text)),
        title_words=tuple(title_words(title)),
        terms=tuple(rare_terms(f"{title}\n{text}").items()),
        headlines=tuple(headline_names(title, text)),
    )


def text_profile(doc: Document) -> ReportProfile:
    """The profile of a document extraction found no report in: its text's signals only (names,
    malware, headline, dates), so that it can still become a source of the incident it tells."""
    published = doc.published.isoformat() if doc.published else None
    return report_profile(Report(doc.id, title=doc.title, published=published), doc)


def _shift(month: str, delta: int) -> str:
    y, m = int(month[:4]), int(month[5:7]) + delta
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return f"{y:04d}-{m:02d}"


def _month_blocking(p: ReportProfile) -> set[str]:
    tokens = p.tokens()
    return {f"{t}@{m}" for t in tokens for m in p.months()} | tokens


def _month_lookup(p: ReportProfile) -> set[str]:
    tokens = p.tokens()
    if UNDATED in p.months():
        return tokens
    months = {_shift(m, d) for m in p.months() for d in (-1, 0, 1)} | {UNDATED}
    return {f"{t}@{m}" for t in tokens for m in months}


def _year(p: ReportProfile) -> int | None:
    return int(p.published[:4]) if p.published and p.published[:4].isdigit() else None


def blocking_keys(p: ReportProfile) -> set[str]:
    """Keys the store files a report under: each token in each of its months, and each token
    alone, where an undated report looks; and its rarest words in its year of publication, where
    a follow-up looks."""
    year = _year(p)
    follow_up = {f"y:{t}@{year}" for t in p.key_terms()} if year else set()
    return _month_blocking(p) | follow_up


def lookup_keys(p: ReportProfile) -> set[str]:
    """Keys that find every stored report this one could link to. A dated report looks in its
    months, the months either side and among undated reports, and for its rarest words in its
    year and the years either side; an undated one cannot be placed in time and looks at every
    report that shares a token (news articles carry dates, so this is the rare case).
    Symmetric: a finds b exactly when b would find a."""
    year = _year(p)
    if not year:
        return _month_lookup(p)
    follow_up = {f"y:{t}@{y}" for t in p.key_terms() for y in (year - 1, year, year + 1)}
    # a coined name of the story comes back in indictments and sanctions years later
    years = range(year - LONG_FOLLOW_UP_YEARS, year + LONG_FOLLOW_UP_YEARS + 1)
    follow_up |= {f"y:{t}@{y}" for t in story_names(dict.fromkeys(p.key_terms())) for y in years}
    # and a name a headline may give the story ("Medibank") comes back with sanctions years later
    follow_up |= {f"y:{t}@{y}" for t in p.key_terms() if coined(t) for y in years}
    return _month_lookup(p) | follow_up


def comparable(a: ReportProfile, b: ReportProfile) -> bool:
    """The blocking condition of the first route: a shared token, in months at most one apart
    unless one is undated."""
    if not a.tokens() & b.tokens():
        return False
    return bool(_month_lookup(a) & _month_blocking(b))


def _day(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _dates_agree(a: str, b: str, days: int = 31) -> bool:
    """Dates of different precision agree when one contains the other ("2022-07", "2022-07-15")."""
    if a.startswith(b) or b.startswith(a):
        return True
    if len(a) == 4 or len(b) == 4:
        return a[:4] == b[:4]
    return abs((_day(a) - _day(b)).days) <= days


def _overlap(x: frozenset[str], y: frozenset[str]) -> tuple[float, float]:
    """(shared, clash): 1 when the two share a value, 1 when both name values and none agree."""
    if not x or not y:
        return 0.0, 0.0
    return (1.0, 0.0) if x & y else (0.0, 1.0)


def _event_gap(a: ReportProfile, b: ReportProfile) -> int:
    """Days between the attack as ``a`` dates it and ``b``'s publication: a follow-up years later
    that dates the attack to the month the first reports were written is close to them in time."""
    return abs((_day(a.first_activity) - _day(b.published)).days) if a.first_activity and b.published else 10**6


def features(a: ReportProfile, b: ReportProfile) -> dict[str, float]:
    """The pair's signals, each symmetric in a and b."""
    victims = _overlap(a.victims, b.victims)
    accused = _overlap(a.accused, b.accused)
    claimants = _overlap(a.claimants, b.claimants)
    shared_names = set(a.names) & set(b.names)
    words_a, words_b = set(a.title_words), set(b.title_words)
    gap = abs((_day(a.published) - _day(b.published)).days) if a.published and b.published else None
    both_first = bool(a.first_activity and b.first_activity)
    first_agree = both_first and _dates_agree(a.first_activity, b.first_activity)
    if first_agree and gap is not None:
        gap = min(gap, _event_gap(a, b), _event_gap(b, a))
    return {
        "victims_shared": victims[0],
        "victims_clash": victims[1],
        "accused_shared": accused[0],
        "accused_clash": accused[1],
        "claimants_shared": claimants[0],
        "claimants_clash": claimants[1],
        "groups_shared": float(bool(a.groups & b.groups)),
        "operations_shared": min(2.0, float(len(set(a.operations) & set(b.operations)))),
        "names_shared": min(2.0, sum(rarity(n) for n in shared_names)),
        "headlines_shared": min(2.0, float(len(set(a.headlines) & set(b.headlines)))),
        "title_similarity": len(words_a & words_b) / len(words_a | words_b) if words_a and words_b else 0.0,
        "published_within_a_week": float(gap is not None and gap <= 7),
        "published_gap_log": math.log1p(gap) / math.log(366) if gap is not None else 0.0,
        "first_activity_agree": (1.0 if a.first_activity == b.first_activity else 0.5) if first_agree else 0.0,
        "first_activity_clash": float(both_first and not first_agree),
    }


@cache
def _weights() -> dict[str, float]:
    """The weight of each signal on a log-odds scale, a bias and a threshold (``weights.json``)."""
    return json.loads(resources.files("casus.resolve").joinpath("weights.json").read_text(encoding="utf-8"))


def link_score(a: ReportProfile, b: ReportProfile) -> float:
    """Log-odds that the two reports are one incident; -inf when they are not even comparable."""
    if not comparable(a, b):
        return -math.inf
    w = _weights()
    return w["bias"] + sum(w["features"].get(k, 0.0) * v for k, v in features(a, b).items())


def text_link(a: ReportProfile, b: ReportProfile) -> bool:
    """The second route to a link, independent of extraction: two articles published within
    ``TEXT_GAP_DAYS`` of each other that share one of their rarest words and much of their rare
    vocabulary tell one story. It catches the accounts whose extracted facts disagree or are
    missing; the time bound keeps two operations against one victim months apart apart, unless
    the later article repeats several of the earlier one's rarest words (a follow-up, within
    ``FOLLOW_UP_DAYS``)."""
    shared = a.key_terms() & b.key_terms()
    if not shared:
        return False
    gap = abs((_day(a.published) - _day(b.published)).days) if a.published and b.published else 0
    if gap <= TEXT_GAP_DAYS and a.victims and b.victims and not a.victims & b.victims and shared & actor_words():
        return False  # two states hit by one gang: its name is shared by its many stories
    terms_a, terms_b = dict(a.terms), dict(b.terms)
    similarity = text_similarity(terms_a, terms_b)
    if gap <= TEXT_GAP_DAYS and comparable(a, b):  # filed under a shared word in close months
        return similarity >= TEXT_SIMILARITY
    # filed in months further apart: a follow-up, judged as one
    if (
        gap <= LONG_FOLLOW_UP_YEARS * 366
        and a.victims & b.victims
        and not (a.accused and b.accused and not a.accused & b.accused)
        and len(shared - place_words() - country_words()) >= FOLLOW_UP_KEY_TERMS
        and similarity >= RETOLD_SIMILARITY
    ):
        # a measure months or years later that retells the attack on the same victim at length,
        # its particulars besides country names included, and names no other culprit
        return True
    story = story_names(dict.fromkeys(shared))
    if gap > TEXT_GAP_DAYS and (_began_after(a, b) or _began_after(b, a)):
        return False  # one's operation began after the other was filed: a later deed by the same hands
    if gap <= LONG_FOLLOW_UP_YEARS * 366 and _headline_story(a, b) and not _victims_clash(a, b):
        # a coined name in one's headline among the other's headline or rarest words ("WannaCry",
        # "Medibank"): the story both tell, months or years apart, unless another state was hit
        if similarity >= HEADLINE_STORY_SIMILARITY and not (a.accused and b.accused and not a.accused & b.accused):
            return True
    if gap > FOLLOW_UP_DAYS:
        # years later: the same victim and accused, a coined name of the story that both lead with
        # (a name one retells in passing is an older story's), and much in common
        leads = (set(a.names) | set(a.headlines)) & (set(b.names) | set(b.headlines))
        return bool(
            gap <= LONG_FOLLOW_UP_YEARS * 366
            and a.victims & b.victims
            and a.accused & b.accused
            and story & leads
            and similarity >= FOLLOW_UP_FACTS_SIMILARITY
        )
    in_common = (terms_a.keys() & terms_b.keys()) - place_words()
    if story and len(in_common) >= 2 and similarity >= STORY_NAME_SIMILARITY and not _victims_clash(a, b):
        # a coined name of the story among both's rarest words ("Velmtronix" controllers), and
        # another rare particular: the victim's name alone comes back in unrelated later news
        return True
    particulars = shared - country_words()
    if (
        a.victims & b.victims
        and a.accused & b.accused
        and (len(particulars) >= FOLLOW_UP_KEY_TERMS or particulars & place_words())
        and similarity >= FOLLOW_UP_FACTS_SIMILARITY
    ):
        # the same victim and accused, and two of the rarest particulars besides country names, or
        # a state body's name ("storting"): the body hit and the names come back months later
        return True
    return len(shared - place_words()) >= FOLLOW_UP_KEY_TERMS and similarity >= FOLLOW_UP_SIMILARITY


def _headline_story(a: ReportProfile, b: ReportProfile) -> set[str]:
    """Names (not a state's, not a group's) among both reports' rarest words that a headline gives
    the story ("WannaCry", "Medibank"), in publication years at most three apart, where the index
    files and finds them (``lookup_keys``)."""
    ya, yb = _year(a), _year(b)
    if ya is None or yb is None:
        return set()
    shared = {w for w in a.key_terms() & b.key_terms() if w in a.headlines or w in b.headlines}
    return {w for w in shared if coined(w)} if abs(ya - yb) <= LONG_FOLLOW_UP_YEARS else set()


def _began_after(a: ReportProfile, b: ReportProfile) -> bool:
    """Whether ``b``'s operation began months after ``a`` was published: "Midnight Blizzard", at
    work from late 2023, is no follow-up of a 2021 report on SolarWinds that it retells."""
    if not (a.published and b.first_activity):
        return False
    return (_day(b.first_activity) - _day(a.published)).days > BEGAN_AFTER_DAYS


def _victims_clash(a: ReportProfile, b: ReportProfile) -> bool:
    return bool(a.victims and b.victims and not a.victims & b.victims)


def same_incident(a: ReportProfile, b: ReportProfile) -> bool:
    return link_score(a, b) > _weights().get("threshold", 0.0) or text_link(a, b)
