"""The database backend's tables: writing rows, building indexes, rebuilding beside and swapping.

Shared by the backend and the migration that creates the indexes, so both make the same ones.
"""

import json
import math
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from queue import Queue
from threading import Lock, Thread

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, DateTimeField, ExpressionWrapper, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cases.models import OPEN_STATUSES
from cases.selectors import HANDLE_PERMISSION

from ..documents import CaseDocument
from ..models import FACET_KEY_SQL, IndexedCase, facet_key_values
from ..query import COUNT_CAP, FACET_FIELDS, Hit, SearchQuery, SearchResult

TABLE = IndexedCase._meta.db_table
FTS_TABLE = "search_case_fts"
# Past this many matches only candidates get the full ranking, which must read each case's
# whole text: of the newest RANK_ALL_UP_TO matches, the closest by the subject line.
RANK_ALL_UP_TO = 1000
RANK_CANDIDATES = 500
# Facets with many values, grouped in a set of their own (pg_search).
_PLACE_COLUMNS = ("unit_id", "locality_id", "field_id")
# The other set: the year, kind, status and channel in one key, and whether the due date is
# past, from which and the status "overdue" is read.
_KEY_COLUMNS = ("facet_key", "past_due")
# What the page's pool reads of each match.
_POOL = ("case_id", "received_at")
# The date, by an expression no index holds: sorted, never walked (_sliced_pool).
_UNINDEXED_DATE = RawSQL("received_at + interval '0 s'", [], output_field=DateTimeField()).desc()
# Grouped in place of "overdue", which is then read from it and the status (pg_search).
_PAST_DUE = _KEY_COLUMNS[1]
# Past this many indexed cases (a nation's, not a province's), counts past COUNT_CAP matches
# are estimated from a sample instead of counted (docs/search.md#counts-and-estimates).
EXACT_INDEX_SIZE = 300_000
# One case in SAMPLE_MODULUS is in the sample, chosen by a hash of its id: uniform and fixed,
# so partial indexes hold it (_pg_indexes). A power of two, so the test is a bit mask.
SAMPLE_MODULUS = 16
SAMPLE_CONDITION = f"(hashint8(case_id) & {SAMPLE_MODULUS - 1}) = 0"
# In a large index the newest 1/RECENT_PART of the cases have a GIN index of their own
# (_pg_recent_index). At a million cases a search counted from the sample alone matches 2% of
# them or more, so the slice holding its pool twice over spans a tenth of the cases at most.
RECENT_PART = 8
# A row walked costs about this many rows read from the bitmap, reading its vector out of line:
# measured 1 to 8 times from 1,000,000 cases (matches scattered, read from the disk cache) to
# 200,000 (all in shared buffers).
WALKED_ROW_COST = 4
# The normal quantile of a two-sided 95% confidence interval.
CONFIDENCE_Z = 1.96
# Per search, for the statement's sorts and hashes: the matches of a broad query fit.
SEARCH_WORK_MEM = "64MB"
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
)


# PostgreSQL only: who holds the handling permission, so that a handler's visibility is an
# index condition on the row (docs/search.md#visibility). Not a model field: SQLite has no arrays.
_PG_COLUMNS = (*_COLUMNS, "readers")


# PostgreSQL moves a row's values out of line only when the row is over 2 kB
# (TOAST_TUPLE_THRESHOLD, compiled in; toast_tuple_target only sets how far it then shrinks
# the row). A short case's row stays under it with both vectors in line, several times the
# width of the rest. So each row is written with 2 kB of blanks, which bring it to the toaster:
# that moves the vectors out and compresses the blanks to 35 bytes kept in the row.
_TOAST_FILLER = "toast_filler"
_TOAST_FILLER_SIZE = 2048


# The text columns kept in line (STORAGE MAIN).
_PG_INLINE = ("kind", "status", "channel", "unit_path", "locality_path", "readers", _TOAST_FILLER)


def title_table(table: str) -> str:
    """PostgreSQL only: the subject lines of `table`'s cases, apart from their rows.

    Every broad search reads the row of each match; the subject line, the widest column, is
    read only for the page's pool and the typo match (docs/search.md#the-row).
    """
    return f"{table}_title"


TITLE_TABLE = title_table(TABLE)


def _row(document: CaseDocument, now) -> tuple:
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
    )


