"""Uploaded files (cases/uploads.py): the type decided by content, the name's extension
agreeing with it, sizes and names checked, the same at every entry point, nothing stored
when any file is refused, and files served only after a permission check."""

import io
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cases.exceptions import InvalidInput
from cases.models import Attachment, Petition
from cases.services import PetitionInput, petition_register
from cases.uploads import UploadRefused, check_uploads

from .factories import PETITIONER
from .public_helpers import EXE_BYTES, HTML_BYTES, PDF_BYTES, photo_bytes
from .staff_helpers import client_for, desk_data


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_on_disk(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def refusals(*files, **limits) -> list[str]:
    with pytest.raises(UploadRefused) as refused:
        check_uploads(files, **limits)
    return refused.value.messages


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# The check itself


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("anh.jpg", photo_bytes(), "image/jpeg"),
        ("ANH.JPEG", photo_bytes(), "image/jpeg"),
        ("so-do.png", photo_bytes("PNG"), "image/png"),
        ("anh.webp", photo_bytes("WEBP"), "image/webp"),
        ("don.pdf", PDF_BYTES, "application/pdf"),
    ],
)
def test_photos_and_pdf_documents_are_accepted_with_the_type_their_content_shows(
    settings, name, content, content_type
):
    # The browser's claim is ignored: every file here says application/octet-stream.
    (checked,) = check_uploads([upload(name, content)])

    assert checked.content_type == content_type
    assert checked.name == name


@pytest.mark.parametrize(
    "content", [EXE_BYTES, HTML_BYTES, b"plain text", b""], ids=["exe", "html", "text", "empty"]
)
def test_a_file_named_pdf_that_is_not_a_pdf_is_refused_naming_it(content):
    assert refusals(upload("don.pdf", content)) == [
        "Tệp don.pdf không phải là ảnh (JPEG, PNG, WebP, HEIC) hay tài liệu PDF, dù tên tệp là gì."
    ]


def test_a_photo_named_pdf_is_refused_because_the_extension_does_not_match():
    assert refusals(upload("don.pdf", photo_bytes())) == [
        "Tên tệp don.pdf không khớp với nội dung: đây là tệp JPG."
    ]


def test_a_file_without_an_extension_is_refused():
    assert refusals(upload("anh", photo_bytes())) == [
        "Tên tệp anh không khớp với nội dung: đây là tệp JPG."
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "../../etc/passwd.jpg",
            "Tên tệp ../../etc/passwd.jpg chứa đường dẫn thư mục; hãy gửi chính tệp đó.",
        ),
        (
            "..\\..\\boot.jpg",
            "Tên tệp ..\\..\\boot.jpg chứa đường dẫn thư mục; hãy gửi chính tệp đó.",
        ),
        ("anh\x00.jpg", "Tên tệp anh\\x00.jpg chứa ký tự điều khiển."),
        # A right-to-left override makes "anh‮gpj.exe" read as a photo.
        ("anh\u202egpj.jpg", "Tên tệp anh\\u202egpj.jpg chứa ký tự điều khiển."),
        ("a" * 197 + ".jpg", f"Tên tệp {'a' * 40}… dài quá 200 ký tự."),
    ],
    ids=["traversal", "backslashes", "nul", "rtl-override", "too-long"],
)
def test_a_dangerous_name_is_refused_naming_the_file(name, message):
    assert refusals(File(io.BytesIO(photo_bytes()), name=name)) == [message]


def test_an_oversized_file_is_refused_naming_the_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000

    assert refusals(upload("don.pdf", PDF_BYTES + b"%" * 1000)) == [
        "Tệp don.pdf lớn hơn 1000\xa0byte."
    ]


def test_files_together_over_the_submission_limit_are_refused(settings):
    settings.ATTACHMENT_MAX_TOTAL_BYTES = len(PDF_BYTES) * 2

    messages = refusals(*(upload(f"don-{n}.pdf", PDF_BYTES) for n in range(3)))

    assert messages == [f"Tổng dung lượng các tệp lớn hơn {len(PDF_BYTES) * 2}\xa0byte."]


def test_too_many_files_are_refused(settings):
    settings.ATTACHMENT_MAX_FILES = 2

    messages = refusals(*(upload(f"anh-{n}.jpg", photo_bytes()) for n in range(3)))

    assert messages == ["Chỉ được đính kèm tối đa 2 tệp."]


def test_a_smaller_limit_for_an_entry_point_applies_but_never_a_larger_one(settings):
    settings.ATTACHMENT_MAX_FILES = 2
    photos = [upload(f"anh-{n}.jpg", photo_bytes()) for n in range(3)]

    assert refusals(*photos[:2], max_files=1) == ["Chỉ được đính kèm tối đa 1 tệp."]
    assert refusals(*photos, max_files=5) == ["Chỉ được đính kèm tối đa 2 tệp."]


def test_every_refused_file_is_named_at_once():
    messages = refusals(
        upload("a.pdf", EXE_BYTES), upload("b.jpg", photo_bytes()), upload("c.pdf", HTML_BYTES)
    )

    assert [message.split()[1] for message in messages] == ["a.pdf", "c.pdf"]


