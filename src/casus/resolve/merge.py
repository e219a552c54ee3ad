"""An incident's actors and dates summed over its reports, and the earliest of several dates.

Grouping itself is a pairwise decision between reports (:mod:`casus.resolve.pairwise`); the
summed profile here is what the store keeps beside each incident for display: how many reports
name each victim, accused, claimant and group, its first activity and its span of news.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from casus.models import Report


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
        """A profile from its JSON; ``{}`` (an incident not yet reindexed) is the empty profile."""
        return cls(
            Counter(d.get("victims", {})),
            Counter(d.get("accused", {})),
            Counter(d.get("groups", {})),
            Counter(d.get("named", {})),
            d.get("first_activity"),
            d.get("published_min"),
            d.get("published_max"),
            d.get("reports", 0),
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
