"""Strict readers for settings that come from the environment.

Each helper fails at start-up with the variable's name when its value is malformed,
so a typo in a deployment never becomes a silent default.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str, filename: str) -> str:
    """Return the secret in the environment variable `name`, or else in a secrets file.

    The file is `filename` in TIEPDAN_SECRETS_DIR (`make serve` keeps var/secrets/) or in
    systemd's CREDENTIALS_DIRECTORY (LoadCredential= in deploy/); empty when neither has it.
    """
    value = os.environ.get(name, "").strip()
    if value:
        return value
    for variable in ("TIEPDAN_SECRETS_DIR", "CREDENTIALS_DIRECTORY"):
        directory = os.environ.get(variable)
        if directory and (Path(directory) / filename).is_file():
            return (Path(directory) / filename).read_text().strip()
    return ""


def env_fernet_keys(name: str, raw: str | None = None) -> list[str]:
    """Return the comma-separated Fernet keys in `name` (or `raw`), the first one encrypting."""
    from cryptography.fernet import Fernet

    source = os.environ.get(name, "") if raw is None else raw
    keys = [item.strip() for item in source.split(",") if item.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name}: key {position} is not a Fernet key (32 url-safe base64-encoded bytes)"
            ) from exc
    return keys


def fernet_key_from_secret(secret: str) -> str:
    """Derive a Fernet key from SECRET_KEY, for development and tests only."""
    import base64
    import hashlib

    digest = hashlib.sha256(f"tiepdan identity key:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")
