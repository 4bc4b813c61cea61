"""The Elasticsearch index definition and request bodies, checked as JSON without a server."""

from datetime import UTC, date, datetime

from cases.selectors import Visibility
from search.backends.es_mapping import case_index, case_source
from search.backends.es_query import build_search, read_response
from search.documents import CaseDocument
from search.query import Hit, SearchQuery, SearchResult

TODAY = date(2026, 11, 28)
OPEN = ["accepted", "proposed", "received", "resolved", "suspended", "verifying"]
TEXT = ["codes^4", "subject^4", "names^2", "places^2", "body^1"]
ACCENTED = [
    "codes.accented^4",
    "subject.accented^4",
    "names.accented^2",
    "places.accented^2",
    "body.accented^1",
]
LEADER = Visibility(unit_trees=("0001.0002.",))


def text_field() -> dict:
    return {
        "type": "text",
        "analyzer": "vi_folded",
        "fields": {"accented": {"type": "text", "analyzer": "vi_accented"}},
    }


def test_the_index_folds_vietnamese_like_the_normalizer_and_keeps_an_accented_sub_field():
    definition = case_index("tiepdan-cases-v1", alias="tiepdan-cases").to_dict()

    assert definition["aliases"] == {"tiepdan-cases": {}}
    assert definition["settings"] == {
        "analysis": {
            "analyzer": {
                "vi_folded": {
                    "type": "custom",
                    "tokenizer": "vi_words",
                    "char_filter": ["vi_d"],
                    "filter": ["lowercase", "asciifolding", "vi_zeros"],
                },
                "vi_accented": {
                    "type": "custom",
                    "tokenizer": "vi_words",
                    "filter": ["lowercase", "vi_zeros"],
                },
            },
            "tokenizer": {"vi_words": {"type": "pattern", "pattern": "[^\\p{L}\\p{N}]+"}},
            "char_filter": {"vi_d": {"type": "mapping", "mappings": ["đ => d", "Đ => d"]}},
            "filter": {
                "vi_zeros": {
                    "type": "pattern_replace",
                    "pattern": "^0+(?=\\p{N}+$)",
                    "replacement": "",
                }
            },
        }
    }
    keyword = {"type": "keyword"}
    date_ = {"type": "date"}
    assert definition["mappings"] == {
        "dynamic": "strict",
        "properties": {
            "case_id": {"type": "long"},
            "version": {"type": "long"},
            "reference": keyword,
            "kind": keyword,
            "status": keyword,
            "channel": keyword,
            "unit_id": keyword,
            "unit_path": keyword,
            "locality_id": keyword,
            "locality_path": keyword,
            "field_id": keyword,
            "year": keyword,
            "readers": keyword,
            "compact_codes": keyword,
            "received_at": date_,
            "due_on": date_,
            "due_soon_on": date_,
            "indexed_at": date_,
            "codes": text_field(),
            "subject": text_field(),
            "names": text_field(),
            "places": text_field(),
            "body": text_field(),
        },
    }


def test_a_document_is_sent_in_nfc_with_identifiers_as_keywords_and_compact_codes():
    document = CaseDocument(
        case_id=7,
        version=3,
        reference="KN-2026-000123",
        kind="complaint",
        status="verifying",
        channel="in_person",
        unit_id=2,
        unit_path="0001.0002.",
        locality_id=5,
        locality_path="0001.0005.",
        field_id=9,
        year=2026,
        received_at=datetime(2026, 3, 2, 1, 30, tzinfo=UTC),
        due_on=date(2026, 4, 1),
        due_soon_on=None,
        readers=[11, 12],
        codes=["26-K7Q3M-9XPAB-4"],
        # Decomposed accents, as some keyboards send them.
        subject="Tranh cha\u0302\u0301p đất đai",
        names="Nguyễn Văn An",
        places="Xã An Bình",
        body="Đề nghị xem xét.",
    )

    source = case_source(document, indexed_at=datetime(2026, 11, 28, 8, 0, tzinfo=UTC))

    assert source == {
        "case_id": 7,
        "version": 3,
        "indexed_at": "2026-11-28T08:00:00+00:00",
        "reference": "KN-2026-000123",
        "kind": "complaint",
        "status": "verifying",
        "channel": "in_person",
        "unit_id": "2",
        "unit_path": "0001.0002.",
        "locality_id": "5",
        "locality_path": "0001.0005.",
        "field_id": "9",
        "year": "2026",
        "received_at": "2026-03-02T01:30:00+00:00",
        "due_on": "2026-04-01",
        "due_soon_on": None,
        "readers": ["11", "12"],
        "compact_codes": ["kn2026123", "26k7q3m9xpab4"],
        "codes": "KN-2026-000123 26-K7Q3M-9XPAB-4 kn2026123 26k7q3m9xpab4",
        "subject": "Tranh chấp đất đai",
        "names": "Nguyễn Văn An",
        "places": "Xã An Bình",
        "body": "Đề nghị xem xét.",
    }


