"""Mail: the denouncer hears of their own petition, the system's use of their address is
logged, and no message names them (docs/denouncer-protection.md#where-identities-never-appear)."""

from django.core import mail

from cases.models import IdentityAccess
from cases.services import petition_register

from . import workflow_support
from .identity_support import DENOUNCER, denunciation_input, leaks

committed = workflow_support.committed


def test_the_denouncer_gets_a_receipt_and_the_system_logs_its_use_of_their_address(
    world, committed
):
    with committed():
        petition = petition_register(actor=world.reception, data=denunciation_input(world))

    assert [message.to for message in mail.outbox] == [[DENOUNCER.email]]
    assert petition.tracking_code in mail.outbox[0].body
    assert leaks(mail.outbox[0].subject + mail.outbox[0].body) == []
    access = IdentityAccess.objects.get()
    assert (access.user, access.petition, access.purpose) == (None, petition, "notification")
