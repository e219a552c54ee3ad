"""Extraction and grouping quality on the shared answer keys: ingest, export, score, per corpus.

Why through the CLI: the figure should be for what a user runs, ``casus ingest`` then
``casus export --format summary``, each in a fresh interpreter and into a fresh SQLite file, so
nothing cached in this process can flatter it. The keys and the scorer live outside the
repository, in ``../shared/eval`` beside it; without them this script says so and exits 0.
Two sets run at once (one subprocess each), which is what a two-core machine can take.

    python bench/quality.py [--set seeds|dev|dev2|check] [--show-errors] [--json]

Extraction: score.py's precision, recall and F1 per field and overall, with the counts of
matched (tp), spurious (fp) and missed (fn) tuples.

Grouping: B-cubed precision, recall and F1 of the predicted incidents' source sets against the
key's required incidents. A document may report several incidents, so an item is a pair
(document, required key incident holding it), not a document alone. Each item is scored with
one predicted cluster: among the predicted incidents that hold the document, the one sharing
the most documents with that key incident (ties: the smaller cluster, then the first exported);
a document in no predicted incident counts as a cluster of its own. Clusters are cut down to
item documents first. Then, with P that cluster and K the key incident's sources,
precision = |P & K| / |P| and recall = |P & K| / |K|, both averaged over all items, and F1 is
their harmonic mean. A document that is in several key incidents is thus judged once per
incident, each time against the cluster that best represents that incident, so an article
that reports an attack and retells an older one is not penalised for the older one's cluster.
Distractor documents (in no key incident, required or optional) are not items; the report says
how many of them ended up in a predicted incident, and sets the number of predicted incidents
beside the number of required key incidents.

``--show-errors`` groups score.py's missed and extra tuples by kind and by field: a table of
counts per field (missed on found incidents, missed with unfound incidents, spurious on found
incidents, spurious on fragments, spurious on incidents of no key incident), then the missed
incidents, the fragments and unkeyed incidents with the tuples they carry, the missed and extra
sources, and last every tuple under its field. check is the unseen yardstick: only its scores
are ever printed, never its errors.

tests/test_quality_floors.py runs the same steps and holds each set's overall F1, and its
grouping F1, to the floors in bench/floors.json.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
FLOORS = ROOT / "bench" / "floors.json"
SETS = ("seeds", "dev", "dev2", "check")
UNSEEN = "check"  # scored, never shown: no error lists, no article text
FIELDS = (
    "incidents", "sources", "victims", "operation_types", "claimed_by", "attributions", "denials",
    "responses", "sectors", "dates", "overall",
)  # fmt: skip
TUPLE_FIELDS = ("victims", "operation_types", "claimed_by", "attributions", "denials", "responses", "sectors", "dates")
STEP_TIMEOUT_S = 900
PARALLEL = 2


class QualityRunError(RuntimeError):
    """A step (ingest, export or score) failed for one set."""


def shared_available() -> bool:
    return SCORER.is_file()


def set_available(name: str) -> bool:
    return (SHARED / "corpus" / name).is_dir() and (SHARED / "eval" / "gold" / f"{name}.json").is_file()


def _floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8"))


def load_floors() -> dict[str, float]:
    """Overall F1 floor per set (top-level numbers in bench/floors.json)."""
    return {k: float(v) for k, v in _floors().items() if isinstance(v, int | float)}


def load_grouping_floors() -> dict[str, float]:
    """Grouping B-cubed F1 floor per set (the "grouping" object in bench/floors.json)."""
    return {k: float(v) for k, v in _floors().get("grouping", {}).items()}


def _run(step: str, name: str, cmd: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=STEP_TIMEOUT_S, cwd=ROOT)
    except subprocess.TimeoutExpired:
        raise QualityRunError(f"{name}: {step} took longer than {STEP_TIMEOUT_S} s") from None


def _tail(text: str, lines: int = 5) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])


# --------------------------------------------------------------------------------------------
# Grouping: B-cubed over (document, key incident) items
# --------------------------------------------------------------------------------------------


def source_id(source: str) -> str:
    """A file by its name alone, case-folded; a URL whole (as score.py compares sources)."""
    text = str(source).strip()
    if "://" not in text:
        text = text.replace("\\", "/").rsplit("/", 1)[-1]
    return unicodedata.normalize("NFKC", text).casefold()


def corpus_documents(corpus: Path) -> set[str]:
    """The article files casus reads in a corpus folder (SOURCES.md and the like are not articles)."""
    return {source_id(p.name) for p in corpus.iterdir() if p.suffix.lower() in (".txt", ".text", ".html", ".htm")}


def grouping_scores(predicted: list[dict], key: list[dict], documents: set[str]) -> dict:
    """B-cubed P, R, F1 of predicted source sets against the required key incidents (see the
    module docstring for the item definition), with the distractor and incident counts."""
    required = [{source_id(s) for s in k.get("sources") or []} for k in key if k.get("optional") is not True]
    keyed = {source_id(s) for k in key for s in k.get("sources") or []}
    item_docs = set().union(*required) if required else set()
    full = [{source_id(s) for s in p.get("sources") or []} for p in predicted]
    clusters = [c & item_docs for c in full]
    holding: dict[str, list[int]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        for doc in cluster:
            holding[doc].append(i)

    precisions, recalls = [], []
    for k in required:
        for doc in k:
            options = [clusters[i] for i in holding.get(doc, [])]
            best = min(options, key=lambda c: (-len(c & k), len(c)), default={doc})
            shared = len(best & k)
            precisions.append(shared / len(best))
            recalls.append(shared / len(k))
    p = sum(precisions) / len(precisions) if precisions else 1.0
    r = sum(recalls) / len(recalls) if recalls else 1.0
    distractors = documents - keyed
    grouped = set().union(*full) if full else set()
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "items": len(precisions),
        "key_incidents": len(required),
        "predicted_incidents": len(predicted),
        "predicted_with_key_documents": sum(1 for c in clusters if c),
        "distractors": len(distractors),
        "distractors_in_incidents": len(distractors & grouped),
    }


# --------------------------------------------------------------------------------------------
# Running one set
# --------------------------------------------------------------------------------------------


def score_set(name: str, workdir: Path, show_errors: bool = False) -> dict:
    """Ingest ../shared/corpus/NAME into a fresh store, export the summary, score it against the key.

    Returns ``{"scores": {field: {precision, recall, f1, tp, fp, fn}}, "grouping": {...},
    "errors": [...], "report": {...}, "warnings": [...]}``; ``errors`` (score.py's missed and
    extra lines) and ``report`` (them grouped) are filled only with ``show_errors``, never for check.
    """
    show_errors = show_errors and name != UNSEEN
    corpus = SHARED / "corpus" / name
    gold = SHARED / "eval" / "gold" / f"{name}.json"
    db = workdir / f"{name}.db"
    out = workdir / f"{name}.summary.json"
    db.unlink(missing_ok=True)
    warnings = []

    ingest = _run("ingest", name, [sys.executable, "-m", "casus", "ingest", str(corpus), "--db", str(db)])
    if ingest.returncode != 0:
        # casus ingest exits 1 when some file could not be read, after storing the others.
        if not db.exists():
            raise QualityRunError(f"{name}: ingest failed: {_tail(ingest.stderr or ingest.stdout)}")
        warnings.append(f"ingest exited {ingest.returncode}: {_tail(ingest.stderr)}")

    export = _run(
        "export",
        name,
        [sys.executable, "-m", "casus", "export", "--format", "summary", "--db", str(db), "-o", str(out)],
    )
    if export.returncode != 0 or not out.is_file():
        raise QualityRunError(f"{name}: export failed: {_tail(export.stderr or export.stdout)}")

    cmd = [sys.executable, str(SCORER), str(out), str(gold), "--json"]
    if show_errors:
        cmd.append("--show-errors")
    scored = _run("score", name, cmd)
    if scored.returncode != 0:
        raise QualityRunError(f"{name}: score.py failed: {_tail(scored.stderr or scored.stdout)}")
    result = json.loads(scored.stdout)
    predicted = json.loads(out.read_text(encoding="utf-8"))["incidents"]
    key = json.loads(gold.read_text(encoding="utf-8"))["incidents"]
    grouping = grouping_scores(predicted, key, corpus_documents(corpus))
    if show_errors:
        errors = result.get("errors", [])
        return {
            "scores": result["scores"],
            "grouping": grouping,
            "errors": errors,
            "report": error_report(errors, key),
            "warnings": warnings,
        }
    return {"scores": result, "grouping": grouping, "errors": [], "report": {}, "warnings": warnings}


# --------------------------------------------------------------------------------------------
# Errors grouped by kind and field
# --------------------------------------------------------------------------------------------

_INCIDENT_LINE = re.compile(r"^(missed|extra)\s+incident \[(?:predicted )?([^\]]*)\]\s?(.*)$")
_TUPLE_LINE = re.compile(r"^(missed|extra)\s+\[(predicted )?([^\]]*)\] (\w+): (.*)$")
_SOURCES = re.compile(r"\s*sources=(\[.*\])$")


def _sources_of(text: str) -> tuple[str, list[str]]:
    """Split ``title sources=[...]`` (score.py prints the list with repr) into title and sources."""
    m = _SOURCES.search(text)
    if not m:
        return text, []
    found = re.findall(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"", m.group(1))
    return text[: m.start()].rstrip(), [a or b for a, b in found]


def error_report(lines: list[str], key: list[dict]) -> dict:
    """score.py's error lines grouped: per field counts by kind, missed incidents, extra incidents
    (fragments of a key incident, or unkeyed), sources, and each field's tuples."""
    required_sources = {
        k.get("id", str(j)): {source_id(s) for s in k.get("sources") or []}
        for j, k in enumerate(key)
        if k.get("optional") is not True
    }
    missed_incidents: dict[str, dict] = {}
    extra_incidents: dict[str, dict] = {}
    tuples: list[tuple[str, bool, str, str, str]] = []  # kind, predicted?, incident id, field, value
    unparsed = []
    for line in lines:
        if m := _INCIDENT_LINE.match(line):
            kind, ident, rest = m.groups()
            if kind == "missed":
                missed_incidents[ident] = {"title": rest, "tuples": 0}
            else:
                title, sources = _sources_of(rest)
                ids = {source_id(s) for s in sources}
                of = sorted(k for k, srcs in required_sources.items() if ids & srcs)
                extra_incidents[ident] = {"title": title, "sources": sources, "fragment_of": of, "tuples": []}
        elif m := _TUPLE_LINE.match(line):
            kind, predicted, ident, field, value = m.groups()
            tuples.append((kind, bool(predicted), ident, field, value))
        else:
            unparsed.append(line)

    columns = ("missed_found", "missed_unfound", "spurious_found", "spurious_fragment", "spurious_unkeyed")
    table: dict[str, Counter] = {f: Counter() for f in TUPLE_FIELDS}
    per_field: dict[str, list[str]] = defaultdict(list)
    sources: list[str] = []
    for kind, predicted, ident, field, value in tuples:
        if field == "source":
            sources.append(f"{kind:<7} [{ident}] {value}")
            continue
        if predicted:
            extra = extra_incidents.setdefault(ident, {"title": "", "sources": [], "fragment_of": [], "tuples": []})
            extra["tuples"].append(f"{field}: {value}")
            column = "spurious_fragment" if extra["fragment_of"] else "spurious_unkeyed"
        elif ident in missed_incidents:
            missed_incidents[ident]["tuples"] += 1
            column = "missed_unfound"
        else:
            column = "missed_found" if kind == "missed" else "spurious_found"
            per_field[field].append(f"{kind:<7} [{ident}] {value}")
        table.setdefault(field, Counter())[column] += 1
    return {
        "columns": columns,
        "table": {f: dict(c) for f, c in table.items()},
        "missed_incidents": missed_incidents,
        "extra_incidents": extra_incidents,
        "sources": sources,
        "per_field": dict(per_field),
        "unparsed": unparsed,
    }


