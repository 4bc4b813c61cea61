"""The API under bad input: each kind of body that once gave a 500, or was stored, is a 4xx.

Every answer is JSON in the shape of docs/api.md#errors, in the request's language, and
nothing of a refused request is written. Issue 12 lists the kinds.
"""

import json
import threading

import pytest
from django.db import connection
from django.test import RequestFactory
from rest_framework.test import APIClient

from api.errors import exception_handler
from cases.exceptions import CaseConflict, CaseError, InvalidInput
from cases.identity.reveal import IdentityHidden
from cases.models import Case, CaseEvent, Petition, Status
from cases.services import RECEIVED_SINCE
from common.errors import server_error
from workflows.models import CaseProcess

from .factories import build_world, case_in, register, resolve_data
from .test_api_petitions import petition_body

JSON = "application/json"


def transition(api, user, case, name: str, raw: str, **headers):
    return api(user).post(
        f"/api/v1/cases/{case.reference}/transitions/{name}/", raw, content_type=JSON, **headers
    )


def unchanged(case) -> bool:
    """Whether the case is as the test last read it: same version, state and events."""
    stored = Case.objects.get(pk=case.pk)
    return (stored.version, stored.status, stored.events.count()) == (
        case.version,
        case.status,
        case.version,
    )


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("raw", ["[1, 2]", '"accept"', "12", "null", "true"])
def test_a_body_that_is_not_an_object_is_a_400(world, api, raw):
    case = register(world)

    response = transition(api, world.leader, case, "accept", raw)

    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert unchanged(case)


@pytest.mark.parametrize(
    "raw", ['{"version": 1e400}', '{"version": NaN}', '{"version": -Infinity}']
)
def test_a_number_json_cannot_hold_is_a_400(world, api, raw):
    case = register(world)

    response = transition(api, world.leader, case, "accept", raw)

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert unchanged(case)


@pytest.mark.parametrize("version", ["two", 1.5, True, [1], -1])
def test_a_version_that_is_not_a_whole_number_is_a_400_naming_it(world, api, version):
    case = register(world)

    response = transition(api, world.leader, case, "accept", json.dumps({"version": version}))

    assert response.status_code == 400
    assert list(response.json()) == ["version"]
    assert unchanged(case)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_a_body_nested_a_thousand_deep_is_a_400(world, api, depth):
    case = register(world)

    response = transition(api, world.leader, case, "accept", nested(depth))

    assert response.status_code == 400
    assert unchanged(case)


def test_the_login_refuses_a_deep_body_without_asking_for_a_login(db):
    response = APIClient().post(
        "/api/v1/auth/token/", '{"username": ' + nested(1_000) + "}", content_type=JSON
    )

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


@pytest.mark.parametrize("name, field", [("guide", "note"), ("withdraw", "note")])
def test_a_lone_surrogate_in_a_text_is_a_400_naming_the_field(world, api, name, field):
    case = register(world)

    raw = '{"' + field + '": "Ghi ch\\ud800"}'

    response = transition(api, world.leader, case, name, raw)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert unchanged(case)


def test_a_lone_surrogate_in_a_suspension_reason_is_a_400(world, api):
    case = case_in(world, Status.VERIFYING)

    response = transition(api, world.leader, case, "suspend", '{"reason": "\\udfff"}')

    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert unchanged(case)


@pytest.mark.parametrize(
    "name, body, field",
    [
        ("guide", {"note": ["a", {"b": 1}]}, "note"),
        ("archive", {"reason": {"code": "unclear"}}, "reason"),
        ("accept", {"remote_area": [True]}, "remote_area"),
        ("forward", {"to_agency": True}, "to_agency"),
        ("classify", {"kind": ["complaint"]}, "kind"),
    ],
)
def test_a_field_of_the_wrong_json_type_is_a_400_naming_it(world, api, name, body, field):
    case = register(world)

    response = transition(api, world.leader, case, name, json.dumps(body))

    assert response.status_code == 400
    assert field in response.json()
    assert unchanged(case)


def test_an_extension_of_the_wrong_type_stores_nothing(world, api):
    case = case_in(world, Status.VERIFYING)

    response = transition(
        api, world.leader, case, "extend", json.dumps({"days": "ten", "reason": ["x"]})
    )

    assert response.status_code == 400
    assert set(response.json()) == {"days", "reason"}
    assert unchanged(case)


