"""Search in the project's own database: PostgreSQL full text with pg_trgm, or SQLite FTS5.

Both engines index the normalizer's folded words, so the same query finds the same cases;
only the ranking function differs (ts_rank_cd on PostgreSQL, bm25 on SQLite).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial, reduce
from operator import or_

from django.db import DatabaseError, connection, transaction
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    FloatField,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cases.models import OPEN_STATUSES
from cases.selectors import Visibility

from ..documents import CaseDocument
from ..models import IndexedCase, OutboxEntry
from ..normalizer import ParsedQuery
from ..query import SearchQuery, SearchResult
from . import schema
from .base import SearchBackend

logger = logging.getLogger(__name__)
TABLE = IndexedCase._meta.db_table
FTS_TABLE = schema.FTS_TABLE
# Accented matches rank above folded-only ones (docs/search.md#ranking); recency breaks ties.
ACCENT_BONUS = 1.0
# The words typed, next to each other and in order, rank above the same words scattered.
PHRASE_BONUS = 2.0


def tsquery_text(words: Iterable[str], *, prefix_last: bool, any_word: bool = False) -> str:
    # The normalizer's words are letters and digits only: nothing to escape.
    words = list(words)
    if prefix_last and words:
        words[-1] += ":*"
    return (" | " if any_word else " & ").join(words)


def _fts5_query(words: Iterable[str], *, prefix_last: bool, any_word: bool = False) -> str:
    words = [f'"{word}"' for word in words]
    if prefix_last and words:
        words[-1] += "*"
    return (" OR " if any_word else " ").join(words)


class DatabaseBackend(SearchBackend):
    writes_in_transaction = True

    @property
    def is_postgresql(self) -> bool:
        return connection.vendor == "postgresql"

    # Writing.

    def index(self, documents: list[CaseDocument]) -> None:
        """Write the documents in the caller's transaction; if that fails, queue them."""
        if not documents:
            return
        try:
            with transaction.atomic():
                self._write(documents, table=TABLE)
        except DatabaseError:
            # E.g. the table is being swapped by a rebuild: the change itself must not fail.
            logger.warning("search: indexing deferred to the outbox", exc_info=True)
            OutboxEntry.objects.bulk_create(OutboxEntry(case_id=d.case_id) for d in documents)

    def _write(self, documents: list[CaseDocument], *, table: str) -> None:
        if self.is_postgresql:
            schema.pg_upsert(documents, table=table)
        else:
            schema.sqlite_upsert(documents, table=table)

    def is_empty(self) -> bool:
        return not IndexedCase.objects.exists()

    def rebuild(self, batches, progress: Callable[[int], None]) -> int:
        if self.is_postgresql:
            return schema.pg_rebuild(batches, progress)
        return schema.sqlite_rebuild(batches, progress, write=self._write)

    # Reading.

    def search(self, query: SearchQuery, visibility: Visibility) -> SearchResult:
        if visibility.is_empty:
            return SearchResult(total=0, total_is_exact=True, hits=[], facets={})
        if self.is_postgresql:
            return self._pg_search(query, visibility)
        return self._sqlite_search(query, visibility)

    def _sqlite_search(self, query: SearchQuery, visibility: Visibility) -> SearchResult:
        """One statement, as on PostgreSQL: the FTS5 match once, then the counts and the page.

        As there, a rule that covers every unit is no condition: no match tests its unit path.
        """
        parsed = query.parsed
        visible = visibility.as_q(unit_path="unit_path", unit="unit_id", case="case_id")
        rows = self._filtered(query, Q() if visibility.covers_every_unit() else visible)
        if parsed.is_empty:
            return schema.sqlite_search(rows, query, terms=None, score=None, closeness=None)
        terms = self._fts5_terms(parsed, any_word=query.any_word)
        return schema.sqlite_search(
            rows.filter(self._match(parsed, any_word=query.any_word)),
            query,
            terms=terms,
            score=self._score(parsed, any_word=query.any_word),
            closeness=self._sqlite_closeness(parsed),
        )

    def _pg_search(self, query: SearchQuery, visibility: Visibility) -> SearchResult:
        """One statement: the total, the facets and the ranked page (schema.pg_search).

        With words, the visibility rule is asked for as keys beside the words, so the text's
        GIN index applies both in one scan (docs/search.md#visibility); without them it is a
        condition on the row's own columns, never a join. Counts are exact up to
        schema.EXACT_INDEX_SIZE indexed cases (docs/search.md#counts-and-estimates).
        """
        parsed = query.parsed
        everything = visibility.covers_every_unit()
        rows = self._filtered(query, Q() if everything else _pg_visible(visibility))
        if parsed.is_empty:
            return schema.pg_search(rows, query, score=None, closeness=None)
        score = self._score(parsed, any_word=query.any_word)
        closeness = self._closeness(parsed)
        # The words and the visibility keys in one GIN scan, which applies the rule too.
        keys = [] if everything else schema.visibility_keys(visibility)
        keyed = self._filtered(query, Q())
        match = partial(self._match, parsed, any_word=query.any_word, keys=keys)
        matched = keyed.filter(match())
        # The same test row by row, which no index answers: walking the date index uses it.
        tested = keyed.filter(match(indexed=False))
        result = schema.pg_search(matched, query, score=score, closeness=closeness, walked=tested)
        if result.total or parsed.code:
            return result
        # Nothing matched word for word: the subject line with pg_trgm, for typos.
        fuzzy = rows.filter(self._fuzzy(parsed))
        return schema.pg_search(fuzzy, query, score=score, closeness=closeness)

    @staticmethod
    def _overdue(query: SearchQuery) -> Q:
        return Q(status__in=OPEN_STATUSES, due_on__lt=query.today or timezone.localdate())

    def _with_overdue(self, rows: QuerySet, query: SearchQuery) -> QuerySet:
        return rows.annotate(
            overdue=ExpressionWrapper(self._overdue(query), output_field=BooleanField())
        )

    def _filtered(self, query: SearchQuery, visible: Q) -> QuerySet:
        today = query.today or timezone.localdate()
        overdue = self._overdue(query)
        rows = self._with_overdue(IndexedCase.objects.filter(visible), query)
        rows = rows.filter(**query.exact_filters())
        if query.unit_path:
            rows = rows.filter(unit_path__startswith=query.unit_path)
        if query.locality_path:
            rows = rows.filter(locality_path__startswith=query.locality_path)
        if query.overdue is not None:
            rows = rows.filter(overdue if query.overdue else ~overdue)
        if query.due_soon:
            rows = rows.filter(status__in=OPEN_STATUSES, due_soon_on__lte=today, due_on__gte=today)
        return rows

    def _match(self, parsed: ParsedQuery, *, any_word: bool, indexed: bool = True, keys=()) -> Q:
        words = tsquery_text(parsed.words, prefix_last=parsed.last_is_prefix, any_word=any_word)
        if self.is_postgresql:
            expression = (
                f"{parsed.code} | ({words})" if parsed.code and words else parsed.code or words
            )
            # The function behind @@: the same test, which the planner never gives to an index.
            test = "document @@ {}" if indexed else "ts_match_vq(document, {})"
            wanted, params = "to_tsquery('simple', %s)", [expression]
            if keys:
                # Quoted lexemes: the keys as they are, never parsed into words.
                quoted = " | ".join(f"'{_quoted(key)}'" for key in keys)
                wanted, params = f"({wanted} && %s::tsquery)", [expression, quoted]
            sql = test.format(wanted)
        else:
            sql = f"case_id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
            params = [self._fts5_terms(parsed, any_word=any_word)]
        return Q(RawSQL(sql, params, output_field=BooleanField()))

    @staticmethod
    def _fts5_terms(parsed: ParsedQuery, *, any_word: bool) -> str:
        """The FTS5 query of the folded columns: the code, or every (any) word."""
        words = _fts5_query(parsed.words, prefix_last=parsed.last_is_prefix, any_word=any_word)
        expression = (
            f'"{parsed.code}" OR ({words})'
            if parsed.code and words
            else (f'"{parsed.code}"' if parsed.code else words)
        )
        return f"{{a b c}} : ({expression})"

    @staticmethod
    def _closeness(parsed: ParsedQuery) -> RawSQL:
        """How likely a row ranks first, judged from its subject line alone (search_case_title)."""
        words = [f"% {word} %" for word in parsed.words]
        if parsed.last_is_prefix:
            words[-1] = words[-1][:-2] + "%"
        every = " AND ".join(["(' ' || title || ' ') LIKE %s"] * len(words))
        sql = (
            f"CASE WHEN (' ' || title || ' ') LIKE %s THEN 2 ELSE 0 END"
            f" + CASE WHEN {every} THEN 1 ELSE 0 END"
        )
        phrase = f"% {' '.join(parsed.words)}{'%' if parsed.last_is_prefix else ' %'}"
        return RawSQL(sql, [phrase, *words], output_field=FloatField())

    @staticmethod
    def _sqlite_closeness(parsed: ParsedQuery) -> RawSQL:
        """`_closeness` read from the FTS5 index of the subject line (column a), not the row.

        Column a holds the folded words PostgreSQL keeps as `title`, so the phrase and the
        words are found in the same cases; each is matched once per search, and no row is read
        for its subject (schema.sqlite_search reads closeness for the newest matches only).
        """
        phrase = f'"{" ".join(parsed.words)}"' + ("*" if parsed.last_is_prefix else "")
        every = _fts5_query(parsed.words, prefix_last=parsed.last_is_prefix)
        condition = f"case_id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
        return RawSQL(
            f"CASE WHEN {condition} THEN 2 ELSE 0 END + CASE WHEN {condition} THEN 1 ELSE 0 END",
            [f"a : {phrase}", f"a : ({every})"],
            output_field=FloatField(),
        )

    def _fuzzy(self, parsed: ParsedQuery) -> Q:
        # Nothing matched word for word: try the subject with pg_trgm, for typos.
        return Q(
            RawSQL(
                f"case_id IN (SELECT case_id FROM {schema.TITLE_TABLE} WHERE %s <%% title)",
                [" ".join(parsed.words)],
                output_field=BooleanField(),
            )
        )

    def _score(self, parsed: ParsedQuery, *, any_word: bool) -> RawSQL:
        """Rank by the engine's relevance, plus bonuses for the exact phrase and the accents."""
        words = parsed.words
        bonuses = []
        if len(words) > 1:
            bonuses.append((self._phrase(words), PHRASE_BONUS))
        if parsed.accented_words:
            bonuses.append((self._accented(parsed.accented_words), ACCENT_BONUS))
        if self.is_postgresql:
            terms = tsquery_text(words, prefix_last=parsed.last_is_prefix, any_word=any_word)
            terms = " | ".join(filter(None, [parsed.code, terms and f"({terms})"]))
            # Normalised to rank / (rank + 1), below 1: a bonus always outweighs the rank.
            sql, params = "ts_rank_cd(document, to_tsquery('simple', %s), 32)", [terms]
        else:
            # Read on the FTS5 row of the query's own match (schema.sqlite_search).
            sql = (
                f"-bm25({FTS_TABLE}, 10.0, 4.0, 1.0, 0.0)"
                f" / (1.0 - bm25({FTS_TABLE}, 10.0, 4.0, 1.0, 0.0))"
            )
            params = []
        for (condition, condition_params), bonus in bonuses:
            sql += f" + CASE WHEN {condition} THEN %s ELSE 0 END"
            params += [*condition_params, bonus]
        return RawSQL(sql, params, FloatField())

    def _phrase(self, words: tuple[str, ...]) -> tuple[str, list]:
        if self.is_postgresql:
            return "document @@ to_tsquery('simple', %s)", [" <-> ".join(words)]
        return self._fts5_condition(f'{{a b c}} : "{" ".join(words)}"')

    def _accented(self, words: tuple[str, ...]) -> tuple[str, list]:
        if self.is_postgresql:
            return "accented @@ to_tsquery('simple', %s)", [" & ".join(words)]
        return self._fts5_condition(f"accented : ({_fts5_query(words, prefix_last=False)})")

    @staticmethod
    def _fts5_condition(expression: str) -> tuple[str, list]:
        # On the ranked FTS5 row; the inner match is evaluated once for the whole statement,
        # among the candidates only: a broad one would keep every match's id for a few hundred.
        sql = (
            f"{FTS_TABLE}.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            f" AND +rowid IN (SELECT case_id FROM {schema.SQLITE_CANDIDATES}))"
        )
        return sql, [expression]


def _pg_visible(visibility: Visibility) -> Q:
    """The visibility rule on the search row: a handler through its `readers` array."""
    conditions = []
    if visibility.unit_trees or visibility.units:
        units = replace(visibility, holder_id=None)
        conditions.append(units.as_q(unit_path="unit_path", unit="unit_id", case="case_id"))
    if visibility.holder_id:
        held = RawSQL("readers @> ARRAY[%s]::bigint[]", [visibility.holder_id], BooleanField())
        conditions.append(Q(held))
    return reduce(or_, conditions)


def _quoted(lexeme: str) -> str:
    """The lexeme inside a tsquery's single quotes."""
    return lexeme.replace("\\", "\\\\").replace("'", "''")
