"""Migration 0006 protects the denunciations recorded before it, and leaves other petitions."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cases.identity import attachment_reveal, identity_reveal
from cases.models import Petition

from .identity_support import CONTENT, DENOUNCER, SCAN, SECRETS, SUBJECT

BEFORE = [("cases", "0005_report_indexes")]


def migrate(targets=None):
    """Migrate to the targets, or with none to the latest state, which the models describe."""
    # Inside the test's transaction, PostgreSQL alters no table with foreign-key checks pending.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def make_case(apps, world, *, kind: str, reference: str):
    Case = apps.get_model("cases", "Case")
    Petition = apps.get_model("cases", "Petition")
    Petitioner = apps.get_model("cases", "Petitioner")
    case = Case.objects.create(
        reference=reference,
        kind=kind,
        unit_id=world.commune.pk,
        locality_id=world.locality.pk,
        field_id=world.field.pk,
        subject=SUBJECT,
        received_at=timezone.now(),
    )
    person = Petitioner.objects.create(
        full_name=DENOUNCER.full_name,
        phone=DENOUNCER.phone,
        address=DENOUNCER.address,
        id_number=DENOUNCER.id_number,
        email=DENOUNCER.email,
    )
    petition = Petition.objects.create(
        case=case,
        tracking_code=f"26-{reference}",
        channel="post",
        subject=SUBJECT,
        content=CONTENT,
        petitioner=person,
        received_by_id=world.reception.pk,
    )
    apps.get_model("cases", "Attachment").objects.create(
        petition=petition, file=SimpleUploadedFile("scan.pdf", SCAN), original_name="scan.pdf"
    )
    return case


def test_existing_denunciations_are_encrypted_and_redacted_by_the_migration(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    old = migrate(BEFORE)
    make_case(old, world, kind="denunciation", reference="TC-2026-000001")
    make_case(old, world, kind="complaint", reference="KN-2026-000001")

    migrate()

    denunciation = Petition.objects.select_related("case", "petitioner").get(
        case__kind="denunciation"
    )
    complaint = Petition.objects.select_related("petitioner").get(case__kind="complaint")
    stored = " ".join(
        [
            denunciation.case.subject,
            denunciation.subject,
            denunciation.content,
            denunciation.petitioner.full_name,
            denunciation.petitioner.phone,
            denunciation.petitioner.id_number,
        ]
    )
    assert [secret for secret in SECRETS if secret in stored] == []
    identity = identity_reveal(user=world.reception, petition=denunciation, purpose="case_page")
    assert (identity.petitioner, identity.content) == (DENOUNCER, CONTENT)
    scan = denunciation.attachments.get()
    assert SCAN not in scan.file.read()
    assert attachment_reveal(user=world.reception, attachment=scan).read() == SCAN
    assert complaint.petitioner.full_name == DENOUNCER.full_name
    assert not complaint.identity_protected
    assert not complaint.attachments.get().is_sealed
