"""A search whose matches a parallel worker reads answers as one read by its backend alone.

The suite's tables are far below min_parallel_table_scan_size, so the session lowers it: the
statement then takes a worker as it does over a province's cases (docs/search.md#the-statement).
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search.query import SearchQuery
from search.selectors import search_cases

from .factories import case_in, register

TEXTS = ["bồi thường", "giai phong mat bang", "khiếu nại", "đất"]


@pytest.fixture
def small_tables_split(world):
    """Let the planner split scans of the suite's few rows, for this session.

    Reading a row is priced as if the rows were many, so that sharing them pays.
    """
    names = ("min_parallel_table_scan_size", "min_parallel_index_scan_size", "cpu_tuple_cost")
    with connection.cursor() as cursor:
        for name, value in zip(names, ("0", "0", "10"), strict=True):
            cursor.execute(f"SET {name} = {value}")
    yield
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"RESET {name}")


def answer(user, text: str) -> tuple:
    found = search_cases(user=user, query=SearchQuery(text=text))
    facets = {
        name: [(f["value"], f["count"]) for f in items] for name, items in found.facets.items()
    }
    return found.total, facets, [result.case.pk for result in found.results]


def workers_launched(user, text: str) -> int:
    """Run the search's statement again under its own settings, and count the workers it took."""
    with CaptureQueriesContext(connection) as captured:
        search_cases(user=user, query=SearchQuery(text=text))
    statements = [query["sql"] for query in captured.captured_queries]
    settings = [sql for sql in statements if sql.startswith("SET LOCAL")]
    statement = next(sql for sql in statements if sql.startswith("WITH"))
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in settings:
            cursor.execute(sql)
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {statement}")
        plan = [line for (line,) in cursor.fetchall()]
    return sum(int(line.split(":")[1]) for line in plan if "Workers Launched" in line)


def test_a_worker_reading_the_matches_changes_no_count_facet_or_page(
    world, settings, small_tables_split
):
    for _ in range(6):
        register(world)
    case_in(world, "verifying")
    register(world, kind="denunciation")

    settings.SEARCH_PARALLEL_WORKERS = 1
    assert workers_launched(world.province_leader, TEXTS[0]) >= 1
    with_worker = {text: answer(world.province_leader, text) for text in TEXTS}
    settings.SEARCH_PARALLEL_WORKERS = 0
    alone = {text: answer(world.province_leader, text) for text in TEXTS}

    assert with_worker == alone
    assert alone["bồi thường"][0] == 8


def test_no_worker_is_taken_when_the_setting_is_zero(world, settings, small_tables_split):
    register(world)
    settings.SEARCH_PARALLEL_WORKERS = 0

    assert workers_launched(world.province_leader, TEXTS[0]) == 0
