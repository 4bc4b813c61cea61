"""The drills of docs/operations.md, 20 seconds each, so that they never rot.

They start the real topology (gunicorn, a Celery worker and beat, production settings) on
databases of their own beside the test database, with their own redis-server, and inject
the faults; `make drill` runs them at full length.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DRILLS = ["soak", "worker", "redis", "database", "search", "backup"]
OUTPUT = ROOT / "var" / "drill" / "test-output.txt"


@pytest.fixture(scope="module")
def table() -> dict[str, dict[str, str]]:
    env = {**os.environ, "DRILL_SECONDS": "20"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DRILL_ONLY", None)
    result = subprocess.run(
        [sys.executable, "-m", "drill"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    rows = {}
    header = None
    for line in result.stdout.splitlines():
        if not line.startswith("| "):
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if header is None:
            header = cells
        elif cells[0] in DRILLS:
            rows[cells[0]] = dict(zip(header, cells, strict=True))
    # The whole output, for a failure to point at (the table alone is in results.txt).
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(result.stdout + "\n--- stderr ---\n" + result.stderr, encoding="utf-8")
    return rows


@pytest.mark.parametrize("drill", DRILLS)
def test_the_drill_holds(table, drill):
    assert drill in table, f"no row: see {OUTPUT}"
    row = table[drill]
    assert row["verdict"] == "held", f"{row}: see {OUTPUT}"
    assert row["writes accepted"].split()[0] == row["writes found afterwards"].split(";")[0]


@pytest.mark.parametrize("drill", ["soak", "worker", "search"])
def test_no_request_got_a_5xx_but_a_clear_503_while_a_service_was_away(table, drill):
    assert re.fullmatch(r"0|\d+ \(\d+ clear 503 during the fault, 0 other\)", table[drill]["5xx"])
