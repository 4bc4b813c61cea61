"""Per-client rate limits on the public surface: the portal's status lookup and submission
and the API's tracking, counted by one limiter (django-ratelimit over the cache: Redis when
REDIS_URL is set, as in CI)."""

from dataclasses import dataclass

import pytest
from django.test import Client

from cases import tracking_codes

from .factories import register
from .public_helpers import freeze_rate_limit_clock, portal_form

LIMITED_MESSAGE = "Quá nhiều yêu cầu từ kết nối của bạn."


@dataclass(frozen=True)
class Surface:
    name: str

    def set_rate(self, settings, rate: str) -> None:
        if self.name == "api-track":
            settings.REST_FRAMEWORK = {
                **settings.REST_FRAMEWORK,
                "DEFAULT_THROTTLE_RATES": {
                    **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                    "tracking": rate,
                },
            }
        elif self.name == "portal-lookup":
            settings.PORTAL_LOOKUP_RATE = rate
        else:
            settings.PORTAL_SUBMIT_RATE = rate

    def request(self, world, code: str, **extra):
        client = Client()
        if self.name == "api-track":
            return client.get(f"/api/v1/track/{code}/", **extra)
        if self.name == "portal-lookup":
            return client.get("/portal/", {"code": code}, **extra)
        return client.post("/portal/submit/", portal_form(world), **extra)

    def message(self, response) -> str:
        if self.name == "api-track":
            return response.json()["detail"]
        return response.content.decode()


SURFACES = [Surface("portal-lookup"), Surface("portal-submit"), Surface("api-track")]


@pytest.fixture
def code(world, settings):
    settings.PORTAL_UNIT = world.commune.code
    return register(world).petitions.get().tracking_code


@pytest.fixture
def clock(monkeypatch):
    return freeze_rate_limit_clock(monkeypatch)


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_the_request_past_the_limit_is_429_with_retry_after_and_a_clear_message(
    world, code, settings, clock, surface
):
    surface.set_rate(settings, "3/min")

    allowed = [surface.request(world, code).status_code for _ in range(3)]
    limited = surface.request(world, code)

    assert 429 not in allowed
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert LIMITED_MESSAGE in surface.message(limited)
    assert f"{int(limited['Retry-After'])} giây" in surface.message(limited)


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_a_limited_client_recovers_when_the_window_ends_and_not_before(
    world, code, settings, clock, surface
):
    surface.set_rate(settings, "2/min")
    for _ in range(2):
        surface.request(world, code)
    retry_after = int(surface.request(world, code)["Retry-After"])

    clock.now += retry_after - 1
    still_limited = surface.request(world, code).status_code
    clock.now += 1
    recovered = surface.request(world, code).status_code

    assert still_limited == 429
    assert recovered != 429


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_another_client_address_is_not_limited(world, code, settings, clock, surface):
    surface.set_rate(settings, "2/min")
    for _ in range(3):
        surface.request(world, code, REMOTE_ADDR="203.0.113.7")

    assert surface.request(world, code, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert surface.request(world, code, REMOTE_ADDR="198.51.100.23").status_code != 429


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_a_forged_forwarded_for_header_does_not_escape_the_limit(
    world, code, settings, clock, surface
):
    surface.set_rate(settings, "2/min")
    for _ in range(2):
        surface.request(world, code)

    response = surface.request(world, code, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert response.status_code == 429


def test_behind_a_proxy_each_client_is_counted_by_the_address_the_proxy_saw(
    world, code, settings, clock
):
    settings.NUM_PROXIES = 1
    settings.PORTAL_LOOKUP_RATE = "2/min"
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(2):
        Client().get("/portal/", {"code": code}, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)

    # The client may prepend anything; the proxy appends the address it really saw.
    same_client = Client().get(
        "/portal/", {"code": code}, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy
    )
    other_client = Client().get(
        "/portal/", {"code": code}, HTTP_X_FORWARDED_FOR="198.51.100.23", **proxy
    )

    assert same_client.status_code == 429
    assert other_client.status_code == 200


@pytest.mark.parametrize("surface", SURFACES[::2], ids=lambda s: s.name)
def test_unknown_codes_count_towards_the_lookup_limit(world, code, settings, clock, surface):
    surface.set_rate(settings, "3/min")

    statuses = [surface.request(world, tracking_codes.generate(2026)).status_code for _ in range(3)]

    assert statuses == [404] * 3
    assert surface.request(world, code).status_code == 429


def test_a_long_window_is_told_in_minutes(world, code, settings, clock):
    settings.PORTAL_SUBMIT_RATE = "1/hour"
    # Each client's hour begins at a moment of its own (django-ratelimit), which the clock may
    # have caught in its last two minutes: the test starts at the beginning of the next one.
    Client().post("/portal/submit/", portal_form(world))
    clock.now += int(Client().post("/portal/submit/", portal_form(world))["Retry-After"])
    Client().post("/portal/submit/", portal_form(world))

    limited = Client().post("/portal/submit/", portal_form(world))

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) == 3600
    assert "60 phút" in limited.content.decode()
