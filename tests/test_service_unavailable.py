"""A service that is down is a clear 503, never a 500: the public surface fails closed while
Redis (the rate limiter's counters) is away, and staff work carries on without it."""

import json

import psycopg
import pytest
from django import db
from django.test import Client, RequestFactory

from common.errors import server_error
from ops.processes import free_port

from .factories import register
from .public_helpers import portal_form

MESSAGE = "Hệ thống tạm thời gián đoạn"


@pytest.fixture
def redis_down(settings):
    # A port nothing listens on: every call to the cache is refused, as with Redis stopped.
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }


@pytest.fixture
def code(world, settings):
    settings.PORTAL_UNIT = world.commune.code
    return register(world).petitions.get().tracking_code


def test_tracking_through_the_api_is_a_503_in_json_with_a_vietnamese_message(code, redis_down):
    response = Client(raise_request_exception=False).get(f"/api/v1/track/{code}/")

    assert response.status_code == 503
    assert MESSAGE in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("method", ["lookup", "submit"])
def test_the_portal_answers_a_503_page_with_the_message(world, code, redis_down, method):
    client = Client(raise_request_exception=False)
    if method == "lookup":
        response = client.get("/portal/", {"code": code})
    else:
        response = client.post("/portal/submit/", portal_form(world))

    assert response.status_code == 503
    assert MESSAGE in response.content.decode()


def test_nothing_is_submitted_while_the_limiter_cannot_count(world, code, redis_down):
    before = world.commune.cases.count()

    Client(raise_request_exception=False).post("/portal/submit/", portal_form(world))

    assert world.commune.cases.count() == before


def test_the_api_token_login_is_refused_with_a_503(world, redis_down):
    response = Client(raise_request_exception=False).post(
        "/api/v1/auth/token/",
        {"username": "reception", "password": "correct horse battery staple"},
        content_type="application/json",
    )

    assert response.status_code == 503


def test_staff_register_petitions_and_take_transitions_without_redis(world, api, redis_down):
    body = {
        "kind": "complaint",
        "channel": "in_person",
        "subject": "Khiếu nại về bồi thường",
        "content": "Đề nghị xem xét lại.",
        "locality": world.locality.code,
        "field": world.field.code,
    }
    created = api(world.reception).post("/api/v1/petitions/", body, format="json")
    accepted = api(world.leader).post(
        f"/api/v1/cases/{created.json()['case']}/transitions/accept/", {}, format="json"
    )

    assert created.status_code == 201
    assert accepted.status_code == 200


@pytest.mark.parametrize(
    "lost",
    [
        db.OperationalError("terminating connection due to administrator command"),
        # Unwrapped by Django: closing a server-side cursor after a form's choices were read.
        psycopg.OperationalError("consuming input failed: server closed the connection"),
    ],
)
def test_a_lost_database_connection_is_a_503_not_a_500(lost):
    request = RequestFactory().post("/api/v1/cases/KN-2026-000001/transitions/accept/")
    try:
        raise lost
    except Exception:
        response = server_error(request)

    assert response.status_code == 503
    assert MESSAGE in json.loads(response.content)["detail"]


def test_any_other_error_is_still_a_500():
    request = RequestFactory().get("/staff/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)

    assert response.status_code == 500
