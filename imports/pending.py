"""An uploaded register kept between its dry run and its import.

The file lives under MEDIA_ROOT/imports/ with a random name (never under a published
directory, never named by the user); the session remembers which one is whose.
"""

import secrets
from pathlib import Path

from django.conf import settings

SESSION_KEY = "imports.pending"


def _directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _path(token: str) -> Path:
    # The token is ours, but a tampered session must not name another file.
    if not token.isalnum():
        raise FileNotFoundError(token)
    return _directory() / f"{token}.upload"


def keep(session, upload, *, mapping: dict | None, unit_id: int | None) -> str:
    """Store the upload in place of any earlier one of the session; return its token."""
    discard(session)
    token = secrets.token_hex(16)
    _directory().mkdir(parents=True, exist_ok=True)
    with _path(token).open("wb") as stream:
        for chunk in upload.chunks():
            stream.write(chunk)
    session[SESSION_KEY] = {
        "token": token,
        "name": upload.name,
        "mapping": mapping,
        "unit": unit_id,
    }
    return token


def held(session, token: str) -> dict | None:
    """Return what the session keeps for this token, or None."""
    pending = session.get(SESSION_KEY)
    if not pending or pending["token"] != token or not _path(token).exists():
        return None
    return pending


def open_file(pending: dict):
    return _path(pending["token"]).open("rb")


def discard(session) -> None:
    pending = session.pop(SESSION_KEY, None)
    if pending:
        _path(pending["token"]).unlink(missing_ok=True)
