"""What the pages draw, computed in Python: timelines, graph layouts and chart geometry.

Pure functions from store rows to plain data, so the templates only place shapes and text and
the pages need no JavaScript: an SVG drawn here reads the same in any browser, and is tested
without one.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from casus.export.timeline import ORDER, Fact, facts
from casus.extract.gazetteer import describe
from casus.store.base import IncidentRow

PALETTE = ["#3b6ea5", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#d4a017", "#2e8b57"]


def name(actor: str) -> str:
    return describe(actor).name


def label(value: str) -> str:
    return value.replace("_", " ")


@dataclass(slots=True)
class Quote:
    doc_id: str
    source: str
    sentence: str
    start: int
    end: int
    rule: str


@dataclass(slots=True)
class TimelineEntry:
    kind: str
    date: str | None
    text: str
    actors: list[str]
    quotes: list[Quote] = field(default_factory=list)


def _text(f: Fact) -> str:
    if f.kind == "first_activity":
        return "First activity"
    if f.kind == "claim":
        return f"{f.by} claimed the operation"
    if f.kind == "attribution":
        return f"{name(f.by)} attributed it to {name(f.to)}" + (f" ({f.detail} certainty)" if f.detail else "")
    if f.kind == "denial":
        return f"{name(f.by)} denied involvement"
    return f"{name(f.by)}: {label(f.detail)}" + (f" against {name(f.to)}" if f.to else "")


def timeline(row: IncidentRow, sources: dict[str, str]) -> list[TimelineEntry]:
    """Each fact once, at the earliest date any report gives it, with every quote behind it:
    first activity, claims, attributions, denials, responses. A fact a report states without a
    date of its own takes the report's publication date, the day it was known."""
    entries: dict[tuple, TimelineEntry] = {}
    for f in facts(row):
        when = f.date or f.published
        actors = [a for a in (f.by, f.to if f.kind == "attribution" else "") if a]
        e = entries.setdefault(f.key(), TimelineEntry(f.kind, when, _text(f), actors))
        if when and (e.date is None or when < e.date):
            e.date = when
        ev = f.evidence
        q = Quote(ev.doc_id, sources.get(ev.doc_id, ev.doc_id[:12]), ev.sentence.strip(), ev.start, ev.end, ev.rule)
        if all((x.doc_id, x.start) != (q.doc_id, q.start) for x in e.quotes):
            e.quotes.append(q)
    return sorted(entries.values(), key=lambda e: (e.date or "9999", ORDER[e.kind]))


# --- graphs ----------------------------------------------------------------------------------

EDGE_STYLE = {
    "attribution": ("#c0504d", "attributed to"),
    "response": ("#3b6ea5", "responded to"),
    "claim": ("#8064a2", "claimed an attack on"),
}
NODE_COLOR = {"state": "#dbe7f3", "international_body": "#f6e7b4", "company": "#dff0d8", "group": "#f4d6d5"}


@dataclass(slots=True)
class Node:
    id: str
    name: str
    kind: str
    x: float
    y: float
    r: float
    color: str
    anchor: str
    lx: float
    ly: float
    note: str = ""


@dataclass(slots=True)
class Edge:
    kind: str
    source: str
    target: str
    label: str
    count: int
    path: str
    color: str
    width: float
    lx: float
    ly: float


@dataclass(slots=True)
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int


def graph(edge_rows: list[tuple[str, str, str, str, int]], max_nodes: int = 36, size: int = 640) -> Graph:
    """A circular layout of actors and who attributed, responded to or claimed against whom.

    ``edge_rows`` are the store's (kind, from, to, detail, incidents). Victims link to their
    claimants; denials and victimhood mark nodes rather than draw lines. The busiest
    ``max_nodes`` actors are kept, so the store-wide graph stays readable."""
    victims = {s for k, s, *_ in edge_rows if k == "victim"}
    deniers = {s for k, s, *_ in edge_rows if k == "denial"}
    links: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    claims = [(s, n) for k, s, _, _, n in edge_rows if k == "claim"]
    for kind, src, dst, detail, n in edge_rows:
        if kind in ("attribution", "response") and dst:
            links[(kind, src, dst)][detail] += n
    if len(victims) <= 3:  # one incident's graph: tie claimants to the victims they hit
        for group, n in claims:
            for v in victims:
                links[("claim", group, v)][""] += n
    degree: Counter = Counter()
    for (_, a, b), details in links.items():
        total = sum(details.values())
        degree[a] += total
        degree[b] += total
    for a in victims | deniers:
        degree[a] += 0
    keep = [a for a, _ in degree.most_common(max_nodes)]
    size = min(size, 260 + 30 * len(keep))  # a small incident gets a small drawing
    cx = cy = size / 2
    ring = size / 2 - 40 if len(keep) > 1 else 0
    nodes: dict[str, Node] = {}
    for i, actor in enumerate(sorted(keep, key=lambda a: (describe(a).kind.value, a))):
        angle = 2 * math.pi * i / max(1, len(keep)) - math.pi / 2
        x, y = cx + ring * math.cos(angle), cy + ring * math.sin(angle)
        info = describe(actor)
        r = 7 + min(10, 2 * math.sqrt(degree[actor]))
        right = math.cos(angle) >= -1e-9
        notes = [t for t, s in (("victim", victims), ("denied", deniers)) if actor in s]
        nodes[actor] = Node(
            actor,
            info.name,
            info.kind.value,
            round(x, 1),
            round(y, 1),
            round(r, 1),
            NODE_COLOR.get(info.kind.value, "#eee"),
            "start" if right else "end",
            round(x + (r + 5) * (1 if right else -1), 1),
            round(y + 4, 1),
            ", ".join(notes),
        )
    edges = []
    peak = max((sum(d.values()) for d in links.values()), default=1)
    for (kind, a, b), details in sorted(links.items()):
        if a not in nodes or b not in nodes or a == b:
            continue
        p, q = nodes[a], nodes[b]
        dx, dy = q.x - p.x, q.y - p.y
        dist = math.hypot(dx, dy) or 1
        ux, uy = dx / dist, dy / dist
        x1, y1 = p.x + ux * p.r, p.y + uy * p.r
        x2, y2 = q.x - ux * (q.r + 4), q.y - uy * (q.r + 4)
        # bend each line to its left, so A→B and B→A, or two kinds between a pair, stay apart
        bend = 0.12 * dist + 10 * list(EDGE_STYLE).index(kind)
        mx, my = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend
        color, verb = EDGE_STYLE[kind]
        total = sum(details.values())
        text = ", ".join(label(d) for d in details if d) if kind == "response" else verb
        edges.append(
            Edge(
                kind,
                a,
                b,
                f"{nodes[a].name} {verb} {nodes[b].name}" + (f": {text}" if kind == "response" else "") + f" ({total})",
                total,
                f"M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}",
                color,
                round(1.2 + 3.5 * total / peak, 1),
                round((x1 + x2) / 4 + mx / 2, 1),
                round((y1 + y2) / 4 + my / 2, 1),
            )
        )
    return Graph(list(nodes.values()), edges, size, size)


