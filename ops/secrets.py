"""The production secrets, generated once into a directory when the environment lacks them.

`make serve` keeps them in var/secrets/; on a server, `python -m ops.secrets /etc/tiepdan/
credentials` makes the files deploy/'s units load with systemd's LoadCredential=. The
settings read them through `config.settings.env.env_secret`. Nothing here prints a secret.
"""

import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet


def _identity_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _secret_key() -> str:
    return secrets.token_urlsafe(64)


# File name -> (environment variable that replaces it, how to make a new one).
SECRETS: dict[str, tuple[str, Callable[[], str]]] = {
    "secret_key": ("SECRET_KEY", _secret_key),
    "identity_encryption_keys": ("IDENTITY_ENCRYPTION_KEYS", _identity_key),
}


def ensure(directory: Path, environ=os.environ) -> list[str]:
    """Write each secret the environment does not give and the directory lacks; return names.

    The directory is made readable by its owner alone (0700), each file 0600, written
    under that mode from the start. An existing file is never replaced: a new identity key
    would lose every denouncer's identity encrypted with the old one.
    """
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    created = []
    for filename, (variable, make) in SECRETS.items():
        path = directory / filename
        if environ.get(variable, "").strip() or path.exists():
            continue
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(make() + "\n")
        created.append(filename)
    return created


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m ops.secrets DIRECTORY")
    made = ensure(Path(sys.argv[1]), environ={})
    print(f"created: {', '.join(made) or 'nothing (all present)'}")
