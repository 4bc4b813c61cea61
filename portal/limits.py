"""Per-client rate limits for the portal's pages, counted like the API's (api/throttles.py)."""

from time import time

from django.conf import settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from api.throttles import count_in_window


def _parse(rate: str) -> tuple[int, int]:
    count, seconds = SimpleRateThrottle.parse_rate(None, rate)
    return count, seconds


def allow(request, scope: str) -> bool:
    """Count this request against the client's limit for `scope`; return whether it may go on."""
    count, seconds = _parse(getattr(settings, f"PORTAL_{scope.upper()}_RATE"))
    # The client's address as the API reads it, through NUM_PROXIES reverse proxies.
    client = BaseThrottle().get_ident(request)
    window = int(time() // seconds)
    return count_in_window(f"portal:{scope}:{client}:{window}", seconds) <= count
