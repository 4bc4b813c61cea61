"""The relevance set (search/relevance.py) on every database engine: each query finds its cases.

On PostgreSQL it runs in this process; on SQLite, the embedded `make run` default, it runs
`manage.py migrate` and `manage.py search_relevance` in a subprocess on a fresh file.
"""

import re

import pytest
from django.db import transaction

from search.relevance import QUERIES, format_table, load_corpus, run_relevance
from tests.embedded import EmbeddedProject


def _query_id(query) -> str:
    return query.text if isinstance(query.text, str) else query.about


@pytest.fixture(scope="module")
def results_on_postgresql(django_db_setup, django_db_blocker):
    """Load the corpus once for the module, run every query, and roll it all back."""
    with django_db_blocker.unblock(), transaction.atomic():
        corpus = load_corpus()
        results = run_relevance(corpus)
        transaction.set_rollback(True)
    print(format_table(results))
    return results


# The mark makes pytest-django create the test database the module fixture loads into.
@pytest.mark.django_db
@pytest.mark.parametrize("number", range(len(QUERIES)), ids=[_query_id(q) for q in QUERIES])
def test_each_relevance_query_finds_its_cases_on_postgresql(results_on_postgresql, number):
    result = results_on_postgresql[number]
    assert result.passed, f"{result.text!r}: {'; '.join(result.problems)}; found {result.found}"


def test_the_relevance_set_has_at_least_forty_queries():
    assert len(QUERIES) >= 40


def test_on_sqlite_every_query_passes_and_a_reindex_changes_no_result(tmp_path):
    project = EmbeddedProject(tmp_path / "relevance.sqlite3")
    project.migrate()

    ran = project.manage("search_relevance", "--reindex")

    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.strip().splitlines()
    assert lines.pop() == "after search_reindex: every query finds the same cases", ran.stdout
    summary = re.fullmatch(r"passed (\d+) of (\d+) queries \((.+)\)", lines[-1])
    assert summary, ran.stdout
    assert summary[3] == "DatabaseBackend on sqlite"
    assert int(summary[2]) == len(QUERIES)
    failed = {
        _query_id(QUERIES[int(line.split()[0]) - 1])
        for line in lines[1:-1]
        if re.search(r"\s{2}NO: ", line)
    }
    assert failed == set(), ran.stdout
    assert int(summary[1]) == len(QUERIES)
