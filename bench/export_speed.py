"""Export time and size on a large generated store, the validator on the example store, and a
STIX import of the large bundle.

The large store is built the way ``bench/api_latency.py`` builds it (bulk rows with synthetic
reports, each fact with evidence offsets into its own text, then the store's own reindex), by
default 10,000 incidents from 30,000 documents: three outlets per incident, like the Albania
example. Each format is then written through the same code as ``casus export`` and timed, with
the size of what it wrote. ``--import`` also times ``casus ingest`` of the STIX bundle into an
empty store, and ``--validate-large`` runs stix2-validator on the large bundle too (slow).

The validator always runs on the bundled examples (``make demo``'s store), and its errors and
warnings are counted by code.

    python bench/export_speed.py
    python bench/export_speed.py --docs 100000 --incidents 10000 --import
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from api_latency import build  # noqa: E402
from casus.export.csv import write_csv  # noqa: E402
from casus.export.misp import write_feed  # noqa: E402
from casus.export.select import matching  # noqa: E402
from casus.export.stix import write_bundle  # noqa: E402
from casus.export.summary import FORMAT, full_record  # noqa: E402
from casus.store import open_store  # noqa: E402


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def export_all(url: str, out: Path) -> dict[str, tuple[float, int]]:
    """Seconds and bytes per format, each from a freshly opened store."""
    results = {}
    for fmt in ("summary", "jsonl", "stix", "misp", "csv"):
        store = open_store(url, upgrade=False)
        target = out / (fmt if fmt in ("misp", "csv") else f"export.{fmt}.json")
        t = time.perf_counter()
        try:
            incidents = matching(store)
            if fmt == "misp":
                write_feed(incidents, target)
            elif fmt == "csv":
                write_csv(incidents, target)
            else:
                with target.open("w", encoding="utf-8") as f:
                    if fmt == "stix":
                        write_bundle(incidents, f)
                    elif fmt == "summary":
                        items = [
                            {"id": i.row.id, "title": i.row.title, **i.fields, "sources": i.row.sources}
                            for i in incidents
                        ]
                        json.dump({"format": FORMAT, "incidents": items}, f, ensure_ascii=False, indent=2)
                    else:
                        for i in incidents:
                            f.write(json.dumps(full_record(i.row), ensure_ascii=False) + "\n")
        finally:
            store.close()
        results[fmt] = (time.perf_counter() - t, _size(target))
    return results


def validate(text: str) -> tuple[int, Counter, float]:
    from stix2validator import validate_string

    t = time.perf_counter()
    r = validate_string(text)
    codes = Counter(m.group(1) if (m := re.search(r"\{(\d+)\}", w)) else "?" for w in r.warnings)
    return len(r.errors), codes, time.perf_counter() - t


def examples_bundle(tmp: Path) -> str:
    from casus.ingest import read_paths
    from casus.pipeline import ingest_documents

    store = open_store(tmp / "examples.db")
    try:
        ingest_documents(store, read_paths([ROOT / "examples"]))
        buf = io.StringIO()
        write_bundle(matching(store), buf)
    finally:
        store.close()
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=30_000)
    ap.add_argument("--incidents", type=int, default=10_000)
    ap.add_argument("--import", dest="do_import", action="store_true", help="also import the STIX bundle")
    ap.add_argument("--validate-large", action="store_true", help="also validate the large bundle (slow)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        bundle = json.loads(text := examples_bundle(tmp))
        errors, codes, secs = validate(text)
        kinds = Counter(o["type"] for o in bundle["objects"])
        print(f"examples: {len(bundle['objects'])} STIX objects ({dict(sorted(kinds.items()))})")
        print(f"  stix2-validator: {errors} errors, warnings by code {dict(sorted(codes.items()))}, {secs:.1f} s")

        url = str(tmp / "large.db")
        t = time.perf_counter()
        built = build(url, args.docs, args.incidents)
        print(
            f"store: {built['incidents']} incidents, {built['documents']} documents, "
            f"built in {time.perf_counter() - t:.0f} s"
        )
        for fmt, (secs, size) in export_all(url, tmp).items():
            rate = built["incidents"] / secs
            print(f"  {fmt:<8} {secs:7.1f} s  {size / 1e6:8.1f} MB  ({rate:,.0f} incidents/s)")
        stix = tmp / "export.stix.json"
        n = len(json.loads(stix.read_text())["objects"])
        print(f"  stix bundle: {n:,} objects")
        if args.validate_large:
            errors, codes, secs = validate(stix.read_text())
            print(f"  stix2-validator on it: {errors} errors, warnings by code {dict(codes)}, {secs:.0f} s")
        if args.do_import:
            from casus.imports import import_bundle

            store = open_store(tmp / "imported.db")
            try:
                t = time.perf_counter()
                summary = import_bundle(store, stix)
                print(
                    f"  import: {summary.reports} reports into {len(summary.incidents)} incidents "
                    f"in {time.perf_counter() - t:.0f} s"
                )
            finally:
                store.close()


if __name__ == "__main__":
    main()
