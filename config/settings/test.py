"""The test suite: PostgreSQL, as in production; fast hashing; mail kept in memory."""

from .base import *  # noqa: F403
from .base import IDENTITY_ENCRYPTION_KEYS, database_from_env
from .env import env_str, fernet_key_from_secret

SECRET_KEY = env_str("SECRET_KEY", "test-only-insecure-key")
IDENTITY_ENCRYPTION_KEYS = IDENTITY_ENCRYPTION_KEYS or [fernet_key_from_secret(SECRET_KEY)]
DATABASES = {"default": database_from_env("postgres://postgres@127.0.0.1:5432/tiepdan")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "vi"
# Tasks run in the calling process, so a test sees their effects without a worker.
CELERY_TASK_ALWAYS_EAGER = True
# Searches see a change at once; the outbox is tested on its own.
SEARCH_QUEUE_UPDATES = False
