"""Fit the pairwise grouping decision on the answer keys and check that it generalises.

Pairs: every two reports of one corpus (seeds, dev, dev2) that share a blocking key, the only
pairs resolution ever compares. A pair is positive when its two documents are sources of one
required key incident, negative when they share no key incident at all (distractors included),
and left out when they share only an optional one.

Model: logistic regression with an L2 penalty (Newton's method in numpy) on the features of
``casus.resolve.pairwise.features``. The threshold on the log-odds is chosen for B-cubed F1 of
the connected components, since one false link can join two whole incidents.

Evaluation: leave-incidents-out cross-validation. The key incidents of all sets are dealt into
folds; each fold's documents (distractors dealt by name) are grouped with weights fitted on the
other folds, and B-cubed precision, recall and F1 are averaged over folds. The weights shipped
in ``weights.json`` are scored on the same folds, so the two can be compared; ``--write``
replaces them with the fitted ones.

    python bench/train_grouping.py [--write]   # or: make train
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from casus.extract.report import Extractor  # noqa: E402
from casus.ingest import read_paths  # noqa: E402
from casus.resolve.components import components  # noqa: E402
from casus.resolve.pairwise import comparable, features, report_profile  # noqa: E402
from grouping import SHARED, bcubed  # noqa: E402

SETS = ("seeds", "dev", "dev2")
WEIGHTS = ROOT / "src" / "casus" / "resolve" / "weights.json"
L2 = 1.0
FOLDS = 5
MIN_PRECISION = 0.95
THRESHOLDS = [x / 4 for x in range(-8, 17)]


def load(name: str, corpus: Path | None = None, key: Path | None = None) -> tuple[dict, dict, list[set[str]]]:
    """(profiles by source name, key incidents by source name, required key incidents' sources)
    of a shared set, or of a corpus directory and its key given as paths."""
    extractor = Extractor()
    profiles = {}
    corpus = corpus or SHARED / "corpus" / name
    key = key or SHARED / "eval" / "gold" / f"{name}.json"
    for doc in read_paths([corpus]):
        if hasattr(doc, "text"):
            for report in extractor.extract(doc):
                profiles[f"{name}/{doc.source.lower()}"] = report_profile(report, doc)
    gold = json.loads(key.read_text(encoding="utf-8"))
    incidents: dict[str, set[tuple[str, bool]]] = {}
    required = []
    for n, inc in enumerate(gold["incidents"]):
        sources = {f"{name}/{s.lower()}" for s in inc["sources"]}
        for s in sources:
            incidents.setdefault(s, set()).add((f"{name}#{n}", bool(inc.get("optional"))))
        if not inc.get("optional"):
            required.append(sources)
    return profiles, incidents, required


def pairs(profiles: dict, incidents: dict) -> tuple[list[str], np.ndarray, np.ndarray]:
    names, rows, labels = None, [], []
    for a, b in combinations(sorted(profiles), 2):
        if a.split("/")[0] != b.split("/")[0] or not comparable(profiles[a], profiles[b]):
            continue
        ia, ib = incidents.get(a, set()), incidents.get(b, set())
        shared = {i for i, _ in ia} & {i for i, _ in ib}
        required = {i for i, opt in ia if not opt} & {i for i, opt in ib if not opt}
        if shared and not required:
            continue
        f = features(profiles[a], profiles[b])
        names = names or list(f)
        rows.append([f[k] for k in names])
        labels.append(1.0 if required else 0.0)
    return names or [], np.array(rows), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Weights (bias first) of an L2-penalised logistic regression, by Newton's method."""
    x1 = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x1.shape[1])
    penalty = L2 * np.eye(len(w))
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x1 @ w))
        grad = x1.T @ (p - y) + penalty @ w
        hess = x1.T @ (x1 * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def shipped() -> tuple[np.ndarray, float, list[str]]:
    """The weights in weights.json as (bias and weights, threshold, feature names)."""
    d = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    names = list(d["features"])
    return np.array([d["bias"], *d["features"].values()]), d.get("threshold", 0.0), names


def decider(names: list[str], w: np.ndarray, threshold: float):
    def decide(a, b) -> bool:
        f = features(a, b)
        return w[0] + sum(w[i + 1] * f[k] for i, k in enumerate(names)) > threshold

    return decide


def grouping_score(profiles: dict, required: list[set[str]], decide) -> dict:
    # a document no report was extracted from is a cluster of its own, as bench/grouping.py counts it
    return bcubed([set(c) for c in components(profiles, decide)], required)


def fold_of(key: str) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % FOLDS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the fitted weights to weights.json")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="CORPUS_DIR:KEY_JSON",
        help="another keyed corpus to fit and cross-validate on (repeatable)",
    )
    args = parser.parse_args()
    sets: list[tuple[str, Path | None, Path | None]] = [(name, None, None) for name in SETS]
    for spec in args.set:
        corpus, _, key = spec.partition(":")
        if not key or not Path(corpus).is_dir() or not Path(key).is_file():
            parser.error(f"--set {spec}: give an existing corpus directory and key file as DIR:KEY")
        sets.append((Path(corpus).resolve().parent.name + "-" + Path(corpus).name, Path(corpus), Path(key)))
    profiles, incidents, required = {}, {}, []
    for name, corpus, key in sets:
        p, i, r = load(name, corpus, key)
        profiles |= p
        incidents |= i
        required += r
    names, x, y = pairs(profiles, incidents)
    print(f"{len(profiles)} reports, {len(y)} comparable pairs, {int(y.sum())} positive")

    # documents' folds follow their first required key incident, so an incident is never split
    def doc_fold(source: str) -> int:
        keys = sorted(i for i, opt in incidents.get(source, set()) if not opt) or [source]
        return fold_of(keys[0])

    pair_folds = []
    for a, b in combinations(sorted(profiles), 2):
        if a.split("/")[0] != b.split("/")[0] or not comparable(profiles[a], profiles[b]):
            continue
        ia, ib = incidents.get(a, set()), incidents.get(b, set())
        if ({i for i, _ in ia} & {i for i, _ in ib}) and not (
            {i for i, o in ia if not o} & {i for i, o in ib if not o}
        ):
            continue
        pair_folds.append((doc_fold(a), doc_fold(b)))
    results = {t: [] for t in THRESHOLDS}
    shipped_w, shipped_t, shipped_names = shipped()
    shipped_results = []
    for fold in range(FOLDS):
        train = np.array([fa != fold and fb != fold for fa, fb in pair_folds])
        w = fit(x[train], y[train])
        test_profiles = {s: p for s, p in profiles.items() if doc_fold(s) == fold}
        test_required = [r for r in required if doc_fold(sorted(r)[0]) == fold or any(doc_fold(s) == fold for s in r)]
        test_required = [{s for s in r if doc_fold(s) == fold} for r in test_required]
        test_required = [r for r in test_required if r]
        for t in THRESHOLDS:
            results[t].append(grouping_score(test_profiles, test_required, decider(names, w, t)))
        shipped_results.append(
            grouping_score(test_profiles, test_required, decider(shipped_names, shipped_w, shipped_t))
        )
    # the best F1 among thresholds whose cross-validated precision holds the floor: a wrong link
    # joins two whole incidents, a missed one only leaves a fragment
    safe = [t for t in THRESHOLDS if np.mean([r["precision"] for r in results[t]]) >= MIN_PRECISION] or THRESHOLDS
    best = max(safe, key=lambda t: np.mean([r["f1"] for r in results[t]]))
    for t in THRESHOLDS:
        p = np.mean([r["precision"] for r in results[t]])
        r = np.mean([r["recall"] for r in results[t]])
        f = np.mean([r["f1"] for r in results[t]])
        print(
            f"threshold {t:+.2f}: cross-validated B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}{'  <-' if t == best else ''}"
        )
    p, r, f = (np.mean([x[k] for x in shipped_results]) for k in ("precision", "recall", "f1"))
    print(f"weights.json on the same folds: cross-validated B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}")
    w = fit(x, y)
    weights = {
        "bias": round(float(w[0]), 4),
        "threshold": best,
        "features": {k: round(float(v), 4) for k, v in zip(names, w[1:], strict=True)},
    }
    print(json.dumps(weights, indent=2))
    for name, _, _ in sets:
        sub = {s: p for s, p in profiles.items() if s.startswith(name + "/")}
        req = [r for r in required if next(iter(r)).startswith(name + "/")]
        s = grouping_score(sub, req, decider(names, w, best))
        print(f"{name}: B-cubed (fitted on all) P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    if args.write:
        WEIGHTS.write_text(json.dumps(weights, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
