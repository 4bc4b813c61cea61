"""Open311's rate limits: each key its own rate, reads and bad keys OPEN311_RATE, per client."""

import pytest
from django.test import Client

from .open311_support import issue_key, place_communes, post_request, request_fields, xml
from .public_helpers import freeze_rate_limit_clock

LIMITED = "Quá nhiều yêu cầu từ kết nối của bạn."


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    return freeze_rate_limit_clock(monkeypatch)


@pytest.fixture
def world_with_communes(world, settings):
    settings.OPEN311_UNIT = world.commune.code
    place_communes(world)
    return world


def test_a_key_past_its_own_rate_gets_429_with_retry_after(world_with_communes):
    world = world_with_communes
    key = issue_key(world, rate="2/min")

    allowed = [post_request(request_fields(world, key)).status_code for _ in range(2)]
    limited = post_request(request_fields(world, key))

    assert allowed == [200, 200]
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    [error] = limited.json()
    assert error["code"] == 429
    assert LIMITED in error["description"]


def test_each_key_counts_apart(world_with_communes):
    world = world_with_communes
    busy = issue_key(world, name="Ứng dụng A", rate="1/min")
    other = issue_key(world, name="Ứng dụng B", rate="1/min")

    post_request(request_fields(world, busy))

    assert post_request(request_fields(world, busy)).status_code == 429
    assert post_request(request_fields(world, other)).status_code == 200


def test_reads_without_a_key_are_limited_per_client(world, settings):
    settings.OPEN311_RATE = "3/min"
    client = Client()

    allowed = [client.get("/open311/v2/services.xml").status_code for _ in range(3)]
    limited = client.get("/open311/v2/services.xml")

    assert allowed == [200, 200, 200]
    assert limited.status_code == 429
    assert xml(limited).findtext("error/code") == "429"
    # Another client is counted apart.
    assert client.get("/open311/v2/services.xml", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_guessing_keys_is_limited_too(world_with_communes, settings):
    settings.OPEN311_RATE = "2/min"
    world = world_with_communes

    guesses = [
        post_request(request_fields(world, f"guess-{number}")).status_code for number in range(3)
    ]

    assert guesses == [403, 403, 429]


def test_the_limit_lifts_when_the_window_ends(world_with_communes, clock):
    world = world_with_communes
    key = issue_key(world, rate="1/min")
    post_request(request_fields(world, key))
    assert post_request(request_fields(world, key)).status_code == 429

    clock.now += 61

    assert post_request(request_fields(world, key)).status_code == 200
