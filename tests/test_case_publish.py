"""A handler publishes what the public may read of a recommendation or feedback, or stops."""

from decimal import Decimal

import pytest
from django.test import Client

from cases.exceptions import NotAllowedInState
from cases.models import CaseEvent, Status
from cases.services import case_transition

from .factories import case_in, register
from .staff_helpers import client_for

TEXT = "Đường liên thôn 4 bị sạt lở một đoạn khoảng 20 m."
FEEDBACK_POINT = {"latitude": Decimal("22.801234"), "longitude": Decimal("104.981234")}


def act(user, case, name, data=None):
    return client_for(user).post(
        f"/staff/cases/{case.reference}/actions/{name}/", {"version": case.version, **(data or {})}
    )


def open311_description(case):
    [request] = Client().get(f"/open311/v2/requests/{case.reference}.json").json()
    return request["description"]


def test_the_assigned_handler_publishes_a_feedback_from_the_case_page(world):
    case = case_in(world, Status.VERIFYING, kind="feedback")

    response = act(world.handler, case, "publish", {"public_description": TEXT})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.public_description == TEXT
    assert case.status == Status.VERIFYING
    event = CaseEvent.objects.filter(case=case).latest("sequence")
    assert (event.action, event.actor) == ("publish", world.handler)
    assert open311_description(case) == TEXT


def test_the_form_starts_from_the_citizens_words_for_the_handler_to_clear(world):
    case = register(
        world,
        kind="feedback",
        content="Tôi là Nguyễn Thị Hoa. Đường bị sạt lở.",
        place="Ngã ba chợ",
    )

    html = client_for(world.reception).get(f"/staff/cases/{case.reference}/").content.decode()

    assert 'data-action="publish"' in html
    assert "Tôi là Nguyễn Thị Hoa. Đường bị sạt lở.</textarea>" in html
    assert 'name="public_place" value="Ngã ba chợ"' in html


def test_stopping_publication_hides_the_words_again(world):
    case = register(world, kind="recommendation")
    case = case_transition(
        case=case, actor=world.leader, name="publish", data={"public_description": TEXT}
    )

    case_transition(case=case, actor=world.leader, name="unpublish")

    assert open311_description(case) is None


def test_a_complaint_or_denunciation_is_never_published(world):
    for kind in ("complaint", "denunciation"):
        case = register(world, kind=kind)
        with pytest.raises(NotAllowedInState):
            case_transition(
                case=case, actor=world.leader, name="publish", data={"public_description": TEXT}
            )


def test_an_inspector_may_not_publish(world, api):
    case = register(world, kind="feedback")

    response = api(world.inspector).post(
        f"/api/v1/cases/{case.reference}/transitions/publish/", {"public_description": TEXT}
    )

    assert response.status_code == 403
    assert open311_description(case) is None


def test_reclassifying_as_a_complaint_withdraws_the_publication(world):
    case = register(world, kind="feedback")
    case = case_transition(
        case=case, actor=world.leader, name="publish", data={"public_description": TEXT}
    )

    case = case_transition(
        case=case, actor=world.leader, name="classify", data={"kind": "complaint"}
    )

    assert case.public_description == ""


def test_the_case_page_shows_the_point_with_a_link_to_a_map(world):
    case = register(world, kind="feedback", place="Ngã ba chợ", **FEEDBACK_POINT)

    html = client_for(world.leader).get(f"/staff/cases/{case.reference}/").content.decode()

    assert "22.801234, 104.981234" in html
    assert (
        'href="https://www.openstreetmap.org/?mlat=22.801234&amp;mlon=104.981234'
        '#map=17/22.801234/104.981234"' in html
    )
    assert "Ngã ba chợ" in html