def test_an_intake_dated_year_one_is_a_400_and_writes_nothing(world, api):
    response = api(world.reception).post(
        "/api/v1/petitions/", petition_body(received_at="0001-01-01T00:00:00Z"), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["received_at"]
    assert RECEIVED_SINCE.isoformat() in response.json()["received_at"][0]
    assert not Case.objects.exists()


def test_an_intake_on_the_first_day_allowed_is_registered(world, api):
    response = api(world.reception).post(
        "/api/v1/petitions/",
        petition_body(received_at=f"{RECEIVED_SINCE.isoformat()}T09:00:00+07:00"),
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["case"].startswith(f"KN-{RECEIVED_SINCE.year}-")


@pytest.mark.parametrize("decided", ["9999-12-31", "1999-01-01"])
def test_a_decision_dated_out_of_bounds_is_a_400(world, api, decided):
    case = case_in(world, Status.PROPOSED)

    response = transition(
        api, world.leader, case, "resolve", json.dumps(resolve_data() | {"decision_date": decided})
    )

    assert response.status_code == 400
    assert list(response.json()) == ["decision_date"]
    assert unchanged(case)


@pytest.mark.parametrize(
    "name", ["Nguyễn\u202eaoH", "Trần\u2066Văn", "Lê\x00Thị", "Phạm\x1bVăn", "Võ\x85An"]
)
def test_control_characters_and_direction_overrides_in_a_name_are_refused(world, api, name):
    body = petition_body()
    body["petitioner"]["full_name"] = name

    response = api(world.reception).post("/api/v1/petitions/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["petitioner"]
    assert not Petition.objects.exists()


def test_a_representative_with_a_direction_override_is_named(world, api):
    body = petition_body(group_size=6, representatives=[{"full_name": "Đỗ\u202bMinh"}])

    response = api(world.reception).post("/api/v1/petitions/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["representatives"]


def test_an_unknown_api_address_is_a_json_404(db):
    response = APIClient().get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert response["Content-Type"] == JSON
    assert response.json()["detail"]


def test_a_method_not_allowed_is_a_json_405(world, api):
    response = api(world.leader).delete("/api/v1/cases/")

    assert response.status_code == 405
    assert response["Content-Type"] == JSON
    assert response.json()["detail"]


def test_a_server_error_under_the_api_is_json():
    request = RequestFactory().get("/api/v1/cases/")
    try:
        raise ZeroDivisionError
    except ZeroDivisionError:
        response = server_error(request)

    assert response.status_code == 500
    assert json.loads(response.content)["detail"]


def handled(exc):
    return exception_handler(exc, {})


def test_each_case_error_answers_its_listed_status_or_its_nearest_parents():
    assert handled(IdentityHidden()).status_code == 403
    assert handled(CaseConflict()).status_code == 409
    assert handled(CaseError()).status_code == 400
    answer = handled(InvalidInput({"note": ["Bắt buộc."]}))
    assert (answer.status_code, answer.data) == (400, {"note": ["Bắt buộc."]})


def test_a_subclass_keeps_the_detail_shape():
    class StillConflict(CaseConflict):
        pass

    answer = handled(StillConflict())

    assert answer.status_code == 409
    assert list(answer.data) == ["detail"]


def test_messages_follow_accept_language_and_never_mix(world, api):
    case = register(world)
    body = json.dumps({"days": "ten", "reason": ["x"]})
    accepted = case_in(world, Status.VERIFYING)

    english = transition(api, world.leader, accepted, "extend", body, HTTP_ACCEPT_LANGUAGE="en")
    default = transition(api, world.leader, accepted, "extend", body)
    conflict = transition(api, world.leader, case, "close", "{}", HTTP_ACCEPT_LANGUAGE="en")

    english_text = json.dumps(english.json(), ensure_ascii=False)
    assert "A valid integer is required." in english_text
    assert not any(letter in english_text for letter in "ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệ")
    assert "Cần một số nguyên hợp lệ." in json.dumps(default.json(), ensure_ascii=False)
    assert conflict.json() == {"detail": "This action is not allowed in the case's current state."}


def test_an_old_date_is_written_with_the_zones_present_offset(world, api):
    case = register(world)
    Case.objects.filter(pk=case.pk).update(received_at="1900-01-01T00:00:00Z")

    body = api(world.leader).get(f"/api/v1/cases/{case.reference}/").json()

    assert body["received_at"] == "1900-01-01T07:00:00+07:00"


INTAKES = 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_intakes_at_once_are_all_answered_201_and_each_has_its_flow(monkeypatch):
    world = build_world()

    def broker_down(*args, **kwargs):
        raise ConnectionError("the broker is down")

    # What follows a commit may fail (the mail's broker here); the saved intake stays a 201.
    monkeypatch.setattr("workflows.tasks.send_event_notifications.delay", broker_down)
    barrier = threading.Barrier(INTAKES)
    statuses: list[int] = []

    def intake():
        client = APIClient()
        client.force_authenticate(world.reception)
        barrier.wait()
        try:
            response = client.post("/api/v1/petitions/", petition_body(), format="json")
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=intake) for _ in range(INTAKES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [201] * INTAKES
    assert Case.objects.count() == INTAKES
    assert CaseEvent.objects.filter(action="received").count() == INTAKES
    assert CaseProcess.objects.values("case").distinct().count() == INTAKES


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_gets_json_and_a_client_asking_for_html_only_gets_a_json_406(world, api):
    browser = api(world.leader).get("/api/v1/cases/", HTTP_ACCEPT=BROWSER_ACCEPT)
    html_only = api(world.leader).get("/api/v1/cases/", HTTP_ACCEPT="text/html")

    assert (browser.status_code, browser["Content-Type"]) == (200, JSON)
    assert (html_only.status_code, html_only["Content-Type"]) == (406, JSON)
