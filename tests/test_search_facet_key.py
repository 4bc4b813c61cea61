"""The facet key, evaluated by each database itself: every value it packs reads back."""

import sqlite3
from itertools import product

import pytest
from django.db import connection

from search.models import FACET_KEY_SQL, IndexedCase, facet_key_values
from search.query import FACET_CODES

from .factories import register

VALUES = "SELECT ? AS kind, ? AS status, ? AS channel, ? AS year"


def packed_by_sqlite(kind: str, status: str, channel: str, year: int) -> int:
    with sqlite3.connect(":memory:") as sqlite:
        return sqlite.execute(
            f"SELECT {FACET_KEY_SQL} FROM ({VALUES})", [kind, status, channel, year]
        ).fetchone()[0]


def packed_by_postgresql(kind: str, status: str, channel: str, year: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {FACET_KEY_SQL} FROM ({VALUES.replace('?', '%s')}) v",
            [kind, status, channel, year],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize("packed", [packed_by_sqlite, packed_by_postgresql])
def test_every_kind_status_and_channel_reads_back_from_the_packed_key(packed):
    for kind, status, channel in product(*FACET_CODES.values()):
        values = {"kind": kind, "status": status, "channel": channel, "year": 2026}
        assert facet_key_values(packed(**values)) == values


@pytest.mark.django_db
@pytest.mark.parametrize("packed", [packed_by_sqlite, packed_by_postgresql])
def test_a_value_without_a_code_reads_back_as_none_and_leaves_the_others(packed):
    values = facet_key_values(packed("complaint", "no-such-status", "post", 2019))
    assert values == {"kind": "complaint", "status": None, "channel": "post", "year": 2019}


def test_an_indexed_case_keeps_its_key_in_the_row(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = register(world, kind="denunciation")
    # The column PostgreSQL's searches group by, computed by the database from the row.
    row = IndexedCase.objects.values("kind", "status", "channel", "year", "facet_key").get(
        case_id=case.pk
    )
    assert facet_key_values(row.pop("facet_key")) == row
    assert row["kind"] == "denunciation"
