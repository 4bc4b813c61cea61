"""GET /api/v1/track/{code}/: the public status of one petition, no login (DOMAIN §5, §8)."""

import json
from datetime import datetime

import pytest
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from cases import tracking_codes
from cases.models import Case

from .factories import PETITIONER, case_in, register

PUBLIC_KEYS = {
    "code",
    "kind",
    "status",
    "status_label",
    "received_at",
    "unit",
    "due_date",
    "updated_at",
    "outcome_summary",
}


def code_of(case: Case) -> str:
    return case.petitions.get().tracking_code


def track(code: str, client: APIClient | None = None, **extra):
    return (client or APIClient()).get(f"/api/v1/track/{code}/", **extra)


def test_a_registered_code_shows_exactly_the_public_fields(world):
    case = register(world)

    response = track(code_of(case))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == PUBLIC_KEYS
    assert body["code"] == code_of(case)
    assert body["kind"] == "complaint"
    assert body["status"] == "received"
    assert body["status_label"]
    assert body["received_at"] == timezone.localdate(case.received_at).isoformat()
    assert body["unit"] == "UBND xã An Bình"
    assert body["due_date"] == case.due_on.isoformat()
    assert body["updated_at"] == timezone.localdate().isoformat()
    assert body["outcome_summary"] is None


def test_no_login_is_needed_and_a_token_is_not_looked_at(world):
    case = register(world)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = track(code_of(case), client)

    assert response.status_code == 200


def test_a_code_typed_in_lower_case_with_spaces_and_o_for_zero_is_accepted(world):
    # Received in 2020, so the code starts with "20-": a zero to mistype as O.
    received = timezone.make_aware(datetime(2020, 3, 2, 9, 30))
    code = code_of(register(world, received_at=received))
    assert "0" in code
    typed = code.replace("-", " ").replace("0", "O").lower()

    response = track(typed)

    assert response.status_code == 200
    assert response.json()["code"] == code


def test_an_unknown_well_formed_code_is_404(world):
    register(world)
    unknown = tracking_codes.generate(2026)

    response = track(unknown)

    assert response.status_code == 404


def test_a_code_with_a_wrong_check_symbol_is_404(world):
    code = code_of(register(world))
    wrong_check = next(s for s in tracking_codes.ALPHABET if s != code[-1])
    mistyped = code[:-1] + wrong_check

    response = track(mistyped)

    assert response.status_code == 404


def test_a_code_with_one_mistyped_symbol_is_404(world):
    code = code_of(register(world))
    position = 5
    other = next(s for s in tracking_codes.ALPHABET if s != code[position])
    mistyped = code[:position] + other + code[position + 1 :]

    response = track(mistyped)

    assert response.status_code == 404


def test_a_second_petition_of_the_same_case_is_tracked_by_its_own_code(world, api):
    case = register(world)
    joined = (
        api(world.reception)
        .post(
            "/api/v1/petitions/",
            {
                "kind": "complaint",
                "channel": "post",
                "subject": "Đơn trùng",
                "content": "Nội dung.",
                "locality": "xa-an-binh",
                "field": "dat-dai",
                "duplicate_of": case.reference,
            },
            format="json",
        )
        .json()["code"]
    )

    response = track(joined)

    assert response.status_code == 200
    assert response.json()["code"] == joined


# Privacy


def assert_nothing_private(response, case: Case, *, handler_username: str):
    petition = case.petitions.get()
    texts = (response.content.decode(), json.dumps(response.json()))
    private = [
        PETITIONER.full_name,
        PETITIONER.phone,
        PETITIONER.address,
        PETITIONER.id_number,
        PETITIONER.email,
        petition.subject,
        petition.content,
        case.subject,
        handler_username,
    ]
    for text in texts:
        for value in private:
            assert value not in text, value


def test_a_responded_case_shows_the_public_summary_and_nothing_private(world):
    case = case_in(world, "responded")

    response = track(code_of(case))

    assert response.status_code == 200
    assert response.json()["status"] == "responded"
    assert response.json()["outcome_summary"] == "Khiếu nại đúng một phần."
    assert_nothing_private(response, case, handler_username=world.handler.username)


def test_a_closed_case_still_shows_the_public_summary(world):
    case = case_in(world, "closed")

    response = track(code_of(case))

    assert response.json()["outcome_summary"] == "Khiếu nại đúng một phần."


@pytest.mark.parametrize("status", ["received", "verifying", "resolved"])
def test_before_the_response_there_is_no_outcome_summary(world, status):
    case = case_in(world, status)

    response = track(code_of(case))

    assert response.status_code == 200
    assert response.json()["outcome_summary"] is None
    assert_nothing_private(response, case, handler_username=world.handler.username)


def test_a_denunciation_shows_nothing_of_the_denouncer(world):
    case = register(world, kind="denunciation")

    response = track(code_of(case))

    assert response.status_code == 200
    assert_nothing_private(response, case, handler_username=world.handler.username)


# Rate limit


class Clock:
    """A stand-in for time.time that the test moves forward."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    # staticmethod: the throttle calls self.timer(), which must not receive self.
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(clock))
    return clock


@pytest.fixture
def five_a_minute(settings, monkeypatch):
    """Lower the tracking rate to 5 a minute, the way a deployment's TRACKING_RATE would."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"tracking": "5/min"},
    }
    # DRF reloads api_settings on setting_changed, but the throttle class copied the rates
    # dict when it was imported: point it at the reloaded one.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)


def test_the_sixth_lookup_in_a_minute_is_429_with_retry_after(world, five_a_minute, clock):
    code = code_of(register(world))

    statuses = [track(code).status_code for _ in range(5)]
    limited = track(code)

    assert statuses == [200] * 5
    assert limited.status_code == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 60


def test_unknown_codes_count_towards_the_limit(world, five_a_minute, clock):
    code = code_of(register(world))

    statuses = [track(tracking_codes.generate(2026)).status_code for _ in range(5)]

    assert statuses == [404] * 5
    assert track(code).status_code == 429


def test_another_client_address_is_not_limited(world, five_a_minute, clock):
    code = code_of(register(world))
    for _ in range(6):
        track(code, REMOTE_ADDR="203.0.113.7")

    assert track(code, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert track(code, REMOTE_ADDR="198.51.100.23").status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(world, five_a_minute, clock):
    code = code_of(register(world))
    for _ in range(5):
        track(code)

    response = track(code, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert response.status_code == 429


def test_a_limited_client_recovers_after_the_window(world, five_a_minute, clock):
    code = code_of(register(world))
    for _ in range(5):
        track(code)
    assert track(code).status_code == 429

    clock.now += 61

    assert track(code).status_code == 200


def test_the_limit_is_still_on_just_before_the_window_ends(world, five_a_minute, clock):
    code = code_of(register(world))
    for _ in range(5):
        track(code)

    clock.now += 59

    assert track(code).status_code == 429