def print_error_report(name: str, report: dict) -> None:
    cols = report["columns"]
    heads = ("missed:found", "missed:unfound", "spurious:found", "spurious:fragment", "spurious:unkeyed")
    print(f"=== {name}: where the losses are")
    print("tuples per field (found = on a key incident that was paired; unfound = the key incident was")
    print("missed; fragment = an extra incident that shares sources with a key incident; unkeyed = an")
    print("extra incident on documents of no required key incident)")
    print(f"{'field':<17}" + "".join(f"{h:>19}" for h in heads) + f"{'all':>7}")
    totals = Counter()
    for field in TUPLE_FIELDS:
        counts = report["table"].get(field, {})
        totals.update(counts)
        print(f"{field:<17}" + "".join(f"{counts.get(c, 0):>19}" for c in cols) + f"{sum(counts.values()):>7}")
    print(f"{'all':<17}" + "".join(f"{totals.get(c, 0):>19}" for c in cols) + f"{sum(totals.values()):>7}")

    missed = report["missed_incidents"]
    print(f"\n--- missed key incidents: {len(missed)}")
    for ident, info in missed.items():
        print(f"  [{ident}] ({info['tuples']} tuples) {info['title']}")
    extras = report["extra_incidents"]
    fragments = {i: e for i, e in extras.items() if e["fragment_of"]}
    unkeyed = {i: e for i, e in extras.items() if not e["fragment_of"]}
    for label, group in (("fragments (extra incidents on a key incident's sources)", fragments),
                         ("unkeyed extra incidents (distractors, passing mentions)", unkeyed)):  # fmt: skip
        print(f"\n--- {label}: {len(group)}, {sum(len(e['tuples']) for e in group.values())} spurious tuples")
        for ident, info in group.items():
            of = f" of {', '.join(info['fragment_of'])}" if info["fragment_of"] else ""
            print(f"  [predicted {ident}]{of}: {info['title']}")
            print(f"      sources: {', '.join(info['sources'])}")
            for t in info["tuples"]:
                print(f"      {t}")
    print(f"\n--- sources on paired incidents: {len(report['sources'])}")
    for line in report["sources"]:
        print(f"  {line}")
    print("\n--- tuples on paired incidents, by field")
    for field in TUPLE_FIELDS:
        lines = report["per_field"].get(field, [])
        if lines:
            print(f"  {field}: {sum(1 for x in lines if x.startswith('missed'))} missed, "
                  f"{sum(1 for x in lines if x.startswith('extra'))} spurious")  # fmt: skip
            for line in sorted(lines):
                print(f"    {line}")
    for line in report["unparsed"]:
        print(f"  (unparsed) {line}")
    print()


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def print_set(name: str, result: dict) -> None:
    print(f"=== {name}")
    print(f"{'field':<17}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for field in FIELDS:
        s = result["scores"].get(field)
        if s:
            print(
                f"{field:<17}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
            )
        else:
            print(f"{field:<17}{'n/a':>7}")
    g = result["grouping"]
    print(
        f"{'grouping B3':<17}{g['precision']:>7.3f}{g['recall']:>7.3f}{g['f1']:>7.3f}"
        f"   {g['items']} (document, key incident) items"
    )
    print(
        f"incidents: {g['predicted_incidents']} predicted ({g['predicted_with_key_documents']} on key documents) "
        f"for {g['key_incidents']} required key incidents; distractors in an incident: "
        f"{g['distractors_in_incidents']} of {g['distractors']}"
    )
    print()


def print_summary(results: dict[str, dict], floors: dict[str, float], gfloors: dict[str, float]) -> None:
    print("=== summary")
    print(
        f"{'set':<8}{'P':>7}{'R':>7}{'F1':>7}{'floor':>7}{'tp':>6}{'fp':>6}{'fn':>6}"
        f"{'B3 P':>8}{'B3 R':>7}{'B3 F1':>7}{'floor':>7}{'incidents':>12}"
    )
    for name, result in results.items():
        s, g = result["scores"]["overall"], result["grouping"]
        floor = f"{floors[name]:.3f}" if name in floors else "-"
        gfloor = f"{gfloors[name]:.3f}" if name in gfloors else "-"
        print(
            f"{name:<8}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{floor:>7}"
            f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
            f"{g['precision']:>8.3f}{g['recall']:>7.3f}{g['f1']:>7.3f}{gfloor:>7}"
            f"{g['predicted_incidents']:>6} / {g['key_incidents']:<3}"
        )
    print("incidents: predicted / required in the key; floors from bench/floors.json (check has none)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=SETS, help="score one set only")
    ap.add_argument("--show-errors", action="store_true", help="missed and extra tuples, grouped by kind and field")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = ap.parse_args(argv)

    if args.show_errors and args.set == UNSEEN:
        print(f"quality.py: {UNSEEN} is kept unseen: its scores only, no error lists")
        return 2
    if not shared_available():
        print(f"quality.py: {SCORER} not found: no answer keys beside this repository; nothing to score")
        return 0
    names = []
    for name in [args.set] if args.set else SETS:
        if set_available(name):
            names.append(name)
        else:
            print(f"{name}: corpus or key missing under {SHARED}; skipped", file=sys.stderr)

    results: dict[str, dict] = {}
    failed = False
    with tempfile.TemporaryDirectory(prefix="casus-quality-") as tmp, ThreadPoolExecutor(PARALLEL) as pool:
        futures = {name: pool.submit(score_set, name, Path(tmp), args.show_errors) for name in names}
        for name, future in futures.items():
            try:
                results[name] = future.result()
            except QualityRunError as exc:
                print(f"quality.py: {exc}", file=sys.stderr)
                failed = True

    if args.json:
        out = {
            name: {k: r[k] for k in ("scores", "grouping", "report", "warnings") if r.get(k) or k == "warnings"}
            for name, r in results.items()
        }
        print(json.dumps(out, indent=2))
        return 1 if failed else 0
    for name, result in results.items():
        for line in result["warnings"]:
            print(f"{name}: {line}")
        if result["report"]:
            print_error_report(name, result["report"])
        print_set(name, result)
    if args.show_errors and UNSEEN in results:
        print(f"{UNSEEN}: scores only; it is kept unseen, so its errors are not listed")
    if results:
        print_summary(results, load_floors(), load_grouping_floors())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
