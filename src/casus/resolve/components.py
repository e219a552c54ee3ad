"""Incidents as the connected components of the pairwise decision, and the documents they hold
without a report of their own.

Used by ``casus resolve`` (regroup a whole store from its stored reports) and by the training
script; ingest reaches the same components one report at a time, because each new report is
compared with every stored report it could link to and joins, or merges, their components.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping

from casus.resolve.pairwise import ReportProfile, blocking_keys, lookup_keys, same_incident


class DisjointSets:
    """Union-find over hashable ids; ``find`` compresses paths as it goes."""

    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, x: Hashable) -> Hashable:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def components(
    profiles: Mapping[Hashable, ReportProfile],
    decide: Callable[[ReportProfile, ReportProfile], bool] = same_incident,
    doc_of: Mapping[Hashable, str] | None = None,
) -> list[list[Hashable]]:
    """Group report ids into incidents: the connected components of ``decide`` over the pairs
    that share a blocking key. Sorted ids within each component, components by their first id.
    Two reports of one document (``doc_of``) are two incidents the article tells apart, so they
    are never compared, as ingest never compares a report with its own document's others."""
    doc_of = doc_of or {}
    index: dict[str, list[Hashable]] = defaultdict(list)
    for rid in sorted(profiles):
        for key in blocking_keys(profiles[rid]):
            index[key].append(rid)
    sets = DisjointSets()
    for rid in sorted(profiles):
        sets.find(rid)
        candidates = sorted({c for key in lookup_keys(profiles[rid]) for c in index.get(key, ()) if c != rid})
        for other in candidates:
            if doc_of.get(other, other) == doc_of.get(rid, rid):
                continue
            if sets.find(other) != sets.find(rid) and decide(profiles[rid], profiles[other]):
                sets.union(rid, other)
    groups: dict[Hashable, list[Hashable]] = defaultdict(list)
    for rid in sorted(profiles):
        groups[sets.find(rid)].append(rid)
    return sorted(groups.values(), key=lambda g: g[0])


def attachments(
    texts: Mapping[Hashable, ReportProfile],
    reports: Mapping[Hashable, ReportProfile],
    incident_of: Mapping[Hashable, Hashable],
    decide: Callable[[ReportProfile, ReportProfile], bool] = same_incident,
) -> dict[Hashable, set[Hashable]]:
    """Documents extraction found no report in (``texts``), each with the incidents holding a
    report the pairwise decision links it to. Such a document is a source of those incidents but
    never joins two of them into one: with no facts of its own it vouches for nothing."""
    index: dict[str, list[Hashable]] = defaultdict(list)
    for rid in sorted(reports):
        for key in blocking_keys(reports[rid]):
            index[key].append(rid)
    out: dict[Hashable, set[Hashable]] = {}
    for doc in sorted(texts):
        found: set[Hashable] = set()
        for rid in sorted({r for key in lookup_keys(texts[doc]) for r in index.get(key, ())}):
            if incident_of[rid] not in found and decide(texts[doc], reports[rid]):
                found.add(incident_of[rid])
        if found:
            out[doc] = found
    return out
