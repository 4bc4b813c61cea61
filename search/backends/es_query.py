"""Elasticsearch request bodies for a case search, and their responses read back.

The query matches what the database backend matches (every folded word somewhere in the
case, or any word; the last one as a prefix while it is typed; a code however it was typed)
and filters by the same visibility rule inside the query, so counts and pages are right.
"""

from datetime import date

from django.utils import timezone
from elasticsearch_dsl import A, Q, Search
from elasticsearch_dsl.query import Query

from cases.models import OPEN_STATUSES
from cases.selectors import Visibility

from ..normalizer import ParsedQuery
from ..query import COUNT_CAP, FACET_FIELDS, FACETS, Hit, SearchQuery, SearchResult
from .es_mapping import ACCENTED_FIELDS, TEXT_FIELDS

INTEGER_FACETS = frozenset({"unit", "locality", "field", "year"})
# More buckets than a province has units or localities: every value is counted, as in SQL.
FACET_SIZE = 2000
# A code typed in full names one case: it outranks every word match.
CODE_BOOST = 20.0
# Accented matches rank above folded-only ones (docs/search.md#ranking).
ACCENT_BOOST = 2.0
# The words typed, next to each other and in order, rank above the same words scattered.
PHRASE_BOOST = 2.0
# Elasticsearch refuses from + size beyond this (index.max_result_window).
MAX_RESULT_WINDOW = 10_000
HIGHLIGHTED = ("subject", "body", "names", "places")
SNIPPET_LENGTH = 160


def _fields(weights: dict[str, int]) -> list[str]:
    return [f"{name}^{weight}" for name, weight in weights.items()]


def _open_statuses() -> list[str]:
    return sorted(str(status) for status in OPEN_STATUSES)


def overdue_query(today: date) -> Query:
    """Open cases past their due date, as `cases.selectors.overdue_cases` has it."""
    return Q(
        "bool",
        filter=[Q("terms", status=_open_statuses()), Q("range", due_on={"lt": today.isoformat()})],
    )


def due_soon_query(today: date) -> Query:
    return Q(
        "bool",
        filter=[
            Q("terms", status=_open_statuses()),
            Q("range", due_soon_on={"lte": today.isoformat()}),
            Q("range", due_on={"gte": today.isoformat()}),
        ],
    )


def visibility_query(visibility: Visibility) -> Query:
    """Return `Visibility` as a filter: any of its unit trees, units or held cases."""
    should = [Q("prefix", unit_path=path) for path in visibility.unit_trees]
    if visibility.units:
        should.append(Q("terms", unit_id=[str(unit_id) for unit_id in visibility.units]))
    if visibility.holder_id:
        should.append(Q("term", readers=str(visibility.holder_id)))
    return Q("bool", should=should, minimum_should_match=1)


def filter_queries(query: SearchQuery, visibility: Visibility) -> list[Query]:
    today = query.today or timezone.localdate()
    filters = [visibility_query(visibility)]
    filters += [Q("term", **{name: str(value)}) for name, value in query.exact_filters().items()]
    if query.unit_path:
        filters.append(Q("prefix", unit_path=query.unit_path))
    if query.locality_path:
        filters.append(Q("prefix", locality_path=query.locality_path))
    if query.overdue is not None:
        overdue = overdue_query(today)
        filters.append(overdue if query.overdue else Q("bool", must_not=[overdue]))
    if query.due_soon:
        filters.append(due_soon_query(today))
    return filters


def _words_query(parsed: ParsedQuery, *, any_word: bool) -> tuple[Query | None, list[Query]]:
    """Return the clause the words must satisfy, and clauses that only add to the score."""
    words = list(parsed.words)
    prefix = words.pop() if parsed.last_is_prefix else None
    required, scoring = [], []
    if words:
        # cross_fields: each word may be in any field, as in the database's one tsvector.
        required.append(
            Q(
                "multi_match",
                query=" ".join(words),
                fields=_fields(TEXT_FIELDS),
                type="cross_fields",
                operator="or" if any_word else "and",
            )
        )
    if prefix:
        required.append(
            Q("multi_match", query=prefix, fields=_fields(TEXT_FIELDS), type="bool_prefix")
        )
        # A whole word outranks a word it only begins.
        scoring.append(
            Q("multi_match", query=prefix, fields=_fields(TEXT_FIELDS), type="cross_fields")
        )
    if not required:
        return None, scoring
    if len(required) == 1:
        return required[0], scoring
    if any_word:
        return Q("bool", should=required, minimum_should_match=1), scoring
    return Q("bool", must=required), scoring


