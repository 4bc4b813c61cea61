"""Production: refuses to start without a real secret key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import IDENTITY_ENCRYPTION_KEYS, REDIS_URL, SECRET_KEY
from .env import env_bool, env_int

DEBUG = False
if len(SECRET_KEY) < 50 or "insecure" in SECRET_KEY or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
# Denouncers' identities are encrypted with these keys (Luật Tố cáo 2018): no default here.
if not IDENTITY_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "IDENTITY_ENCRYPTION_KEYS must hold at least one Fernet key in production; make one "
        "with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())'"
    )
# Rate limits and the cache are shared by every worker and app server only through Redis;
# an in-process cache would count each worker's clients apart.
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set in production (rate limits, cache).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# The session and CSRF cookies travel only to this site's own pages.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
