"""The optional second factor: enrolling an authenticator app and signing in with its codes."""

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.models import AuditAction, AuditEntry

from .factories import PASSWORD
from .staff_helpers import client_for

SETUP_URL = "/staff/account/authenticator/"
LOGIN_URL = "/staff/login/"
CODE_URL = "/staff/login/code/"


def code_of(device, steps_ahead=0) -> str:
    """The code the user's app shows now (or `steps_ahead` 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, steps_ahead)
    return f"{totp.token():06d}"


def not_the_code(device) -> str:
    return f"{(int(code_of(device)) + 1) % 10**6:06d}"


@pytest.fixture
def enrolled_leader(world):
    TOTPDevice.objects.create(user=world.leader, name="tiepdan", confirmed=True)
    return world.leader


def signed_in_with_password(username="leader") -> Client:
    client = Client()
    client.post(LOGIN_URL, {"username": username, "password": PASSWORD, "next": "/staff/inbox/"})
    return client


def test_a_leader_enrols_by_scanning_the_qr_code_and_typing_a_code(world):
    client = client_for(world.leader)

    page = client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=world.leader)
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    response = client.post(SETUP_URL, {"token": code_of(device)})

    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert not device.confirmed
    assert len(secret.replace(" ", "")) == 32
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action=AuditAction.TOTP_ENROLLED, target="leader").exists()


def test_a_wrong_enrolment_code_leaves_the_app_unenrolled(world):
    client = client_for(world.leader)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=world.leader)

    response = client.post(SETUP_URL, {"token": not_the_code(device)})

    assert response.status_code == 200
    assert "has-error" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_roles_other_than_leader_and_administrator_cannot_enrol(world):
    assert client_for(world.reception).get(SETUP_URL).status_code == 403
    assert client_for(world.administrator).get(SETUP_URL).status_code == 200


def test_an_enrolled_user_is_asked_for_a_code_after_the_password(world, enrolled_leader):
    client = signed_in_with_password()

    assert client.get("/staff/inbox/").status_code == 302
    assert "_auth_user_id" not in client.session
    page = client.get(CODE_URL)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()


def test_the_right_code_signs_in_and_goes_where_the_user_was_going(world, enrolled_leader):
    client = signed_in_with_password()
    device = TOTPDevice.objects.get(user=enrolled_leader)

    response = client.post(CODE_URL, {"token": code_of(device)})

    assert response.status_code == 302
    assert response.url == "/staff/inbox/"
    assert client.get("/staff/inbox/").status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN, actor=enrolled_leader).exists()


def test_a_wrong_code_is_refused_and_recorded(world, enrolled_leader):
    client = signed_in_with_password()
    device = TOTPDevice.objects.get(user=enrolled_leader)

    response = client.post(CODE_URL, {"token": not_the_code(device)})

    assert response.status_code == 200
    assert "has-error" in response.content.decode()
    assert client.get("/staff/inbox/").status_code == 302
    failure = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (failure.target, failure.details["reason"]) == ("leader", "code")


def test_a_code_cannot_be_used_twice(world, enrolled_leader):
    device = TOTPDevice.objects.get(user=enrolled_leader)
    code = code_of(device)
    signed_in_with_password().post(CODE_URL, {"token": code})

    client = signed_in_with_password()
    response = client.post(CODE_URL, {"token": code})

    assert response.status_code == 200
    assert client.get("/staff/inbox/").status_code == 302


def test_the_code_step_expires_five_minutes_after_the_password(world, enrolled_leader):
    client = signed_in_with_password()
    session = client.session
    session["accounts_pending_login"]["started"] -= 301
    session.save()

    response = client.post(CODE_URL, {"token": code_of(TOTPDevice.objects.get())})

    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert client.get("/staff/inbox/").status_code == 302


def test_the_code_step_without_a_password_goes_back_to_the_login(world):
    assert Client().get(CODE_URL).url == LOGIN_URL


def test_removing_the_app_takes_a_code_from_it(world, enrolled_leader):
    client = signed_in_with_password()
    device = TOTPDevice.objects.get(user=enrolled_leader)
    client.post(CODE_URL, {"token": code_of(device)})

    response = client.post(SETUP_URL, {"token": code_of(device, steps_ahead=1)})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=enrolled_leader).exists()
    assert AuditEntry.objects.filter(action=AuditAction.TOTP_REMOVED, target="leader").exists()


def test_a_required_role_is_sent_to_enrol_before_any_page(world, settings):
    settings.OTP_REQUIRED_ROLES = ["leader"]
    client = signed_in_with_password()

    assert client.get("/staff/inbox/").url == SETUP_URL
    assert client.get("/api/v1/cases/").status_code == 403
    assert client_for(world.handler).get("/staff/inbox/").status_code == 200

    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=world.leader)
    client.post(SETUP_URL, {"token": code_of(device)})
    assert client.get("/staff/inbox/").status_code == 200


def test_a_required_role_gets_no_api_token_without_an_app(world, settings):
    settings.OTP_REQUIRED_ROLES = ["leader"]

    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "leader", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert "otp_token" in response.json()


def test_an_enrolled_user_gets_an_api_token_only_with_a_code(world, enrolled_leader):
    device = TOTPDevice.objects.get(user=enrolled_leader)
    client = APIClient()
    credentials = {"username": "leader", "password": PASSWORD}

    without = client.post("/api/v1/auth/token/", credentials, format="json")
    wrong = client.post(
        "/api/v1/auth/token/", {**credentials, "otp_token": not_the_code(device)}, format="json"
    )
    device.throttle_reset()
    right = client.post(
        "/api/v1/auth/token/", {**credentials, "otp_token": code_of(device)}, format="json"
    )

    assert without.status_code == 400
    assert "otp_token" in without.json()
    assert wrong.status_code == 400
    assert right.status_code == 200
    assert right.json()["token"]


def test_the_admin_wants_the_code_step_from_an_enrolled_administrator(world):
    TOTPDevice.objects.create(user=world.administrator, name="tiepdan", confirmed=True)
    unverified = client_for(world.administrator)

    client = signed_in_with_password("administrator")
    client.post(CODE_URL, {"token": code_of(TOTPDevice.objects.get())})

    assert unverified.get("/admin/").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_navigation_offers_the_authenticator_page_to_leaders_only(world):
    assert SETUP_URL in client_for(world.leader).get("/staff/inbox/").content.decode()
    assert SETUP_URL not in client_for(world.handler).get("/staff/inbox/").content.decode()
