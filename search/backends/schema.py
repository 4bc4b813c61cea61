"""The database backend's tables: writing rows, building indexes, rebuilding beside and swapping.

Shared by the backend and the migration that creates the indexes, so both make the same ones.
"""

from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from ..documents import CaseDocument
from ..models import IndexedCase

TABLE = IndexedCase._meta.db_table
FTS_TABLE = "search_case_fts"
# Column order of a written row; the tsvectors are computed by PostgreSQL from the texts.
_COLUMNS = (
    "case_id",
    "version",
    "indexed_at",
    "kind",
    "status",
    "channel",
    "unit_id",
    "unit_path",
    "locality_id",
    "locality_path",
    "field_id",
    "year",
    "received_at",
    "due_on",
    "due_soon_on",
    "title",
)


def _row(document: CaseDocument, now, title: str) -> tuple:
    return (
        document.case_id,
        document.version,
        now,
        document.kind,
        document.status,
        document.channel,
        document.unit_id,
        document.unit_path,
        document.locality_id,
        document.locality_path,
        document.field_id,
        document.year,
        document.received_at,
        document.due_on,
        document.due_soon_on,
        title,
    )


def pg_create_indexes(table: str) -> None:
    """Create the search table's indexes under names derived from `table`."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        _pg_narrow_rows(cursor, table)
        for name, definition in _pg_indexes(table).items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {definition}")


def _pg_narrow_rows(cursor, table: str) -> None:
    # The tsvectors go out of line, so counting and faceting read narrow rows only, and
    # uncompressed, so no write spends CPU compressing them.
    cursor.execute(f"ALTER TABLE {table} SET (toast_tuple_target = 128)")
    cursor.execute(
        f"ALTER TABLE {table} ALTER COLUMN document SET STORAGE EXTERNAL,"
        " ALTER COLUMN accented SET STORAGE EXTERNAL"
    )


def _pg_indexes(table: str) -> dict[str, str]:
    return {
        f"{table}_document": "USING gin (document)",
        f"{table}_title_trgm": "USING gin (title gin_trgm_ops)",
        f"{table}_unit_path": "(unit_path text_pattern_ops)",
        f"{table}_received_at": "(received_at)",
        f"{table}_indexed_at": "(indexed_at)",
    }


def pg_upsert(documents: list[CaseDocument], *, table: str, indexed_at=None) -> None:
    """Insert or replace the documents; an older version never replaces a newer one."""
    now = indexed_at or timezone.now()
    values, params = [], []
    for document in documents:
        weight_a, weight_b, weight_c = document.weighted_texts
        values.append(
            "(" + ", ".join(["%s"] * len(_COLUMNS)) + ", "
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
            " || setweight(to_tsvector('simple', %s), 'C'), to_tsvector('simple', %s))"
        )
        params.extend(_row(document, now, weight_a))
        params.extend([weight_a, weight_b, weight_c, document.accented_text])
    columns = ", ".join([*_COLUMNS, "document", "accented"])
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*_COLUMNS[1:], "document", "accented"])
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join(values)}"
        f" ON CONFLICT (case_id) DO UPDATE SET {updates}"
        f" WHERE {table}.version <= EXCLUDED.version"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def sqlite_upsert(documents: list[CaseDocument], *, table: str) -> None:
    now = timezone.now()
    texts = [document.weighted_texts for document in documents]
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(_COLUMNS))
        updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES ({placeholders})"
            f" ON CONFLICT (case_id) DO UPDATE SET {updates}"
            f" WHERE {table}.version <= excluded.version",
            [_row(d, now, weighted[0]) for d, weighted in zip(documents, texts, strict=True)],
        )
        cursor.executemany(
            f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(d.case_id,) for d in documents]
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, a, b, c, accented) VALUES (%s, %s, %s, %s, %s)",
            [
                (d.case_id, *weighted, d.accented_text)
                for d, weighted in zip(documents, texts, strict=True)
            ],
        )


def sqlite_create_fts(table: str = FTS_TABLE) -> None:
    with connection.cursor() as cursor:
        # The text is folded before it gets here; the accented column keeps its diacritics.
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
            "a, b, c, accented, tokenize = 'unicode61 remove_diacritics 0')"
        )


def _fill(batches, progress, write, *, table: str) -> int:
    count = 0
    for batch in batches:
        with transaction.atomic():
            write(batch, table=table)
        count += len(batch)
        progress(len(batch))
    return count


def pg_rebuild(batches: Iterable[list[CaseDocument]], progress: Callable[[int], None]) -> int:
    """Fill a new table beside the live one, index it, and swap it in by renaming.

    Rows written to the live table during the rebuild are fresher than the copy: they are
    carried over under a lock just before the swap, so no change is lost. Every rebuilt row
    is stamped with the rebuild's start, so rows stamped later are the ones changed since.
    """
    new = f"{TABLE}_new"
    started = timezone.now()

    def write(documents: list[CaseDocument], *, table: str) -> None:
        pg_upsert(documents, table=table, indexed_at=started)

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {new}")
        cursor.execute(f"CREATE UNLOGGED TABLE {new} (LIKE {TABLE} INCLUDING DEFAULTS)")
        _pg_narrow_rows(cursor, new)
        cursor.execute(f"ALTER TABLE {new} ADD CONSTRAINT {new}_pkey PRIMARY KEY (case_id)")
    count = _fill(batches, progress, write=write, table=new)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {new} SET LOGGED")
        # GIN indexes build several times faster with room to sort in memory.
        cursor.execute("SET maintenance_work_mem = '512MB'")
        pg_create_indexes(new)
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute(f"ANALYZE {new}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '10s'")
        cursor.execute(f"LOCK TABLE {TABLE} IN EXCLUSIVE MODE")
        columns = ", ".join([*_COLUMNS, "document", "accented"])
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*_COLUMNS[1:], "document", "accented"])
        cursor.execute(
            f"INSERT INTO {new} ({columns}) SELECT {columns} FROM {TABLE} WHERE indexed_at >= %s"
            f" ON CONFLICT (case_id) DO UPDATE SET {updates}"
            f" WHERE {new}.version <= EXCLUDED.version",
            [started],
        )
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {new} RENAME TO {TABLE}")
        cursor.execute(f"ALTER INDEX {new}_pkey RENAME TO {TABLE}_pkey")
        for name in _pg_indexes(new):
            cursor.execute(f"ALTER INDEX {name} RENAME TO {TABLE}{name[len(new) :]}")
    return count


def sqlite_rebuild(
    batches: Iterable[list[CaseDocument]], progress: Callable[[int], None], *, write
) -> int:
    # SQLite has one writer at a time: rebuilding in one transaction keeps readers on the old rows.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
        return _fill(batches, progress, write=write, table=TABLE)


def pg_facets(rows: QuerySet, columns: dict[str, str]) -> tuple[int, dict[str, dict]]:
    """Return the total and every facet's counts in one pass over the matching rows."""
    names = list(columns)
    inner, params = rows.order_by().values(*columns.values()).query.sql_with_params()
    selected = ", ".join(f"m.{columns[name]}" for name in names)
    sets = ", ".join(f"(m.{columns[name]})" for name in names)
    sql = (
        f"SELECT {selected}, GROUPING({selected}), count(*) FROM ({inner}) m"
        f" GROUP BY GROUPING SETS ({sets}, ())"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    facets: dict[str, dict] = {name: {} for name in names}
    total = 0
    everything = (1 << len(names)) - 1
    for row in result:
        grouping, count = row[-2], row[-1]
        if grouping == everything:
            total = count
            continue
        # GROUPING sets a bit for every column not grouped; the one clear bit names the facet.
        position = len(names) - (everything ^ grouping).bit_length()
        facets[names[position]][row[position]] = count
    return total, facets
