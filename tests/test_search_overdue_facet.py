"""The "overdue" facet counts every match once, on PostgreSQL and on SQLite alike.

An open case without a due date (suspended: its time stopped) is not overdue, so each facet
value finds, as a filter, as many cases as it counts. SQLite, the embedded `make run`
default, runs in a process of its own.
"""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from search.query import SearchQuery
from search.selectors import search_cases
from tests.factories import case_in, register

PROJECT = Path(__file__).resolve().parent.parent


def overdue_counts(world) -> dict:
    """Register a late, an on-time and a suspended case; return the facet and the filters."""
    register(world, received_at=timezone.now() - timedelta(days=60))
    register(world)
    suspended = case_in(world, "suspended")
    assert suspended.due_on is None

    def search(**filters):
        query = SearchQuery(text="boi thuong", today=timezone.localdate(), **filters)
        return search_cases(user=world.leader, query=query)

    everything = search()
    return {
        "total": everything.total,
        "facet": {str(item["value"]): item["count"] for item in everything.facets["overdue"]},
        "filtered": {str(value): search(overdue=value).total for value in (True, False)},
    }


EXPECTED = {"total": 3, "facet": {"True": 1, "False": 2}, "filtered": {"True": 1, "False": 2}}


def test_on_postgresql_an_open_case_without_a_due_date_counts_as_not_overdue(world):
    assert overdue_counts(world) == EXPECTED


def test_on_sqlite_an_open_case_without_a_due_date_counts_as_not_overdue(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        # The embedded set-up: no Redis, no Celery broker, no Elasticsearch.
        if name not in {"REDIS_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL", "SEARCH_BACKEND"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'overdue.sqlite3'}",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="false",
    )
    script = (
        "import json; from tests.factories import build_world;"
        " from tests.test_search_overdue_facet import overdue_counts;"
        " print(json.dumps(overdue_counts(build_world())))"
    )

    def manage(*command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    migrated = manage("migrate", "--noinput", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    ran = manage("shell", "--command", script)

    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout.strip().splitlines()[-1]) == EXPECTED
