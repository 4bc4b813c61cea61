"""The administrator's import page: upload, read the dry run's report, then import."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AuditAction, AuditEntry
from cases.identity import identity_reveal
from cases.models import Case, CaseEvent, IdentityAccess, Kind, Petition

from .identity_support import plaintext_in_database
from .register_samples import sample_rows, write_xlsx
from .staff_helpers import client_for
from .test_import_register import places

URL = "/staff/imports/"
COMMIT_URL = "/staff/imports/commit/"
DENOUNCER = "Lò Văn Tố"
DENOUNCER_PHONE = "0987000111"
Purpose = IdentityAccess.Purpose


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def workbook(world, tmp_path, *, good=20, bad=()) -> SimpleUploadedFile:
    rows = [row.cells for row in sample_rows(places(world), good, today=timezone.localdate())]
    rows.extend(bad)
    path = tmp_path / "so-theo-doi.xlsx"
    write_xlsx(path, rows)
    return SimpleUploadedFile(path.name, path.read_bytes())


def upload(client, file, **data):
    return client.post(URL, {"register": file, **data})


def test_an_administrator_sees_the_dry_run_as_a_table_and_nothing_is_written(world, tmp_path):
    client = client_for(world.administrator)
    bad = {"Số đơn": "X-1", "Ngày nhận đơn": "31/02/2025", "Loại đơn": "Kiến nghị"}
    response = upload(client, workbook(world, tmp_path, bad=[bad]))
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.rows_read, report.valid) == (21, 20)
    html = response.content.decode()
    # Title, blank line and header come first: the 21st row is row 24 of the sheet.
    assert '<td class="num">24</td><td>Ngày nhận đơn</td>' in html
    assert '<td class="num">24</td><td>Lĩnh vực</td>' in html
    assert Case.objects.count() == 0


def test_import_writes_the_valid_rows_once_and_shows_what_it_did(world, tmp_path):
    client = client_for(world.administrator)
    response = upload(client, workbook(world, tmp_path), unit=world.commune.pk)
    token = response.context["kept"]["token"]
    response = client.post(COMMIT_URL, {"token": token}, follow=True)
    assert response.status_code == 200
    assert response.context["result"]["imported"] == 20
    assert Case.objects.count() == 20
    petition = Petition.objects.first()
    assert petition.external_unit == world.commune
    assert petition.received_by == world.administrator
    entry = AuditEntry.objects.get(action=AuditAction.REGISTER_IMPORTED)
    assert (entry.actor, entry.target) == (world.administrator, "so-theo-doi.xlsx")
    assert entry.details["imported"] == 20
    # The kept file is gone: importing it again needs a new upload, which skips every row.
    assert client.post(COMMIT_URL, {"token": token}).status_code == 400
    response = upload(client, workbook(world, tmp_path), unit=world.commune.pk)
    assert response.context["report"].already_imported == 20
    assert 'name="token"' not in response.content.decode()


def test_the_kept_file_stays_out_of_any_published_directory(world, tmp_path, settings):
    client = client_for(world.administrator)
    response = upload(client, workbook(world, tmp_path))
    token = response.context["kept"]["token"]
    kept = list(Path(settings.MEDIA_ROOT).rglob(f"{token}*"))
    assert [path.parent.name for path in kept] == ["imports"]
    assert not kept[0].name.startswith("so-theo-doi")


def test_another_administrators_token_imports_nothing(world, tmp_path):
    response = upload(client_for(world.administrator), workbook(world, tmp_path))
    token = response.context["kept"]["token"]
    other = client_for(world.administrator)
    assert other.post(COMMIT_URL, {"token": token}).status_code == 400
    assert Case.objects.count() == 0


@pytest.mark.parametrize("role", ["reception", "handler", "leader", "inspector"])
def test_other_roles_get_403(world, tmp_path, role):
    client = client_for(getattr(world, role))
    assert client.get(URL).status_code == 403
    assert upload(client, workbook(world, tmp_path)).status_code == 403
    assert client.post(COMMIT_URL, {"token": "0" * 32}).status_code == 403
    assert Case.objects.count() == 0


def test_a_citizen_is_sent_to_sign_in(world):
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_only_administrators_see_the_link(world):
    assert f'href="{URL}"' in client_for(world.administrator).get("/staff/").content.decode()
    assert URL not in client_for(world.leader).get("/staff/inbox/").content.decode()


def test_a_file_that_is_not_a_spreadsheet_is_refused(world):
    client = client_for(world.administrator)
    fake = SimpleUploadedFile("so.xlsx", b"PK\x03\x04 not really a workbook")
    response = upload(client, fake)
    assert response.status_code == 400
    assert response.context["form"].errors["register"]
    binary = SimpleUploadedFile("so.csv", b"\x00\x01\x02")
    assert upload(client, binary).status_code == 400


def test_a_file_over_the_size_limit_is_refused(world, tmp_path, monkeypatch):
    monkeypatch.setattr("imports.forms.MAX_REGISTER_BYTES", 1000)
    response = upload(client_for(world.administrator), workbook(world, tmp_path))
    assert response.status_code == 400
    assert response.context["form"].errors["register"]


def test_a_bad_mapping_file_is_refused_by_name(world, tmp_path):
    mapping = SimpleUploadedFile("mapping.json", b'{"So": "serial"}')
    response = upload(client_for(world.administrator), workbook(world, tmp_path), mapping=mapping)
    assert response.status_code == 400
    assert "serial" in str(response.context["form"].errors["mapping"])


def test_a_denouncers_identity_stays_out_of_the_report_the_log_and_the_public_view(
    world, tmp_path, client
):
    denunciation = {
        "Số đơn": "TC-1",
        "Ngày nhận đơn": "05/03/2025",
        "Họ và tên": DENOUNCER,
        "Địa chỉ": "Bản Phiêng, xã An Bình",
        "Số điện thoại": DENOUNCER_PHONE,
        "Loại đơn": "Tố cáo",
        "Lĩnh vực": "Đất đai",
        "Nội dung": f"Tôi là {DENOUNCER}, tố cáo cán bộ địa chính xã nhận tiền khi làm thủ tục.",
        "Địa bàn": "Xã An Bình",
        "Đơn vị xử lý": "UBND xã An Bình",
        "Tình trạng": "Đã thụ lý",
        "Ngày thụ lý": "12/03/2025",
    }
    broken = {**denunciation, "Số đơn": "TC-2", "Số CCCD/CMND": "12345"}
    admin = client_for(world.administrator)
    response = upload(admin, workbook(world, tmp_path, good=0, bad=[denunciation, broken]))
    html = response.content.decode()
    assert response.context["report"].error_rows == 1
    # The report names the row, the column and the reason, never the person.
    assert DENOUNCER not in html and DENOUNCER_PHONE not in html and "12345" not in html
    admin.post(COMMIT_URL, {"token": response.context["kept"]["token"]})
    case = Case.objects.get(kind=Kind.DENUNCIATION)
    assert case.status == "accepted"
    events = list(CaseEvent.objects.filter(case=case).values("note", "data"))
    assert DENOUNCER not in str(events) and DENOUNCER_PHONE not in str(events)
    code = case.petitions.get().tracking_code
    public = client.get("/portal/", {"code": code}).content.decode()
    assert code in public
    assert DENOUNCER not in public and DENOUNCER_PHONE not in public
    audit = str(list(AuditEntry.objects.values("target", "details")))
    assert DENOUNCER not in audit and DENOUNCER_PHONE not in audit
    api = client.get(f"/api/v1/track/{code}/").content.decode()
    assert DENOUNCER not in api and DENOUNCER_PHONE not in api
    # Imported like a registered one: kept apart, encrypted, and shown to the resolving
    # unit's leader through the identity service alone.
    assert plaintext_in_database([DENOUNCER, DENOUNCER_PHONE]) == []
    petition = case.petitions.get()
    revealed = identity_reveal(user=world.leader, petition=petition, purpose=Purpose.CASE_PAGE)
    assert (revealed.petitioner.full_name, revealed.petitioner.phone) == (
        DENOUNCER,
        DENOUNCER_PHONE,
    )
    assert DENOUNCER in revealed.content and DENOUNCER not in petition.content
