"""An administrator issues, names and revokes each app's key in the admin."""

import re

import pytest
from django.test import Client

from accounts.models import AuditAction, AuditEntry
from open311.models import ApiKey

from .open311_support import place_communes, post_request, request_fields

ADD = "/admin/open311/apikey/add/"
CHANGELIST = "/admin/open311/apikey/"


@pytest.fixture
def admin_client(world, settings):
    settings.OPEN311_UNIT = world.commune.code
    place_communes(world)
    client = Client()
    client.force_login(world.administrator)
    return client


def issue_in_admin(client, name="Ứng dụng Phản ánh hiện trường", rate="30/min") -> str:
    response = client.post(
        ADD, {"name": name, "contact": "ho-tro@example.vn", "rate": rate}, follow=True
    )
    [message] = [str(m) for m in response.context["messages"] if "Khóa của" in str(m)]
    return re.search(r" là (\S+)\. ", message)[1]


def test_an_issued_key_is_shown_once_stored_as_a_digest_and_works(world, admin_client):
    key = issue_in_admin(admin_client)

    api_key = ApiKey.objects.get()
    assert api_key.name == "Ứng dụng Phản ánh hiện trường"
    assert api_key.rate == "30/min"
    assert api_key.created_by == world.administrator
    assert key not in api_key.digest and api_key.prefix == key[:8]
    assert key not in admin_client.get(f"{CHANGELIST}{api_key.pk}/change/").content.decode()
    assert post_request(request_fields(world, key)).status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.API_KEY_ISSUED).count() == 1


def test_a_revoked_key_is_refused_with_403_in_the_specifications_format(world, admin_client):
    key = issue_in_admin(admin_client)
    api_key = ApiKey.objects.get()

    admin_client.post(CHANGELIST, {"action": "revoke", "_selected_action": [api_key.pk]})

    api_key.refresh_from_db()
    assert api_key.revoked_by == world.administrator
    response = post_request(request_fields(world, key))
    assert response.status_code == 403
    assert response.json() == [{"code": 403, "description": "Khóa api_key này đã bị thu hồi."}]
    assert AuditEntry.objects.filter(action=AuditAction.API_KEY_REVOKED).count() == 1


def test_a_bad_rate_is_refused_on_the_form(admin_client):
    response = admin_client.post(ADD, {"name": "Ứng dụng", "rate": "many"})

    assert response.status_code == 200
    assert "60/min" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_keys_are_revoked_never_deleted(admin_client):
    issue_in_admin(admin_client)
    api_key = ApiKey.objects.get()

    response = admin_client.post(f"{CHANGELIST}{api_key.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert ApiKey.objects.exists()


def test_other_roles_cannot_manage_keys(world):
    client = Client()
    client.force_login(world.leader)

    assert client.get(CHANGELIST).status_code == 302
