"""Grouping quality: B-cubed precision, recall and F1 of predicted incidents' source sets.

Why B-cubed: the scorer pairs incidents one to one, so a split incident shows up only as
spurious tuples; B-cubed says directly how far resolution keeps one incident's articles
together (recall) and apart from other incidents' (precision), whatever the extracted facts.

Items are the source file names of the key's required incidents. For an item in key incident
K, its predicted cluster is the union of the sources of every predicted incident that holds it
(only items of required incidents count); an item no predicted incident holds is a cluster of
its own. Precision and recall are averaged over (item, key incident) pairs, so a document in
two key incidents counts with each. Distractors (documents in no key incident at all) should
be in no predicted incident; the script counts those that are.

    python bench/grouping.py [--set seeds|dev|dev2|check ...] [--summary FILE] [--keep DIR]

With ``--summary`` it scores an existing export instead of ingesting the set afresh.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETS = ("seeds", "dev", "dev2", "check")


def _name(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1].lower()


def _required(gold: dict) -> list[set[str]]:
    return [{_name(s) for s in inc["sources"]} for inc in gold["incidents"] if not inc.get("optional")]


def bcubed(predicted: list[set[str]], key: list[set[str]]) -> dict:
    """B-cubed precision, recall and F1 of predicted source sets against the key's required incidents."""
    items = set().union(*key) if key else set()
    clusters: dict[str, set[str]] = {}
    for sources in predicted:
        kept = sources & items
        for item in kept:
            clusters.setdefault(item, set()).update(kept)
    precision = recall = 0.0
    pairs = 0
    for gold in key:
        for item in gold:
            mine = clusters.get(item, {item})
            both = len(mine & gold)
            precision += both / len(mine)
            recall += both / len(gold)
            pairs += 1
    p = precision / pairs if pairs else 1.0
    r = recall / pairs if pairs else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "items": pairs}


def distractors_placed(predicted: list[set[str]], gold: dict, corpus: Path) -> list[str]:
    """Documents of the corpus that no key incident holds (required or optional) but a predicted incident does."""
    keyed = {_name(s) for inc in gold["incidents"] for s in inc["sources"]}
    placed = set().union(*predicted) if predicted else set()
    return sorted(n for n in (_name(p.name) for p in corpus.iterdir()) if n not in keyed and n in placed)


def _casus(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "casus", *args], capture_output=True, text=True, cwd=ROOT)


def summary_of(name: str, workdir: Path) -> Path:
    """Ingest the set into a fresh SQLite store and export its casus-summary/1."""
    db, out = workdir / f"{name}.db", workdir / f"{name}.summary.json"
    db.unlink(missing_ok=True)
    _casus("ingest", str(SHARED / "corpus" / name), "--db", str(db))
    done = _casus("export", "--format", "summary", "--db", str(db), "-o", str(out))
    if done.returncode != 0:
        raise SystemExit(f"{name}: export failed: {done.stderr.strip()}")
    return out


def overall_f1(summary: Path, name: str) -> float | None:
    key = SHARED / "eval" / "gold" / f"{name}.json"
    done = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(summary), str(key), "--json"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return None
    scores = json.loads(done.stdout)
    overall = scores.get("overall") or scores.get("fields", {}).get("overall") or {}
    return overall.get("f1")


def score(name: str, summary: Path) -> dict:
    gold = json.loads((SHARED / "eval" / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    predicted = [{_name(s) for s in inc["sources"]} for inc in json.loads(summary.read_text())["incidents"]]
    result = bcubed(predicted, _required(gold))
    result["distractors_placed"] = distractors_placed(predicted, gold, SHARED / "corpus" / name)
    result["incidents"] = {"predicted": len(predicted), "key": len(_required(gold))}
    result["overall_f1"] = overall_f1(summary, name)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", dest="sets", action="append", choices=SETS)
    parser.add_argument("--summary", type=Path, help="score this export (with one --set)")
    parser.add_argument("--keep", type=Path, help="keep stores and exports in this folder")
    args = parser.parse_args()
    sets = args.sets or [s for s in SETS if (SHARED / "corpus" / s).is_dir()]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for name in sets:
            summary = args.summary or summary_of(name, workdir)
            r = score(name, summary)
            f1 = f"{r['overall_f1']:.3f}" if r["overall_f1"] is not None else "-"
            print(
                f"{name:6} B-cubed P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}  "
                f"incidents {r['incidents']['predicted']} (key {r['incidents']['key']})  "
                f"distractors placed {len(r['distractors_placed'])}  overall F1 {f1}"
            )


if __name__ == "__main__":
    main()
