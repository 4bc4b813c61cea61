"""Every document as PDF and as a Word file an office edits (`staff.documents`), and the
administrator's own templates, refused with the reason when they do not render."""

import html
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from cases.models import Status
from cases.services import case_transition
from staff.models import DocumentKind, DocumentTemplate
from staff.urls import CASE_DOCUMENTS

from .factories import case_in, register
from .identity_support import DOCX, docx_text
from .staff_helpers import client_for

URLS = CASE_DOCUMENTS


def ended(world, name: str, data: dict):
    return case_transition(case=register(world), actor=world.reception, name=name, data=data)


@pytest.fixture
def cases(world):
    """A case in the state each document belongs to."""
    forwarded = ended(world, "forward", {"to_unit": world.other_commune.code})
    return {
        DocumentKind.ACCEPTANCE: case_in(world, Status.VERIFYING),
        DocumentKind.FORWARDING_SLIP: forwarded,
        DocumentKind.FORWARDING_NOTICE: forwarded,
        DocumentKind.GUIDANCE: ended(world, "guide", {"note": "Gửi đơn đến Tòa án nhân dân."}),
        DocumentKind.LETTER: case_in(world, Status.RESOLVED),
        DocumentKind.VERIFICATION_FILE: case_in(world, Status.VERIFYING),
    }


def fetch(user, case, kind: str, fmt: str):
    return client_for(user).get(f"/staff/cases/{case.reference}/{URLS[kind]}/{fmt}/")


@pytest.mark.parametrize("kind", list(URLS))
def test_each_case_document_is_a_word_file_with_the_case_reference_and_a_pdf(world, cases, kind):
    case = cases[kind]

    word = fetch(world.leader, case, kind, "docx")
    pdf = fetch(world.leader, case, kind, "pdf")

    assert word.status_code == 200
    assert word["Content-Type"] == DOCX
    assert word["Content-Disposition"].startswith("attachment;")
    text = docx_text(word.content)
    assert case.reference in text
    # The administrative layout: national motto, issuer, number, place and date, recipients.
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số:"):
        assert part in text
    assert case.unit.name.upper() in text
    assert "Nơi nhận:" in text
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")


def test_the_receipt_is_a_word_file_too(world):
    case = register(world)
    code = case.petitions.get().tracking_code

    response = client_for(world.reception).get(f"/staff/receipts/{code}/docx/")

    document = Document(BytesIO(response.content))
    text = docx_text(response.content)
    assert case.reference in text
    assert code in text
    # The status page's QR code is an image in it.
    assert len(document.inline_shapes) == 1


def test_the_forwarding_documents_name_the_receiving_unit_and_the_notice_the_petitioner(
    world, cases
):
    case = cases[DocumentKind.FORWARDING_SLIP]

    slip = docx_text(fetch(world.reception, case, DocumentKind.FORWARDING_SLIP, "docx").content)
    notice = docx_text(fetch(world.reception, case, DocumentKind.FORWARDING_NOTICE, "docx").content)

    assert "PHIẾU CHUYỂN ĐƠN" in slip
    assert f"Kính gửi: {world.other_commune.name}" in slip
    assert "Kính gửi: Nguyễn Thị Hoa" in notice
    assert world.other_commune.name in notice


def test_the_notice_says_whether_the_code_follows_the_petition(world, cases):
    """Inside the system the code follows the petition; outside it, it stops at the forward."""
    inside = cases[DocumentKind.FORWARDING_NOTICE]
    outside = ended(world, "forward", {"to_agency": "Tòa án nhân dân tỉnh"})

    inside_text = docx_text(
        fetch(world.reception, inside, DocumentKind.FORWARDING_NOTICE, "docx").content
    )
    outside_text = docx_text(
        fetch(world.reception, outside, DocumentKind.FORWARDING_NOTICE, "docx").content
    )

    assert "tiếp tục tra cứu" in inside_text
    assert "tiếp tục tra cứu" not in outside_text
    assert "do Tòa án nhân dân tỉnh thông báo" in outside_text


def test_a_document_the_case_does_not_have_is_404(world, cases):
    accepted = cases[DocumentKind.ACCEPTANCE]

    assert fetch(world.leader, accepted, DocumentKind.GUIDANCE, "docx").status_code == 404
    assert fetch(world.leader, accepted, DocumentKind.FORWARDING_SLIP, "pdf").status_code == 404
    received = register(world)
    assert fetch(world.leader, received, DocumentKind.ACCEPTANCE, "pdf").status_code == 404


def test_an_archived_case_has_the_refusal_notice(world):
    case = ended(world, "archive", {"reason": "unclear"})

    text = docx_text(fetch(world.reception, case, DocumentKind.ACCEPTANCE, "docx").content)

    assert "Về việc không thụ lý" in text
    assert "Nội dung không rõ ràng" in text or case.get_archive_reason_display() in text


def word_file(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, kind: str = DocumentKind.LETTER):
    return client.post(
        "/admin/staff/documenttemplate/add/",
        {"kind": kind, "upload": SimpleUploadedFile("mau.docx", content)},
    )


@pytest.fixture
def admin_client(world):
    # The administrator role, not a superuser: its group holds the permission.
    return client_for(world.administrator)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not a word file", "BadZipFile"),
        (word_file("{{ no_such_value }}"), "'no_such_value' is undefined"),
        (word_file("{% if reference %}"), "line"),
    ],
)
def test_a_template_that_does_not_render_is_refused_with_the_reason_and_the_bundled_one_kept(
    world, admin_client, content, reason
):
    response = upload(admin_client, content)

    assert response.status_code == 200
    assert reason in html.unescape(response.content.decode())
    assert not DocumentTemplate.objects.exists()
    case = case_in(world, Status.RESOLVED)
    text = docx_text(fetch(world.leader, case, DocumentKind.LETTER, "docx").content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_an_administrators_template_replaces_the_bundled_one(world, admin_client):
    response = upload(
        admin_client,
        word_file("Thông báo của xã", "{{ reference }} · {{ petitioner_name }} · {{ outcome }}"),
    )
    assert response.status_code == 302
    case = case_in(world, Status.RESOLVED)

    text = docx_text(fetch(world.leader, case, DocumentKind.LETTER, "docx").content)

    assert text.splitlines() == [
        "Thông báo của xã",
        f"{case.reference} · Nguyễn Thị Hoa · Đúng một phần",
    ]
    # The other kinds keep the bundled template.
    receipt = client_for(world.reception).get(
        f"/staff/receipts/{case.petitions.get().tracking_code}/docx/"
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in docx_text(receipt.content)


def test_the_bundled_template_is_offered_to_start_from(admin_client):
    response = admin_client.get("/admin/staff/documenttemplate/bundled/")

    assert response["Content-Type"] == DOCX
    assert "{{ title }}" in docx_text(response.content)
