"""Counts past COUNT_CAP in a large index: estimated from the sample, labelled, with margins.

A real index of 300,000 cases is too slow for the suite; the size past which counts are
estimated and the cap are lowered instead, so the same statement runs over a few cases.
"""

import math

import pytest
from django.db import connection

from search.backends import schema
from search.models import IndexedCase

from .factories import case_in, register

LIST_URL = "/api/v1/cases/"
SEARCH_URL = "/staff/search/"
CASES = 40
# Low enough for the cases above to pass it, high enough to keep a full page of them.
CAP = 25
# A nation's index, a power of two: the walking share times it is exact.
SIZE = 1 << 20


@pytest.fixture
def many(world):
    return [register(world) for _ in range(CASES)]


@pytest.fixture
def large_index(monkeypatch):
    """Make the search estimate past CAP matches, as past 10,000 in a nation's index."""
    monkeypatch.setattr(schema, "EXACT_INDEX_SIZE", -1)
    monkeypatch.setattr(schema, "COUNT_CAP", CAP)


def sampled(cases) -> int:
    """How many of these cases the sample holds, by the rule the partial indexes use."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {schema.TABLE} WHERE case_id = ANY(%s)"
            f" AND {schema.SAMPLE_CONDITION}",
            [[case.pk for case in cases]],
        )
        return cursor.fetchone()[0]


def margin(count: int) -> int:
    fraction = 1 / schema.SAMPLE_MODULUS
    return math.ceil(1.96 * math.sqrt(count * (1 - fraction)) / fraction)


def test_a_small_index_counts_exactly(world, many, api):
    body = api(world.leader).get(LIST_URL, {"q": "bồi thường"}).json()

    assert body["count"] == CASES
    assert body["count_is_exact"] is True
    assert body["count_margin"] is None
    assert [item["margin"] for item in body["facets"]["kind"]] == [None]


def test_past_the_cap_the_total_is_estimated_from_the_sample(world, many, api, large_index):
    in_sample = sampled(many)

    body = api(world.leader).get(LIST_URL, {"q": "bồi thường", "page_size": 20}).json()

    assert body["count_is_exact"] is False
    # Never below what was counted before estimating: more than the cap.
    assert body["count"] == max(in_sample * schema.SAMPLE_MODULUS, CAP + 1)
    assert body["count_margin"] == margin(in_sample)
    kinds = body["facets"]["kind"]
    if in_sample:
        assert kinds == [
            {
                "value": "complaint",
                "label": kinds[0]["label"],
                "count": in_sample * schema.SAMPLE_MODULUS,
                "margin": margin(in_sample),
            }
        ]
    else:
        assert kinds == []
    # The page is still made of the matches, not of the sample.
    assert len(body["results"]) == 20


def test_under_the_cap_a_large_index_still_counts_exactly(world, many, api, large_index):
    register(world, subject="Phản ánh ổ gà trên đường liên xã")

    body = api(world.leader).get(LIST_URL, {"q": "ổ gà"}).json()

    assert body["count"] == 1
    assert body["count_is_exact"] is True
    assert body["count_margin"] is None


def test_the_search_page_marks_estimates(world, many, client, large_index):
    client.force_login(world.leader)

    page = client.get(SEARCH_URL, {"q": "bồi thường"}).content.decode()

    assert "Tìm thấy ≈" in page
    assert "ước tính theo mẫu" in page


@pytest.fixture
def few_ranked(monkeypatch):
    """Rank only candidates past ten matches: which ten the pool holds decides the page."""
    monkeypatch.setattr(schema, "RANK_ALL_UP_TO", 10)
    monkeypatch.setattr(schema, "RANK_CANDIDATES", 5)


def answer(api, user) -> tuple:
    body = api(user).get(LIST_URL, {"q": "bồi thường", "page_size": 5}).json()
    return (
        body["count"],
        body["count_is_exact"],
        body["facets"],
        [item["reference"] for item in body["results"]],
    )


def test_walking_the_date_index_finds_the_same_page_as_the_bitmap(
    world, many, api, monkeypatch, few_ranked
):
    pages = {}
    for walk in (False, True):
        # A province's index, where the sample tells whether to walk.
        monkeypatch.setattr(schema, "_walk_share", lambda size, walk=walk: 0.0 if walk else 0.99)
        monkeypatch.setattr(schema, "pg_index_size", lambda: 10**5)
        pages[walk] = answer(api, world.leader)

    assert pages[True] == pages[False]
    # The candidates are the newest ten: the page holds none of the older thirty.
    assert set(pages[True][3]) <= {case.reference for case in many[-10:]}


def test_every_way_to_a_nations_pool_finds_the_same_counts_and_page(
    world, many, api, monkeypatch, large_index, few_ranked
):
    # The five newest have the words in the letter only: of a pool of the ten newest, the five
    # before them are the candidates; of a pool of five, these.
    letters = [
        register(world, subject="Đơn đề nghị giải quyết", content="Đề nghị bồi thường thiệt hại.")
        for _ in range(5)
    ]
    newest = IndexedCase.objects.order_by("-received_at", "-case_id")
    dates = list(newest.values_list("received_at", flat=True))
    ways = {
        "sorted": schema._Sample(walk=False),
        "walked": schema._Sample(walk=True, past_cap=True),
        "sliced": schema._Sample(walk=False, past_cap=True, since=dates[14]),
        # Fewer matches in the slice than the pool: every match is sorted instead.
        "sliced short": schema._Sample(walk=False, past_cap=True, since=dates[4]),
    }
    pages = {}
    for way, sample in ways.items():
        monkeypatch.setattr(schema, "_read_sample", lambda *args, sample=sample, **kwargs: sample)
        pages[way] = answer(api, world.leader)

    assert pages["walked"] == pages["sorted"]
    assert pages["sliced"] == pages["sorted"]
    assert pages["sliced short"] == pages["sorted"]
    in_sample = sampled([*many, *letters])
    assert pages["sorted"][:2] == (max(in_sample * schema.SAMPLE_MODULUS, CAP + 1), False)
    assert set(pages["sorted"][3]) == {case.reference for case in many[-5:]}


def test_the_sample_tells_when_matches_are_many_past_doubt(world, many, monkeypatch):
    while not sampled(many):
        many.append(register(world))
    rows = IndexedCase.objects.filter(case_id__in=[case.pk for case in many])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), max(received_at) FROM {schema.TABLE}"
            f" WHERE case_id = ANY(%s) AND {schema.SAMPLE_CONDITION}",
            [[case.pk for case in many]],
        )
        found, newest_sampled = cursor.fetchone()
    # Twice the cap's average share of the sample is one match in it, twice the pool's one.
    monkeypatch.setattr(schema, "COUNT_CAP", schema.SAMPLE_MODULUS // 2)
    monkeypatch.setattr(schema, "RANK_ALL_UP_TO", schema.SAMPLE_MODULUS // 2)
    with connection.cursor() as cursor:
        # Walking pays past as many sample matches as found, and no sooner.
        monkeypatch.setattr(
            schema, "_walk_share", lambda size: found * schema.SAMPLE_MODULUS / size
        )
        walked = schema._read_sample(cursor, rows, size=SIZE)
        monkeypatch.setattr(
            schema, "_walk_share", lambda size: (found + 1) * schema.SAMPLE_MODULUS / size
        )
        sliced = schema._read_sample(cursor, rows, size=SIZE)
        # Fewer in the sample than twice the cap's share: counted as before.
        monkeypatch.setattr(schema, "COUNT_CAP", found * schema.SAMPLE_MODULUS)
        counted = schema._read_sample(cursor, rows, size=SIZE)

    assert walked == schema._Sample(walk=True, past_cap=True)
    assert sliced == schema._Sample(walk=False, past_cap=True, since=newest_sampled)
    assert counted == schema._Sample(walk=False, past_cap=False, since=newest_sampled)


def test_documents_written_before_the_visibility_keys_get_them_from_the_migration(world, api):
    held = case_in(world, "verifying")
    assert held.handler == world.handler
    # Words of the letter, not of the subject: the typo match on the subject does not apply.
    with connection.cursor() as cursor:
        # As a row written before the keys: the document without them.
        cursor.execute(
            f"UPDATE {schema.TABLE} SET document = ts_filter(document, '{{a,b,c}}')"
            " WHERE case_id = %s",
            [held.pk],
        )
    assert references(api(world.handler).get(LIST_URL, {"q": "quyết định"})) == set()

    schema.pg_fill_keys(schema.TABLE)

    assert references(api(world.handler).get(LIST_URL, {"q": "quyết định"})) == {held.reference}


def references(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {item["reference"] for item in response.json()["results"]}
