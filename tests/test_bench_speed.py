"""bench/speed.py builds its mix of real paragraphs and generated articles deterministically."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "bench" / "speed.py"
_spec = importlib.util.spec_from_file_location("casus_bench_speed", _PATH)
speed = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = speed
_spec.loader.exec_module(speed)


def _corpus(root: Path) -> Path:
    for s in ("a", "b"):
        (root / s).mkdir(parents=True)
        for n in range(6):
            body = "\n\n".join(f"Paragraph {p} of article {s}{n} has a few words in it." for p in range(8))
            (root / s / f"{n}.txt").write_text(f"Headline {s}{n}\n2024-05-0{n + 1}\n\n{body}\n", encoding="utf-8")
    (root / "b" / "bare.txt").write_text("A body with no header.\nA second paragraph.\n", encoding="utf-8")
    return root


def test_real_articles_keep_headline_date_and_paragraphs(tmp_path: Path) -> None:
    articles = speed.real_articles(_corpus(tmp_path / "corpus"))
    assert len(articles) == 13
    assert articles[0] == (
        "Headline a0",
        "2024-05-01",
        [f"Paragraph {p} of article a0 has a few words in it." for p in range(8)],
    )
    assert (None, None, ["A body with no header.", "A second paragraph."]) in articles


def test_mix_is_deterministic_half_real_and_without_copies(tmp_path: Path) -> None:
    articles = speed.real_articles(_corpus(tmp_path / "corpus"))
    made = speed.write_mix(tmp_path / "one", 12, 3, articles)
    speed.write_mix(tmp_path / "two", 12, 3, articles)
    assert made == {"real": 6, "generated": 6, "articles": 13}
    one = [p.read_text(encoding="utf-8") for p in speed.corpus_files(tmp_path / "one")]
    two = [p.read_text(encoding="utf-8") for p in speed.corpus_files(tmp_path / "two")]
    assert one == two and len(set(one)) == 12
    real = [t for t in one if t.startswith("Headline ")]
    assert len(real) == 6
    for text in real:
        headline, day, blank, *body = text.splitlines()
        assert day.startswith("2024-05-0") and blank == ""
        words = len(" ".join(body).split())
        assert speed.MIX_WORDS[0] <= words
