"""``make audit``: known vulnerabilities in the exact versions pyproject.toml pins (every extra),
then in everything installed in the venv (the pins' own dependencies included), by pip-audit.

Prints one line per vulnerability and one summary line; exit 0 when none is known, 1 when some
are, 2 when the vulnerability data could not be reached. pip-audit skips a package it cannot
look up and then says "No known vulnerabilities found", so a run that looked up nothing is
reported as such here, never as a clean audit.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600


def pins() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        found += extra
    return sorted({p.split(";")[0].strip() for p in found if "==" in p})


def run_audit(label: str, args: list[str]) -> tuple[int, int, list[str]] | str:
    """(packages audited, packages skipped, vulnerability lines), or why nothing could be audited."""
    cmd = [sys.executable, "-m", "pip_audit", *args, "-f", "json", "--progress-spinner", "off"]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"{label}: no answer from the vulnerability service within {TIMEOUT} s"
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        last = [x for x in run.stderr.strip().splitlines() if x.strip()]
        return f"{label}: pip-audit failed ({last[-1][:300] if last else f'exit {run.returncode}'})"
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    lines = [
        f"{d['name']}=={d['version']}: {v['id']} (fixed in {', '.join(v.get('fix_versions') or ['no release yet'])})"
        for d in deps
        for v in d.get("vulns", [])
    ]
    return len(deps) - len(skipped), len(skipped), lines


def main() -> int:
    pinned = pins()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(pinned) + "\n")
    checks = [
        (f"{len(pinned)} pinned packages", ["-r", f.name, "--no-deps", "--disable-pip"]),
        ("the installed venv", ["--skip-editable"]),
    ]
    found, unreachable = [], []
    for label, args in checks:
        result = run_audit(label, args)
        if isinstance(result, str):
            unreachable.append(result)
            continue
        audited, skipped, lines = result
        if audited == 0:
            unreachable.append(f"{label}: vulnerability data not reachable ({skipped} packages not looked up)")
            continue
        found += lines
        print(f"audit: {label}: {audited} looked up, {skipped} not, {len(lines)} known vulnerabilities")
    Path(f.name).unlink()
    for line in dict.fromkeys(found):
        print(line)
    if unreachable:  # one line, however many checks failed
        print(f"audit: not audited: {'; '.join(unreachable)}", file=sys.stderr)
    if found:
        return 1
    return 2 if unreachable else 0


if __name__ == "__main__":
    sys.exit(main())
