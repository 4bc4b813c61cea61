"""SQLite's facet key, evaluated by SQLite itself: every value it packs reads back."""

import sqlite3
from itertools import product

from search.backends import schema
from search.query import FACET_CODES


def _packed(kind: str, status: str, channel: str, year: int) -> int:
    with sqlite3.connect(":memory:") as connection:
        return connection.execute(
            f"SELECT {schema._SQLITE_FACET_KEYS['facet_key']}"
            " FROM (SELECT ? AS kind, ? AS status, ? AS channel, ? AS year)",
            [kind, status, channel, year],
        ).fetchone()[0]


def test_every_kind_status_and_channel_reads_back_from_the_packed_key():
    for kind, status, channel in product(*FACET_CODES.values()):
        values = {"kind": kind, "status": status, "channel": channel, "year": 2026}
        assert schema._sqlite_unpacked(_packed(**values)) == values


def test_a_value_without_a_code_reads_back_as_none_and_leaves_the_others():
    values = schema._sqlite_unpacked(_packed("complaint", "no-such-status", "post", 2019))
    assert values == {"kind": "complaint", "status": None, "channel": "post", "year": 2019}
