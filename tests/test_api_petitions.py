"""POST /api/v1/petitions/: registering a petition opens a case or joins an open one.

The contract: docs/api.md#petitions.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import tracking_codes
from cases.models import Case, CaseEvent, Locality, Petition, Petitioner
from cases.services import PetitionInput, petition_register

from .factories import PETITIONER, case_in, register

URL = "/api/v1/petitions/"


def petition_body(**overrides) -> dict:
    body = {
        "kind": "complaint",
        "channel": "in_person",
        "subject": "Khiếu nại về việc thu hồi đất",
        "content": "Đề nghị xem xét lại quyết định thu hồi đất số 12/QĐ-UBND.",
        "petitioner": {
            "full_name": PETITIONER.full_name,
            "phone": PETITIONER.phone,
            "address": PETITIONER.address,
            "id_number": PETITIONER.id_number,
        },
        "locality": "xa-an-binh",
        "field": "dat-dai",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def written() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "petitions": Petition.objects.count(),
        "petitioners": Petitioner.objects.count(),
        "events": CaseEvent.objects.count(),
    }


def case_of_other_commune(world) -> Case:
    petition = petition_register(
        actor=world.other_leader,
        data=PetitionInput(
            kind="complaint",
            channel="post",
            subject="Phản ánh ở xã Bình Minh",
            content="Nội dung.",
            locality=world.other_locality,
            field=world.field,
            petitioner=PETITIONER,
        ),
    )
    return petition.case


def test_reception_registers_a_petition_and_gets_its_code_case_status_and_due_date(world, api):
    response = api(world.reception).post(URL, petition_body(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "received"
    assert body["code"]
    assert body["case"]
    assert body["due_date"]
    case = Case.objects.get(reference=body["case"])
    assert body["due_date"] == case.due_on.isoformat()


def test_the_tracking_code_is_already_in_its_canonical_form(world, api):
    code = api(world.reception).post(URL, petition_body(), format="json").json()["code"]

    assert tracking_codes.normalize(code) == code


def test_the_case_is_opened_in_the_reception_officers_unit_with_one_received_event(world, api):
    body = api(world.reception).post(URL, petition_body(), format="json").json()

    case = Case.objects.get(reference=body["case"])
    assert case.unit == world.commune
    assert case.status == "received"
    assert case.kind == "complaint"
    assert case.locality == world.locality
    assert case.field == world.field
    assert [event.action for event in case.events.all()] == ["received"]
    petition = case.petitions.get()
    assert petition.tracking_code == body["code"]
    assert petition.received_by == world.reception
    assert petition.petitioner.full_name == PETITIONER.full_name


def test_a_leader_may_register_a_petition_for_the_own_unit(world, api):
    response = api(world.leader).post(URL, petition_body(), format="json")

    assert response.status_code == 201, response.json()
    assert Case.objects.get(reference=response.json()["case"]).unit == world.commune


def test_a_petition_received_in_the_past_keeps_that_date(world, api):
    received = timezone.now() - timedelta(days=3)

    response = api(world.reception).post(
        URL, petition_body(received_at=received.isoformat()), format="json"
    )

    assert response.status_code == 201, response.json()
    petition = Petition.objects.get(tracking_code=response.json()["code"])
    assert petition.received_at == received
    assert petition.case.received_at == received


def test_an_anonymous_petition_omits_the_petitioner(world, api):
    response = api(world.reception).post(
        URL, petition_body(kind="feedback", channel="post", petitioner=None), format="json"
    )

    assert response.status_code == 201, response.json()
    case = Case.objects.get(reference=response.json()["case"])
    assert case.is_anonymous
    assert case.petitions.get().petitioner is None


def test_a_group_petition_of_seven_names_two_representatives(world, api):
    representatives = [
        {"full_name": "Trần Văn Nam", "phone": "0987654321"},
        {"full_name": "Lê Thị Thu", "address": "Thôn 5, xã An Bình"},
    ]

    response = api(world.reception).post(
        URL,
        petition_body(petitioner=None, group_size=7, representatives=representatives),
        format="json",
    )

    assert response.status_code == 201, response.json()
    petition = Petition.objects.get(tracking_code=response.json()["code"])
    assert petition.group_size == 7
    assert petition.is_group
    assert sorted(rep.full_name for rep in petition.representatives.all()) == [
        "Lê Thị Thu",
        "Trần Văn Nam",
    ]


def test_a_group_petition_named_by_its_representatives_is_not_anonymous(world, api):
    # Anonymous means nobody is named (Luật Tố cáo 2018, Điều 25); representatives are named.
    representatives = [{"full_name": "Trần Văn Nam"}, {"full_name": "Lê Thị Thu"}]

    response = api(world.reception).post(
        URL,
        petition_body(
            kind="denunciation", petitioner=None, group_size=7, representatives=representatives
        ),
        format="json",
    )

    assert response.status_code == 201, response.json()
    case = Case.objects.get(reference=response.json()["case"])
    assert not case.is_anonymous


def test_a_group_of_seven_may_not_name_three_representatives(world, api):
    representatives = [{"full_name": f"Người đại diện {n}"} for n in range(3)]

    response = api(world.reception).post(
        URL,
        petition_body(petitioner=None, group_size=7, representatives=representatives),
        format="json",
    )

    assert response.status_code == 400
    assert "representatives" in response.json()


def test_a_group_petition_without_petitioner_or_representatives_is_refused(world, api):
    response = api(world.reception).post(
        URL, petition_body(petitioner=None, group_size=7), format="json"
    )

    assert response.status_code == 400
    assert "representatives" in response.json()


def test_a_duplicate_joins_the_open_case_with_its_own_code(world, api):
    case = register(world)
    first_code = case.petitions.get().tracking_code

    response = api(world.reception).post(
        URL, petition_body(duplicate_of=case.reference), format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["case"] == case.reference
    assert body["code"] != first_code
    assert Case.objects.count() == 1
    assert case.petitions.count() == 2
    assert [event.action for event in case.events.order_by("sequence")] == [
        "received",
        "petition_joined",
    ]


def test_a_duplicate_may_name_the_case_in_lower_case(world, api):
    case = register(world)

    response = api(world.reception).post(
        URL, petition_body(duplicate_of=case.reference.lower()), format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["case"] == case.reference


def test_a_duplicate_of_a_closed_case_is_refused_naming_duplicate_of(world, api):
    case = case_in(world, "archived")
    before = written()

    response = api(world.reception).post(
        URL, petition_body(duplicate_of=case.reference), format="json"
    )

    assert response.status_code == 400
    assert "duplicate_of" in response.json()
    assert written() == before


def test_a_duplicate_of_another_communes_case_is_refused_as_if_it_did_not_exist(world, api):
    hidden = case_of_other_commune(world)
    before = written()

    response = api(world.reception).post(
        URL, petition_body(duplicate_of=hidden.reference), format="json"
    )

    assert response.status_code == 400
    assert "duplicate_of" in response.json()
    unknown = api(world.reception).post(
        URL, petition_body(duplicate_of="KN-2026-999999"), format="json"
    )
    assert response.json() == unknown.json()
    assert written() == before
    assert hidden.petitions.count() == 1


BAD_INPUT = {
    "unknown locality": ({"locality": "xa-khong-co"}, "locality"),
    "unknown field": ({"field": "khong-co"}, "field"),
    "bad kind": ({"kind": "lawsuit"}, "kind"),
    "bad channel": ({"channel": "fax"}, "channel"),
    "received in the future": (
        {"received_at": (timezone.now() + timedelta(days=2)).isoformat()},
        "received_at",
    ),
    "missing subject": ({"subject": None}, "subject"),
    "missing content": ({"content": None}, "content"),
    "forwarded without the forwarding agency": ({"channel": "forwarded"}, "forwarded_from"),
    "second-time recommendation": (
        {"kind": "recommendation", "is_second_time": True},
        "is_second_time",
    ),
}


@pytest.mark.parametrize(("overrides", "field"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(world, api, overrides, field):
    before = written()

    response = api(world.reception).post(URL, petition_body(**overrides), format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert written() == before


@pytest.mark.parametrize("phone", ["abc", "09-xx-12", "1"])
def test_a_malformed_phone_is_refused_naming_the_petitioners_phone(world, api, phone):
    before = written()
    petitioner = {"full_name": PETITIONER.full_name, "phone": phone}

    response = api(world.reception).post(URL, petition_body(petitioner=petitioner), format="json")

    assert response.status_code == 400
    assert "phone" in response.json()["petitioner"]
    assert written() == before


def test_a_forwarded_petition_names_the_agency_that_forwarded_it(world, api):
    response = api(world.reception).post(
        URL,
        petition_body(channel="forwarded", forwarded_from="Ban Tiếp công dân tỉnh"),
        format="json",
    )

    assert response.status_code == 201, response.json()
    petition = Petition.objects.get(tracking_code=response.json()["code"])
    assert petition.forwarded_from == "Ban Tiếp công dân tỉnh"


def test_a_locality_abolished_before_the_date_received_is_refused(world, api):
    Locality.objects.create(
        code="huyen-cu",
        name="Huyện Vị Xuyên",
        level=Locality.Level.DISTRICT,
        parent=world.locality.parent,
        valid_to=timezone.localdate() - timedelta(days=30),
    )
    before = written()

    response = api(world.reception).post(URL, petition_body(locality="huyen-cu"), format="json")

    assert response.status_code == 400
    assert "locality" in response.json()
    assert written() == before


@pytest.mark.parametrize("role", ["handler", "inspector", "administrator"])
def test_a_role_that_does_not_register_petitions_gets_403_and_writes_nothing(world, api, role):
    before = written()

    response = api(getattr(world, role)).post(URL, petition_body(), format="json")

    assert response.status_code == 403
    assert written() == before


def test_a_handler_gets_403_even_for_a_malformed_petition(world, api):
    response = api(world.handler).post(URL, {"kind": "lawsuit"}, format="json")

    assert response.status_code == 403


def test_an_anonymous_client_gets_401_and_writes_nothing(world, api):
    before = written()

    response = api(None).post(URL, petition_body(), format="json")

    assert response.status_code == 401
    assert written() == before
