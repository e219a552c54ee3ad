"""Do two accounts describe the same operation?

Reports of one incident share a victim, fall in the same stretch of time and name the same
accused or the same claimant. Each of those is a condition, not a vote: two attacks on Albania
claimed by the same persona two months apart are two incidents, and so are two attacks on the
same victim blamed on different states. What a profile keeps:

- victims, accused states or groups, claimants and named groups;
- the first activity (a date of any precision) and the span of publication dates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from casus.models import Report

MAX_ACTIVITY_GAP_DAYS = 31  # first activities further apart than this are different operations
MAX_PUBLISHED_GAP_DAYS = 21  # without first activities, reports this far apart are different
MATCH_THRESHOLD = 2.0
SAME_NEWS_DAYS = 2


@dataclass(slots=True)
class Profile:
    victims: Counter[str] = field(default_factory=Counter)
    accused: Counter[str] = field(default_factory=Counter)
    groups: Counter[str] = field(default_factory=Counter)
    named: Counter[str] = field(default_factory=Counter)  # threat groups the reports name
    first_activity: str | None = None
    published_min: str | None = None
    published_max: str | None = None
    reports: int = 0

    def actor_keys(self) -> set[str]:
        return (
            {f"v:{v}" for v in self.victims}
            | {f"a:{a}" for a in self.accused}
            | {f"g:{g}" for g in self.groups}
            | {f"n:{n}" for n in self.named}
        )

    def months(self) -> set[str]:
        """The months the incident is known in: its first activity and its news, so that a
        lookup touches one stretch of time and its cost does not grow with the store's years."""
        out = {self.first_activity[:7]} if self.first_activity and len(self.first_activity) >= 7 else set()
        if self.published_min:
            lo, hi = _day(self.published_min), _day(self.published_max or self.published_min)
            y, m = lo.year, lo.month
            while (y, m) <= (hi.year, hi.month) and len(out) < 24:
                out.add(f"{y:04d}-{m:02d}")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def keys(self) -> set[str]:
        """Index keys under which the store files this profile: each actor key in each month,
        and once without a month for reports that carry no date at all."""
        actors = self.actor_keys()
        months = self.months() or {"-"}  # "-": no date yet, where dated reports look too
        return actors | {f"{k}@{month}" for k in actors for month in months}

    def lookup_keys(self) -> set[str]:
        """Keys to find candidates for a new report: its months and the months either side; an
        undated report can only look by actor (the store caps how many it returns)."""
        if not self.months():
            return self.actor_keys()
        months = set()
        for month in self.months():
            y, m = int(month[:4]), int(month[5:7])
            for dm in (-1, 0, 1):
                mm = m + dm
                yy = y + (mm < 1) - (mm > 12)
                months.add(f"{yy:04d}-{(mm - 1) % 12 + 1:02d}")
        return {f"{k}@{month}" for k in self.actor_keys() for month in months | {"-"}}

    def to_json(self) -> dict:
        return {
            "victims": dict(self.victims),
            "accused": dict(self.accused),
            "groups": dict(self.groups),
            "named": dict(self.named),
            "first_activity": self.first_activity,
            "published_min": self.published_min,
            "published_max": self.published_max,
            "reports": self.reports,
        }

    @classmethod
    def from_json(cls, d: dict) -> Profile:
        return cls(
            Counter(d["victims"]),
            Counter(d["accused"]),
            Counter(d["groups"]),
            Counter(d.get("named", {})),
            d["first_activity"],
            d["published_min"],
            d["published_max"],
            d["reports"],
        )


def profile_of(report: Report) -> Profile:
    first = report.first_activity[0].value if report.first_activity else None
    return Profile(
        victims=Counter({m.value for m in report.victims}),
        accused=Counter({a.to for a in report.attributions}),
        groups=Counter({c.by.lower() for c in report.claims}),
        named=Counter(set(report.groups)),
        first_activity=first,
        published_min=report.published,
        published_max=report.published,
        reports=1,
    )


def _day(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _compatible_dates(a: str, b: str) -> bool:
    """Dates of different precision agree when one contains the other ("2022-07" and
    "2022-07-15"); otherwise they must be close."""
    if a.startswith(b) or b.startswith(a):
        return True
    if len(a) == 4 or len(b) == 4:
        return a[:4] == b[:4]
    return abs((_day(a) - _day(b)).days) <= MAX_ACTIVITY_GAP_DAYS


def _published_gap(a: Profile, b: Profile) -> int | None:
    if not (a.published_min and b.published_min):
        return None
    lo = max(_day(a.published_min), _day(b.published_min))
    hi = min(_day(a.published_max or a.published_min), _day(b.published_max or b.published_min))
    return max(0, (lo - hi).days)


def match_score(new: Profile, old: Profile) -> float:
    """0 when the two cannot be one incident; otherwise the strength of the evidence that they are."""
    shared_victims = set(new.victims) & set(old.victims)
    shared_named = set(new.named) & set(old.named)
    if (
        new.victims
        and old.victims
        and not shared_victims
        and not (shared_named and set(new.accused) & set(old.accused))
    ):
        return 0.0  # one campaign reported from two victims' side must name the same group
    if new.accused and old.accused and not set(new.accused) & set(old.accused):
        return 0.0
    if new.groups and old.groups and not set(new.groups) & set(old.groups):
        return 0.0
    gap = _published_gap(new, old)
    shared_actor = set(new.accused) & set(old.accused) or set(new.groups) & set(old.groups) or shared_named
    same_news = (
        gap is not None
        and gap <= SAME_NEWS_DAYS
        and bool(shared_actor)
        and (bool(shared_victims) or not (new.victims and old.victims))
    )
    if new.first_activity and old.first_activity and not same_news:
        # the same victim and accused in the same days' news is one story, however differently
        # the articles date its beginnings
        if not _compatible_dates(new.first_activity, old.first_activity):
            return 0.0
        time_score = 1.0
    elif same_news:
        time_score = 1.0
    else:
        if gap is not None and gap > MAX_PUBLISHED_GAP_DAYS:
            return 0.0
        time_score = 0.5 if gap is not None else 0.0
    score = time_score + 1.5 * bool(shared_victims) + 0.5 * bool(shared_named)
    score += 1.0 * bool(set(new.accused) & set(old.accused)) + 1.0 * bool(set(new.groups) & set(old.groups))
    return score if score >= MATCH_THRESHOLD else 0.0


def merge_profiles(old: Profile, new: Profile) -> Profile:
    firsts = [f for f in (old.first_activity, new.first_activity) if f]
    pubs = [p for p in (old.published_min, old.published_max, new.published_min, new.published_max) if p]
    return Profile(
        victims=old.victims + new.victims,
        accused=old.accused + new.accused,
        groups=old.groups + new.groups,
        named=old.named + new.named,
        first_activity=earliest(firsts),
        published_min=min(pubs) if pubs else None,
        published_max=max(pubs) if pubs else None,
        reports=old.reports + new.reports,
    )


def earliest(values: list[str]) -> str | None:
    """The earliest date, as precise as the reports allow: "2022-07" and "2022-07-15" give the day."""
    if not values:
        return None
    values = sorted(values)
    best = values[0]
    for v in values:
        if v.startswith(best) and len(v) > len(best):
            best = v
    return best
