"""Production: refuses to start without a real secret key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL
from .env import env_bool, env_fernet_keys, env_int, env_secret

DEBUG = False
# From the environment, or from the secrets directory (docs/operations.md#secrets).
SECRET_KEY = env_secret("SECRET_KEY", "secret_key")
IDENTITY_ENCRYPTION_KEYS = env_fernet_keys(
    "IDENTITY_ENCRYPTION_KEYS", env_secret("IDENTITY_ENCRYPTION_KEYS", "identity_encryption_keys")
)
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

# The application serves its own collected static files (`make serve` has no web server in
# front); nginx in deploy/ serves them itself and never reaches this.
MIDDLEWARE = [
    MIDDLEWARE[0],  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405
]

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
