"""The keys, the cipher and the keyed digests of identities; re-encrypting with a new key.

Keys are read from settings on use, never at import: the first encrypts, all decrypt.
"""

import functools
import hashlib
import hmac
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction

from .. import people
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


# Digested in the form the people rule gives them, so "+84 912 …" and "0912 …" match.
_MATCHING_FORMS = {"id_number": people.id_number_key, "phone": people.phone_key}


def digest(field: str, value: str, key: str) -> str:
    """Return the keyed HMAC of a person's ID number or phone under `key`, or "" if empty."""
    matching = _MATCHING_FORMS[field](value)
    if not matching:
        return ""
    secret = hashlib.sha256(f"tiepdan identity digest:{key}".encode()).digest()
    return hmac.new(secret, matching.encode(), hashlib.sha256).hexdigest()


def person_digests(person: PetitionerData, key: str) -> dict[str, str]:
    """Return the digest columns of a `ProtectedIdentity` for this person under `key`."""
    return {
        f"{field}_digest": digest(field, getattr(person, field), key) for field in _MATCHING_FORMS
    }


def digests(field: str, value: str) -> list[str]:
    """Return the value's digest under every key, so lookups work while keys rotate."""
    found = (digest(field, value, key) for key in settings.IDENTITY_ENCRYPTION_KEYS)
    return [value for value in found if value]


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
        for column, value in person_digests(person, first_key).items():
            setattr(row, column, value)
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
