"""One rule for ID numbers and phones: the same input gets the same verdict and stored form
at the desk, on the portal, through the API and in a register import
(docs/vocabulary.md#id-numbers-and-phone-numbers)."""

import pytest
from django.test import Client
from django.utils import timezone

from cases.identity import petitions_of_person
from cases.models import Petition
from imports.services import import_register

from .factories import PETITIONER, register
from .public_helpers import portal_form
from .register_samples import sample_rows, write_xlsx
from .staff_helpers import client_for, desk_data
from .test_api_petitions import URL, petition_body
from .test_import_register import places

REFUSED = "refused"


def _stored(field: str):
    petition = Petition.objects.filter(petitioner__isnull=False).first()
    return getattr(petition.petitioner, field) if petition else REFUSED


def at_the_desk(world, tmp_path, field, value):
    client_for(world.reception).post("/staff/desk/", desk_data(world, **{field: value}))
    return _stored(field)


def on_the_portal(world, tmp_path, field, value):
    data = portal_form(world, kind="recommendation", full_name="Phạm Văn Cường", **{field: value})
    Client().post("/portal/submit/", data)
    return _stored(field)


def through_the_api(world, tmp_path, field, value):
    person = {"full_name": PETITIONER.full_name, field: value}
    world.api(world.reception).post(URL, petition_body(petitioner=person), format="json")
    return _stored(field)


def in_an_import(world, tmp_path, field, value):
    today = timezone.localdate()
    row = next(
        row.cells
        for row in sample_rows(places(world), 40, today=today)
        if row.kind != "denunciation" and "Họ và tên" in row.cells
    )
    row["Số điện thoại" if field == "phone" else "Số CCCD/CMND"] = value
    path = tmp_path / "so.xlsx"
    write_xlsx(path, [row])
    with path.open("rb") as stream:
        import_register(stream, commit=True)
    return _stored(field)


PHONES = [
    ("0912345678", "0912345678"),
    ("0912 345 678", "0912345678"),
    ("0912.345.678", "0912345678"),
    ("+84 912 345 678", "0912345678"),
    ("+84912345678", "0912345678"),
    ("+84 (0) 912 345 678", "0912345678"),
    ("0084 912 345 678", "0912345678"),
    ("(024) 3825-1234", "02438251234"),
    ("912345678", REFUSED),
    ("09123456", REFUSED),
    ("+1 202 555 0100", REFUSED),
    ("call me", REFUSED),
]
ID_NUMBERS = [
    ("001080009999", "001080009999"),
    ("001 080 009 999", "001080009999"),
    ("123456789", "123456789"),
    ("1234567890", REFUSED),
    ("00108000999", REFUSED),
    ("CCCD001080009999", REFUSED),
]


@pytest.fixture
def channel_world(world, api, settings):
    settings.PORTAL_UNIT = world.commune.code
    world.api = api
    return world


@pytest.mark.parametrize("typed, stored", PHONES)
@pytest.mark.parametrize("channel", [at_the_desk, on_the_portal, through_the_api, in_an_import])
def test_a_phone_gets_the_same_verdict_and_form_on_every_channel(
    channel_world, tmp_path, channel, typed, stored
):
    assert channel(channel_world, tmp_path, "phone", typed) == stored


@pytest.mark.parametrize("typed, stored", ID_NUMBERS)
@pytest.mark.parametrize("channel", [at_the_desk, through_the_api, in_an_import])
def test_an_id_number_gets_the_same_verdict_and_form_on_every_channel(
    channel_world, tmp_path, channel, typed, stored
):
    assert channel(channel_world, tmp_path, "id_number", typed) == stored


def test_a_denouncers_phone_typed_from_84_finds_the_one_typed_from_0(world, api):
    body = petition_body(
        kind="denunciation",
        petitioner={"full_name": "Lê Văn Tố", "phone": "0912 345 678", "id_number": "001080001234"},
    )
    api(world.reception).post(URL, body, format="json")

    found = petitions_of_person(phone="+84 912.345.678")

    assert [petition.case.kind for petition in found] == ["denunciation"]
    assert Petition.objects.get().petitioner.phone == ""


def test_a_denouncers_phone_written_from_84_is_redacted_from_the_text(world, api):
    body = petition_body(
        kind="denunciation",
        content="Tôi là người tố cáo, số của tôi +84 912 345 678, xin giữ bí mật.",
        petitioner={"full_name": "Lê Văn Tố", "phone": "0912345678"},
    )
    api(world.reception).post(URL, body, format="json")

    content = Petition.objects.get().content
    assert "912" not in content
    assert "[…]" in content


def test_a_phone_typed_from_84_at_the_desk_hints_the_case_of_the_same_phone(world):
    case = register(world)

    response = client_for(world.reception).post(
        "/staff/desk/duplicates/", {"phone": "+84 " + PETITIONER.phone[1:]}
    )

    assert case.reference in response.content.decode()
