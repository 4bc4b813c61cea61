"""Checks on what the portal's submission form accepts: sizes, a honeypot, and attachments."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import Attachment, Petition

from .public_helpers import HTML_BYTES, PDF_BYTES, photo_bytes
from .public_helpers import portal_form as form


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def portal(world, settings):
    settings.PORTAL_UNIT = world.commune.code
    return world


def files_on_disk(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def test_a_photo_of_the_broken_road_is_kept_with_the_feedback(portal, media):
    photo = SimpleUploadedFile("o-ga.jpg", photo_bytes(), content_type="image/jpeg")

    response = Client().post("/portal/submit/", form(portal, attachments=[photo]))

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.petition == Petition.objects.get()
    assert attachment.original_name == "o-ga.jpg"
    assert attachment.content_type == "image/jpeg"
    # Stored under a generated name, never the sender's.
    assert "o-ga" not in attachment.file.name
    assert files_on_disk(media) == [media / attachment.file.name]


def test_three_files_photos_and_a_pdf_are_accepted(portal, media):
    files = [
        SimpleUploadedFile("anh-1.jpg", photo_bytes()),
        SimpleUploadedFile("anh-2.png", photo_bytes("PNG")),
        SimpleUploadedFile("cong-van.pdf", PDF_BYTES),
    ]

    response = Client().post("/portal/submit/", form(portal, attachments=files))

    assert response.status_code == 302
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/jpeg",
        "image/png",
    ]


def test_a_fourth_file_is_refused_and_nothing_is_stored(portal, media):
    files = [SimpleUploadedFile(f"anh-{n}.jpg", photo_bytes()) for n in range(4)]

    response = Client().post("/portal/submit/", form(portal, attachments=files))

    assert response.status_code == 400
    assert "Chỉ được đính kèm tối đa 3 tệp." in response.content.decode()
    assert not Petition.objects.exists()
    assert files_on_disk(media) == []


def test_a_web_page_named_pdf_is_refused_by_name_and_nothing_is_stored(portal, media):
    files = [
        SimpleUploadedFile("anh.jpg", photo_bytes()),
        SimpleUploadedFile("bien-ban.pdf", HTML_BYTES, content_type="application/pdf"),
    ]

    response = Client().post("/portal/submit/", form(portal, attachments=files))

    assert response.status_code == 400
    assert "Tệp bien-ban.pdf không phải là ảnh" in response.content.decode()
    assert not Petition.objects.exists()
    assert files_on_disk(media) == []


@pytest.mark.parametrize(
    ("field", "length", "limit"), [("subject", 501, 500), ("content", 20_001, 20_000)]
)
def test_an_overlong_field_is_refused_naming_the_limit(portal, media, field, length, limit):
    response = Client().post("/portal/submit/", form(portal, **{field: "a" * length}))

    assert response.status_code == 400
    assert f"tối đa {limit} kí tự (hiện có {length})" in response.content.decode()
    assert not Petition.objects.exists()


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(portal, media):
    photo = SimpleUploadedFile("anh.jpg", photo_bytes())

    response = Client().post(
        "/portal/submit/", form(portal, website="http://spam.example", attachments=[photo])
    )

    assert response.status_code == 302
    assert "submitted=1" in response["Location"]
    assert not Petition.objects.exists()
    assert files_on_disk(media) == []


def test_the_honeypot_is_hidden_by_the_portals_stylesheet_not_an_inline_style(portal):
    html = Client().get("/portal/submit/").content.decode()

    assert '<div class="portal-extra" aria-hidden="true">' in html
    assert 'name="website"' in html
    assert "/static/portal/portal.css" in html
    assert "style=" not in html
    stylesheet = Path(finders.find("portal/portal.css")).read_text()
    assert ".portal-extra {\n  display: none;\n}" in stylesheet


def test_the_form_sends_files_as_multipart(portal):
    html = Client().get("/portal/submit/").content.decode()

    assert 'enctype="multipart/form-data"' in html
    assert 'type="file" name="attachments"' in html
    assert "multiple" in html
