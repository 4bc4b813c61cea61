"""Protecting a petition: its people encrypted, its text redacted, its files sealed.

Callers hold a transaction: `cases.services` and bulk writers.
"""

from dataclasses import asdict

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from ..models import Case, Kind, Petition, Petitioner, ProtectedIdentity, ProtectedPetitionText
from .encryption import cipher, person_digests, rewrite_attachment, seal
from .people import PetitionerData, in_order, plain_person
from .redaction import redact, redact_case_subject


def must_protect(case: Case, kind: str) -> bool:
    """Whether a petition of this kind, on this case, hides its sender.

    docs/denouncer-protection.md
    """
    return Kind.DENUNCIATION in (case.kind, kind)


def _identity_row(petitioner: Petitioner, person: PetitionerData) -> ProtectedIdentity:
    return ProtectedIdentity(
        petitioner=petitioner,
        sealed=seal(asdict(person)),
        **person_digests(person, settings.IDENTITY_ENCRYPTION_KEYS[0]),
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
        petition=petition, sealed=seal({"subject": subject, "content": content})
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


def copy_protected_text(source: Petition, copy: Petition) -> None:
    """Give a forwarded copy of a protected petition the same sealed text as received."""
    sealed = (
        ProtectedPetitionText.objects.filter(petition=source).values_list("sealed", flat=True)
    ).first()
    if sealed is not None:
        ProtectedPetitionText.objects.create(petition=copy, sealed=sealed)


@sensitive_variables()
def _protect_person(petitioner: Petitioner) -> PetitionerData:
    person = plain_person(petitioner)
    _identity_row(petitioner, person).save()
    petitioner.full_name = petitioner.phone = petitioner.address = ""
    petitioner.id_number = petitioner.email = ""
    petitioner.is_protected = True
    petitioner.save()
    return person


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
            for person in (petition.petitioner, *in_order(petition.representatives.all()))
            if person is not None and not person.is_protected
        ]
        seal_petition_text(petition, subject=petition.subject, content=petition.content)
        petition.subject = redact(petition.subject, people)
        petition.content = redact(petition.content, people)
        petition.identity_protected = True
        petition.save(update_fields=["subject", "content", "identity_protected"])
        for attachment in petition.attachments.all():
            if not attachment.is_sealed:
                rewrite_attachment(attachment, cipher().encrypt)
        everyone += people
        count += 1
    redact_case_subject(case, everyone)
    return count
