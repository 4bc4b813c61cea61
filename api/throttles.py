"""The API's rate limits, counted by the one limiter of every public page (common.limits)."""

import math

from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from common.limits import hit, limited_message


class FixedWindowThrottle(BaseThrottle):
    """Allow a view's `throttle_scope` rate (DEFAULT_THROTTLE_RATES) per client address."""

    def allow_request(self, request, view) -> bool:
        scope = getattr(view, "throttle_scope", None)
        if not scope:
            return True
        self.verdict = hit(request, scope=scope, rate=api_settings.DEFAULT_THROTTLE_RATES[scope])
        return not self.verdict.limited

    def wait(self) -> float:
        return self.verdict.retry_after


class LimitedMessageMixin:
    """Answer 429 with the portal's message as `detail`, and Retry-After."""

    def throttled(self, request, wait):
        seconds = math.ceil(wait or 1)
        exc = Throttled(detail=limited_message(seconds))
        # Set after construction: Throttled(wait=…) would append DRF's own sentence.
        exc.wait = seconds
        raise exc
