"""`make test` runs through tests.preflight: CI must fail loudly without its services."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOWHERE = "postgres://postgres@127.0.0.1:9/tiepdan"  # port 9 (discard) never answers PostgreSQL


def preflight(**env) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "tests.preflight", sys.executable, "-c", "print('ran')"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_ci_fails_when_postgresql_is_missing_and_never_falls_back():
    result = preflight(CI="true", DATABASE_URL=NOWHERE)
    assert result.returncode == 1
    assert "PostgreSQL is not reachable" in result.stderr
    assert "ran" not in result.stdout


def test_a_non_postgresql_database_is_refused():
    result = preflight(DATABASE_URL="sqlite:///tmp/x.sqlite3")
    assert result.returncode == 1
    assert "the tests run on PostgreSQL" in result.stderr


def test_ci_fails_when_redis_is_missing():
    result = preflight(CI="true", REDIS_URL="redis://127.0.0.1:9/0")
    assert result.returncode == 1
    assert "Redis is not reachable" in result.stderr


def test_outside_ci_a_missing_redis_falls_back_to_the_local_cache():
    result = preflight(CI="false", REDIS_URL="redis://127.0.0.1:9/0")
    assert result.returncode == 0
    assert "using the local cache" in result.stderr
    assert "ran" in result.stdout
