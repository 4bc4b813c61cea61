"""Production settings, loosened only where a loopback benchmark needs it.

The runner passes SECRET_KEY (fresh each run) and DATABASE_URL in the environment;
production's hardening, middleware and caches stay as they are so that the numbers
describe the real request path.
"""

import os

from config.settings.production import *  # noqa: F403
from config.settings.production import CACHES, DATABASES, REST_FRAMEWORK

from . import DATABASE_NAME

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
# No TLS on loopback: a redirect to https would measure nothing.
SECURE_SSL_REDIRECT = False
ROOT_URLCONF = "bench.urls"

# Whatever DATABASE_URL names, the benchmark writes only to its own database.
DATABASES["default"]["NAME"] = os.environ.get("BENCH_DATABASE_NAME", DATABASE_NAME)

# Its own cache keys, so that tests sharing the Redis database never throttle the bench's logins.
CACHES["default"]["KEY_PREFIX"] = "tiepdan-bench"

# The tracking limiter still runs against the cache on every lookup, but never answers 429.
# wrk sends each lookup with a made-up X-Forwarded-For, as a reverse proxy would, so the
# limiter keeps one counter per client as in production instead of one for 127.0.0.1.
NUM_PROXIES = 1
_RATES = {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "tracking": "1000000/min"}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": _RATES,
    "NUM_PROXIES": NUM_PROXIES,
}