def pg_create_indexes(table: str) -> None:
    """Create the search table's PostgreSQL-only column and its indexes, named after `table`."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        _pg_own_columns(cursor, table)
        for statement in _pg_index_statements(table):
            cursor.execute(statement)


def _pg_index_statements(table: str) -> list[str]:
    """The statements creating `table`'s indexes, the documents' GIN index first."""
    return [
        *(f"CREATE INDEX IF NOT EXISTS {n} ON {table} {d}" for n, d in _pg_indexes(table).items()),
        *(
            f"CREATE INDEX IF NOT EXISTS {n} ON {title_table(table)} {d}"
            for n, d in _pg_title_indexes(table).items()
        ),
    ]


def _pg_build_indexes(table: str, *, cases: int) -> None:
    """Build a filled table's indexes: the documents' GIN index beside all the others.

    Each build runs on one core, and that one takes about as long as the rest together, so a
    second connection halves the wait. Inside a transaction (a test's), where a second
    connection would not see the table, they are built one after the other. A table of more
    than EXACT_INDEX_SIZE `cases` gets the newest cases' own GIN index too (_pg_recent_index).
    """
    first, *others = _pg_index_statements(table)
    if cases > EXACT_INDEX_SIZE:
        others.append(_pg_recent_index(table, cases=cases))
    if connection.in_atomic_block:
        _pg_run_indexing([first, *others])
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        beside = pool.submit(_pg_run_indexing, [first], own_connection=True)
        _pg_run_indexing(others)
        beside.result()


def recent_index(table: str) -> str:
    """The name of `table`'s GIN index of its newest cases (_pg_recent_index)."""
    return f"{table}_document_recent"


def _pg_recent_index(table: str, *, cases: int) -> str:
    """The statement creating a GIN index of the newest 1/RECENT_PART of `table`'s cases.

    In a large index, a search whose matches are many past doubt takes its pool from the
    newest slice of them (_sliced_pool). Its words are looked up in this index, a fraction of
    the whole, whenever the slice lies within the cases it holds; those received since it
    was built are in it too.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT received_at FROM {table} ORDER BY received_at DESC OFFSET %s LIMIT 1",
            [max(cases // RECENT_PART - 1, 0)],
        )
        (since,) = cursor.fetchone()
    return (
        f"CREATE INDEX IF NOT EXISTS {recent_index(table)} ON {table}"
        f" USING gin (document) WITH (fastupdate = off)"
        f" WHERE received_at >= '{since.isoformat()}'::timestamptz"
    )


def _pg_run_indexing(statements: list[str], *, own_connection: bool = False) -> None:
    try:
        with connection.cursor() as cursor:
            # GIN indexes build several times faster with room to sort in memory.
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for statement in statements:
                cursor.execute(statement)
            cursor.execute("RESET maintenance_work_mem")
    finally:
        if own_connection:
            # The thread's own connection, which Django would otherwise leave open.
            connection.close()


def _pg_own_columns(cursor, table: str, *, unlogged: bool = False) -> None:
    """Add the PostgreSQL-only columns and table, and set where each column is stored."""
    cursor.execute(
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS readers bigint[] NOT NULL DEFAULT '{{}}'"
    )
    cursor.execute(
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {_TOAST_FILLER} text"
        f" DEFAULT repeat(' ', {_TOAST_FILLER_SIZE})"
    )
    pg_create_title_table(cursor, table, unlogged=unlogged)
    _pg_narrow_rows(cursor, table)


def pg_create_title_table(cursor, table: str, *, unlogged: bool = False) -> None:
    """Create `table`'s table of subject lines (title_table), if it has none yet."""
    cursor.execute(
        f"CREATE {'UNLOGGED ' if unlogged else ''}TABLE IF NOT EXISTS {title_table(table)}"
        " (case_id bigint PRIMARY KEY, version integer NOT NULL, title text NOT NULL)"
    )


def _pg_narrow_rows(cursor, table: str) -> None:
    # The tsvectors go out of line, so counting and faceting read narrow rows only, and
    # uncompressed, so no write spends CPU compressing them.
    cursor.execute(f"ALTER TABLE {table} SET (toast_tuple_target = 128)")
    cursor.execute(
        f"ALTER TABLE {table} ALTER COLUMN document SET STORAGE EXTERNAL,"
        " ALTER COLUMN accented SET STORAGE EXTERNAL"
    )
    # Every other column stays in the row, where the low toast target would otherwise push
    # the paths and the subject line: a search reads them for every match.
    cursor.execute(
        f"ALTER TABLE {table} "
        + ", ".join(f"ALTER COLUMN {column} SET STORAGE MAIN" for column in _PG_INLINE)
    )


def pg_fill_readers(table: str) -> None:
    """Fill the readers column from the handling permissions held now."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} s SET readers = held.users FROM ("
            "  SELECT p.content_object_id AS case_id, array_agg(p.user_id ORDER BY p.user_id) users"
            "  FROM cases_caseuserobjectpermission p"
            "  JOIN auth_permission a ON a.id = p.permission_id AND a.codename = %s"
            "  GROUP BY p.content_object_id) held WHERE held.case_id = s.case_id",
            [HANDLE_PERMISSION],
        )


def _pg_indexes(table: str) -> dict[str, str]:
    # fastupdate off: a search never scans a pending list of unsorted entries.
    return {
        f"{table}_document": "USING gin (document) WITH (fastupdate = off)",
        f"{table}_readers": "USING gin (readers) WITH (fastupdate = off)",
        # The sample that estimates counts past COUNT_CAP in a large index (pg_search).
        f"{table}_document_sample": (
            f"USING gin (document) WITH (fastupdate = off) WHERE {SAMPLE_CONDITION}"
        ),
        f"{table}_unit_path": "(unit_path text_pattern_ops)",
        f"{table}_received_at": "(received_at)",
        f"{table}_indexed_at": "(indexed_at)",
    }


def _pg_title_indexes(table: str) -> dict[str, str]:
    return {f"{title_table(table)}_trgm": "USING gin (title gin_trgm_ops)"}


# The tsvectors of the normalizer's folded texts, computed by PostgreSQL (document, accented);
# the document also holds the visibility keys.
_PG_VECTORS = (
    "setweight(to_tsvector('simple', {a}), 'A') || setweight(to_tsvector('simple', {b}), 'B')"
    " || setweight(to_tsvector('simple', {c}), 'C') || array_to_tsvector({keys}),"
    " to_tsvector('simple', {accented})"
)


def visibility_keys(visibility) -> list[str]:
    """The lexemes of which a visible case's document holds at least one.

    A case's document holds a key for each unit tree it lies in, one for its unit and one for
    each user holding it (`_document_keys`), so that a search with words asks for them beside
    the words, and the text's GIN index applies the visibility rule too, in the same scan
    (docs/search.md#visibility). No typed word becomes a key: the normalizer's words are
    letters and digits only.
    """
    return [
        *(f"_t{path}" for path in visibility.unit_trees),
        *(f"_u{unit_id}" for unit_id in visibility.units),
        *([f"_r{visibility.holder_id}"] if visibility.holder_id else []),
    ]


def _document_keys(readers: list[int], unit_id: int, unit_path: str) -> list[str]:
    # Every tree holding the unit: "/a/" and "/a/b/" for "/a/b/".
    trees = [unit_path[: end + 1] for end, char in enumerate(unit_path) if char == "/" and end]
    return [
        *(f"_t{tree}" for tree in trees),
        f"_u{unit_id}",
        *(f"_r{user_id}" for user_id in readers),
    ]


def _keys_of(document: CaseDocument) -> list[str]:
    return _document_keys(document.readers, document.unit_id, document.unit_path)


def pg_fill_keys(table: str, *, batch_size: int = 10_000) -> None:
    """Add the visibility keys to the documents written before they held them."""
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT case_id, readers, unit_id, unit_path FROM {table}"
                " WHERE case_id > %s ORDER BY case_id LIMIT %s",
                [last, batch_size],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            keys = {case_id: _document_keys(*rest) for case_id, *rest in rows}
            cursor.execute(
                f"UPDATE {table} SET document = document || array_to_tsvector("
                "  ARRAY(SELECT jsonb_array_elements_text(given.value)))"
                f" FROM jsonb_each(%s::jsonb) given WHERE {table}.case_id = given.key::bigint",
                [json.dumps(keys)],
            )
            last = rows[-1][0]


_PG_STAGE = "search_case_stage"


def pg_copy(documents: list[CaseDocument], *, table: str, indexed_at) -> None:
    """Stream new rows with COPY; PostgreSQL computes their tsvectors as it inserts them.

    For a table being filled, where no row exists yet: much faster than INSERT … VALUES.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {_PG_STAGE} AS"
            f" SELECT {', '.join(_PG_COLUMNS)}, ''::text a, ''::text b, ''::text c,"
            f" ''::text accented_text, '{{}}'::text[] visibility_keys FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY {_PG_STAGE} FROM STDIN") as copy:
            for document in documents:
                texts = document.weighted_texts
                row = (*_row(document, indexed_at), document.readers)
                copy.write_row((*row, *texts, document.accented_text, _keys_of(document)))
        vectors = _PG_VECTORS.format(
            a="a", b="b", c="c", keys="visibility_keys", accented="accented_text"
        )
        columns = ", ".join(_PG_COLUMNS)
        cursor.execute(
            f"INSERT INTO {table} ({columns}, document, accented)"
            f" SELECT {columns}, {vectors} FROM {_PG_STAGE}"
        )
        # The subject line is the folded text of weight A.
        cursor.execute(
            f"INSERT INTO {title_table(table)} (case_id, version, title)"
            f" SELECT case_id, version, a FROM {_PG_STAGE}"
        )
        cursor.execute(f"TRUNCATE {_PG_STAGE}")


def pg_upsert(documents: list[CaseDocument], *, table: str, indexed_at=None) -> None:
    """Insert or replace the documents; an older version never replaces a newer one."""
    now = indexed_at or timezone.now()
    values, params = [], []
    for document in documents:
        weight_a, weight_b, weight_c = document.weighted_texts
        values.append(
            "("
            + ", ".join(["%s"] * len(_PG_COLUMNS))
            + ", "
            + _PG_VECTORS.format(a="%s", b="%s", c="%s", keys="%s::text[]", accented="%s")
            + ")"
        )
        params.extend([*_row(document, now), document.readers])
        params.extend([weight_a, weight_b, weight_c, _keys_of(document), document.accented_text])
    columns = ", ".join([*_PG_COLUMNS, "document", "accented"])
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*_PG_COLUMNS[1:], "document", "accented"])
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join(values)}"
        f" ON CONFLICT (case_id) DO UPDATE SET {updates}"
        f" WHERE {table}.version <= EXCLUDED.version"
    )
    titles = title_table(table)
    title_sql = (
        f"INSERT INTO {titles} (case_id, version, title)"
        f" VALUES {', '.join(['(%s, %s, %s)'] * len(documents))}"
        " ON CONFLICT (case_id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title"
        f" WHERE {titles}.version <= EXCLUDED.version"
    )
    title_params = [
        value for d in documents for value in (d.case_id, d.version, d.weighted_texts[0])
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute(title_sql, title_params)


def sqlite_upsert(documents: list[CaseDocument], *, table: str) -> None:
    now = timezone.now()
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(_COLUMNS))
        updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES ({placeholders})"
            f" ON CONFLICT (case_id) DO UPDATE SET {updates}"
            f" WHERE {table}.version <= excluded.version",
            [_row(d, now) for d in documents],
        )
        cursor.executemany(
            f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(d.case_id,) for d in documents]
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, a, b, c, accented) VALUES (%s, %s, %s, %s, %s)",
            [(d.case_id, *d.weighted_texts, d.accented_text) for d in documents],
        )


