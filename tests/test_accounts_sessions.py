"""Staff sessions: their age, idle limit and rotation; the password rules."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from accounts.models import AuditAction, AuditEntry
from accounts.services import LOGIN_AT, SEEN_AT

from .factories import PASSWORD
from .test_settings import start_django


def signed_in(username="handler") -> Client:
    client = Client()
    client.post("/staff/login/", {"username": username, "password": PASSWORD})
    return client


def move_clock(client, key, seconds):
    session = client.session
    session[key] -= seconds
    session.save()


def test_the_session_cookie_ends_with_the_browser(world):
    client = Client()
    response = client.post("/staff/login/", {"username": "handler", "password": PASSWORD})

    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


def test_signing_in_gives_a_new_session_key(world):
    client = Client()
    client.get("/staff/login/")
    client.session.save()
    before = client.session.session_key

    client.post("/staff/login/", {"username": "handler", "password": PASSWORD})

    assert client.session.session_key != before


def test_a_session_is_ended_after_its_maximum_age_even_when_in_use(world, settings):
    client = signed_in()
    move_clock(client, LOGIN_AT, settings.SESSION_COOKIE_AGE + 1)

    response = client.get("/staff/inbox/")

    assert response.status_code == 302
    assert response.url.startswith("/staff/login/")
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=AuditAction.LOGOUT, target="handler").exists()


def test_a_session_idle_too_long_is_ended(world, settings):
    client = signed_in()
    move_clock(client, SEEN_AT, settings.SESSION_IDLE_TIMEOUT + 1)

    assert client.get("/staff/inbox/").status_code == 302


def test_a_session_in_use_within_its_limits_goes_on(world, settings):
    client = signed_in()
    move_clock(client, LOGIN_AT, settings.SESSION_COOKIE_AGE - 120)
    move_clock(client, SEEN_AT, settings.SESSION_IDLE_TIMEOUT - 120)

    assert client.get("/staff/inbox/").status_code == 200
    # The request moved the idle clock forward.
    assert client.get("/staff/inbox/").status_code == 200
    move_clock(client, SEEN_AT, settings.SESSION_IDLE_TIMEOUT - 120)
    assert client.get("/staff/inbox/").status_code == 200


def test_the_session_limits_come_from_the_environment():
    shown = start_django(
        "config.settings.test",
        "-c",
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_AGE, s.SESSION_IDLE_TIMEOUT, s.AXES_FAILURE_LIMIT, "
        "s.AXES_COOLOFF_TIME.total_seconds(), s.OTP_REQUIRED_ROLES)",
        SESSION_MAX_AGE_HOURS="2",
        SESSION_IDLE_MINUTES="15",
        AXES_FAILURE_LIMIT="7",
        AXES_COOLOFF_MINUTES="10",
        OTP_REQUIRED_ROLES="leader,administrator",
    )

    assert shown.stdout.split(maxsplit=4) == [
        "7200",
        "900",
        "7",
        "600.0",
        "['leader', 'administrator']\n",
    ], shown.stderr


@pytest.mark.parametrize("password", ["ngan123", "123456789012", "password1234"])
def test_weak_passwords_are_refused_in_vietnamese(password):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        validate_password(password)

    assert "Mật khẩu" in " ".join(refused.value.messages)


def test_a_password_shorter_than_ten_characters_is_too_short():
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        validate_password("Xq7#kL2p9")

    assert "10" in " ".join(refused.value.messages)
    validate_password("Xq7#kL2p9w")
