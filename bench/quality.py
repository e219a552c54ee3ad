"""Extraction quality on the shared answer keys: ingest, export, score, per corpus.

Why through the CLI: the figure should be for what a user runs, ``casus ingest`` then
``casus export --format summary``, each in a fresh interpreter and into a fresh SQLite file, so
nothing cached in this process can flatter it. The keys and the scorer live outside the
repository, in ``../shared/eval`` beside it; without them this script says so and exits 0.

    python bench/quality.py [--set seeds|dev|check] [--show-errors]

tests/test_quality_floors.py runs the same steps and holds each set's overall F1 to its floor
in bench/floors.json.
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
SCORER = SHARED / "eval" / "score.py"
FLOORS = ROOT / "bench" / "floors.json"
SETS = ("seeds", "dev", "check")
FIELDS = (
    "incidents", "sources", "victims", "operation_types", "claimed_by", "attributions", "denials",
    "responses", "sectors", "dates", "overall",
)  # fmt: skip
STEP_TIMEOUT_S = 900


class QualityRunError(RuntimeError):
    """A step (ingest, export or score) failed for one set."""


def shared_available() -> bool:
    return SCORER.is_file()


def set_available(name: str) -> bool:
    return (SHARED / "corpus" / name).is_dir() and (SHARED / "eval" / "gold" / f"{name}.json").is_file()


def load_floors() -> dict[str, float]:
    return {k: float(v) for k, v in json.loads(FLOORS.read_text(encoding="utf-8")).items()}


def _run(step: str, name: str, cmd: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=STEP_TIMEOUT_S, cwd=ROOT)
    except subprocess.TimeoutExpired:
        raise QualityRunError(f"{name}: {step} took longer than {STEP_TIMEOUT_S} s") from None


def _tail(text: str, lines: int = 5) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])


def score_set(name: str, workdir: Path, show_errors: bool = False) -> dict:
    """Ingest ../shared/corpus/NAME into a fresh store, export the summary, score it against the key.

    Returns ``{"scores": {field: {precision, recall, f1, tp, fp, fn}}, "errors": [...], "warnings": [...]}``;
    ``errors`` (missed and extra tuples) is filled only with ``show_errors``.
    """
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
    if show_errors:
        return {"scores": result["scores"], "errors": result.get("errors", []), "warnings": warnings}
    return {"scores": result, "errors": [], "warnings": warnings}


def print_table(results: dict[str, dict], floors: dict[str, float]) -> None:
    names = list(results)
    cell = 20
    print(f"{'':<17}" + "".join(f"{n:^{cell}}" for n in names))
    print(f"{'field':<17}" + "".join(f"{'P':>6}{'R':>7}{'F1':>7}" for _ in names))
    for field in FIELDS:
        row = f"{field:<17}"
        for n in names:
            s = results[n]["scores"].get(field)
            row += f"{s['precision']:>6.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}" if s else f"{'n/a':>20}"
        print(row)
    row = f"{'overall F1 floor':<17}"
    for n in names:
        floor = floors.get(n)
        row += f"{'':>13}{floor:>7.3f}" if floor is not None else f"{'n/a':>20}"
    print(row)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=SETS, help="score one set only")
    ap.add_argument("--show-errors", action="store_true", help="list every missed and extra tuple")
    args = ap.parse_args(argv)

    if not shared_available():
        print(f"quality.py: {SCORER} not found: no answer keys beside this repository; nothing to score")
        return 0
    floors = load_floors()
    results: dict[str, dict] = {}
    failed = False
    with tempfile.TemporaryDirectory(prefix="casus-quality-") as tmp:
        for name in [args.set] if args.set else SETS:
            if not set_available(name):
                print(f"{name}: corpus or key missing under {SHARED}; skipped")
                continue
            try:
                results[name] = score_set(name, Path(tmp), args.show_errors)
            except QualityRunError as exc:
                print(f"quality.py: {exc}", file=sys.stderr)
                failed = True
                continue
            for line in results[name]["warnings"]:
                print(f"{name}: {line}")
            if args.show_errors:
                print(f"--- {name}: missed and extra tuples")
                print("\n".join(results[name]["errors"]) or "no errors")
                print()
    if results:
        print_table(results, floors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
