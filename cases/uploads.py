"""Checks on uploaded files, the same for every way a file reaches a petition.

The type is decided by the file's first bytes (puremagic), never by its name or the
content type the browser sent, and the name's extension must agree with it: a page or a
program renamed `.pdf` is refused. Every file is checked before anything is stored, so a
refused file fails the whole submission.
"""

import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

import puremagic
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Content type as detected -> the extensions a file of that type may carry.
ALLOWED_TYPES = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
    "image/heif": (".heic", ".heif"),
    "application/pdf": (".pdf",),
}
MAX_NAME_LENGTH = 200
# Enough for every signature puremagic matches at the start of a file.
HEAD_BYTES = 8192


class UploadRefused(ValueError):
    """One or more files may not be stored; `messages` names each file and the reason."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass(frozen=True)
class CheckedUpload:
    file: IO[bytes]
    name: str
    content_type: str
    size: int


def detect_type(file) -> str:
    """Return the content type the file's first bytes show, or "" when none is known."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if not head:
        return ""
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return ""
    # Matches come best first; a weaker signature that happens to fit must not win.
    return matches[0].mime_type if matches else ""


def name_refusal(name: str) -> str | None:
    """Return why a file name is refused, or None when it may be kept as the original name."""
    if not name or not name.strip():
        return _("A file has no name.")
    if len(name) > MAX_NAME_LENGTH:
        return _("The file name %(name)s… is longer than %(count)d characters.") % {
            "name": name[:40],
            "count": MAX_NAME_LENGTH,
        }
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in name):
        return _("The file name %(name)s contains control characters.") % {"name": repr(name)[1:-1]}
    if "/" in name or "\\" in name or ".." in name:
        return _("The file name %(name)s contains a folder path; send the file itself.") % {
            "name": name
        }
    return None


def _refusal(file, name: str, max_bytes: int) -> tuple[str | None, str]:
    if refusal := name_refusal(name):
        return refusal, ""
    if file.size > max_bytes:
        return _("%(name)s is larger than %(size)s.") % {
            "name": name,
            "size": filesizeformat(max_bytes),
        }, ""
    content_type = detect_type(file)
    if content_type not in ALLOWED_TYPES:
        return _(
            "%(name)s is not a photo (JPEG, PNG, WebP, HEIC) or a PDF document, whatever its name."
        ) % {"name": name}, ""
    if PurePosixPath(name).suffix.lower() not in ALLOWED_TYPES[content_type]:
        return _("The name %(name)s does not match its content: it is a %(type)s file.") % {
            "name": name,
            "type": ALLOWED_TYPES[content_type][0].lstrip(".").upper(),
        }, ""
    return None, content_type


def check_uploads(files, *, max_files: int | None = None) -> list[CheckedUpload]:
    """Return the files with their detected types, or raise UploadRefused naming every bad one.

    Limits come from settings: ATTACHMENT_MAX_FILES (unless `max_files` is smaller, as on the
    portal), ATTACHMENT_MAX_BYTES per file and ATTACHMENT_MAX_TOTAL_BYTES per submission.
    """
    files = list(files)
    limit = min(max_files or settings.ATTACHMENT_MAX_FILES, settings.ATTACHMENT_MAX_FILES)
    messages: list[str] = []
    if len(files) > limit:
        messages.append(
            ngettext("Attach at most %(count)d file.", "Attach at most %(count)d files.", limit)
            % {"count": limit}
        )
    checked = []
    for file in files:
        name = getattr(file, "name", "") or ""
        refusal, content_type = _refusal(file, name, settings.ATTACHMENT_MAX_BYTES)
        if refusal:
            messages.append(refusal)
        else:
            checked.append(CheckedUpload(file, name, content_type, file.size))
    total = sum(file.size for file in files)
    if total > settings.ATTACHMENT_MAX_TOTAL_BYTES:
        messages.append(
            _("The files together are larger than %(size)s.")
            % {"size": filesizeformat(settings.ATTACHMENT_MAX_TOTAL_BYTES)}
        )
    if messages:
        raise UploadRefused(messages)
    return checked
