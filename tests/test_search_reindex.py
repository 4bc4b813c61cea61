import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cases.services import case_transition
from search.backends import schema
from search.models import IndexedCase
from search.services import index_rebuild

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


def column_order() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'search_case'::regclass"
            " AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
        )
        return [name for (name,) in cursor.fetchall()]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reindex_lays_the_row_out_in_the_models_order_and_keeps_the_facets(world, api):
    register(world), register(world, kind="denunciation"), case_in(world, "verifying")
    facets = api(world.province_leader).get("/api/v1/cases/?q=giai phong mat bang").json()["facets"]

    call_command("search_reindex", verbosity=0)

    # docs/search.md#the-row: the counted columns first, whatever order migrations left.
    model_order = [field.column for field in IndexedCase._meta.local_fields]
    assert column_order() == [*model_order, "readers", "toast_filler"]
    response = api(world.province_leader).get("/api/v1/cases/?q=giai phong mat bang")
    assert response.json()["facets"] == facets


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_case_changed_during_a_rebuild_keeps_its_newest_state(world):
    older, newer = register(world), register(world)
    batches = []

    def accept_the_newest_case_once_it_is_copied(done: int) -> None:
        batches.append(done)
        if len(batches) == 1:
            # The rebuild copies the newest case first; its copy is now older than the live row.
            case_transition(case=newer, actor=world.leader, name="accept")

    index_rebuild(progress=accept_the_newest_case_once_it_is_copied, batch_size=1)

    assert len(batches) == 2
    assert IndexedCase.objects.get(case_id=newer.pk).status == "accepted"
    assert IndexedCase.objects.get(case_id=older.pk).status == "received"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_count_and_facets_are_exact_past_the_cap_and_include_a_case_added_since_the_rebuild(
    world, api, monkeypatch
):
    # Elasticsearch's cap, lowered: the database backend counts every match all the same.
    monkeypatch.setattr("search.query.COUNT_CAP", 3)
    for _ in range(5):
        register(world)
    call_command("search_reindex", verbosity=0)
    added = register(world, subject="Khiếu nại về bồi thường giải phóng mặt bằng, lần hai")

    body = api(world.province_leader).get("/api/v1/cases/?q=giai phong mat bang").json()

    assert (body["count"], body["count_is_exact"]) == (6, True)
    assert added.reference in {item["reference"] for item in body["results"]}
    assert sum(item["count"] for item in body["facets"]["kind"]) == 6


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_subject_lines_move_to_their_own_table_with_the_migration(world, api):
    case = register(world, subject="Tranh chấp ranh giới thửa đất")
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0007_sqlite_packed_facet_key")])
    with connection.cursor() as cursor:
        # As a row written before the move: its subject line in the row, none apart.
        cursor.execute(
            f"UPDATE {schema.TABLE} SET title = 'tranh chap ranh gioi thua dat' WHERE case_id = %s",
            [case.pk],
        )
        cursor.execute(f"DELETE FROM {schema.TITLE_TABLE}")

    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    # A typo in every word: only the subject line's trigrams still find it.
    response = api(world.province_leader).get("/api/v1/cases/?q=tranh chapp ranh gioii")
    assert [item["reference"] for item in response.json()["results"]] == [case.reference]


def index_definition(name: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_nations_index_rebuilt_keeps_its_newest_cases_in_a_gin_index_of_their_own(
    world, api, monkeypatch
):
    cases = [register(world) for _ in range(6)]
    call_command("search_reindex", verbosity=0)
    # A province's index has none: its counts are exact, its pool never sliced.
    assert index_definition(schema.recent_index(schema.TABLE)) is None

    monkeypatch.setattr(schema, "EXACT_INDEX_SIZE", 5)
    monkeypatch.setattr(schema, "RECENT_PART", 2)
    call_command("search_reindex", verbosity=0)

    definition = index_definition(schema.recent_index(schema.TABLE))
    assert "USING gin (document)" in definition
    # From the newest half on: the third newest case.
    third = IndexedCase.objects.get(case_id=cases[-3].pk).received_at
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {schema.TABLE}"
            f" WHERE {definition.split(' WHERE ', 1)[1]} AND received_at <= %s",
            [third],
        )
        assert cursor.fetchone()[0] == 1
    response = api(world.province_leader).get("/api/v1/cases/?q=giai phong mat bang")
    assert response.json()["count"] == 6


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuild_that_fails_to_write_a_batch_leaves_searches_on_the_old_index(
    world, api, monkeypatch
):
    for _ in range(4):
        register(world)
    copy = schema.pg_copy

    def fail_on_the_newest(documents, **kwargs):
        if documents[0].case_id == max(IndexedCase.objects.values_list("case_id", flat=True)):
            raise RuntimeError("disk full")
        copy(documents, **kwargs)

    monkeypatch.setattr(schema, "pg_copy", fail_on_the_newest)

    with pytest.raises(RuntimeError, match="disk full"):
        index_rebuild(progress=lambda done: None, batch_size=1)

    body = api(world.province_leader).get("/api/v1/cases/?q=giai phong mat bang").json()
    assert body["count"] == 4
