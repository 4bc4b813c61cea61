"""Per-client rate limits, counted by django-ratelimit in the cache, and their 429 answer.

One limiter for the portal's status lookup and submission and the API's tracking and token
login: counters live in the default cache (Redis when REDIS_URL is set, so every worker
shares them), in fixed windows per client address (`common.client.client_address`, which
RATELIMIT_IP_META_KEY names).
"""

import math
from dataclasses import dataclass

from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

from common.errors import UNAVAILABLE, ServiceUnavailable


@dataclass(frozen=True)
class Verdict:
    limited: bool
    retry_after: int


def hit(request, *, scope: str, rate: str) -> Verdict:
    """Count this request against the client's `rate` (e.g. "30/min") for `scope`.

    A request the cache cannot count is refused with ServiceUnavailable (answered 503 by
    common.errors), never let through uncounted.
    """
    try:
        usage = get_usage(request, group=f"tiepdan.{scope}", key="ip", rate=rate, increment=True)
    except UNAVAILABLE as exc:
        raise ServiceUnavailable("the rate limiter's cache did not answer") from exc
    if usage is None:  # RATELIMIT_ENABLE is off.
        return Verdict(limited=False, retry_after=0)
    if usage["count"] == 0:
        # django-ratelimit's mark of a count the cache did not return: a request it counted
        # is at least the first.
        raise ServiceUnavailable("the rate limiter's cache did not count the request")
    # The window still counts in its last second, which time_left leaves out.
    return Verdict(limited=usage["should_limit"], retry_after=max(1, usage["time_left"] + 1))


def limited_message(retry_after: int) -> str:
    """Return the message a limited client reads, on the portal and in the API alike."""
    if retry_after < 120:
        return ngettext(
            "Too many requests from your connection. Try again in %(count)d second.",
            "Too many requests from your connection. Try again in %(count)d seconds.",
            retry_after,
        ) % {"count": retry_after}
    minutes = math.ceil(retry_after / 60)
    return ngettext(
        "Too many requests from your connection. Try again in %(count)d minute.",
        "Too many requests from your connection. Try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


def too_many_requests(response, *, retry_after: int):
    """Return `response` as a 429 that tells the client how many seconds to wait."""
    response.status_code = 429
    response["Retry-After"] = str(retry_after)
    return response
