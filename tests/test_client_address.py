"""One client address for the rate limits, the lockout and the audit trail (common.client)."""

import pytest
from django.test import Client

from accounts.models import AuditAction, AuditEntry

from .factories import PASSWORD


def sign_in_address(**headers) -> str | None:
    Client(**headers).post("/staff/login/", {"username": "leader", "password": PASSWORD})
    return AuditEntry.objects.filter(action=AuditAction.LOGIN).latest("pk").client_ip


def test_without_a_proxy_the_forwarded_for_header_is_ignored(world, settings):
    settings.NUM_PROXIES = 0

    address = sign_in_address(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert address == "203.0.113.7"


def test_entries_before_the_ones_the_proxies_wrote_are_ignored(world, settings):
    settings.NUM_PROXIES = 2
    # The client wrote 192.0.2.99; the outer proxy saw 203.0.113.7; the inner one saw 10.0.0.9.
    forwarded = "192.0.2.99, 203.0.113.7, 10.0.0.9"

    address = sign_in_address(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert address == "203.0.113.7"


@pytest.mark.parametrize("forwarded", ["unknown", "192.0.2.99, ", "203.0.113.7; drop table"])
def test_a_forwarded_entry_that_is_no_address_gives_the_proxys_own(world, settings, forwarded):
    settings.NUM_PROXIES = 1

    address = sign_in_address(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert address == "10.0.0.2"


def test_the_rate_limit_and_the_audit_trail_see_the_same_client(world, settings):
    settings.NUM_PROXIES = 1
    settings.PORTAL_LOOKUP_RATE = "1/min"
    proxy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.99, 203.0.113.7"}
    Client(**proxy).get("/portal/", {"code": "26-K7Q3M-9XPAB-4"})

    limited = Client(**proxy).get("/portal/", {"code": "26-K7Q3M-9XPAB-4"})

    assert limited.status_code == 429
    assert sign_in_address(**proxy) == "203.0.113.7"