def facet_aggregations() -> dict:
    terms = {
        "kind": "kind",
        "status": "status",
        "unit": "unit_id",
        "locality": "locality_id",
        "field": "field_id",
        "channel": "channel",
        "year": "year",
    }
    aggregations = {
        name: {"terms": {"field": field, "size": 2000}} for name, field in terms.items()
    }
    aggregations["overdue"] = {
        "filters": {
            "filters": {
                "true": {
                    "bool": {
                        "filter": [
                            {"terms": {"status": OPEN}},
                            {"range": {"due_on": {"lt": "2026-11-28"}}},
                        ]
                    }
                }
            },
            "other_bucket_key": "false",
        }
    }
    return aggregations


SORT = [
    {"_score": {"order": "desc"}},
    {"received_at": {"order": "desc"}},
    {"case_id": {"order": "desc"}},
]
HIGHLIGHT = {
    "fields": {"subject": {}, "body": {}, "names": {}, "places": {}},
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "encoder": "html",
    "fragment_size": 160,
    "number_of_fragments": 1,
}


def test_a_typed_query_needs_every_word_the_last_as_a_prefix_and_ranks_the_phrase_higher():
    query = SearchQuery(
        text="Đất đai An", today=TODAY, kind="complaint", unit_path="0001.0002.", overdue=True
    )

    body = build_search(query, LEADER).to_dict()

    assert body == {
        "query": {
            "bool": {
                "must": [
                    {
                        "bool": {
                            "must": [
                                {
                                    "bool": {
                                        "must": [
                                            {
                                                "multi_match": {
                                                    "query": "dat dai",
                                                    "fields": TEXT,
                                                    "type": "cross_fields",
                                                    "operator": "and",
                                                }
                                            },
                                            {
                                                "multi_match": {
                                                    "query": "an",
                                                    "fields": TEXT,
                                                    "type": "bool_prefix",
                                                }
                                            },
                                        ]
                                    }
                                }
                            ],
                            "should": [
                                {
                                    "multi_match": {
                                        "query": "an",
                                        "fields": TEXT,
                                        "type": "cross_fields",
                                    }
                                },
                                {
                                    "multi_match": {
                                        "query": "dat dai an",
                                        "fields": TEXT,
                                        "type": "phrase",
                                        "boost": 2.0,
                                    }
                                },
                                {
                                    "multi_match": {
                                        "query": "đất đai an",
                                        "fields": ACCENTED,
                                        "type": "cross_fields",
                                        "operator": "and",
                                        "boost": 2.0,
                                    }
                                },
                            ],
                        }
                    }
                ],
                "filter": [
                    {
                        "bool": {
                            "should": [{"prefix": {"unit_path": "0001.0002."}}],
                            "minimum_should_match": 1,
                        }
                    },
                    {"term": {"kind": "complaint"}},
                    {"prefix": {"unit_path": "0001.0002."}},
                    {
                        "bool": {
                            "filter": [
                                {"terms": {"status": OPEN}},
                                {"range": {"due_on": {"lt": "2026-11-28"}}},
                            ]
                        }
                    },
                ],
            }
        },
        "aggs": facet_aggregations(),
        "sort": SORT,
        "track_total_hits": 10000,
        "from": 0,
        "size": 20,
        "_source": False,
        "highlight": HIGHLIGHT,
    }


def test_a_code_matches_its_compact_token_or_the_words_and_any_word_needs_one_word():
    query = SearchQuery(
        text="kn 2026 123 ", any_word=True, today=TODAY, with_facets=False, page=3, page_size=10
    )
    visibility = Visibility(units=(2, 3), holder_id=11)

    body = build_search(query, visibility).to_dict()

    assert body["query"] == {
        "bool": {
            "must": [
                {
                    "bool": {
                        "must": [
                            {
                                "bool": {
                                    "should": [
                                        {
                                            "term": {
                                                "compact_codes": {
                                                    "value": "kn2026123",
                                                    "boost": 20.0,
                                                }
                                            }
                                        },
                                        {
                                            "multi_match": {
                                                "query": "kn 2026 123",
                                                "fields": TEXT,
                                                "type": "cross_fields",
                                                "operator": "or",
                                            }
                                        },
                                    ],
                                    "minimum_should_match": 1,
                                }
                            }
                        ],
                        "should": [
                            {
                                "multi_match": {
                                    "query": "kn 2026 123",
                                    "fields": TEXT,
                                    "type": "phrase",
                                    "boost": 2.0,
                                }
                            },
                            {
                                "multi_match": {
                                    "query": "kn 2026 123",
                                    "fields": ACCENTED,
                                    "type": "cross_fields",
                                    "operator": "and",
                                    "boost": 2.0,
                                }
                            },
                        ],
                    }
                }
            ],
            "filter": [
                {
                    "bool": {
                        "should": [
                            {"terms": {"unit_id": ["2", "3"]}},
                            {"term": {"readers": "11"}},
                        ],
                        "minimum_should_match": 1,
                    }
                }
            ],
        }
    }
    assert "aggs" not in body
    assert (body["from"], body["size"]) == (20, 10)