# The last word typed is matched as a prefix: without an index of the words' first two
# letters, FTS5 merges the list of every word that begins so ("xa*": xa, xac, xanh...). Three
# letters as well doubled its growth and write cost for no gain in the broad queries' p95.
_SQLITE_FTS_PREFIXES = "2"


def sqlite_create_fts(table: str = FTS_TABLE) -> None:
    with connection.cursor() as cursor:
        # The text is folded before it gets here; the accented column keeps its diacritics.
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
            "a, b, c, accented, tokenize = 'unicode61 remove_diacritics 0',"
            f" prefix = '{_SQLITE_FTS_PREFIXES}')"
        )


def sqlite_recreate_fts() -> None:
    """Make the FTS5 table again as sqlite_create_fts makes it now, with the same rows."""
    new = f"{FTS_TABLE}_new"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {new}")
    sqlite_create_fts(new)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {new} (rowid, a, b, c, accented)"
            f" SELECT rowid, a, b, c, accented FROM {FTS_TABLE}"
        )
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(f"ALTER TABLE {new} RENAME TO {FTS_TABLE}")
    sqlite_merge_fts()


def sqlite_merge_fts() -> None:
    """Merge the FTS5 index into one segment: written in bulk it holds dozens, which every
    match reads and merges again (automerge then keeps the number small as cases change)."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")


# SQLite: every column a search reads for each match, in one index by case, so that finding a
# match's row is one lookup, not two (the primary key's index, then the table).
SQLITE_MATCH_INDEX = f"{TABLE}_matches"
_SQLITE_MATCH_COLUMNS = (
    "case_id",
    "unit_path",
    "unit_id",
    "kind",
    "status",
    "channel",
    "locality_id",
    "field_id",
    "year",
    "received_at",
    "due_on",
)
# The places' facet values of a match joined in one key.
_SQLITE_PLACE_COLUMNS = tuple(c for c in FACET_FIELDS.values() if c in _PLACE_COLUMNS)
# The facets' values of a match in two keys, the places apart (as pg_search's grouping sets),
# overdue aside (it depends on the day). SQLite groups by sorting, and sorting by one column
# costs a fraction of sorting by several, an integer less than a text; the keys are kept
# computed in the index. The facet key is computed there from the text columns, not read
# from the `facet_key` column: migration 0004 creates the index before that exists.
_SQLITE_FACET_KEYS = {
    "packed_key": FACET_KEY_SQL,
    # Every part is a number: a space never occurs inside one.
    "place_key": "(" + " || ' ' || ".join(_SQLITE_PLACE_COLUMNS) + ")",
}


def sqlite_create_indexes() -> None:
    columns = [*_SQLITE_MATCH_COLUMNS, *_SQLITE_FACET_KEYS.values()]
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {SQLITE_MATCH_INDEX} ON {TABLE} ({', '.join(columns)})"
        )


def _fill(batches, progress, write, *, table: str) -> int:
    count = 0
    for batch in batches:
        with transaction.atomic():
            write(batch, table=table)
        count += len(batch)
        progress(len(batch))
    return count


# Connections writing a rebuild's batches at once. PostgreSQL computes each row's tsvectors in
# the connection that inserts it: one connection keeps one core busy while the other waits.
_PG_WRITERS = 2


def _pg_fill(batches, progress, write, *, table: str) -> int:
    """Write the batches on _PG_WRITERS connections of their own, each batch in a transaction.

    Inside a transaction (a test's), where other connections would not see the table, they are
    written one after the other.
    """
    if connection.in_atomic_block:
        return _fill(batches, progress, write, table=table)
    jobs: Queue = Queue(maxsize=_PG_WRITERS)
    written, failed, lock = [], [], Lock()

    def writer() -> None:
        try:
            while (batch := jobs.get()) is not None:
                # After a failure the batches are taken and dropped, so that none waits.
                if failed:
                    continue
                # The progress too: a writer that died on it would leave the queue full
                # and the rebuild waiting for ever.
                try:
                    with transaction.atomic():
                        write(batch, table=table)
                    with lock:
                        written.append(len(batch))
                        progress(len(batch))
                except Exception as error:
                    failed.append(error)
        finally:
            # The thread's own connection, which Django would otherwise leave open.
            connection.close()

    threads = [Thread(target=writer) for _ in range(_PG_WRITERS)]
    for thread in threads:
        thread.start()
    try:
        for batch in batches:
            if failed:
                break
            jobs.put(batch)
    finally:
        for _ in threads:
            jobs.put(None)
        for thread in threads:
            thread.join()
    if failed:
        raise failed[0]
    return sum(written)


def _pg_create_table(name: str, *, unlogged: bool = False) -> None:
    """Create an empty search table `name`, its columns in the model's order (IndexedCase).

    The model puts the columns the facets are counted from first; a table made LIKE the live
    one would keep whatever order the live one has.
    """
    with connection.schema_editor(collect_sql=True) as editor:
        sql, params = editor.table_sql(IndexedCase)
        created = f"CREATE {'UNLOGGED ' if unlogged else ''}TABLE {editor.quote_name(name)}"
        sql = sql.replace(f"CREATE TABLE {editor.quote_name(TABLE)}", created, 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        _pg_own_columns(cursor, name, unlogged=unlogged)


def _pg_index_and_swap(new: str, *, since, cases: int) -> None:
    """Index the filled table `new` and swap it in for the live one.

    Rows written to the live table since `since` are fresher than the copy: they are carried
    over under a lock just before the swap, so no change is lost.
    """
    _pg_build_indexes(new, cases=cases)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {new}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '10s'")
        cursor.execute(f"LOCK TABLE {TABLE} IN EXCLUSIVE MODE")
        columns = ", ".join([*_PG_COLUMNS, "document", "accented"])
        updates = ", ".join(
            f"{c} = EXCLUDED.{c}" for c in [*_PG_COLUMNS[1:], "document", "accented"]
        )
        cursor.execute(
            f"INSERT INTO {new} ({columns}) SELECT {columns} FROM {TABLE} WHERE indexed_at >= %s"
            f" ON CONFLICT (case_id) DO UPDATE SET {updates}"
            f" WHERE {new}.version <= EXCLUDED.version",
            [since],
        )
        new_titles = title_table(new)
        cursor.execute(
            f"INSERT INTO {new_titles} SELECT t.* FROM {TITLE_TABLE} t"
            f" JOIN {TABLE} USING (case_id) WHERE indexed_at >= %s"
            " ON CONFLICT (case_id) DO UPDATE SET version = EXCLUDED.version,"
            f" title = EXCLUDED.title WHERE {new_titles}.version <= EXCLUDED.version",
            [since],
        )
        cursor.execute(f"DROP TABLE {TABLE}, {TITLE_TABLE}")
        for old, current in ((new, TABLE), (new_titles, TITLE_TABLE)):
            cursor.execute(f"ALTER TABLE {old} RENAME TO {current}")
            cursor.execute(f"ALTER INDEX {old}_pkey RENAME TO {current}_pkey")
        renamed = [*_pg_indexes(new), *_pg_title_indexes(new), recent_index(new)]
        for name in renamed:
            cursor.execute(f"ALTER INDEX IF EXISTS {name} RENAME TO {TABLE}{name[len(new) :]}")


def pg_rebuild(batches: Iterable[list[CaseDocument]], progress: Callable[[int], None]) -> int:
    """Fill a new table beside the live one, index it, and swap it in by renaming.

    Every rebuilt row is stamped with the rebuild's start, so rows stamped later are the ones
    changed since (`_pg_index_and_swap`).
    """
    new = f"{TABLE}_new"
    started = timezone.now()

    def write(documents: list[CaseDocument], *, table: str) -> None:
        pg_copy(documents, table=table, indexed_at=started)

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {new}, {title_table(new)}")
    _pg_create_table(new, unlogged=True)
    count = _pg_fill(batches, progress, write=write, table=new)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {new} SET LOGGED")
        cursor.execute(f"ALTER TABLE {title_table(new)} SET LOGGED")
    _pg_index_and_swap(new, since=started, cases=count)
    return count


def sqlite_rebuild(
    batches: Iterable[list[CaseDocument]], progress: Callable[[int], None], *, write
) -> int:
    # SQLite has one writer at a time: rebuilding in one transaction keeps readers on the old rows.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
        count = _fill(batches, progress, write=write, table=TABLE)
        sqlite_merge_fts()
        return count


# The statement's cases to rank: a score's bonuses are matched among them alone.
SQLITE_CANDIDATES = "candidates"


def sqlite_search(
    rows: QuerySet, query: SearchQuery, *, terms: str | None, score, closeness
) -> SearchResult:
    """Return the exact total, the facets and one ranked page of `rows`, in one statement.

    As pg_search: the matches are found once (one FTS5 match, each visible row read once)
    and kept; the total and every facet are counted over them with two GROUP BYs; past
    RANK_ALL_UP_TO matches only the RANK_CANDIDATES most likely (`closeness`, then recency)
    of the newest RANK_ALL_UP_TO are ranked; `closeness` is read for those newest alone.
    `score` is read on one FTS5 scan of `terms` (the query's match), which keeps bm25's
    statistics for the whole scan: a match per row would recompute them over every row that
    holds the words; its bonuses (SQLITE_CANDIDATES) are matched among the candidates only.
    Without text (`terms` None) the page is the newest cases.
    """
    kept = ["case_id", "received_at"]
    if query.with_facets:
        keys = {name: RawSQL(expression, []) for name, expression in _SQLITE_FACET_KEYS.items()}
        # As pg_search: overdue is read from the date and the status (in packed_key), so no
        # match tests its status against the list of open ones.
        past_due = Q(due_on__lt=query.today or timezone.localdate())
        rows = rows.annotate(
            **keys, **{_PAST_DUE: ExpressionWrapper(past_due, output_field=BooleanField())}
        )
        kept = [*kept, *keys, _PAST_DUE]
    inner, params = rows.order_by().values(*kept).query.sql_with_params()
    # Left to itself the planner prefers the primary key's unique index, then reads the row.
    source = f'FROM "{TABLE}"'
    inner = inner.replace(source, f"{source} INDEXED BY {SQLITE_MATCH_INDEX}", 1)
    if query.with_facets:
        counted = (
            f"SELECT 0 AS part, packed_key AS key, {_PAST_DUE}, count(*), NULL, NULL, NULL"
            f" FROM matched GROUP BY packed_key, {_PAST_DUE}"
            " UNION ALL SELECT 1, place_key, NULL, count(*), NULL, NULL, NULL"
            " FROM matched GROUP BY place_key"
        )
    else:
        counted = "SELECT 0, NULL, NULL, count(*), NULL, NULL, NULL FROM matched"
    limit = query.offset + query.page_size
    if terms is None:
        ranking, ranking_params = "", []
        page = "SELECT case_id, 0.0 AS score, received_at FROM matched"
    else:
        # `+rowid`: the candidates are picked out of one scan of the match; a rowid looked up
        # in the index would run the match, and bm25's statistics, once per candidate.
        ranking = (
            f", {SQLITE_CANDIDATES} AS MATERIALIZED (SELECT case_id, received_at FROM ("
            f"  SELECT case_id, received_at, {closeness.sql} AS closeness FROM ("
            "   SELECT case_id, received_at FROM matched"
            "   ORDER BY received_at DESC, case_id DESC LIMIT %s))"
            "  ORDER BY closeness DESC, received_at DESC, case_id DESC"
            "  LIMIT (SELECT CASE WHEN count(*) > %s THEN %s ELSE -1 END FROM matched)),"
            f" ranked AS MATERIALIZED (SELECT rowid AS case_id, {score.sql} AS score"
            f"  FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            f"  AND +rowid IN (SELECT case_id FROM {SQLITE_CANDIDATES}))"
        )
        ranking_params = [
            *closeness.params,
            RANK_ALL_UP_TO,
            RANK_ALL_UP_TO,
            max(RANK_CANDIDATES, limit),
            *score.params,
            terms,
        ]
        page = (
            "SELECT r.case_id, r.score, c.received_at"
            f" FROM ranked r JOIN {SQLITE_CANDIDATES} c USING (case_id)"
        )
    order = "score DESC, received_at DESC, case_id DESC"
    # The page is cut by a sort that keeps only its rows; its positions are numbered after.
    sql = (
        f"WITH matched AS MATERIALIZED ({inner}){ranking} {counted}"
        f" UNION ALL SELECT 2, NULL, NULL, NULL, case_id, score,"
        f" row_number() OVER (ORDER BY {order})"
        f" FROM (SELECT * FROM ({page}) ORDER BY {order} LIMIT %s OFFSET %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ranking_params, query.page_size, query.offset])
        result = cursor.fetchall()
    facets: dict[str, dict] = {name: {} for name in FACET_FIELDS} if query.with_facets else {}
    total, ranked_rows = 0, []
    for part, key, past_due, count, case_id, score_value, position in result:
        if part == 2:
            ranked_rows.append((position, case_id, score_value))
            continue
        # Each key counts every match once: the first one makes the total.
        total += count if part == 0 else 0
        if key is not None:
            _add_counts(facets, _sqlite_counted_values(part, key, past_due), count)
    hits = [Hit(case_id=case_id, score=value or 0.0) for _, case_id, value in sorted(ranked_rows)]
    return SearchResult(total=total, total_is_exact=True, hits=hits, facets=facets)


def _sqlite_counted_values(part: int, key, past_due) -> dict:
    """The facet values of one GROUP BY row of sqlite_search, by column, read from its key."""
    if part == 1:
        return {
            column: IndexedCase._meta.get_field(column).to_python(text)
            for column, text in zip(_SQLITE_PLACE_COLUMNS, key.split(" "), strict=True)
        }
    values = facet_key_values(key)
    values["overdue"] = _overdue(past_due, values["status"])
    return values


def _overdue(past_due, status: str) -> bool:
    """A match's "overdue" facet value, from whether its due date is past and its status.

    Without a due date `past_due` is NULL: not overdue, as the filter `overdue=false` and
    Elasticsearch's other bucket have it, so that the facet's two values add up to the total
    and each finds as many cases as it counts. SQLite's past_due is 0 or 1, not a boolean.
    """
    return bool(past_due) and status in OPEN_STATUSES


def _add_counts(facets: dict, values: dict, count: int) -> None:
    """Count `count` matches for each facet whose column `values` holds."""
    for name, column in FACET_FIELDS.items():
        if column in values:
            counts = facets[name]
            counts[values[column]] = counts.get(values[column], 0) + count


def pg_index_size() -> int:
    """How many cases the search table holds, as PostgreSQL last estimated (no scan)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return max(0, int(row[0])) if row else 0


class _Sets:
    """The GROUPING SETS that count the total and every facet in one pass.

    Two sets, not one per facet: each match is hashed twice instead of eight times. The places
    (unit, locality, field) are grouped apart from the rest, so neither set's combinations
    multiply; each facet is then summed from its set's rows (`pg_search`).
    """

    def __init__(self, columns: list[str]):
        self.places = [column for column in columns if column in _PLACE_COLUMNS]
        others = [column for column in columns if column not in _PLACE_COLUMNS]
        sets = ", ".join(
            f"({', '.join(f'm.{c}' for c in group)})" for group in (others, self.places) if group
        )
        self.group_by = f"GROUPING SETS ({sets})" if sets else "()"
        selected = ", ".join(f"m.{column}" for column in columns)
        self.columns = f"{selected}, " if columns else ""
        # GROUPING of a place column is 1 in the other set's rows: those count the total.
        self.grouping = f"GROUPING(m.{self.places[0]})" if self.places else "0"
        self.totals = "grouping = 1" if self.places else "true"

    def counted(self, source: str) -> str:
        return (
            f"SELECT {self.columns}{self.grouping} AS grouping, count(*) AS n"
            f" FROM {source} m GROUP BY {self.group_by}"
        )


def pg_search(
    rows: QuerySet, query: SearchQuery, *, score, closeness, walked: QuerySet | None = None
) -> SearchResult:
    """Return the total, the facets and one ranked page of `rows`, in one statement.

    Up to EXACT_INDEX_SIZE indexed cases, every count is exact. The total and every facet are
    counted with GROUPING SETS from the narrow rows the GIN and visibility indexes select,
    never reading a case's text; the page takes the newest RANK_ALL_UP_TO matches. Whether
    matches are many enough to walk the date index for those is read from the sample first
    (_read_sample); if not, every match is read once and kept, and serves both. Past that size
    the sample tells more: when it shows more than COUNT_CAP matches past doubt, the total and
    the facets are estimated from it and the pool taken from the newest slice of the matches;
    otherwise the newest COUNT_CAP + 1 matches are kept once and serve both, and the sample is
    counted when there are more (docs/search.md#a-nations-index).

    Of the page's pool, the RANK_CANDIDATES closest to the words (`closeness`, from the
    subject line) are kept when there are more matches than RANK_ALL_UP_TO, and ranked by
    `score`, which reads each one's text (docs/search.md#ranking). Without text (`score`
    None) the page is the newest cases. `walked` holds the same rows as `rows` by a test that
    no index answers, so that the pool may be found by walking the date index.
    """
    # "Overdue" is an open status and a due date past: counted from the status and a date
    # comparison, so no match tests its status against the list of open ones.
    columns = [*_KEY_COLUMNS, *_PLACE_COLUMNS] if query.with_facets else []
    past_due = Q(due_on__lt=query.today or timezone.localdate())
    rows = rows.order_by().annotate(
        **{_PAST_DUE: ExpressionWrapper(past_due, output_field=BooleanField())}
    )
    sets = _Sets(columns)
    newest = rows.order_by("-received_at", "-case_id")
    size = pg_index_size()
    capped = size > EXACT_INDEX_SIZE
    with transaction.atomic(), connection.cursor() as cursor:
        # Sent at once, one round trip. Room to keep the bitmap of a broad query exact and the
        # facets' hash tables in memory; a search is too short for JIT compilation to pay for
        # itself. A broad search reads most rows of the table to count them: a parallel worker
        # reads half of them beside the backend, which hashes them all (GROUPING SETS are
        # counted in one process). Priced at nothing, so that the planner splits any scan large
        # enough (min_parallel_table_scan_size) rather than guess from its estimate of the
        # matches.
        cursor.execute(
            f"SET LOCAL work_mem = '{SEARCH_WORK_MEM}'; SET LOCAL jit = off;"
            f" SET LOCAL max_parallel_workers_per_gather = {settings.SEARCH_PARALLEL_WORKERS:d};"
            " SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0"
        )
        # Without text the newest cases come straight from the date index.
        sample = _Sample(walk=score is None)
        if score is not None:
            # The planner prices a text match as cheap, but on a seq scan each one reads the
            # row's vector out of line; the GIN index answers without reading any of them.
            cursor.execute("SET LOCAL enable_seqscan = off")
            # In a small index no share of it makes walking pay.
            if walked is not None and _walk_share(size) < 1:
                sample = _read_sample(cursor, rows, size=size)
                if not capped:
                    # Every count exact: the sample tells only whether to walk.
                    sample = _Sample(walk=sample.walk)
            if sample.walk:
                # Its estimate of the matches far too low, the planner would not walk.
                newest = walked.order_by("-received_at", "-case_id")
            else:
                cursor.execute("SET LOCAL enable_indexscan = off")
        ctes: list[tuple[str, list]] = []
        # Walked (or without text), the pool is the newest of `newest`; otherwise each way
        # below takes it from what it read, and compiling this would be wasted.
        if sample.walk:
            newest_sql, newest_params = newest.values(*_POOL).query.sql_with_params()
        if capped:
            in_sample = rows.filter(Q(RawSQL(SAMPLE_CONDITION, [], output_field=BooleanField())))
            if sample.past_cap:
                # The matches are many past doubt: counted from the sample alone, and the
                # pool, unless walked, taken from the newest slice of them (_sliced_pool).
                if not sample.walk:
                    sliced, newest_sql, newest_params = _sliced_pool(rows, since=sample.since)
                    ctes.append(sliced)
            else:
                # Any COUNT_CAP + 1 matches, found from the bitmap, count exactly up to the
                # cap. When the newest come from the bitmap too, they are these, in date order.
                kept = rows.values(*columns) if sample.walk else newest.values(*_POOL, *columns)
                kept_sql, kept_params = kept[: COUNT_CAP + 1].query.sql_with_params()
                # The sample is read only when more than COUNT_CAP matched: PostgreSQL tests
                # the count once.
                needed = f"(SELECT count(*) FROM kept) > {COUNT_CAP}"
                in_sample = in_sample.filter(Q(RawSQL(needed, [], output_field=BooleanField())))
                ctes.append((f"kept AS MATERIALIZED ({kept_sql})", kept_params))
                ctes.append((f"counted AS ({sets.counted('kept')})", []))
                if not sample.walk:
                    newest_sql = "SELECT * FROM kept ORDER BY received_at DESC, case_id DESC"
                    newest_params = []
            sample_sql, sample_params = in_sample.values(*columns).query.sql_with_params()
            ctes.append((f"sampled AS ({sets.counted(f'({sample_sql})')})", sample_params))
        elif sample.walk:
            counted_sql, counted_params = rows.values(*columns).query.sql_with_params()
            ctes.append((f"counted AS ({sets.counted(f'({counted_sql})')})", counted_params))
        else:
            # Not many: every match is read once, and both the counts and the pool come from
            # what was read, where reading them again for the pool would look up the words in
            # the GIN index a second time.
            kept_sql, kept_params = rows.values(*_POOL, *columns).query.sql_with_params()
            ctes.append((f"kept AS MATERIALIZED ({kept_sql})", kept_params))
            ctes.append((f"counted AS ({sets.counted('kept')})", []))
            newest_sql = "SELECT * FROM kept ORDER BY received_at DESC, case_id DESC"
            newest_params = []
        if score is None:
            page = (
                "SELECT p.case_id, 0.0::float8 AS score,"
                " row_number() OVER (ORDER BY p.received_at DESC, p.case_id DESC) AS position"
                f" FROM ({newest_sql} LIMIT %s OFFSET %s) p"
            )
            page_params = [*newest_params, query.page_size, query.offset]
        else:
            limit = query.offset + query.page_size
            candidates = max(RANK_CANDIDATES, limit)
            if sample.past_cap:
                # More than COUNT_CAP matched, so more than RANK_ALL_UP_TO unless a test has
                # lowered the cap below it.
                candidates_sql = "%s"
                candidates_params = [candidates if COUNT_CAP >= RANK_ALL_UP_TO else None]
            else:
                candidates_sql = (
                    f"(SELECT CASE WHEN sum(n) > %s THEN %s END FROM counted WHERE {sets.totals})"
                )
                candidates_params = [RANK_ALL_UP_TO, candidates]
            page = (
                "SELECT case_id, score,"
                " row_number() OVER (ORDER BY score DESC, received_at DESC, case_id DESC)"
                " AS position FROM (SELECT c.case_id, c.received_at, s.score FROM ("
                f"  SELECT p.case_id, p.received_at FROM ({newest_sql} LIMIT %s) p"
                f"  LEFT JOIN {TITLE_TABLE} USING (case_id)"
                f"  ORDER BY {closeness.sql} DESC, p.received_at DESC, p.case_id DESC"
                f"  LIMIT {candidates_sql}"
                # Each candidate's vector is read out of line once, where the rank and the
                # phrase bonus would each read the column: setweight with no lexemes returns
                # a copy unchanged, and OFFSET 0 keeps the copy from being inlined into each use.
                f") c CROSS JOIN LATERAL (SELECT ({score.sql}) AS score FROM ("
                f"  SELECT setweight(document, 'A', '{{}}') AS document, accented FROM {TABLE}"
                f"  WHERE {TABLE}.case_id = c.case_id OFFSET 0) {TABLE}) s) ranked"
                " ORDER BY position LIMIT %s OFFSET %s"
            )
            page_params = [
                *newest_params,
                RANK_ALL_UP_TO,
                *closeness.params,
                *candidates_params,
                *score.params,
                query.page_size,
                query.offset,
            ]
        nulls = ", ".join(["NULL"] * len(columns))
        counted = f"{sets.columns}grouping, n, NULL::bigint, NULL::float8, NULL::bigint AS position"
        parts = [
            *([f"SELECT 0 AS part, {counted} FROM counted m"] if not sample.past_cap else []),
            *([f"SELECT 2 AS part, {counted} FROM sampled m"] if capped else []),
            f"SELECT 1 AS part, {nulls + ', ' if nulls else ''}NULL, NULL, case_id, score,"
            " position FROM page",
        ]
        ctes.append((f"page AS ({page})", page_params))
        sql = (
            f"WITH {', '.join(cte for cte, _ in ctes)} {' UNION ALL '.join(parts)}"
            " ORDER BY part, position"
        )
        cursor.execute(sql, [param for _, cte_params in ctes for param in cte_params])
        result = cursor.fetchall()
    hits = [Hit(case_id=row[-3], score=row[-2] or 0.0) for row in result if row[0] == 1]
    counts = _Counts(columns, sets, [row for row in result if row[0] == 0])
    if not capped or (not sample.past_cap and counts.total <= COUNT_CAP):
        return SearchResult(
            total=counts.total, total_is_exact=True, hits=hits, facets=counts.facets
        )
    # More than COUNT_CAP matched: estimated from the sample, never below what was counted.
    counts = _Counts(columns, sets, [row for row in result if row[0] == 2])
    total = max(counts.estimate(counts.total), COUNT_CAP + 1)
    return SearchResult(
        total=total,
        total_is_exact=False,
        hits=hits,
        facets={
            name: {value: counts.estimate(n) for value, n in values.items()}
            for name, values in counts.facets.items()
        },
        total_margin=counts.margin(counts.total),
        facet_margins={
            name: {value: counts.margin(n) for value, n in values.items()}
            for name, values in counts.facets.items()
        },
    )


def _walk_share(size: int) -> float:
    """The share of the cases past which walking the date index finds the newest matches sooner.

    Walking reads about RANK_ALL_UP_TO / share rows, each testing its vector out of line; the
    bitmap reads every match, share × size, and sorts them: the two costs meet at
    √(WALKED_ROW_COST × RANK_ALL_UP_TO / size).
    """
    return math.sqrt(WALKED_ROW_COST * RANK_ALL_UP_TO / max(size, 1))


@dataclass(frozen=True)
class _Sample:
    """What the sample tells of a search's matches, read before its statement.

    `walk`: more than the walking share of the cases match (_walk_share). In a large index
    only, `past_cap`: more than COUNT_CAP match past doubt, so the total and the facets are
    estimated without counting any further; unless walked, the pool is then taken from the
    matches received `since` (_sliced_pool).
    """

    walk: bool
    past_cap: bool = False
    since: datetime | None = None


def _read_sample(cursor, rows: QuerySet, *, size: int) -> _Sample:
    """Read the sample's matches from its partial GIN index, no further than needed.

    The planner's own estimate cannot tell how many match: it multiplies the words' shares,
    far too low for words that go together ("bồi thường"), and it prices the walk's tests as
    cheap as a bitmap's.
    """
    share = _walk_share(size)
    walking = math.ceil(share * size / SAMPLE_MODULUS) if share < 1 else None
    # Twice what COUNT_CAP matches put in the sample on average: 26 standard deviations above.
    past_cap = math.ceil(2 * COUNT_CAP / SAMPLE_MODULUS)
    # From this newest sample match on, the matches hold twice the pool on average; fewer
    # than the pool would have put it there 8 standard deviations above their average.
    pool_sampled = math.ceil(2 * RANK_ALL_UP_TO / SAMPLE_MODULUS)
    limit = max(walking or 0, past_cap)
    sample = rows.filter(Q(RawSQL(SAMPLE_CONDITION, [], output_field=BooleanField())))
    sql, params = sample.values("received_at")[:limit].query.sql_with_params()
    cursor.execute(
        f"SELECT count(*), (array_agg(received_at ORDER BY received_at DESC))[%s] FROM ({sql}) s",
        [pool_sampled, *params],
    )
    found, since = cursor.fetchone()
    if walking is not None and found >= walking:
        return _Sample(walk=True, past_cap=found >= past_cap)
    # Read only as far as the limit: which sample matches are the newest is not known.
    if found >= limit or since is None:
        return _Sample(walk=False)
    return _Sample(walk=False, past_cap=found >= past_cap, since=since)


def _sliced_pool(rows: QuerySet, *, since: datetime) -> tuple[tuple[str, list], str, list]:
    """The pool, the newest RANK_ALL_UP_TO of `rows`, read from those received `since`.

    Only the slice's matches are read, a few times the pool, instead of every match being read
    and sorted: when the slice lies among the newest cases, its words are looked up in their
    own GIN index (_pg_recent_index). Should the slice hold fewer than the pool, every
    match is sorted instead: the pool is the same either way. Returns the slice's CTE and
    the pool's SQL and parameters.
    """
    sliced_sql, sliced_params = _pool_sql(
        rows.filter(received_at__gte=since).order_by("-received_at", "-case_id")
    )
    sorted_sql, sorted_params = _pool_sql(rows.order_by(_UNINDEXED_DATE, "-case_id"))
    enough = f"(SELECT count(*) FROM sliced) >= {RANK_ALL_UP_TO}"
    pool = (
        f"SELECT * FROM sliced WHERE {enough}"
        f" UNION ALL SELECT * FROM ({sorted_sql}) sorted WHERE NOT {enough}"
    )
    sliced = (f"sliced AS MATERIALIZED ({sliced_sql})", list(sliced_params))
    return sliced, pool, list(sorted_params)


def _pool_sql(newest: QuerySet) -> tuple[str, tuple]:
    return newest.values(*_POOL)[:RANK_ALL_UP_TO].query.sql_with_params()


class _Counts:
    """The total and the facets summed from the rows of `_Sets.counted`."""

    def __init__(self, columns: list[str], sets: _Sets, rows: list[tuple]):
        self.total = 0
        self.facets: dict[str, dict] = {name: {} for name in FACET_FIELDS} if columns else {}
        for row in rows:
            in_places, count = row[-5] == 0 and bool(sets.places), row[-4]
            self.total += 0 if in_places else count
            if not columns:
                continue
            values = dict(zip(columns, row[1:], strict=False))
            if in_places:
                values = {column: values[column] for column in _PLACE_COLUMNS}
            else:
                past_due = values[_PAST_DUE]
                values = facet_key_values(values["facet_key"])
                values["overdue"] = _overdue(past_due, values["status"])
            _add_counts(self.facets, values, count)

    @staticmethod
    def estimate(sampled: int) -> int:
        return sampled * SAMPLE_MODULUS

    @staticmethod
    def margin(sampled: int) -> int:
        """Half the 95% confidence interval of an estimate from `sampled` rows (binomial)."""
        fraction = 1 / SAMPLE_MODULUS
        return math.ceil(CONFIDENCE_Z * math.sqrt(sampled * (1 - fraction)) / fraction)
