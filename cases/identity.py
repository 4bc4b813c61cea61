"""A denouncer's identity: kept apart, encrypted, revealed only through one logged service.

DOMAIN §4 (Luật Tố cáo 2018, Điều 8 and 9): the name, address, contact, ID number and
handwriting of a denouncer are seen only by the receiving officer, the assigned handler and
the leader of the resolving unit, and every view is logged. A petition registered on a
denunciation, or whose case becomes one, is *protected*:

- its people's columns in `Petitioner` are emptied; their identity is one Fernet token in
  `ProtectedIdentity`, with keyed HMACs of the ID number and phone for duplicate hints;
- its subject and content keep the identity redacted, so every list, index, export and mail
  shows the redaction; the text as received is a token in `ProtectedPetitionText`;
- its attachments (the letter, the handwriting) are stored encrypted.

`identity_reveal` is the one way to show an identity to a person: it checks
`may_see_identity` and writes one `IdentityAccess` row. `identity_for_mail` is the one use by
the system itself that sends an identity out (mail to the petitioner), logged with no user.
Uses that show nothing to anyone (`redact_fields` on what staff type on a denunciation, the
digests) decrypt without a log.
"""

import functools
import hashlib
import hmac
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from .exceptions import NotPermitted
from .models import (
    Attachment,
    Case,
    IdentityAccess,
    Kind,
    Petition,
    Petitioner,
    ProtectedIdentity,
    ProtectedPetitionText,
)
from .permissions import may_see_identity

Purpose = IdentityAccess.Purpose
REDACTED = "[…]"
# Shorter values (initials, a house number) would redact ordinary words.
MIN_SECRET_LENGTH = 3


class IdentityHidden(NotPermitted):
    """The user may not see who sent this petition."""

    default_message = _("You may not see who sent this petition (Luật Tố cáo 2018).")


@dataclass(frozen=True)
class PetitionerData:
    """One person as typed at intake, or as revealed."""

    full_name: str
    phone: str = ""
    address: str = ""
    id_number: str = ""
    email: str = ""

    def secrets(self) -> list[str]:
        """Return the values that identify the person, to be redacted from free text."""
        values = [self.full_name, self.phone, self.address, self.id_number, self.email]
        # "Thị Hoa" names Nguyễn Thị Hoa too; a lone given name ("Hoa") is too common a word.
        given = self.full_name.split()[1:]
        if len(given) >= 2:
            values.append(" ".join(given))
        return [value.strip() for value in values if len(value.strip()) >= MIN_SECRET_LENGTH]


@dataclass(frozen=True)
class Identity:
    """Who sent a petition, and its subject and content as received."""

    petitioner: PetitionerData | None
    representatives: tuple[PetitionerData, ...]
    subject: str
    content: str

    @property
    def people(self) -> list[PetitionerData]:
        return [person for person in (self.petitioner, *self.representatives) if person]

    @property
    def addressee(self) -> PetitionerData | None:
        """The person a letter goes to: the petitioner, else the first representative."""
        people = self.people
        return people[0] if people else None


# Encryption. Keys are read from settings on use, never at import.


