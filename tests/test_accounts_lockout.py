"""django-axes locks a username at one address after AXES_FAILURE_LIMIT failed sign-ins."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditAction, AuditEntry

from .factories import PASSWORD

LOGIN_URL = "/staff/login/"
TOKEN_URL = "/api/v1/auth/token/"


def sign_in(client, password, username="reception"):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def fail_until_locked(client, settings, username="reception"):
    return [
        sign_in(client, f"guess-{n}", username).status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]


def test_the_staff_login_locks_a_username_after_the_failure_limit(world, settings):
    client = Client()

    statuses = fail_until_locked(client, settings)
    locked = sign_in(client, PASSWORD)

    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    assert 'id="login-form"' in locked.content.decode()


def test_a_lockout_is_written_to_the_audit_trail(world, settings):
    fail_until_locked(Client(), settings)

    lockouts = AuditEntry.objects.filter(action=AuditAction.LOCKOUT)
    assert [(entry.target, entry.client_ip) for entry in lockouts] == [("reception", "127.0.0.1")]
    assert (
        AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, target="reception").count()
        == settings.AXES_FAILURE_LIMIT
    )


def test_another_username_at_the_same_address_is_not_locked(world, settings):
    client = Client()
    fail_until_locked(client, settings)

    response = sign_in(client, PASSWORD, username="leader")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.leader.pk)


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(world, settings):
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, f"guess-{n}")

    assert sign_in(client, PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(world, settings):
    client = Client()
    fail_until_locked(client, settings)
    assert sign_in(client, PASSWORD).status_code == 429

    # The cool-off counts from the last failure: move it back past the limit.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    assert sign_in(client, PASSWORD).status_code == 302


def test_axes_reset_ends_a_lockout_at_once(world, settings):
    client = Client()
    fail_until_locked(client, settings)

    call_command("axes_reset", verbosity=0)

    assert sign_in(client, PASSWORD).status_code == 302


def test_the_failure_limit_and_cool_off_come_from_the_settings(world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()

    assert [sign_in(client, f"guess-{n}").status_code for n in range(2)] == [200, 429]
    assert "30 phút" in sign_in(client, PASSWORD).content.decode()


def test_the_api_token_endpoint_locks_out_with_429_and_a_reason(world, settings):
    client = APIClient()
    statuses = [
        client.post(TOKEN_URL, {"username": "reception", "password": f"guess-{n}"}).status_code
        for n in range(settings.AXES_FAILURE_LIMIT - 1)
    ]
    locking = client.post(TOKEN_URL, {"username": "reception", "password": "guess-last"})
    locked = client.post(TOKEN_URL, {"username": "reception", "password": PASSWORD})

    assert statuses == [400] * (settings.AXES_FAILURE_LIMIT - 1)
    assert locking.status_code == 429
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert "Đăng nhập sai quá nhiều lần" in locked.json()["detail"]
    assert locked.headers["Retry-After"] == str(30 * 60)
    assert "token" not in locked.json()


def test_failures_on_the_api_and_the_staff_login_count_together(world, settings):
    api = APIClient()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        api.post(TOKEN_URL, {"username": "reception", "password": f"guess-{n}"})

    assert sign_in(Client(), "guess-last").status_code == 429
    assert api.post(TOKEN_URL, {"username": "reception", "password": PASSWORD}).status_code == 429


def test_the_api_lockout_ends_after_the_cool_off(world, settings):
    client = APIClient()
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(TOKEN_URL, {"username": "reception", "password": f"guess-{n}"})
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    response = client.post(TOKEN_URL, {"username": "reception", "password": PASSWORD})

    assert response.status_code == 200
    assert response.json()["token"]


def test_the_admin_login_is_the_staff_login_with_its_lockout(world, settings):
    client = Client()

    response = client.get("/admin/login/?next=/admin/")
    fail_until_locked(client, settings, username="administrator")
    locked = sign_in(client, PASSWORD, username="administrator")

    assert response.status_code == 302
    assert response.url == "/staff/login/?next=/admin/"
    assert locked.status_code == 429
    assert client.get("/admin/").status_code == 302
