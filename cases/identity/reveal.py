"""Reading an identity: who may see it, and one access-log row for each view of a denouncer.

`identity_reveal` and `identity_if_allowed` show an identity to a person: both check
`may_see_identity` and log the view. `identity_for_mail` is the one use by the system itself
that sends an identity out (mail to the petitioner), logged with no user. Uses that show
nothing to anyone (`redact_fields` on what staff type on a denunciation, the digests)
decrypt without a log.
"""

import io

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from ..exceptions import NotPermitted
from ..models import Attachment, Case, IdentityAccess, Petition, Petitioner
from ..permissions import may_see_identity
from .encryption import cipher, digests, unseal
from .people import Identity, PetitionerData, in_order, plain_person

Purpose = IdentityAccess.Purpose


class IdentityHidden(NotPermitted):
    """The user may not see who sent this petition."""

    default_message = _("You may not see who sent this petition (Luật Tố cáo 2018).")


def _person(petitioner: Petitioner) -> PetitionerData:
    if petitioner.is_protected:
        return PetitionerData(**unseal(petitioner.protected_identity.sealed))
    return plain_person(petitioner)


def with_identities(petitions: QuerySet[Petition]) -> QuerySet[Petition]:
    """Return the petitions with what revealing their people reads, in a fixed number of queries."""
    return petitions.select_related(
        "petitioner__protected_identity", "protected_text"
    ).prefetch_related("representatives__protected_identity")


def read_identity(petition: Petition) -> Identity:
    """Return who sent the petition and its text as received, decrypted, without a log.

    For this package's uses that show nothing to anyone; a person sees it through the
    services below.
    """
    petitioner = _person(petition.petitioner) if petition.petitioner_id else None
    representatives = tuple(_person(person) for person in in_order(petition.representatives.all()))
    subject, content = petition.subject, petition.content
    # A bulk import may have kept no text as received: the stored, redacted one is all there is.
    sealed = getattr(petition, "protected_text", None) if petition.identity_protected else None
    if sealed is not None:
        text = unseal(sealed.sealed)
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


@sensitive_variables()
def identity_if_allowed(*, user, petition: Petition, purpose: str) -> Identity | None:
    """Return the identity revealed (and logged) to the user, or None where it stays hidden."""
    if not may_see_identity(petition.case, petition, user):
        return None
    return _shown(user=user, petition=petition, purpose=purpose)


@sensitive_variables()
def _shown(*, user, petition: Petition, purpose: str) -> Identity:
    """Read the identity for a user the rule let through, and log the view."""
    identity = read_identity(petition)
    _log(petition, user=user, purpose=purpose)
    return identity


@sensitive_variables()
def identity_for_mail(petition: Petition) -> Identity:
    """Return the petition's people for mail the system sends them; the system is logged.

    Only for messages to the petitioner and representatives themselves.
    """
    identity = read_identity(petition)
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
        data = cipher().decrypt(stored.read())
    _log(petition, user=user, purpose=Purpose.ATTACHMENT)
    return io.BytesIO(data)


def petitions_of_person(*, id_number: str = "", phone: str = "") -> QuerySet[Petition]:
    """Return the protected petitions whose petitioner or representative has this ID or phone.

    Matched on the keyed digests: nothing is decrypted. Callers keep only the petitions the
    user may see the identity of, so a hint never tells who denounced.
    """
    condition = Q()
    for field, value in (("id_number", id_number), ("phone", phone)):
        values = digests(field, value)
        if values:
            column = f"protected_identity__{field}_digest__in"
            condition |= Q(**{f"petitioner__{column}": values})
            condition |= Q(**{f"representatives__{column}": values})
    if not condition:
        return Petition.objects.none()
    return Petition.objects.filter(condition, identity_protected=True).distinct()


def identity_accesses(case: Case) -> QuerySet[IdentityAccess]:
    """Return who saw the identities of the case's denouncers, when and why, newest first."""
    return case.identity_accesses.select_related("user", "petition")
