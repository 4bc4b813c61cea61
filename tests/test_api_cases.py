"""GET /api/v1/cases/ and /api/v1/cases/{case}/: filters, who sees what, denouncer identity."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cases.deadlines import compute_deadlines
from cases.models import Case, Field, Unit
from cases.permissions import Role
from cases.services import PetitionerData, PetitionInput, petition_register

from .factories import PETITIONER, case_in, make_user, register

LIST_URL = "/api/v1/cases/"


def detail_url(case) -> str:
    return f"/api/v1/cases/{case.reference}/"


def references(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {item["reference"] for item in response.json()["results"]}


def register_in(world, actor, *, locality=None, field=None, kind="complaint", received_at=None):
    """Register a petition through `actor`'s unit; return its case."""
    petition = petition_register(
        actor=actor,
        data=PetitionInput(
            kind=kind,
            channel="post",
            subject="Phản ánh về môi trường",
            content="Nội dung đơn.",
            locality=locality or world.locality,
            field=field or world.field,
            petitioner=PETITIONER,
            received_at=received_at,
        ),
    )
    return petition.case


def received_at_due_soon(world):
    """Return a receipt time that makes a new complaint due soon, but not yet overdue, today."""
    today = timezone.localdate()
    for days_ago in range(40):
        received_at = timezone.now() - timedelta(days=days_ago)
        probe = Case(
            kind="complaint",
            unit=world.commune,
            locality=world.locality,
            field=world.field,
            received_at=received_at,
        )
        due = compute_deadlines(probe, suspensions=[], extensions=[])
        if due.due_soon_on <= today <= due.due_on:
            return received_at
    raise AssertionError("no receipt date makes a complaint due soon today")


# List


