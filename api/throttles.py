"""Rate limits counted in fixed windows with one atomic increment per request.

DRF's own throttles read a client's whole request history from the cache and write it
back: two round trips and a race under load. Here each request costs one round trip
(INCR and EXPIRE in one Redis pipeline) and concurrent requests can never undercount.
"""

from django.core.cache import cache
from rest_framework.throttling import ScopedRateThrottle


def count_in_window(key: str, seconds: int) -> int:
    """Add one to the counter under `key`, which expires with its window; return the count."""
    if hasattr(cache, "client") and hasattr(cache.client, "get_client"):
        # django-redis: increment and expiry travel together, without MULTI/EXEC around them.
        redis_key = cache.make_key(key)
        pipeline = cache.client.get_client(write=True).pipeline(transaction=False)
        pipeline.incr(redis_key)
        pipeline.expire(redis_key, seconds)
        return pipeline.execute()[0]
    cache.add(key, 0, seconds)
    return cache.incr(key)


class FixedWindowThrottle(ScopedRateThrottle):
    """Allow a view's `throttle_scope` rate per client, counted in fixed windows."""

    def allow_request(self, request, view) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        window = int(self.timer() // self.duration)
        self.window_ends_at = (window + 1) * self.duration
        key = f"throttle:{self.scope}:{self.get_ident(request)}:{window}"
        return count_in_window(key, self.duration) <= self.num_requests

    def wait(self) -> float:
        return max(0.0, self.window_ends_at - self.timer())
