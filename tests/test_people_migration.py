"""Migration 0013 brings ID numbers, phones and their digests stored before cases.people to
its normal form (docs/vocabulary.md#id-numbers-and-phone-numbers)."""

from cases.identity import petitions_of_person
from cases.models import Petitioner, ProtectedIdentity

from .factories import PETITIONER, register
from .test_identity_migration import migrate

BEFORE = [("cases", "0012_administrators_manage_reception_days")]


def test_phones_typed_before_the_rule_are_stored_and_digested_in_normal_form(world):
    complaint = register(world)
    denunciation = register(world, kind="denunciation")
    typed = complaint.petitions.get().petitioner
    Petitioner.objects.filter(pk=typed.pk).update(phone="+84 912.345.678", id_number="12345")
    # As if digested by a rule that read the phone otherwise.
    ProtectedIdentity.objects.update(phone_digest="0" * 64)

    migrate(BEFORE)
    migrate()

    typed.refresh_from_db()
    assert (typed.phone, typed.id_number) == ("0912345678", "12345")
    found = petitions_of_person(phone="+84 " + PETITIONER.phone[1:])
    assert [petition.case for petition in found] == [denunciation]
