"""A denouncer's identity is stored only encrypted, kept so through reclassification and key
rotation, and production refuses to start without its key."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from cases import tracking_codes
from cases.identity import (
    identity_reveal,
    petitions_of_person,
    protected_person_rows,
    protected_text_row,
    redact,
)
from cases.models import (
    Attachment,
    IdentityAccess,
    Kind,
    Petition,
    Petitioner,
    ProtectedIdentity,
    ProtectedPetitionText,
)
from cases.services import case_transition, petition_register

from .factories import register
from .identity_support import (
    CONTENT,
    DENOUNCER,
    SCAN,
    SUBJECT,
    denunciation_in,
    denunciation_input,
    get,
    leaks,
    plaintext_in_database,
    text_of,
)
from .test_settings import RANDOM_KEY, start_django


def test_the_database_holds_no_plaintext_of_a_denouncer(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = denunciation_in(world)

    assert plaintext_in_database() == []
    assert ProtectedIdentity.objects.filter(petitioner__petitions__case=case).count() == 1


def test_a_bulk_writer_stores_a_denouncer_with_the_rows_the_identity_module_gives(world):
    case = register(world, kind=Kind.DENUNCIATION, anonymous=True)
    petitioner, sealed = protected_person_rows(DENOUNCER)
    Petitioner.objects.bulk_create([petitioner])
    ProtectedIdentity.objects.bulk_create([sealed])
    petition = Petition.objects.create(
        case=case,
        tracking_code=tracking_codes.generate(2026),
        channel="post",
        subject=redact(SUBJECT, [DENOUNCER]),
        content=redact(CONTENT, [DENOUNCER]),
        petitioner=petitioner,
        identity_protected=True,
    )
    ProtectedPetitionText.objects.bulk_create(
        [protected_text_row(petition, subject=SUBJECT, content=CONTENT)]
    )

    assert plaintext_in_database() == []
    identity = identity_reveal(user=world.leader, petition=petition, purpose="case_page")
    assert (identity.petitioner, identity.content) == (DENOUNCER, CONTENT)
    assert list(petitions_of_person(phone=DENOUNCER.phone)) == [petition]


def test_a_denouncers_scan_is_stored_encrypted_on_disk(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    denunciation_in(world)

    stored = [path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()]
    assert len(stored) == 1
    assert SCAN not in stored[0]
    assert Attachment.objects.get().is_sealed


def test_a_case_classified_a_denunciation_protects_its_senders(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    petition = petition_register(
        actor=world.reception,
        data=denunciation_input(world, kind=Kind.COMPLAINT),
        files=[SimpleUploadedFile("to-cao.pdf", SCAN)],
    )
    assert plaintext_in_database() != []

    with django_capture_on_commit_callbacks(execute=True):
        case = case_transition(
            case=petition.case,
            actor=world.reception,
            name="classify",
            data={"kind": "denunciation"},
        )

    assert plaintext_in_database() == []
    # The scan as sent is gone from the disk once the encrypted copy is committed.
    stored = [path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()]
    assert len(stored) == 1
    assert SCAN not in stored[0]
    assert case.kind == Kind.DENUNCIATION
    assert "Lò Thị Quyênh" not in case.subject
    page = f"/staff/cases/{case.reference}/"
    assert leaks(text_of(get(world.province_leader, page))) == []
    assert DENOUNCER.id_number in text_of(get(world.reception, page))
    assert list(IdentityAccess.objects.values_list("user", "purpose")) == [
        (world.reception.pk, "case_page")
    ]
    scan = petition.attachments.get()
    scan.refresh_from_db()
    assert scan.is_sealed
    assert SCAN not in scan.file.read()
    assert get(world.province_leader, f"{page}attachments/{scan.pk}/").status_code == 404
    served = get(world.reception, f"{page}attachments/{scan.pk}/")
    assert b"".join(served.streaming_content) == SCAN


def test_a_key_rotation_keeps_identities_readable(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = denunciation_in(world)
    petition = case.petitions.get()
    old_key, new_key = settings.IDENTITY_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()

    settings.IDENTITY_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("identity_rotate_key", stdout=StringIO())
    settings.IDENTITY_ENCRYPTION_KEYS = [new_key]

    identity = identity_reveal(user=world.leader, petition=petition, purpose="case_page")
    assert identity.petitioner == DENOUNCER
    found = petitions_of_person(id_number=DENOUNCER.id_number)
    assert list(found) == [petition]
    attachment = petition.attachments.get()
    response = get(world.handler, f"/staff/cases/{case.reference}/attachments/{attachment.pk}/")
    assert b"".join(response.streaming_content) == SCAN


def test_without_the_key_that_encrypted_them_identities_stay_unreadable(world, settings):
    case = denunciation_in(world, scan=False)

    settings.IDENTITY_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(InvalidToken):
        identity_reveal(user=world.leader, petition=case.petitions.get(), purpose="case_page")


def test_production_refuses_to_start_without_an_identity_key():
    result = start_django(
        "config.settings.production", SECRET_KEY=RANDOM_KEY, IDENTITY_ENCRYPTION_KEYS=""
    )

    assert result.returncode != 0
    assert "IDENTITY_ENCRYPTION_KEYS must hold at least one Fernet key" in result.stderr


def test_a_malformed_identity_key_stops_start_up_with_its_name():
    result = start_django("config.settings.dev", IDENTITY_ENCRYPTION_KEYS="not-a-fernet-key")

    assert result.returncode != 0
    assert "IDENTITY_ENCRYPTION_KEYS: key 1 is not a Fernet key" in result.stderr
