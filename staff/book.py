"""Entries of the reception book, each with what it may show of the people in it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cases.identity import Identity, Purpose, identity_if_allowed
from cases.models import Kind, Petition


@dataclass(frozen=True)
class BookEntry:
    petition: Petition
    # Who came, as revealed to the user; None where it stays hidden.
    identity: Identity | None

    @property
    def outcome(self) -> str:
        case = self.petition.case
        return _("%(status)s (case %(reference)s)") % {
            "status": case.status_label,
            "reference": case.reference,
        }

    @property
    def received_by(self) -> str:
        user = self.petition.received_by
        return user.get_full_name() if user else ""

    @property
    def presided_by(self) -> str:
        """The leader who received the visit at a reception session; empty for the desk's own."""
        session = self.petition.reception_session
        return session.presiding.get_full_name() if session else ""

    def people(self) -> str:
        """Return who came: name and address, or the group's size and representatives."""
        petition = self.petition
        if self.identity is None:
            return _("(denouncer's identity protected)")
        described = "; ".join(
            f"{person.full_name}, {person.address}" if person.address else person.full_name
            for person in self.identity.people
        )
        if petition.is_group:
            group = _("Group of %(count)d people") % {"count": petition.group_size}
            return f"{group}: {described}" if described else group
        return described or _("Anonymous")


def _protected(petition: Petition) -> bool:
    return petition.identity_protected or petition.case.kind == Kind.DENUNCIATION


def book_entries(petitions, user, *, export: bool = False) -> list[BookEntry]:
    """Return the book's entries, each denouncer revealed (and logged) to those who may see it.

    An export never carries a denouncer's identity, whoever asks: it is not even read for one
    (docs/denouncer-protection.md#where-identities-never-appear).
    """
    return [
        BookEntry(
            petition=petition,
            identity=None
            if export and _protected(petition)
            else identity_if_allowed(user=user, petition=petition, purpose=Purpose.RECEPTION_BOOK),
        )
        for petition in petitions
    ]