# --- charts ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    color: str
    title: str


@dataclass(slots=True)
class Chart:
    bars: list[Bar]
    labels: list[tuple[float, float, str]]  # axis labels: x, y, text
    legend: list[tuple[str, str]]  # color, text
    width: int
    height: int
    rows: list[tuple[str, list[tuple[str, int]]]]  # the same figures as a table


def _series(counts: dict[tuple[str, str], int], top: int) -> list[str]:
    totals: Counter = Counter()
    for (_, s), n in counts.items():
        totals[s] += n
    keep = [s for s, _ in totals.most_common(top)]
    return keep + (["other"] if len(totals) > top else [])


def per_year_chart(rows: list[tuple[str, str, int]], top: int = 6) -> Chart:
    """Stacked columns: incidents per year, split by the state or group they were attributed to."""
    counts: Counter = Counter()
    for year, accused, n in rows:
        counts[(year, accused)] += n
    series = _series(counts, top)
    folded: Counter = Counter()
    for (year, accused), n in counts.items():
        folded[(year, accused if accused in series else "other")] += n
    years = sorted({y for y, _ in folded})
    if years:
        years = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    width, height, left, bottom, top_pad = 640, 300, 36, 40, 10
    peak = max((sum(folded[(y, s)] for s in series) for y in years), default=1) or 1
    step = (width - left - 10) / max(1, len(years))
    bars, labels = [], []
    for i, year in enumerate(years):
        y0 = height - bottom
        for j, s in enumerate(series):
            n = folded[(year, s)]
            if not n:
                continue
            h = (height - bottom - top_pad) * n / peak
            y0 -= h
            who = "other" if s == "other" else name(s)
            bars.append(
                Bar(
                    left + i * step + 2,
                    y0,
                    max(1.0, step - 4),
                    h,
                    PALETTE[j % len(PALETTE)],
                    f"{year}: {n} attributed to {who}",
                )
            )
        if len(years) <= 16 or i % 2 == 0:
            labels.append((left + i * step + step / 2, height - bottom + 16, year))
    labels.append((left - 6, top_pad + 8, str(peak)))
    labels.append((left - 6, height - bottom, "0"))
    legend = [(PALETTE[j % len(PALETTE)], "other" if s == "other" else name(s)) for j, s in enumerate(series)]
    table = [
        (year, [(name(s) if s != "other" else s, folded[(year, s)]) for s in series if folded[(year, s)]])
        for year in years
    ]
    return Chart(bars, labels, legend, width, height, [r for r in table if r[1]])


def responses_chart(rows: list[tuple[str, str, int]], top: int = 12) -> Chart:
    """Stacked rows: for each of the busiest responders, how many incidents drew each kind of response."""
    by_actor: dict[str, Counter] = defaultdict(Counter)
    for actor, kind, n in rows:
        by_actor[actor][kind] += n
    actors = sorted(by_actor, key=lambda a: (-sum(by_actor[a].values()), a))[:top]
    kinds = sorted({k for a in actors for k in by_actor[a]}, key=lambda k: (-sum(by_actor[a][k] for a in actors), k))
    width, row_h, left = 640, 24, 150
    height = 20 + row_h * max(1, len(actors))
    peak = max((sum(by_actor[a].values()) for a in actors), default=1) or 1
    bars, labels = [], []
    for i, actor in enumerate(actors):
        x = float(left)
        y = 10 + i * row_h
        for j, kind in enumerate(kinds):
            n = by_actor[actor][kind]
            if not n:
                continue
            w = (width - left - 20) * n / peak
            bars.append(
                Bar(x, y, w, row_h - 6, PALETTE[j % len(PALETTE)], f"{name(actor)}: {label(kind)} in {n} incident(s)")
            )
            x += w
        labels.append((left - 8, y + row_h / 2 + 1, name(actor)))
    legend = [(PALETTE[j % len(PALETTE)], label(k)) for j, k in enumerate(kinds)]
    table = [(name(a), [(label(k), by_actor[a][k]) for k in kinds if by_actor[a][k]]) for a in actors]
    return Chart(bars, labels, legend, width, height, table)