def test_an_empty_query_filters_only_and_asks_for_no_highlight():
    query = SearchQuery(today=TODAY, overdue=False, due_soon=True, year=2025, field_id=9)

    body = build_search(query, LEADER).to_dict()

    overdue = {
        "bool": {
            "filter": [
                {"terms": {"status": OPEN}},
                {"range": {"due_on": {"lt": "2026-11-28"}}},
            ]
        }
    }
    assert body["query"] == {
        "bool": {
            "filter": [
                {
                    "bool": {
                        "should": [{"prefix": {"unit_path": "0001.0002."}}],
                        "minimum_should_match": 1,
                    }
                },
                {"term": {"field_id": "9"}},
                {"term": {"year": "2025"}},
                {"bool": {"must_not": [overdue]}},
                {
                    "bool": {
                        "filter": [
                            {"terms": {"status": OPEN}},
                            {"range": {"due_soon_on": {"lte": "2026-11-28"}}},
                            {"range": {"due_on": {"gte": "2026-11-28"}}},
                        ]
                    }
                },
            ]
        }
    }
    assert "highlight" not in body
    assert body["sort"] == SORT


def test_the_fuzzy_fallback_allows_typos_in_codes_and_subject():
    body = build_search(SearchQuery(text="tranh chap", today=TODAY), LEADER, fuzzy=True).to_dict()

    assert body["query"]["bool"]["must"] == [
        {
            "multi_match": {
                "query": "tranh chap",
                "fields": ["codes^1", "subject^1"],
                "fuzziness": "AUTO",
                "operator": "and",
            }
        }
    ]


def test_a_page_beyond_the_result_window_asks_for_no_hits():
    body = build_search(SearchQuery(today=TODAY, page=600, page_size=20), LEADER).to_dict()

    assert (body["from"], body["size"]) == (10_000, 0)


def test_a_response_is_read_into_hits_an_inexact_total_and_facets_like_the_databases():
    response = {
        "hits": {
            "total": {"value": 10000, "relation": "gte"},
            "hits": [
                {
                    "_id": "42",
                    "_score": 7.5,
                    "highlight": {
                        "body": ["Khiếu nại về <mark>đất</mark> &amp; nhà"],
                        "subject": ["<mark>Đất</mark> đai"],
                    },
                },
                {"_id": "41", "_score": None},
            ],
        },
        "aggregations": {
            "kind": {"buckets": [{"key": "complaint", "doc_count": 3}]},
            "status": {"buckets": [{"key": "received", "doc_count": 3}]},
            "unit": {"buckets": [{"key": "2", "doc_count": 2}, {"key": "3", "doc_count": 1}]},
            "locality": {"buckets": [{"key": "5", "doc_count": 3}]},
            "field": {"buckets": [{"key": "9", "doc_count": 3}]},
            "channel": {"buckets": [{"key": "post", "doc_count": 3}]},
            "year": {"buckets": [{"key": "2026", "doc_count": 3}]},
            "overdue": {"buckets": {"true": {"doc_count": 1}, "false": {"doc_count": 2}}},
        },
    }

    assert read_response(response) == SearchResult(
        total=10000,
        total_is_exact=False,
        hits=[
            Hit(
                case_id=42,
                score=7.5,
                snippet="<mark>Đất</mark> đai — Khiếu nại về <mark>đất</mark> &amp; nhà",
            ),
            Hit(case_id=41, score=0.0, snippet=""),
        ],
        facets={
            "kind": {"complaint": 3},
            "status": {"received": 3},
            "unit": {2: 2, 3: 1},
            "locality": {5: 3},
            "field": {9: 3},
            "channel": {"post": 3},
            "year": {2026: 3},
            "overdue": {True: 1, False: 2},
        },
    )


def test_an_overdue_bucket_without_cases_is_left_out_as_the_database_leaves_it_out():
    response = {
        "hits": {"total": {"value": 2, "relation": "eq"}, "hits": []},
        "aggregations": {
            "overdue": {"buckets": {"true": {"doc_count": 0}, "false": {"doc_count": 2}}}
        },
    }

    assert read_response(response).facets == {"overdue": {False: 2}}
