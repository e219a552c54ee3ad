"""A machine without Chromium or PostgreSQL: their tests skip with one summary line naming the
package to install, and under CI=true they fail. Shown by pointing CASUS_CHROMIUM and
CASUS_PG_BIN at a folder that holds neither, in a pytest run of its own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# one browser test and one PostgreSQL-parametrised store test are enough to show both tools
SELECTED = ["tests/web/test_browser.py::test_pages_read_without_javascript", "tests/store/test_store.py"]


def run_bare(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(CASUS_CHROMIUM=str(tmp_path / "chromium"), CASUS_PG_BIN=str(tmp_path))
    if ci:
        env["CI"] = "true"
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-k", "postgresql or javascript", *SELECTED]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("ci", [False, True], ids=["bare", "ci"])
def test_missing_tools_skip_with_one_line_naming_the_package(tmp_path, ci):
    run = run_bare(tmp_path, ci)
    out = run.stdout
    if not ci:
        assert run.returncode == 0, out[-2000:]
        chromium = [x for x in out.splitlines() if "apt-get install chromium" in x]
        postgres = [x for x in out.splitlines() if "apt-get install postgresql" in x]
        assert len(chromium) == 1 and chromium[0].startswith("SKIPPED 1 test: Chromium"), out[-2000:]
        assert len(postgres) == 1 and postgres[0].startswith("SKIPPED "), out[-2000:]
        assert " error" not in out.splitlines()[-1] and "Traceback" not in out
    else:
        assert run.returncode == 1, out[-2000:]
        assert "required under CI=true" in out and "apt-get install chromium" in out
        assert "apt-get install postgresql" in out and "skipped" not in out.splitlines()[-1]
