"""The client's address, as the rate limits, the lockout and the audit trail read it."""

import ipaddress

from django.conf import settings


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_address(request) -> str | None:
    """Return the client's address as the nearest of NUM_PROXIES reverse proxies saw it.

    Entries further left in X-Forwarded-For are written by the client and prove nothing; an
    entry that is no address falls back to the connection's own. None when neither is known.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.NUM_PROXIES and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        candidate = hops[-min(settings.NUM_PROXIES, len(hops))]
        if _is_address(candidate):
            return candidate
    return request.META.get("REMOTE_ADDR") or None