def text_query(parsed: ParsedQuery, *, any_word: bool = False) -> Query:
    """Return the scoring query for the text: the code or the words; phrase and accents add."""
    words, scoring = _words_query(parsed, any_word=any_word)
    matches = []
    if parsed.code:
        matches.append(Q("term", compact_codes={"value": parsed.code, "boost": CODE_BOOST}))
    if words is not None:
        matches.append(words)
    must = matches if len(matches) == 1 else [Q("bool", should=matches, minimum_should_match=1)]
    if len(parsed.words) > 1:
        scoring.append(
            Q(
                "multi_match",
                query=" ".join(parsed.words),
                fields=_fields(TEXT_FIELDS),
                type="phrase",
                boost=PHRASE_BOOST,
            )
        )
    if parsed.accented_words:
        scoring.append(
            Q(
                "multi_match",
                query=" ".join(parsed.accented_words),
                fields=_fields(ACCENTED_FIELDS),
                type="cross_fields",
                operator="and",
                boost=ACCENT_BOOST,
            )
        )
    return Q("bool", must=must, should=scoring) if scoring else must[0]


def fuzzy_query(parsed: ParsedQuery) -> Query:
    """Return a typo-tolerant match on codes and subject: the fallback when nothing matched."""
    return Q(
        "multi_match",
        query=" ".join(parsed.words),
        fields=_fields({"codes": 1, "subject": 1}),
        fuzziness="AUTO",
        operator="and",
    )


def facet_aggregations(today: date) -> dict:
    aggregations = {
        name: A("terms", field=field, size=FACET_SIZE)
        for name, field in FACET_FIELDS.items()
        if name != "overdue"
    }
    aggregations["overdue"] = A(
        "filters", filters={"true": overdue_query(today)}, other_bucket_key="false"
    )
    return aggregations


def build_search(
    query: SearchQuery, visibility: Visibility, *, fuzzy: bool = False, using=None, index=None
) -> Search:
    """Return the search for one page of results, with facets and highlighted snippets."""
    parsed = query.parsed
    filters = filter_queries(query, visibility)
    if parsed.is_empty:
        body = Q("bool", filter=filters)
    else:
        match = fuzzy_query(parsed) if fuzzy else text_query(parsed, any_word=query.any_word)
        body = Q("bool", must=[match], filter=filters)
    start = min(query.offset, MAX_RESULT_WINDOW)
    size = max(0, min(query.page_size, MAX_RESULT_WINDOW - start))
    search = (
        Search(using=using, index=index)
        .query(body)
        .sort({"_score": {"order": "desc"}}, {"received_at": {"order": "desc"}}, "-case_id")
        .source(False)
        .extra(track_total_hits=COUNT_CAP, **{"from": start, "size": size})
    )
    if not parsed.is_empty:
        search = search.highlight_options(
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            encoder="html",
            fragment_size=SNIPPET_LENGTH,
            number_of_fragments=1,
        ).highlight(*HIGHLIGHTED)
    if query.with_facets:
        for name, aggregation in facet_aggregations(query.today or timezone.localdate()).items():
            search.aggs.bucket(name, aggregation)
    return search


def _facet_value(name: str, key):
    return int(key) if name in INTEGER_FACETS else key


def read_facets(aggregations: dict) -> dict[str, dict]:
    """Return facet counts shaped as the database backend's: {name: {value: count}}."""
    facets = {}
    for name in FACETS:
        if name not in aggregations:
            continue
        if name == "overdue":
            buckets = aggregations[name]["buckets"]
            counts = {
                value: buckets[key]["doc_count"]
                for key, value in (("true", True), ("false", False))
            }
            facets[name] = {value: count for value, count in counts.items() if count}
        else:
            facets[name] = {
                _facet_value(name, bucket["key"]): bucket["doc_count"]
                for bucket in aggregations[name]["buckets"]
            }
    return facets


def _snippet(highlight: dict) -> str:
    """Return "subject — body" as the database backend's snippet has it, else names or places."""
    parts = [highlight[name][0] for name in ("subject", "body") if highlight.get(name)]
    parts = parts or [highlight[name][0] for name in ("names", "places") if highlight.get(name)]
    return " — ".join(parts)


def read_response(body: dict) -> SearchResult:
    """Return the search result of a raw `_search` response body."""
    hits = body["hits"]
    total = hits["total"]
    return SearchResult(
        total=total["value"],
        total_is_exact=total["relation"] == "eq",
        hits=[
            Hit(
                case_id=int(hit["_id"]),
                score=hit.get("_score") or 0.0,
                snippet=_snippet(hit.get("highlight", {})),
            )
            for hit in hits["hits"]
        ],
        facets=read_facets(body.get("aggregations", {})),
    )