# The service: no caller can skip the check


def test_the_service_refuses_a_path_in_a_name_and_stores_nothing(world, media):
    with pytest.raises(InvalidInput) as refused:
        petition_register(
            actor=world.reception,
            data=desk_input(world),
            files=[File(io.BytesIO(photo_bytes()), name="../../etc/passwd.jpg")],
        )

    assert refused.value.errors == {
        "attachments": [
            "Tên tệp ../../etc/passwd.jpg chứa đường dẫn thư mục; hãy gửi chính tệp đó."
        ]
    }
    assert not Petition.objects.exists()
    assert files_on_disk(media) == []


def test_the_service_stores_a_good_file_under_a_generated_name(world, media):
    petition = petition_register(
        actor=world.reception,
        data=desk_input(world),
        files=[File(io.BytesIO(PDF_BYTES), name="Đơn khiếu nại.pdf")],
    )

    attachment = petition.attachments.get()
    assert attachment.original_name == "Đơn khiếu nại.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF_BYTES)
    assert files_on_disk(media) == [media / attachment.file.name]
    assert Path(attachment.file.name).parts[0] == "attachments"
    assert (media / attachment.file.name).read_bytes() == PDF_BYTES


def desk_input(world) -> PetitionInput:
    return PetitionInput(
        kind="complaint",
        channel="post",
        subject="Khiếu nại về bồi thường",
        content="Đề nghị xem xét lại mức bồi thường.",
        locality=world.locality,
        field=world.field,
        petitioner=PETITIONER,
    )


# The desk


def desk_post(world, files):
    return client_for(world.reception).post("/staff/desk/", desk_data(world, attachments=files))


def test_the_desk_accepts_a_scanned_letter_and_a_photo(world, media):
    response = desk_post(
        world,
        [upload("don.pdf", PDF_BYTES), upload("hien-truong.png", photo_bytes("PNG"))],
    )

    assert response.status_code == 302
    stored = dict(Attachment.objects.values_list("original_name", "content_type"))
    assert stored == {"don.pdf": "application/pdf", "hien-truong.png": "image/png"}
    assert len(files_on_disk(media)) == 2


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            [upload("anh.jpg", photo_bytes()), upload("don.pdf", EXE_BYTES)],
            "Tệp don.pdf không phải là ảnh (JPEG, PNG, WebP, HEIC) hay tài liệu PDF",
        ),
        (
            [upload("don.pdf", HTML_BYTES)],
            "Tệp don.pdf không phải là ảnh (JPEG, PNG, WebP, HEIC) hay tài liệu PDF",
        ),
        ([upload("don.pdf", photo_bytes())], "Tên tệp don.pdf không khớp với nội dung"),
        ([upload("to.pdf", PDF_BYTES + b"%" * 5000)], "Tệp to.pdf lớn hơn 5,0\xa0KB."),
        (
            [upload(f"anh-{n}.jpg", photo_bytes()) for n in range(11)],
            "Chỉ được đính kèm tối đa 10 tệp.",
        ),
    ],
    ids=["exe-named-pdf", "html-named-pdf", "photo-named-pdf", "oversized", "eleven-files"],
)
def test_the_desk_refuses_a_bad_upload_with_its_message_and_stores_nothing(
    world, media, settings, files, message
):
    settings.ATTACHMENT_MAX_BYTES = 5 * 1024

    response = desk_post(world, files)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Petition.objects.exists()
    assert not Attachment.objects.exists()
    assert files_on_disk(media) == []


def test_a_path_sent_in_a_file_name_never_reaches_the_disk(world, media, tmp_path):
    # Django's multipart parser keeps only the last part of a sent name, before any form
    # or service sees it; the file is then stored under a generated name in MEDIA_ROOT.
    boundary = "tiepdan-boundary"
    fields = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in desk_data(world).items()
    ).encode()
    part = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="attachments"; filename="../../etc/passwd.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    body = fields + part + photo_bytes() + f"\r\n--{boundary}--\r\n".encode()

    response = client_for(world.reception).post(
        "/staff/desk/", body, content_type=f"multipart/form-data; boundary={boundary}"
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "passwd.jpg"
    assert files_on_disk(media) == [media / attachment.file.name]
    assert files_on_disk(tmp_path / "etc") == []


# Serving


@pytest.fixture
def stored(world, media) -> Attachment:
    desk_post(world, [upload("don.pdf", PDF_BYTES)])
    return Attachment.objects.get()


def test_media_files_are_not_served_at_the_media_url(world, stored, settings):
    for client in (client_for(None), client_for(world.reception)):
        assert client.get(f"/{settings.MEDIA_URL}{stored.file.name}").status_code == 404


def test_the_attachment_is_served_to_those_who_may_open_the_case_and_404_to_others(world, stored):
    url = f"/staff/cases/{stored.petition.case.reference}/attachments/{stored.pk}/"

    served = client_for(world.reception).get(url)

    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF_BYTES
    assert client_for(world.other_leader).get(url).status_code == 404
    assert client_for(world.other_handler).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
