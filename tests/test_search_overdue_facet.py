"""The "overdue" facet counts every match once, on PostgreSQL and on SQLite alike.

An open case without a due date (suspended: its time stopped) is not overdue, so each facet
value finds, as a filter, as many cases as it counts. SQLite, the embedded `make run`
default, runs in a process of its own.
"""

import json
from datetime import timedelta

from django.utils import timezone

from search.query import SearchQuery
from search.selectors import search_cases
from tests.embedded import EmbeddedProject
from tests.factories import case_in, register


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
    project = EmbeddedProject(tmp_path / "overdue.sqlite3")
    project.migrate()
    script = (
        "import json; from tests.factories import build_world;"
        " from tests.test_search_overdue_facet import overdue_counts;"
        " print(json.dumps(overdue_counts(build_world())))"
    )

    ran = project.manage("shell", "--command", script)

    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout.strip().splitlines()[-1]) == EXPECTED
