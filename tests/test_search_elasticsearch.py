"""The Elasticsearch backend against a fake Elasticsearch this test runs on 127.0.0.1.

Our data is real (PostgreSQL, the real services); only the search engine, which would leave
the machine, is the fake in tests/fake_elasticsearch.py.
"""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Status
from cases.selectors import case_visibility, cases_visible_to
from cases.services import case_transition
from search.backends.base import SearchUnavailable
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.es_mapping import case_mapping
from search.documents import build_documents, iter_all_documents
from search.models import OutboxEntry
from search.query import SearchQuery
from search.selectors import duplicate_candidates, search_cases

from .factories import case_in, register
from .fake_elasticsearch import CLOSED, UNAVAILABLE, UP, FakeElasticsearch

ALIAS = "test-cases"


@pytest.fixture
def fake_es(settings):
    fake = FakeElasticsearch().start()
    settings.ELASTICSEARCH_URL = fake.url
    settings.ELASTICSEARCH_INDEX = ALIAS
    settings.SEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"
    yield fake
    fake.stop()


def indexed_versions(fake: FakeElasticsearch) -> dict[int, int]:
    return {int(doc_id): version for doc_id, (version, _) in fake.documents(ALIAS).items()}


def stored_ids(fake: FakeElasticsearch) -> list[int]:
    """Return the case ids of every document a bulk request stored, in the order stored."""
    return [
        int(item["index"]["_id"])
        for request in fake.requests_to("/_bulk")
        for item in request.response["items"]
        if item["index"]["status"] in (200, 201)
    ]


def sync() -> str:
    out = StringIO()
    call_command("search_sync", stdout=out)
    return out.getvalue()


def backoff_passes() -> None:
    OutboxEntry.objects.update(next_attempt_at=timezone.now())


# The outbox.


@pytest.mark.parametrize("down", [CLOSED, UNAVAILABLE])
def test_petitions_and_transitions_succeed_while_elasticsearch_is_down_and_are_delivered_later(
    world, fake_es, down, django_capture_on_commit_callbacks
):
    fake_es.mode = down
    with django_capture_on_commit_callbacks(execute=True):
        first = register(world, subject="Tranh chấp đất đai với hộ liền kề")
    with django_capture_on_commit_callbacks(execute=True):
        second = case_in(world, Status.VERIFYING, subject="Bồi thường giải phóng mặt bằng")
    second.refresh_from_db()

    # One row per change, each delivery attempt after commit failed and now waits.
    entries = list(OutboxEntry.objects.order_by("id"))
    assert [entry.case_id for entry in entries] == [first.pk, second.pk, second.pk, second.pk]
    assert all(entry.attempts >= 1 and entry.next_attempt_at > timezone.now() for entry in entries)
    assert "Elasticsearch" in entries[0].last_error
    assert not fake_es.indices

    fake_es.mode = UP
    assert sync().startswith("delivered 0")
    backoff_passes()
    fake_es.requests.clear()
    assert sync().startswith("delivered 4, waiting 0")

    assert not OutboxEntry.objects.exists()
    # Each case once, with its latest version.
    assert sorted(stored_ids(fake_es)) == [first.pk, second.pk]
    assert indexed_versions(fake_es) == {first.pk: first.version, second.pk: second.version}
    assert fake_es.documents(ALIAS)[str(second.pk)][1]["status"] == Status.VERIFYING


def test_sync_while_elasticsearch_is_down_keeps_the_entries_and_reports_the_wait(world, fake_es):
    fake_es.mode = UNAVAILABLE
    case = register(world)

    assert sync().startswith("delivered 0, waiting 1 (Elasticsearch:")
    entry = OutboxEntry.objects.get(case_id=case.pk)
    assert entry.attempts == 1
    assert entry.next_attempt_at > timezone.now()


def test_a_late_delivery_of_an_older_version_never_overwrites_a_newer_document(world, fake_es):
    case = register(world)
    stale = build_documents([case.pk])[0]
    case = case_transition(case=case, actor=world.leader, name="accept")
    sync()
    assert indexed_versions(fake_es) == {case.pk: case.version}

    ElasticsearchBackend().index([stale])

    version, source = fake_es.documents(ALIAS)[str(case.pk)]
    assert (version, source["status"]) == (case.version, Status.ACCEPTED)


def test_delivering_the_same_version_again_is_harmless(world, fake_es):
    case = register(world)
    sync()
    OutboxEntry.objects.create(case_id=case.pk)

    assert sync().startswith("delivered 1, waiting 0")
    assert indexed_versions(fake_es) == {case.pk: case.version}


def test_the_first_delivery_creates_the_index_behind_the_alias_never_a_bare_index(world, fake_es):
    register(world)
    sync()

    assert fake_es.indices_of(ALIAS) == {f"{ALIAS}-v1"}
    assert ALIAS not in fake_es.indices
    definition = fake_es.indices[f"{ALIAS}-v1"].definition
    assert definition["mappings"] == case_mapping().to_dict()
    assert "vi_folded" in definition["settings"]["analysis"]["analyzer"]