@functools.lru_cache(maxsize=8)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _cipher() -> MultiFernet:
    keys = tuple(settings.IDENTITY_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("IDENTITY_ENCRYPTION_KEYS holds no key.")
    return _fernet_for(keys)


def _seal(value: dict) -> str:
    return _cipher().encrypt(json.dumps(value, ensure_ascii=False).encode()).decode("ascii")


def _unseal(token: str) -> dict:
    return json.loads(_cipher().decrypt(token.encode("ascii")))


def _digits(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    # +84 912 … and 0912 … are one phone number.
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def _digest(value: str, key: str) -> str:
    digits = _digits(value)
    if not digits:
        return ""
    secret = hashlib.sha256(f"tiepdan identity digest:{key}".encode()).digest()
    return hmac.new(secret, digits.encode(), hashlib.sha256).hexdigest()


def _digests(value: str) -> list[str]:
    """Return the value's digest under every key, so lookups work while keys rotate."""
    return [d for d in (_digest(value, key) for key in settings.IDENTITY_ENCRYPTION_KEYS) if d]


# Redaction.


def _secret_pattern(secret: str) -> str:
    if secret.isdigit():
        # 0912 345 678 and 0912.345.678 are the same number.
        return r"[\s.\-]?".join(re.escape(digit) for digit in secret)
    return re.escape(secret)


def redact(text: str, people: Iterable[PetitionerData]) -> str:
    """Return the text with every identifying value of these people replaced by a mark."""
    secrets = {unicodedata.normalize("NFC", s) for person in people for s in person.secrets()}
    if not text or not secrets:
        return text
    text = unicodedata.normalize("NFC", text)
    # Longest first, so that an address is removed whole before a name inside it.
    for secret in sorted(secrets, key=len, reverse=True):
        # Most texts hold few of the values: a plain look first spares compiling a pattern.
        if _may_hold(text, secret):
            text = re.sub(_secret_pattern(secret), REDACTED, text, flags=re.IGNORECASE)
    return text


def _may_hold(text: str, secret: str) -> bool:
    """Whether the text may hold the value as `_secret_pattern` finds it (never a false no)."""
    if secret.isdigit():
        return secret in re.sub(r"\D", "", text)
    return secret.casefold() in text.casefold()


# Protection (writes). Callers hold a transaction: `cases.services` and bulk writers.


def must_protect(case: Case, kind: str) -> bool:
    """Whether a petition of this kind, on this case, hides its sender (DOMAIN §4)."""
    return Kind.DENUNCIATION in (case.kind, kind)


def _identity_row(petitioner: Petitioner, person: PetitionerData) -> ProtectedIdentity:
    keys = settings.IDENTITY_ENCRYPTION_KEYS
    return ProtectedIdentity(
        petitioner=petitioner,
        sealed=_seal(asdict(person)),
        id_number_digest=_digest(person.id_number, keys[0]),
        phone_digest=_digest(person.phone, keys[0]),
    )


@sensitive_variables()
def protected_person_rows(person: PetitionerData) -> tuple[Petitioner, ProtectedIdentity]:
    """Return an unsaved petitioner with empty columns and its unsaved encrypted identity.

    For bulk writers: save (or bulk_create) the petitioner first, then the identity.
    """
    petitioner = Petitioner(full_name="", is_protected=True)
    return petitioner, _identity_row(petitioner, person)


@sensitive_variables()
def protected_text_row(petition: Petition, *, subject: str, content: str) -> ProtectedPetitionText:
    """Return the unsaved encrypted record of a protected petition's text as received."""
    return ProtectedPetitionText(
        petition=petition, sealed=_seal({"subject": subject, "content": content})
    )


def protected_petitioner(person: PetitionerData) -> Petitioner:
    """Create a petitioner whose identity is written encrypted only, never in plain columns."""
    petitioner, identity = protected_person_rows(person)
    petitioner.save()
    identity.save()
    return petitioner


def seal_petition_text(petition: Petition, *, subject: str, content: str) -> None:
    """Keep a protected petition's text as received, encrypted."""
    protected_text_row(petition, subject=subject, content=content).save()


def sealed_file(file) -> ContentFile:
    """Return a file's bytes encrypted, ready to store."""
    file.seek(0)
    return ContentFile(_cipher().encrypt(file.read()))


def _columns(petitioner) -> PetitionerData:
    """Return the person held in a petitioner's plain columns."""
    return PetitionerData(
        full_name=petitioner.full_name,
        phone=petitioner.phone,
        address=petitioner.address,
        id_number=petitioner.id_number,
        email=petitioner.email,
    )


@sensitive_variables()
def _protect_person(petitioner: Petitioner) -> PetitionerData:
    person = _columns(petitioner)
    _identity_row(petitioner, person).save()
    petitioner.full_name = petitioner.phone = petitioner.address = ""
    petitioner.id_number = petitioner.email = ""
    petitioner.is_protected = True
    petitioner.save()
    return person


def _rewrite_attachment(attachment, transform) -> None:
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


@sensitive_variables()
def protect_case(case: Case) -> int:
    """Protect every petition of the case not yet protected; return how many were.

    Called when a case is classified a denunciation, and by bulk writers after they create
    denunciations without `petition_register`. Redacts the case's subject too.
    """
    petitions = (
        case.petitions.filter(identity_protected=False)
        .select_related("petitioner")
        .prefetch_related("representatives", "attachments")
    )
    everyone: list[PetitionerData] = []
    count = 0
    for petition in petitions:
        people = [
            _protect_person(person)
            for person in (petition.petitioner, *_in_order(petition.representatives.all()))
            if person is not None and not person.is_protected
        ]
        seal_petition_text(petition, subject=petition.subject, content=petition.content)
        petition.subject = redact(petition.subject, people)
        petition.content = redact(petition.content, people)
        petition.identity_protected = True
        petition.save(update_fields=["subject", "content", "identity_protected"])
        for attachment in petition.attachments.all():
            if not attachment.is_sealed:
                _rewrite_attachment(attachment, _cipher().encrypt)
        everyone += people
        count += 1
    redact_case_subject(case, everyone)
    return count


def redact_case_subject(case: Case, people: list[PetitionerData]) -> None:
    """Redact these people from the case's subject, in the database and on the instance."""
    subject = redact(case.subject, people)
    if subject != case.subject:
        case.subject = subject
        # Not a change of the case's state: its version and event log stay as they are.
        Case.objects.filter(pk=case.pk).update(subject=subject)


@sensitive_variables()
def redact_fields(case: Case, fields: dict) -> dict:
    """Return a transition's fields with the case's denouncers redacted from their text.

    Decrypts for the redaction alone: nothing is shown, so no access is logged.
    """
    people = [
        person for petition in with_identities(case.petitions) for person in _read(petition).people
    ]
    return {
        name: redact(value, people) if isinstance(value, str) else value
        for name, value in fields.items()
    }


# Reading (the one service).


def _in_order(people) -> list[Petitioner]:
    return sorted(people, key=lambda person: person.pk)


def _person(petitioner: Petitioner) -> PetitionerData:
    if petitioner.is_protected:
        return PetitionerData(**_unseal(petitioner.protected_identity.sealed))
    return _columns(petitioner)


def with_identities(petitions: QuerySet[Petition]) -> QuerySet[Petition]:
    """Return the petitions with what revealing their people reads, in a fixed number of queries."""
    return petitions.select_related(
        "petitioner__protected_identity", "protected_text"
    ).prefetch_related("representatives__protected_identity")


def _read(petition: Petition) -> Identity:
    petitioner = _person(petition.petitioner) if petition.petitioner_id else None
    representatives = tuple(_person(person) for person in _in_order(petition.representatives.all()))
    subject, content = petition.subject, petition.content
    # A bulk import may have kept no text as received: the stored, redacted one is all there is.
    sealed = getattr(petition, "protected_text", None) if petition.identity_protected else None
    if sealed is not None:
        text = _unseal(sealed.sealed)
        subject, content = text["subject"], text["content"]
    return Identity(
        petitioner=petitioner, representatives=representatives, subject=subject, content=content
    )


def _log(petition: Petition, *, user, purpose: str) -> None:
    if petition.identity_protected:
        IdentityAccess.objects.create(
            user=user, case_id=petition.case_id, petition=petition, purpose=purpose
        )


@sensitive_variables()
def identity_reveal(*, user, petition: Petition, purpose: str) -> Identity:
    """Return who sent the petition, for the user to see; log the view of a denouncer.

    Raises IdentityHidden unless `may_see_identity` lets the user see it. Writes exactly one
    IdentityAccess row for a protected petition; other petitioners are not logged.
    """
    if not may_see_identity(petition.case, petition, user):
        raise IdentityHidden
    return _shown(user=user, petition=petition, purpose=purpose)


def identity_if_allowed(*, user, petition: Petition, purpose: str) -> Identity | None:
    """Return the identity revealed (and logged) to the user, or None where it stays hidden."""
    if not may_see_identity(petition.case, petition, user):
        return None
    return _shown(user=user, petition=petition, purpose=purpose)


@sensitive_variables()
def _shown(*, user, petition: Petition, purpose: str) -> Identity:
    """Read the identity for a user the rule let through, and log the view."""
    identity = _read(petition)
    _log(petition, user=user, purpose=purpose)
    return identity


@sensitive_variables()
def identity_for_mail(petition: Petition) -> Identity:
    """Return the petition's people for mail the system sends them; the system is logged.

    Only for messages to the petitioner and representatives themselves.
    """
    identity = _read(petition)
    if any(person.email for person in identity.people):
        _log(petition, user=None, purpose=Purpose.NOTIFICATION)
    return identity


def attachment_reveal(*, user, attachment: Attachment):
    """Return an open file of the attachment's bytes, if the user may see who sent it.

    A denouncer's letter and handwriting are their identity: decrypted here only, logged.
    """
    petition = attachment.petition
    if not may_see_identity(petition.case, petition, user):
        raise IdentityHidden
    if not attachment.is_sealed:
        return attachment.file.open("rb")
    with attachment.file.open("rb") as stored:
        data = _cipher().decrypt(stored.read())
    _log(petition, user=user, purpose=Purpose.ATTACHMENT)
    return io.BytesIO(data)


def petitions_of_person(*, id_number: str = "", phone: str = "") -> QuerySet[Petition]:
    """Return the protected petitions whose petitioner or representative has this ID or phone.

    Matched on the keyed digests: nothing is decrypted. Callers keep only the petitions the
    user may see the identity of, so a hint never tells who denounced.
    """
    condition = Q()
    for field, value in (("id_number_digest", id_number), ("phone_digest", phone)):
        digests = _digests(value)
        if digests:
            condition |= Q(**{f"petitioner__protected_identity__{field}__in": digests})
            condition |= Q(**{f"representatives__protected_identity__{field}__in": digests})
    if not condition:
        return Petition.objects.none()
    return Petition.objects.filter(condition, identity_protected=True).distinct()


def identity_accesses(case: Case) -> QuerySet[IdentityAccess]:
    """Return who saw the identities of the case's denouncers, when and why, newest first."""
    return case.identity_accesses.select_related("user", "petition")


# Key rotation.


@transaction.atomic
def identities_unreadable() -> int:
    """Return how many sealed identities and texts the configured keys cannot decrypt.

    A restored backup is checked with it: the keys are never in a backup, so a database
    restored without the keys of the server it came from cannot reveal anyone.
    """
    cipher = _cipher()
    unreadable = 0
    for model in (ProtectedIdentity, ProtectedPetitionText):
        for token in model.objects.values_list("sealed", flat=True).iterator():
            try:
                cipher.decrypt(token.encode("ascii"))
            except InvalidToken:
                unreadable += 1
    return unreadable


def rotate_identity_keys() -> dict[str, int]:
    """Re-encrypt every identity, text and sealed attachment with the first key.

    The digests are recomputed with it too. Afterwards older keys may be removed.
    """
    counts = {"identities": 0, "texts": 0, "attachments": 0}
    first_key = settings.IDENTITY_ENCRYPTION_KEYS[0]
    cipher = _cipher()
    for row in ProtectedIdentity.objects.select_for_update().order_by("pk"):
        person = PetitionerData(**_unseal(row.sealed))
        row.sealed = cipher.rotate(row.sealed.encode("ascii")).decode("ascii")
        row.id_number_digest = _digest(person.id_number, first_key)
        row.phone_digest = _digest(person.phone, first_key)
        row.save(update_fields=["sealed", "id_number_digest", "phone_digest"])
        counts["identities"] += 1
    for row in ProtectedPetitionText.objects.select_for_update().order_by("pk"):
        row.sealed = cipher.rotate(row.sealed.encode("ascii")).decode("ascii")
        row.save(update_fields=["sealed"])
        counts["texts"] += 1
    for attachment in Attachment.objects.select_for_update().filter(is_sealed=True):
        _rewrite_attachment(attachment, cipher.rotate)
        counts["attachments"] += 1
    return counts
