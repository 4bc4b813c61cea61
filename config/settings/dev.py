"""Local development: `make run`. An insecure key is allowed here and nowhere else."""

from .base import *  # noqa: F403
from .base import IDENTITY_ENCRYPTION_KEYS
from .env import env_bool, env_str, fernet_key_from_secret

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-deploy")
IDENTITY_ENCRYPTION_KEYS = IDENTITY_ENCRYPTION_KEYS or [fernet_key_from_secret(SECRET_KEY)]
