"""The database backend with background workers: changes wait in the outbox until delivered."""

import pytest
from django.core.management import call_command

from cases.services import case_transition
from search.models import OutboxEntry

from .factories import register


def found(api, user, text: str) -> set[str]:
    response = api(user).get("/api/v1/cases/", {"q": text})
    return {item["reference"] for item in response.json()["results"]}


@pytest.fixture
def queued(settings):
    settings.SEARCH_QUEUE_UPDATES = True


def test_a_queued_change_is_searchable_once_search_sync_delivers_it(world, api, queued):
    case = register(world, subject="Khiếu nại việc cấp sổ đỏ chậm")
    case_transition(case=case, actor=world.leader, name="accept")

    assert OutboxEntry.objects.filter(case_id=case.pk).count() == 2
    assert found(api, world.leader, "so do") == set()

    call_command("search_sync", verbosity=0)

    assert found(api, world.leader, "so do") == {case.reference}
    assert not OutboxEntry.objects.exists()
    statuses = api(world.leader).get("/api/v1/cases/", {"q": "so do"}).json()["facets"]["status"]
    assert statuses == [{"value": "accepted", "label": "Đã thụ lý", "count": 1, "margin": None}]


def test_a_worker_delivers_the_change_right_after_commit(
    world, api, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = register(world, subject="Phản ánh đèn đường hỏng")

    assert found(api, world.leader, "den duong") == {case.reference}
    assert not OutboxEntry.objects.exists()


def test_a_rebuild_empties_the_outbox_it_covers(world, api, queued):
    case = register(world, subject="Kiến nghị nạo vét kênh mương")

    call_command("search_reindex", verbosity=0)

    assert not OutboxEntry.objects.exists()
    assert found(api, world.leader, "kenh muong") == {case.reference}
