"""Entries of the reception book, each with what it may show of the people in it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cases.models import Kind, Petition
from cases.permissions import may_see_identity


@dataclass(frozen=True)
class BookEntry:
    petition: Petition
    may_see_people: bool

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

    def people(self, *, export: bool = False) -> str:
        """Return who came: name and address, or the group's size and representatives."""
        petition = self.petition
        hidden = not self.may_see_people or (export and petition.case.kind == Kind.DENUNCIATION)
        if hidden:
            return _("(denouncer's identity protected)")
        persons = [petition.petitioner] if petition.petitioner else []
        persons += list(petition.representatives.all())
        described = "; ".join(
            f"{person.full_name}, {person.address}" if person.address else person.full_name
            for person in persons
        )
        if petition.is_group:
            group = _("Group of %(count)d people") % {"count": petition.group_size}
            return f"{group}: {described}" if described else group
        return described or _("Anonymous")


def book_entries(petitions, user) -> list[BookEntry]:
    return [
        BookEntry(petition=petition, may_see_people=may_see_identity(petition.case, petition, user))
        for petition in petitions
    ]
