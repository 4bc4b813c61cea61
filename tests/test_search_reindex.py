import pytest
from django.core.management import call_command
from django.db import connection

from search.models import IndexedCase

from .factories import case_in, register


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_case'")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reindexing_twice_keeps_every_case_and_the_same_indexes(world, api):
    cases = [register(world), register(world, kind="denunciation"), case_in(world, "verifying")]
    before = index_names()

    call_command("search_reindex", verbosity=0)
    call_command("search_reindex", verbosity=0)

    assert index_names() == before
    assert set(IndexedCase.objects.values_list("case_id", flat=True)) == {c.pk for c in cases}
    response = api(world.province_leader).get("/api/v1/cases/?q=giai phong mat bang")
    assert response.json()["count"] == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_case_changed_during_a_rebuild_keeps_its_newest_state(world):
    case = register(world)
    started = []

    def change_mid_rebuild(done: int) -> None:
        # The first batch is in the new table; this change goes to the live one.
        if not started:
            started.append(done)
            case_in_progress = case_in(world, "accepted")
            started.append(case_in_progress)

    from search.services import index_rebuild

    index_rebuild(progress=change_mid_rebuild, batch_size=1)

    accepted = started[1]
    row = IndexedCase.objects.get(case_id=accepted.pk)
    assert row.status == "accepted"
    assert IndexedCase.objects.get(case_id=case.pk).status == "received"
