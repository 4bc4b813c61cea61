"""GET /api/v1/track/{code}/: the public status of one petition, no login (docs/api.md#tracking)."""

import json
from datetime import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

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
    "forwarding",
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
    assert body["forwarding"] == []


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
