"""The reception desk (/staff/desk/): one form for a visitor or a letter, and duplicate hints."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.models import Attachment, Case, Channel, Petition, Status

from .factories import PETITIONER, case_in, register
from .staff_helpers import client_for, desk_data


def test_reception_registers_a_visitor_and_lands_on_the_receipt(world):
    response = client_for(world.reception).post("/staff/desk/", desk_data(world))

    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/receipts/{petition.tracking_code}/"
    assert petition.received_by == world.reception
    assert petition.channel == Channel.IN_PERSON
    assert petition.petitioner.id_number == "001080009999"
    assert petition.case.unit == world.commune
    assert petition.case.status == Status.RECEIVED


def test_a_group_visit_names_its_size_and_representatives(world):
    data = desk_data(
        world,
        petitioner_kind="group",
        full_name="",
        id_number="",
        phone="",
        address="",
        group_size="12",
        **{
            "rep-0-full_name": "Trần Văn An",
            "rep-0-phone": "0911000111",
            "rep-1-full_name": "Lê Thị Bích",
        },
    )

    response = client_for(world.reception).post("/staff/desk/", data)

    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.group_size == 12
    assert petition.petitioner is None
    assert sorted(p.full_name for p in petition.representatives.all()) == [
        "Lê Thị Bích",
        "Trần Văn An",
    ]


def test_a_group_without_representatives_is_refused_in_vietnamese(world):
    data = desk_data(world, petitioner_kind="group", full_name="", group_size="7")

    response = client_for(world.reception).post("/staff/desk/", data)

    assert response.status_code == 400
    assert "Đơn đông người phải có người đại diện." in response.content.decode()
    assert not Petition.objects.exists()


def test_a_letter_received_earlier_keeps_its_date(world):
    earlier = timezone.localtime() - timedelta(days=3)

    client_for(world.reception).post(
        "/staff/desk/",
        desk_data(world, channel="post", received_at=earlier.strftime("%Y-%m-%dT%H:%M")),
    )

    petition = Petition.objects.get()
    assert timezone.localtime(petition.received_at).date() == earlier.date()


def test_a_date_received_in_the_future_is_refused_in_vietnamese(world):
    later = timezone.localtime() + timedelta(days=2)

    response = client_for(world.reception).post(
        "/staff/desk/", desk_data(world, received_at=later.strftime("%Y-%m-%dT%H:%M"))
    )

    assert response.status_code == 400
    assert "Ngày tiếp nhận không thể ở tương lai." in response.content.decode()
    assert not Petition.objects.exists()


def test_an_anonymous_letter_keeps_no_petitioner(world):
    data = desk_data(world, petitioner_kind="anonymous", full_name="", channel="post")

    client_for(world.reception).post("/staff/desk/", data)

    petition = Petition.objects.get()
    assert petition.petitioner is None
    assert petition.case.is_anonymous


def test_a_missing_subject_is_reported_in_vietnamese_on_the_form(world):
    response = client_for(world.reception).post("/staff/desk/", desk_data(world, subject=""))

    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()
    assert not Petition.objects.exists()


def test_the_officer_joins_a_petition_to_an_open_case(world):
    case = register(world)

    response = client_for(world.reception).post(
        "/staff/desk/", desk_data(world, duplicate_of=case.reference.lower())
    )

    assert response.status_code == 302
    assert Case.objects.count() == 1
    assert case.petitions.count() == 2


def test_joining_a_case_of_another_unit_is_refused_as_if_it_did_not_exist(world):
    other = register(world)
    Case.objects.filter(pk=other.pk).update(unit=world.other_commune)

    response = client_for(world.reception).post(
        "/staff/desk/", desk_data(world, duplicate_of=other.reference)
    )

    assert response.status_code == 400
    assert other.petitions.count() == 1


def test_scanned_letters_are_attached_to_the_petition(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = desk_data(world)
    data["attachments"] = [
        SimpleUploadedFile("don.pdf", b"%PDF-1.4 scan", content_type="application/pdf"),
        SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff", content_type="image/jpeg"),
    ]

    client_for(world.reception).post("/staff/desk/", data)

    names = sorted(Attachment.objects.values_list("original_name", flat=True))
    assert names == ["anh.jpg", "don.pdf"]


@pytest.mark.parametrize("role", ["handler", "inspector", "administrator"])
def test_roles_that_do_not_register_petitions_may_not_open_the_desk(world, role):
    assert client_for(getattr(world, role)).get("/staff/desk/").status_code == 403


def test_duplicate_hints_find_an_open_case_by_the_same_id_number(world):
    case = register(world)

    response = client_for(world.reception).post(
        "/staff/desk/duplicates/", {"id_number": PETITIONER.id_number}
    )

    assert response.status_code == 200
    assert case.reference in response.content.decode()


def test_duplicate_hints_ignore_closed_cases_and_other_units(world):
    closed = case_in(world, Status.ARCHIVED)
    other = register(world, subject="Khác")
    Case.objects.filter(pk=other.pk).update(unit=world.other_commune)

    response = client_for(world.reception).post(
        "/staff/desk/duplicates/", {"id_number": PETITIONER.id_number}
    )

    html = response.content.decode()
    assert closed.reference not in html
    assert other.reference not in html


def test_duplicate_hints_are_empty_before_anything_is_typed(world):
    response = client_for(world.reception).post("/staff/desk/duplicates/")

    assert response.status_code == 200
    assert response.content.decode().strip() == ""
