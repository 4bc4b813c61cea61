"""A denunciation whose denouncer has distinctive details, and ways to read any response as text."""

import json
from io import BytesIO

import pypdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from docx import Document
from openpyxl import load_workbook

from cases.models import Status
from cases.permissions import Role
from cases.services import (
    PetitionerData,
    PetitionInput,
    case_transition,
    petition_register,
)

from .factories import World, make_user, path_to
from .staff_helpers import client_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

DENOUNCER = PetitionerData(
    full_name="Lò Thị Quyênh",
    phone="0987001122",
    address="Bản Pắc Nặm số 77",
    id_number="038199004455",
    email="quyenh.lo@example.vn",
)
# Every identifying value, and the given name as the search index would fold it.
SECRETS = [
    DENOUNCER.full_name,
    DENOUNCER.phone,
    DENOUNCER.address,
    DENOUNCER.id_number,
    DENOUNCER.email,
    "0987 001 122",
    "quyenh",
    "Quyênh",
]
SUBJECT = "Tố cáo cán bộ địa chính nhận tiền (người gửi: Lò Thị Quyênh)"
CONTENT = (
    "Tôi là Lò Thị Quyênh, trú tại Bản Pắc Nặm số 77, điện thoại 0987 001 122, "
    "CCCD 038199004455. Tôi tố cáo ông Hà Văn Tùng, cán bộ địa chính xã, đã nhận 5 triệu đồng. "
    "Đề nghị giữ bí mật cho Thị Quyênh."
)
SCAN = b"%PDF-1.4 handwriting of the denouncer"


def denunciation_input(world: World, *, kind: str = "denunciation") -> PetitionInput:
    return PetitionInput(
        kind=kind,
        channel="in_person",
        subject=SUBJECT,
        content=CONTENT,
        locality=world.locality,
        field=world.field,
        petitioner=DENOUNCER,
    )


def denunciation_in(world: World, status: str = Status.VERIFYING, *, scan: bool = True):
    """Register the denunciation at the commune's desk, with a scan, and bring it to a state."""
    files = [SimpleUploadedFile("to-cao.pdf", SCAN)] if scan else []
    case = petition_register(
        actor=world.reception, data=denunciation_input(world), files=files
    ).case
    for name, actor, data in path_to(world, status):
        case = case_transition(case=case, actor=actor, name=name, data=data)
    return case


def more_staff(world: World) -> dict:
    """Users who may open the case without being allowed to see who denounced."""
    return {
        "second_reception": make_user("reception2", unit=world.commune, role=Role.RECEPTION),
        "other_reception": make_user("reception_b", unit=world.other_commune, role=Role.RECEPTION),
    }


def text_of(response) -> str:
    """Return everything a response shows: HTML, JSON, a PDF's text or a workbook's cells."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("application/pdf"):
        # Lines wrap anywhere: a name broken over two lines is still the name.
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(body)).pages)
        return " ".join(text.split())
    if kind.startswith(DOCX):
        return docx_text(body)
    if "spreadsheetml" in kind:
        sheet = load_workbook(BytesIO(body)).active
        return "\n".join(
            str(value) for row in sheet.iter_rows(values_only=True) for value in row if value
        )
    if kind.startswith("application/json"):
        return json.dumps(json.loads(body), ensure_ascii=False)
    return body.decode(errors="replace")


def docx_text(body: bytes) -> str:
    """Return every paragraph of a Word file, its tables' cells included (python-docx)."""
    document = Document(BytesIO(body))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    return "\n".join(paragraph.text for paragraph in paragraphs)


def leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [secret for secret in SECRETS if secret.lower() in lowered]


def get(user, url: str):
    if url.startswith("/api/"):
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(user)
        return client.get(url)
    return client_for(user).get(url)


def plaintext_in_database(secrets=SECRETS) -> list[tuple[str, str]]:
    """Return (table, value) for every identifying value found in any row of any table."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT CAST(t AS text) FROM {quoted} AS t")
            for (row,) in cursor.fetchall():
                found += [(table, secret) for secret in secrets if secret.lower() in row.lower()]
    return found
