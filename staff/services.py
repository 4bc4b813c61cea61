"""Writes made from the staff screens, each in one transaction over the cases/ services."""

from django.db import transaction

from cases.models import Petition
from cases.services import PetitionInput, attachment_add, petition_register


@transaction.atomic
def desk_register(*, actor, data: PetitionInput, files=()) -> Petition:
    """Register a petition typed at the desk together with its scanned files.

    The petition and its attachments are saved together or not at all, so a failed
    upload never leaves a petition the citizen holds no receipt for.
    """
    petition = petition_register(actor=actor, data=data)
    for upload in files:
        # A denunciation's letter is its denouncer's handwriting: stored encrypted.
        attachment_add(petition=petition, upload=upload)
    return petition
