"""The keys, the cipher and the keyed digests of identities; re-encrypting with a new key.

Keys are read from settings on use, never at import: the first encrypts, all decrypt.
"""

import functools
import hashlib
import hmac
import json
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction

from ..models import Attachment, ProtectedIdentity, ProtectedPetitionText
from .people import PetitionerData


@functools.lru_cache(maxsize=8)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def cipher() -> MultiFernet:
    keys = tuple(settings.IDENTITY_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("IDENTITY_ENCRYPTION_KEYS holds no key.")
    return _fernet_for(keys)


def seal(value: dict) -> str:
    return cipher().encrypt(json.dumps(value, ensure_ascii=False).encode()).decode("ascii")


def unseal(token: str) -> dict:
    return json.loads(cipher().decrypt(token.encode("ascii")))


def _digits(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    # +84 912 … and 0912 … are one phone number.
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def digest(value: str, key: str) -> str:
    """Return the keyed HMAC of the value's digits under `key`, or "" if it holds none."""
    digits = _digits(value)
    if not digits:
        return ""
    secret = hashlib.sha256(f"tiepdan identity digest:{key}".encode()).digest()
    return hmac.new(secret, digits.encode(), hashlib.sha256).hexdigest()


def digests(value: str) -> list[str]:
    """Return the value's digest under every key, so lookups work while keys rotate."""
    return [d for d in (digest(value, key) for key in settings.IDENTITY_ENCRYPTION_KEYS) if d]


def sealed_file(file) -> ContentFile:
    """Return a file's bytes encrypted, ready to store."""
    file.seek(0)
    return ContentFile(cipher().encrypt(file.read()))


def rewrite_attachment(attachment, transform) -> None:
    """Store the attachment's bytes transformed (sealed or re-sealed) under a new name."""
    old = attachment.file.name
    with attachment.file.open("rb") as stored:
        data = transform(stored.read())
    attachment.file.save(old, ContentFile(data, name=old), save=False)
    attachment.is_sealed = True
    attachment.save(update_fields=["file", "is_sealed"])
    storage = attachment.file.storage
    # The previous file goes only once the new one is committed.
    transaction.on_commit(lambda: storage.delete(old))


def identities_unreadable() -> int:
    """Return how many sealed identities and texts the configured keys cannot decrypt.

    A restored backup is checked with it: the keys are never in a backup, so a database
    restored without the keys of the server it came from cannot reveal anyone.
    """
    current = cipher()
    unreadable = 0
    for model in (ProtectedIdentity, ProtectedPetitionText):
        for token in model.objects.values_list("sealed", flat=True).iterator():
            try:
                current.decrypt(token.encode("ascii"))
            except InvalidToken:
                unreadable += 1
    return unreadable


@transaction.atomic
def rotate_identity_keys() -> dict[str, int]:
    """Re-encrypt every identity, text and sealed attachment with the first key.

    The digests are recomputed with it too. Afterwards older keys may be removed.
    """
    counts = {"identities": 0, "texts": 0, "attachments": 0}
    first_key = settings.IDENTITY_ENCRYPTION_KEYS[0]
    keys = cipher()
    for row in ProtectedIdentity.objects.select_for_update().order_by("pk"):
        person = PetitionerData(**unseal(row.sealed))
        row.sealed = keys.rotate(row.sealed.encode("ascii")).decode("ascii")
        row.id_number_digest = digest(person.id_number, first_key)
        row.phone_digest = digest(person.phone, first_key)
        row.save(update_fields=["sealed", "id_number_digest", "phone_digest"])
        counts["identities"] += 1
    for row in ProtectedPetitionText.objects.select_for_update().order_by("pk"):
        row.sealed = keys.rotate(row.sealed.encode("ascii")).decode("ascii")
        row.save(update_fields=["sealed"])
        counts["texts"] += 1
    for attachment in Attachment.objects.select_for_update().filter(is_sealed=True):
        rewrite_attachment(attachment, keys.rotate)
        counts["attachments"] += 1
    return counts
