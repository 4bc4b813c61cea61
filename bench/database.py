"""The benchmark database: recreate it, fill it, and read back what the load needs."""

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

from ops import database
from ops.database import connection_params

from . import DATABASE_NAME

PROJECT_DIR = Path(__file__).resolve().parent.parent


def recreate(database_url: str, dbname: str = DATABASE_NAME) -> None:
    """Drop and create the benchmark database so that every run starts from nothing."""
    database.recreate(database_url, dbname)


def manage(env: dict, *args: str, timeout: float) -> float:
    """Run a manage.py command with the bench settings; return its wall-clock seconds."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        timeout=timeout,
    )
    return time.perf_counter() - started


def connect(database_url: str) -> psycopg.Connection:
    return psycopg.connect(**connection_params(database_url, DATABASE_NAME), autocommit=True)


def tracking_codes(database_url: str, count: int) -> list[str]:
    """Return up to `count` tracking codes of generated petitions, spread over the table."""
    with connect(database_url) as connection:
        rows = connection.execute(
            "SELECT tracking_code FROM cases_petition ORDER BY random() LIMIT %s", [count]
        ).fetchall()
    return [code for (code,) in rows]


def received_cases(database_url: str, count: int) -> list[str]:
    """Return the references of up to `count` cases still waiting to be accepted."""
    with connect(database_url) as connection:
        rows = connection.execute(
            # Anonymous denunciations may not be accepted: archive or forward only
            # (docs/lifecycle.md#transitions).
            "SELECT reference FROM cases_case WHERE status = 'received' "
            "AND NOT (kind = 'denunciation' AND is_anonymous) ORDER BY random() LIMIT %s",
            [count],
        ).fetchall()
    return [reference for (reference,) in rows]


def count_rows(database_url: str, table: str) -> int:
    with connect(database_url) as connection:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        return connection.execute(query).fetchone()[0]


# Production settings require an identity key; the benchmark's databases outlive a run and
# hold only generated people, so one fixed key reads them all.
BENCH_IDENTITY_KEY = "dGllcGRhbi1iZW5jaC1pZGVudGl0eS1rZXktMzJieXQ="


def bench_env(database_url: str, secret_key: str) -> dict:
    """Return the environment for every process of the run: bench settings, one secret key."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        SECRET_KEY=secret_key,
        IDENTITY_ENCRYPTION_KEYS=os.environ.get("IDENTITY_ENCRYPTION_KEYS", BENCH_IDENTITY_KEY),
        PYTHONUNBUFFERED="1",
    )
    return env