def test_a_denouncers_identity_never_reaches_elasticsearch(world, fake_es):
    case = register(world, kind="denunciation", content="Tôi là Nguyễn Thị Hoa, tố cáo cán bộ xã.")
    sync()

    source = fake_es.documents(ALIAS)[str(case.pk)][1]
    assert "Hoa" not in str(source)
    assert "0912345678" not in str(source)


# Reindex.


def test_search_reindex_fills_a_new_index_and_switches_the_alias_in_one_request(world, fake_es):
    cases = [register(world, subject=f"Khiếu nại số {n}") for n in range(3)]
    sync()
    (old,) = fake_es.indices_of(ALIAS)
    fake_es.requests.clear()

    out = StringIO()
    call_command("search_reindex", stdout=out, verbosity=0)

    (new,) = fake_es.indices_of(ALIAS)
    assert new != old and new.startswith(f"{ALIAS}-v")
    assert old not in fake_es.indices
    assert indexed_versions(fake_es) == {case.pk: case.version for case in cases}
    (switch,) = fake_es.requests_to("/_aliases")
    assert switch.body == {
        "actions": [
            {"remove": {"index": old, "alias": ALIAS}},
            {"add": {"index": new, "alias": ALIAS}},
        ]
    }
    # Loaded without refreshes, then refreshed once and set back to the default interval.
    index = fake_es.indices[new]
    assert index.definition["settings"]["refresh_interval"] == "-1"
    assert index.settings["refresh_interval"] is None
    assert index.refreshes == 1
    assert index.definition["mappings"] == case_mapping().to_dict()
    assert "indexed 3 cases" in out.getvalue()


def test_searches_use_the_old_index_until_the_switch_and_writes_meanwhile_are_carried_over(
    world, fake_es
):
    cases = [register(world) for _ in range(3)]
    sync()
    (old,) = fake_es.indices_of(ALIAS)
    backend = ElasticsearchBackend()
    visibility = case_visibility(world.leader)
    seen_during_rebuild = []
    changed = cases[0]

    def progress(count: int) -> None:
        nonlocal changed
        result = backend.search(SearchQuery(page_size=10), visibility)
        seen_during_rebuild.append((fake_es.indices_of(ALIAS), result.total))
        if changed.status == Status.RECEIVED:
            # A change delivered while the new index fills goes to the old one, via the alias.
            changed = case_transition(case=changed, actor=world.leader, name="accept")
            sync()

    count = backend.rebuild(iter_all_documents(batch_size=1), progress)

    assert count == 3
    assert seen_during_rebuild == [({old}, 3)] * 3
    version, source = fake_es.documents(ALIAS)[str(changed.pk)]
    assert (version, source["status"]) == (changed.version, Status.ACCEPTED)
    assert old not in fake_es.indices


def test_a_rebuild_that_fails_leaves_searches_on_the_old_index(world, fake_es):
    register(world)
    register(world)
    sync()
    (old,) = fake_es.indices_of(ALIAS)

    def engine_goes_down(count: int) -> None:
        fake_es.mode = UNAVAILABLE

    with pytest.raises(SearchUnavailable):
        ElasticsearchBackend().rebuild(iter_all_documents(batch_size=1), engine_goes_down)

    fake_es.mode = UP
    assert fake_es.indices_of(ALIAS) == {old}
    assert not fake_es.requests_to("/_aliases")


# Searching.


@pytest.fixture
def indexed(world, fake_es):
    """Cases in both communes, in several states, indexed by both backends."""
    today = timezone.localdate()
    land = register(world, subject="Tranh chấp đất đai với hộ liền kề")
    compensation = case_in(world, Status.VERIFYING, subject="Bồi thường giải phóng mặt bằng")
    feedback = register(
        world, kind="feedback", subject="Phản ánh ô nhiễm môi trường", content="Khói bụi."
    )
    elsewhere = register(
        world,
        subject="Tranh chấp đất đai ở xã bên",
        received_at=timezone.now() - timedelta(days=400),
    )
    elsewhere.unit = world.other_commune
    elsewhere.due_on = today - timedelta(days=3)
    elsewhere.version += 1
    elsewhere.save()
    sync()
    DatabaseBackend().index(build_documents([land.pk, compensation.pk, feedback.pk, elsewhere.pk]))
    return {
        "land": land,
        "compensation": compensation,
        "feedback": feedback,
        "elsewhere": elsewhere,
    }


def test_a_search_reads_hits_totals_and_facets_shaped_like_the_database_backends(world, indexed):
    query = SearchQuery(text="tranh chap ", today=timezone.localdate())
    visibility = case_visibility(world.province_leader)

    result = ElasticsearchBackend().search(query, visibility)

    land, elsewhere = indexed["land"], indexed["elsewhere"]
    # Equal scores: the more recent first.
    assert [hit.case_id for hit in result.hits] == [land.pk, elsewhere.pk]
    assert (result.total, result.total_is_exact) == (2, True)
    assert result.facets["unit"] == {world.commune.pk: 1, world.other_commune.pk: 1}
    assert result.facets["overdue"] == {True: 1, False: 1}
    # Received 400 days apart: always two different years.
    assert result.facets["year"] == {
        timezone.localtime(land.received_at).year: 1,
        timezone.localtime(elsewhere.received_at).year: 1,
    }
    database = DatabaseBackend().search(query, visibility)
    assert result.facets == database.facets
    assert {hit.case_id for hit in result.hits} == {hit.case_id for hit in database.hits}


