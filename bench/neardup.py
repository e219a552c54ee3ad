"""Near-copy detection: precision and recall on a built set of copies, near-copies and non-copies.

casus keeps a wire copy or repost of a stored article as one more source of its incidents, not
as a second account (``resolve/neardup.py``: MinHash over word 5-grams, 16 bands for lookup,
``DUPLICATE_SIMILARITY`` to decide). This measures that decision the way the store makes it: a
pair counts as a copy when the two signatures share a band (the store finds the original only
through one) and their estimated similarity reaches the threshold.

Positives are made from each original by what syndication does to a story: a new headline and a
byline, an agency's boilerplate around it, the last paragraphs cut, a few words edited, a
"Related" teaser or a dateline inserted, whitespace and line breaks changed, and two of these at
once. Negatives are other articles: the generated corpus's other stories and, when the shared
corpora are there (``../shared``), pairs of different outlets' accounts of one incident, which
tell the same story in their own words and must not count as copies.

    python bench/neardup.py [--originals 300] [--seed 7]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from casus.ingest import read_paths  # noqa: E402
from casus.models import Document  # noqa: E402
from casus.resolve import band_keys, shingle_signature, similarity  # noqa: E402
from casus.resolve.neardup import DUPLICATE_SIMILARITY  # noqa: E402
from corpus_gen import generate  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
BOILERPLATE = [
    "Reporting by staff correspondents; editing by the news desk.",
    "Sign up for our morning newsletter to get the day's top stories.",
    "(c) All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Follow us on social media for the latest updates.",
]


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def _edit_words(text: str, rng: random.Random, share: float) -> str:
    words = text.split(" ")
    for i in rng.sample(range(len(words)), max(1, int(len(words) * share))):
        words[i] = rng.choice(["said", "the", "officials", "reported", "on", "a"])
    return " ".join(words)


def copies(text: str, rng: random.Random) -> dict[str, str]:
    """What syndication does to a story, one transformation each, and two combined."""
    paras = _paragraphs(text)
    keep = max(1, int(len(paras) * 0.8))
    variants = {
        "new headline and byline": "Agency: " + paras[0] + "\n\nBy a staff writer\n\n" + "\n\n".join(paras[1:]),
        "boilerplate around it": "\n\n".join([rng.choice(BOILERPLATE), *paras, *rng.sample(BOILERPLATE, 2)]),
        "last fifth cut": "\n\n".join(paras[:keep]),
        "2% of words edited": _edit_words(text, rng, 0.02),
        "teaser inserted": "\n\n".join(
            [*paras[: len(paras) // 2], "Related: Officials warn of more disruption", *paras[len(paras) // 2 :]]
        ),
        "dateline and rewrapped lines": "WASHINGTON (Agency) - " + " ".join(text.split()),
    }
    variants["cut and edited"] = _edit_words(variants["last fifth cut"], rng, 0.02)
    return variants


THRESHOLD = DUPLICATE_SIMILARITY


def is_copy(a: str, b: str) -> tuple[bool, float]:
    """The store's decision: a shared band, then the similarity threshold."""
    sa, sb = shingle_signature(a), shingle_signature(b)
    sim = similarity(sa, sb)
    return bool(set(band_keys(sa)) & set(band_keys(sb))) and sim >= THRESHOLD, sim


def shared_incident_pairs(limit: int) -> list[tuple[str, str]]:
    """Different outlets' accounts of one incident from the shared keys: same story, own words."""
    pairs = []
    for key in sorted((SHARED / "eval" / "gold").glob("*.json")):
        corpus = SHARED / "corpus" / key.stem
        if not corpus.is_dir():
            continue
        texts = {d.source.lower(): d.text for d in read_paths([corpus]) if isinstance(d, Document)}
        for incident in json.loads(key.read_text())["incidents"]:
            docs = [texts[s.lower()] for s in incident["sources"] if s.lower() in texts]
            pairs += list(itertools.combinations(docs, 2))
    return pairs[:limit]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--originals", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threshold", type=float, default=DUPLICATE_SIMILARITY, help="try another threshold")
    args = ap.parse_args(argv)
    global THRESHOLD
    THRESHOLD = args.threshold
    rng = random.Random(args.seed)
    originals = [a.body for a in generate(args.originals, seed=args.seed) if len(a.body.split()) > 120]

    found: Counter[str] = Counter()
    made: Counter[str] = Counter()
    for text in originals:
        for kind, copy in copies(text, rng).items():
            made[kind] += 1
            found[kind] += is_copy(text, copy)[0]
    tp = sum(found.values())

    negatives = {"other generated stories": [], "one incident, two outlets (shared corpora)": []}
    for a, b in zip(originals, originals[1:], strict=False):
        negatives["other generated stories"].append(is_copy(a, b))
    if SHARED.is_dir():
        for a, b in shared_incident_pairs(limit=2000):
            negatives["one incident, two outlets (shared corpora)"].append(is_copy(a, b))
    fp = sum(flag for results in negatives.values() for flag, _ in results)

    print(f"near-copy detection: shared band and similarity >= {THRESHOLD}")
    print(f"{'positives (copies of an original)':45s} {'found':>7s} {'made':>6s} {'recall':>7s}")
    for kind in made:
        print(f"  {kind:43s} {found[kind]:7d} {made[kind]:6d} {found[kind] / made[kind]:7.3f}")
    print(f"{'negatives (not copies)':45s} {'taken':>7s} {'pairs':>6s} {'max sim':>7s}")
    for kind, results in negatives.items():
        if results:
            taken = sum(flag for flag, _ in results)
            print(f"  {kind:43s} {taken:7d} {len(results):6d} {max(s for _, s in results):7.3f}")
    total = sum(made.values())
    precision = tp / (tp + fp) if tp + fp else 1.0
    print(f"overall: precision {precision:.3f}, recall {tp / total:.3f} ({tp} of {total} copies, {fp} false copies)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
