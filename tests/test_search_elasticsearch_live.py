"""The Elasticsearch backend against a live server: analysis, relevance, permissions, versions.

Runs only when ELASTICSEARCH_URL names an Elasticsearch 8 server (see README, "Search").
Each test works behind an alias of its own and deletes its indices afterwards.
"""

import os
import uuid
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, Status
from cases.selectors import case_visibility, cases_visible_to
from search import normalizer
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend, get_client
from search.documents import build_documents
from search.query import SearchQuery
from search.relevance import format_table, load_corpus, run_relevance

from .factories import case_in, register

pytestmark = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="needs a live Elasticsearch 8: set ELASTICSEARCH_URL (README, section Search)",
)
ROLES = ("handler", "second_handler", "leader", "other_leader", "province_leader", "inspector")


@pytest.fixture
def live_es(settings):
    alias = f"tiepdan-test-{uuid.uuid4().hex[:10]}"
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX = alias
    settings.SEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"
    client = get_client()
    yield client
    for name in client.options(ignore_status=404).indices.get(index=f"{alias}-v*").body:
        client.indices.delete(index=name)


def reindex() -> None:
    call_command("search_reindex", stdout=StringIO(), verbosity=0)


@pytest.fixture
def seeded(world, live_es):
    """Cases in both communes and several states, in Elasticsearch and in the database table."""
    cases = {
        "land": register(world, subject="Tranh chấp đất đai với hộ liền kề"),
        "fine": register(
            world,
            subject="Khiếu nại quyết định xử phạt vi phạm hành chính",
            content="Quyết định số 15/QĐ-XPHC phạt 7.500.000 đồng <trái luật> & không đúng.",
        ),
        "verifying": case_in(world, Status.VERIFYING, subject="Bồi thường giải phóng mặt bằng"),
        "feedback": register(world, kind="feedback", subject="Phản ánh ô nhiễm môi trường"),
        "closed": case_in(world, Status.CLOSED, subject="Khiếu nại về đất ở"),
        "elsewhere": register(world, subject="Tranh chấp đất đai ở xã bên"),
    }
    # Set up directly: no transition moves a case to another commune.
    Case.objects.filter(pk=cases["elsewhere"].pk).update(unit=world.other_commune)
    reindex()
    DatabaseBackend().index(build_documents([case.pk for case in cases.values()]))
    return cases


def search(user, text: str = "", **filters):
    query = SearchQuery(text=text, today=timezone.localdate(), page_size=50, **filters)
    return ElasticsearchBackend().search(query, case_visibility(user))


def analyzed(client, alias: str, analyzer: str, text: str) -> list[str]:
    response = client.indices.analyze(index=alias, analyzer=analyzer, text=text)
    return [token["token"] for token in response["tokens"]]


@pytest.mark.parametrize(
    "text",
    [
        "ĐẤT ĐAI đất đai",
        "Giải phóng mặt bằng, dự án đường tỉnh 176!",
        "Quyết định số 15/QĐ-XPHC ngày 03/02/2026",
        "Hồ sơ KN-2026-000123 và mã 26-K7Q3M-9XPAB-4",
        "Nguyễn Thị Hoa, thôn Đồng Tâm; ông Dương Văn Phúc",
        "thương binh 2/4, trợ cấp 7.500.000 đồng",
    ],
)
def test_the_analyzers_split_and_fold_text_exactly_as_the_normalizer_does(live_es, settings, text):
    ElasticsearchBackend().rebuild([], lambda count: None)
    alias = settings.ELASTICSEARCH_INDEX

    assert analyzed(live_es, alias, "vi_folded", text) == normalizer.tokens(text)
    assert analyzed(live_es, alias, "vi_accented", text) == normalizer.accented_tokens(text)


@pytest.mark.django_db
def test_every_query_of_the_relevance_set_passes_on_elasticsearch(live_es):
    corpus = load_corpus()
    reindex()

    results = run_relevance(corpus)

    assert all(result.passed for result in results), format_table(results)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("text", ["", "tranh chap", "dat", "khieu nai dat"])
def test_each_role_finds_exactly_the_cases_it_may_open_with_the_database_backends_facets(
    world, seeded, role, text
):
    user = getattr(world, role)
    query = SearchQuery(text=text, today=timezone.localdate(), page_size=50)

    result = ElasticsearchBackend().search(query, case_visibility(user))

    database = DatabaseBackend().search(query, case_visibility(user))
    visible = set(cases_visible_to(user).values_list("pk", flat=True))
    assert {hit.case_id for hit in result.hits} == {hit.case_id for hit in database.hits}
    assert {hit.case_id for hit in result.hits} <= visible
    assert (result.total, result.facets) == (database.total, database.facets)


def test_snippets_mark_the_accented_words_and_escape_the_text(world, seeded):
    (hit,) = [
        hit
        for hit in search(world.province_leader, "15/qd-xphc").hits
        if hit.case_id == seeded["fine"].pk
    ]

    assert "<mark>15</mark>/<mark>QĐ</mark>-<mark>XPHC</mark>" in hit.snippet
    assert "&lt;trái luật&gt; &amp; không đúng" in hit.snippet


def test_an_older_version_never_overwrites_a_newer_document(world, live_es, settings):
    case = register(world)
    backend = ElasticsearchBackend()
    (document,) = build_documents([case.pk])
    newer = replace(document, version=document.version + 1, subject="Mới")
    backend.index([newer])
    backend.index([document])

    stored = live_es.get(index=settings.ELASTICSEARCH_INDEX, id=str(case.pk))
    assert (stored["_version"], stored["_source"]["subject"]) == (newer.version, "Mới")


def test_reindex_switches_the_alias_to_a_new_index_and_deletes_the_old_one(
    world, seeded, live_es, settings
):
    alias = settings.ELASTICSEARCH_INDEX
    (old,) = live_es.indices.get_alias(name=alias).body

    reindex()

    (new,) = live_es.indices.get_alias(name=alias).body
    assert new != old
    assert not live_es.indices.exists(index=old)
    assert live_es.count(index=alias)["count"] == len(seeded)
