"""POST /api/v1/auth/token/ and what staff endpoints do with and without a token.

The contract: docs/api.md#authentication.
"""

from rest_framework.test import APIClient

from .factories import PASSWORD
from .public_helpers import freeze_rate_limit_clock

TOKEN_URL = "/api/v1/auth/token/"
CASES_URL = "/api/v1/cases/"


def test_right_credentials_give_a_token(world):
    response = APIClient().post(
        TOKEN_URL, {"username": "reception", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert response.json()["token"]


def test_the_same_user_gets_the_same_token_twice(world):
    client = APIClient()
    credentials = {"username": "leader", "password": PASSWORD}

    first = client.post(TOKEN_URL, credentials, format="json").json()["token"]
    second = client.post(TOKEN_URL, credentials, format="json").json()["token"]

    assert first == second


def test_the_token_reads_the_case_list(world):
    token = (
        APIClient()
        .post(TOKEN_URL, {"username": "leader", "password": PASSWORD}, format="json")
        .json()["token"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.get(CASES_URL)

    assert response.status_code == 200
    assert "results" in response.json()


def test_wrong_password_is_refused_with_400_and_no_token(world):
    response = APIClient().post(
        TOKEN_URL, {"username": "reception", "password": "wrong"}, format="json"
    )

    assert response.status_code == 400
    assert "token" not in response.json()


def test_unknown_user_is_refused_with_400(world):
    response = APIClient().post(
        TOKEN_URL, {"username": "nobody", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert "token" not in response.json()


def test_missing_password_is_refused_naming_the_field(world):
    response = APIClient().post(TOKEN_URL, {"username": "reception"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()


def test_inactive_user_gets_no_token(world):
    world.reception.is_active = False
    world.reception.save()

    response = APIClient().post(
        TOKEN_URL, {"username": "reception", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400


def test_no_credentials_on_a_staff_endpoint_is_401_asking_for_a_token(world):
    response = APIClient().get(CASES_URL)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_an_invalid_token_is_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get(CASES_URL)

    assert response.status_code == 401


def test_password_guessing_is_rate_limited_per_client(world, settings, monkeypatch):
    # A fixed clock: the test must not straddle two counting windows.
    freeze_rate_limit_clock(monkeypatch)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": "3/min", "tracking": "30/min"},
    }
    client = APIClient()
    guesses = [
        client.post(TOKEN_URL, {"username": "reception", "password": f"guess-{n}"}).status_code
        for n in range(3)
    ]
    blocked = client.post(TOKEN_URL, {"username": "reception", "password": PASSWORD})

    assert guesses == [400, 400, 400]
    assert blocked.status_code == 429
    assert "token" not in blocked.json()
