"""`manage.py` on a fresh SQLite file: the embedded `make run` default, in a process of its own.

The test suite runs on PostgreSQL; a test of SQLite's behaviour runs its commands here.
"""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


class EmbeddedProject:
    """The project set up as `make run` has it: SQLite, no Redis, no broker, no Elasticsearch."""

    def __init__(self, database: Path):
        self.env = {
            name: value
            for name, value in os.environ.items()
            if name not in {"REDIS_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL", "SEARCH_BACKEND"}
        }
        self.env.update(
            DATABASE_URL=f"sqlite:///{database}",
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            # Without the query log DEBUG keeps: loading the relevance corpus took half the time.
            DEBUG="false",
        )

    def manage(self, *command: str, timeout: int = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=PROJECT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def migrate(self) -> None:
        migrated = self.manage("migrate", "--noinput", "--verbosity", "0")
        assert migrated.returncode == 0, migrated.stderr