@pytest.mark.parametrize(
    "role", ["handler", "second_handler", "leader", "other_leader", "inspector", "reception"]
)
def test_each_role_finds_exactly_the_cases_it_may_open_with_matching_facets(world, indexed, role):
    user = getattr(world, role)
    query = SearchQuery(today=timezone.localdate(), page_size=50)

    result = ElasticsearchBackend().search(query, case_visibility(user))

    visible = set(cases_visible_to(user).values_list("pk", flat=True))
    assert {hit.case_id for hit in result.hits} == visible
    assert result.total == len(visible)
    assert result.facets == DatabaseBackend().search(query, case_visibility(user)).facets


def test_filters_narrow_the_search_inside_the_query(world, indexed):
    leader = case_visibility(world.province_leader)
    today = timezone.localdate()
    backend = ElasticsearchBackend()

    def found(**filters) -> set[int]:
        query = SearchQuery(today=today, page_size=50, **filters)
        return {hit.case_id for hit in backend.search(query, leader).hits}

    assert found(kind="feedback") == {indexed["feedback"].pk}
    assert found(status=Status.VERIFYING) == {indexed["compensation"].pk}
    assert found(unit_path=world.other_commune.path) == {indexed["elsewhere"].pk}
    assert found(overdue=True) == {indexed["elsewhere"].pk}
    assert indexed["elsewhere"].pk not in found(overdue=False)


def test_a_code_typed_loosely_finds_its_case(world, indexed):
    case = indexed["compensation"]
    code = case.petitions.get().tracking_code.replace("-", " ").lower()

    result = ElasticsearchBackend().search(
        SearchQuery(text=code, today=timezone.localdate()), case_visibility(world.leader)
    )

    assert [hit.case_id for hit in result.hits] == [case.pk]


def test_highlighted_fragments_become_the_snippet(world, indexed, fake_es):
    land = indexed["land"]
    fake_es.highlights[str(land.pk)] = {"subject": ["Tranh chấp <mark>đất</mark> <mark>đai</mark>"]}

    found = search_cases(user=world.leader, query=SearchQuery(text="tranh chấp"))

    assert found.results[0].case == land
    assert found.results[0].snippet == "Tranh chấp <mark>đất</mark> <mark>đai</mark>"
    request = fake_es.requests_to("/_search")[-1].body
    assert request["highlight"]["pre_tags"] == ["<mark>"]
    assert request["highlight"]["encoder"] == "html"


def test_the_case_list_api_searches_elasticsearch_with_facets(world, indexed, api):
    response = api(world.province_leader).get("/api/v1/cases/", {"q": "tranh chấp"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["reference"] for item in body["results"]] == [
        indexed["land"].reference,
        indexed["elsewhere"].reference,
    ]
    units = {item["value"]: item["count"] for item in body["facets"]["unit"]}
    assert units == {world.commune.code: 1, world.other_commune.code: 1}


def test_duplicate_suggestions_at_intake_come_from_elasticsearch(world, indexed, fake_es):
    found = duplicate_candidates(
        user=world.reception, subject="tranh chấp ranh giới đất", locality=world.locality
    )

    assert indexed["land"] in found
    request = fake_es.requests_to("/_search")[-1].body
    assert "aggs" not in request
    # Any of the subject's words may match.
    assert '"operator": "or"' in json.dumps(request)


def test_a_search_while_elasticsearch_is_down_raises_search_unavailable(world, indexed, fake_es):
    fake_es.mode = CLOSED

    with pytest.raises(SearchUnavailable):
        ElasticsearchBackend().search(SearchQuery(text="dat"), case_visibility(world.leader))


def test_the_case_list_answers_503_while_elasticsearch_is_down(world, indexed, fake_es, api):
    fake_es.mode = CLOSED

    response = api(world.leader).get("/api/v1/cases/", {"q": "dat"})

    assert response.status_code == 503
    assert "detail" in response.json()


def test_reindex_if_empty_fills_only_an_empty_index(world, fake_es):
    register(world)
    call_command("search_reindex", "--if-empty", verbosity=0)
    switches = len(fake_es.requests_to("_aliases", "POST"))
    call_command("search_reindex", "--if-empty", verbosity=0)

    assert switches == 1
    assert len(fake_es.requests_to("_aliases", "POST")) == 1


def test_a_search_before_any_index_exists_finds_nothing(world, fake_es):
    result = ElasticsearchBackend().search(
        SearchQuery(text="dat", today=date(2026, 1, 1)), case_visibility(world.leader)
    )

    assert (result.total, result.hits) == (0, [])