def test_the_list_is_paginated_with_a_count(world, api):
    register(world)
    register(world, kind="feedback")

    response = api(world.leader).get(LIST_URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert len(body["results"]) == 2
    first = body["results"][0]
    assert {"reference", "kind", "status", "status_label", "unit", "due_date"} <= set(first)


def test_the_list_shows_no_petitioner_identity(world, api):
    register(world, kind="denunciation")

    response = api(world.province_leader).get(LIST_URL)

    text = response.content.decode()
    for value in (PETITIONER.full_name, PETITIONER.phone, PETITIONER.id_number):
        assert value not in text


@pytest.fixture
def spread(world):
    """Cases across kinds, statuses, units, localities and fields."""
    environment = Field.objects.create(code="moi-truong", name="Môi trường")
    return {
        "complaint": register(world),
        "feedback": register(world, kind="feedback"),
        "verifying": case_in(world, "verifying"),
        "other_commune": register_in(world, world.other_leader, locality=world.other_locality),
        "environment": register_in(world, world.leader, field=environment),
        "province": register_in(world, world.province_leader, locality=world.locality.parent),
    }


FILTERS = {
    "kind": ("kind=feedback", {"feedback"}),
    "status": ("status=verifying", {"verifying"}),
    "commune unit": (
        "unit=ubnd-xa-a",
        {"complaint", "feedback", "verifying", "environment"},
    ),
    "parent unit includes its communes": (
        "unit=ubnd-tinh",
        {"complaint", "feedback", "verifying", "other_commune", "environment", "province"},
    ),
    "other commune unit": ("unit=ubnd-xa-b", {"other_commune"}),
    "commune locality": ("locality=xa-binh-minh", {"other_commune"}),
    "parent locality includes its communes": (
        "locality=tinh",
        {"complaint", "feedback", "verifying", "other_commune", "environment", "province"},
    ),
    "field": ("field=moi-truong", {"environment"}),
    "kind and status together": (
        "kind=complaint&status=received&unit=ubnd-xa-a&field=dat-dai",
        {"complaint"},
    ),
}


@pytest.mark.parametrize(("query", "expected"), FILTERS.values(), ids=FILTERS.keys())
def test_filters_narrow_the_list(world, api, spread, query, expected):
    response = api(world.province_leader).get(f"{LIST_URL}?{query}")

    assert references(response) == {spread[name].reference for name in expected}
    assert response.json()["count"] == len(expected)


def test_overdue_lists_only_open_cases_past_their_due_date(world, api):
    late = register(world, received_at=timezone.now() - timedelta(days=60))
    register(world)
    late_but_closed = case_in(world, "archived", received_at=timezone.now() - timedelta(days=60))

    response = api(world.leader).get(f"{LIST_URL}?overdue=true")

    assert references(response) == {late.reference}
    assert response.json()["results"][0]["is_overdue"] is True
    assert late_but_closed.reference not in references(response)


def test_due_soon_lists_cases_due_within_three_working_days(world, api):
    soon = register(world, received_at=received_at_due_soon(world))
    register(world)
    register(world, received_at=timezone.now() - timedelta(days=60))

    response = api(world.leader).get(f"{LIST_URL}?due_soon=true")

    assert references(response) == {soon.reference}
    assert response.json()["results"][0]["is_due_soon"] is True


@pytest.mark.parametrize("name", ["unit", "locality"])
def test_an_unknown_tree_code_is_400_naming_the_filter(world, api, name):
    response = api(world.leader).get(f"{LIST_URL}?{name}=khong-co")

    assert response.status_code == 400
    assert name in response.json()


def test_the_unit_filter_does_not_match_a_unit_whose_code_merely_starts_alike(world, api):
    lookalike = Unit.objects.create(code="ubnd-xa-a2", name="UBND xã A2", parent=world.province)
    theirs = register_in(world, make_user("leader_a2", unit=lookalike, role=Role.LEADER))
    ours = register(world)

    response = api(world.province_leader).get(f"{LIST_URL}?unit=ubnd-xa-a")

    assert references(response) == {ours.reference}
    assert theirs.reference not in references(response)


# Who sees which cases (docs/roles-and-visibility.md#the-visibility-rule)


@pytest.fixture
def reach(world):
    return {
        "received": register(world),
        "verifying": case_in(world, "verifying"),
        "other_commune": register_in(world, world.other_leader, locality=world.other_locality),
    }


REACH = {
    "leader": {"received", "verifying"},
    "province_leader": {"received", "verifying", "other_commune"},
    "other_leader": {"other_commune"},
    "reception": {"received", "verifying"},
    "handler": {"verifying"},
    "second_handler": set(),
    "other_handler": set(),
    "inspector": {"received", "verifying"},
    "administrator": set(),
}


@pytest.mark.parametrize(("role", "expected"), REACH.items(), ids=REACH.keys())
def test_each_role_lists_exactly_the_cases_in_its_reach(world, api, reach, role, expected):
    response = api(getattr(world, role)).get(LIST_URL)

    assert references(response) == {reach[name].reference for name in expected}


@pytest.mark.parametrize(("role", "expected"), REACH.items(), ids=REACH.keys())
def test_each_role_opens_exactly_the_cases_in_its_reach(world, api, reach, role, expected):
    client = api(getattr(world, role))

    statuses = {name: client.get(detail_url(case)).status_code for name, case in reach.items()}

    assert statuses == {name: 200 if name in expected else 404 for name in reach}


# Detail


def test_the_detail_shows_the_case_with_its_history_petitions_and_deadlines(world, api):
    case = register(world)

    response = api(world.leader).get(detail_url(case))

    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == case.reference
    assert body["kind"] == "complaint"
    assert body["status"] == "received"
    assert body["unit"] == "ubnd-xa-a"
    assert body["due_date"] == case.due_on.isoformat()
    assert [event["action"] for event in body["events"]] == ["received"]
    assert [petition["code"] for petition in body["petitions"]] == [
        case.petitions.get().tracking_code
    ]
    assert body["deadlines"]
    for step in body["deadlines"].values():
        assert isinstance(step["explanation"], str)
        assert step["explanation"]
    assert body["deadlines"]["processing"]["due_on"] == case.due_on.isoformat()


def test_the_status_label_is_the_vietnamese_label_by_default(world, api):
    case = register(world)

    label = api(world.leader).get(detail_url(case)).json()["status_label"]

    assert isinstance(label, str)
    assert label
    with translation.override("vi"):
        assert label == case.get_status_display()


def test_a_leader_on_a_received_case_may_accept_forward_guide_archive_classify_or_withdraw(
    world, api
):
    case = register(world)

    body = api(world.leader).get(detail_url(case)).json()

    assert set(body["available_transitions"]) == {
        "accept",
        "forward",
        "guide",
        "archive",
        "classify",
        "withdraw",
    }


def test_reception_on_a_received_case_may_not_accept(world, api):
    case = register(world)

    body = api(world.reception).get(detail_url(case)).json()

    assert "accept" not in body["available_transitions"]
    assert {"forward", "guide", "archive", "classify"} <= set(body["available_transitions"])


def test_an_inspector_is_offered_no_transition(world, api):
    case = register(world)

    body = api(world.inspector).get(detail_url(case)).json()

    assert body["available_transitions"] == []


@pytest.mark.parametrize("role", ["other_leader", "handler", "administrator"])
def test_a_case_out_of_reach_is_404(world, api, role):
    case = register(world)

    response = api(getattr(world, role)).get(detail_url(case))

    assert response.status_code == 404


def test_an_unknown_reference_is_404(world, api):
    response = api(world.leader).get("/api/v1/cases/KN-2026-999999/")

    assert response.status_code == 404


def test_out_of_reach_and_absent_look_the_same(world, api):
    case = register(world)
    client = api(world.other_leader)

    hidden = client.get(detail_url(case))
    absent = client.get("/api/v1/cases/KN-2026-999999/")

    assert (hidden.status_code, hidden.json()) == (absent.status_code, absent.json())


# Denouncer identity (docs/denouncer-protection.md; Luật Tố cáo 2018)


def identity_values() -> list[str]:
    return [
        PETITIONER.full_name,
        PETITIONER.phone,
        PETITIONER.id_number,
        PETITIONER.address,
        PETITIONER.email,
    ]


@pytest.mark.parametrize("role", ["reception", "leader"])
def test_a_denouncer_is_shown_to_the_receiving_officer_and_the_commune_leader(world, api, role):
    case = register(world, kind="denunciation")

    body = api(getattr(world, role)).get(detail_url(case)).json()

    petitioner = body["petitions"][0]["petitioner"]
    assert petitioner["full_name"] == PETITIONER.full_name
    assert petitioner["phone"] == PETITIONER.phone
    assert petitioner["id_number"] == PETITIONER.id_number


@pytest.mark.parametrize("role", ["province_leader", "inspector"])
def test_a_denouncer_is_hidden_from_the_province_leader_and_the_inspector(world, api, role):
    case = register(world, kind="denunciation")

    response = api(getattr(world, role)).get(detail_url(case))

    assert response.status_code == 200
    assert response.json()["petitions"][0]["petitioner"] == {"redacted": True}
    text = response.content.decode()
    escaped = json.dumps(response.json())
    for value in identity_values():
        assert value not in text
        assert value not in escaped


def test_a_denouncer_is_hidden_from_a_reception_officer_who_did_not_receive_it(world, api):
    case = register(world, kind="denunciation")
    colleague = make_user("reception2", unit=world.commune, role=Role.RECEPTION)

    response = api(colleague).get(detail_url(case))

    assert response.status_code == 200
    assert response.json()["petitions"][0]["petitioner"] == {"redacted": True}
    for value in identity_values():
        assert value not in response.content.decode()


def test_a_complainant_is_shown_to_the_province_leader(world, api):
    case = register(world, kind="complaint")

    body = api(world.province_leader).get(detail_url(case)).json()

    assert body["petitions"][0]["petitioner"]["full_name"] == PETITIONER.full_name


def test_a_denouncing_groups_representatives_are_shown_and_hidden_like_a_denouncer(world, api):
    representative = PetitionerData(
        full_name="Lò Văn Sềnh", phone="0977000111", id_number="002345678901"
    )
    case = register(
        world,
        kind="denunciation",
        anonymous=True,
        group_size=8,
        representatives=(representative,),
    )

    shown = api(world.leader).get(detail_url(case)).json()["petitions"][0]
    hidden = api(world.inspector).get(detail_url(case))

    assert shown["representatives"][0]["full_name"] == "Lò Văn Sềnh"
    assert hidden.json()["petitions"][0]["representatives"] == [{"redacted": True}]
    for value in (representative.full_name, representative.phone, representative.id_number):
        assert value not in hidden.content.decode()
