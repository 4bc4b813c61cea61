"""Every transition through the API: allowed, wrong state, wrong role, no fields.

The transitions: docs/lifecycle.md#transitions.
"""

from dataclasses import dataclass, field

import pytest

from cases.models import CaseEvent, Status

from .factories import case_in, resolve_data


@dataclass(frozen=True)
class Spec:
    sources: tuple[str, ...]
    actor: str
    data: dict
    wrong_actor: str
    required: tuple[str, ...] = ()
    target: str | None = None  # None: the case stays in its state
    kind: str = "complaint"
    extra_register: dict = field(default_factory=dict)


OPEN_BEFORE_RESOLUTION = (
    Status.RECEIVED,
    Status.ACCEPTED,
    Status.VERIFYING,
    Status.PROPOSED,
    Status.SUSPENDED,
)
IN_HANDLING = (Status.ACCEPTED, Status.VERIFYING, Status.PROPOSED)

SPECS = {
    "classify": Spec((Status.RECEIVED,), "reception", {"locality": "xa-binh-minh"}, "inspector"),
    "accept": Spec(
        (Status.RECEIVED,), "leader", {"complexity": "complex"}, "reception", target=Status.ACCEPTED
    ),
    "forward": Spec(
        (Status.RECEIVED,),
        "reception",
        {"to_agency": "Sở Tư pháp"},
        "inspector",
        ("to_agency",),
        Status.FORWARDED,
    ),
    "guide": Spec(
        (Status.RECEIVED,),
        "reception",
        {"note": "Gửi Tòa án."},
        "inspector",
        ("note",),
        Status.GUIDED,
    ),
    "archive": Spec(
        (Status.RECEIVED,),
        "reception",
        {"reason": "unclear"},
        "inspector",
        ("reason",),
        Status.ARCHIVED,
    ),
    "assign": Spec(
        (Status.ACCEPTED,),
        "leader",
        {"handler": "handler"},
        "reception",
        ("handler",),
        Status.VERIFYING,
    ),
    "reassign": Spec(
        (Status.VERIFYING,), "leader", {"handler": "handler2"}, "reception", ("handler",)
    ),
    "submit_report": Spec(
        (Status.VERIFYING,),
        "handler",
        {"findings": "Đã xác minh."},
        "leader",
        ("findings",),
        Status.PROPOSED,
    ),
    "send_back": Spec(
        (Status.PROPOSED,),
        "leader",
        {"reason": "Bổ sung."},
        "handler",
        ("reason",),
        Status.VERIFYING,
    ),
    "resolve": Spec(
        (Status.PROPOSED,),
        "leader",
        resolve_data(),
        "handler",
        ("outcome", "decision_number", "decision_date", "public_summary"),
        Status.RESOLVED,
    ),
    "respond": Spec(
        (Status.RESOLVED,), "reception", {"method": "post"}, "leader", ("method",), Status.RESPONDED
    ),
    "close": Spec((Status.RESPONDED,), "reception", {}, "handler", target=Status.CLOSED),
    "withdraw": Spec(
        OPEN_BEFORE_RESOLUTION,
        "reception",
        {"note": "Rút đơn."},
        "inspector",
        ("note",),
        Status.WITHDRAWN,
    ),
    "suspend": Spec(
        IN_HANDLING,
        "leader",
        {"reason": "Chờ giám định."},
        "reception",
        ("reason",),
        Status.SUSPENDED,
    ),
    "resume": Spec((Status.SUSPENDED,), "leader", {}, "reception", target=Status.VERIFYING),
    "terminate": Spec(
        (Status.SUSPENDED,),
        "leader",
        {"reason": "Đình chỉ."},
        "reception",
        ("reason",),
        Status.TERMINATED,
    ),
    "extend": Spec(
        IN_HANDLING,
        "leader",
        {"days": 30, "reason": "Vụ việc phức tạp.", "complexity": "complex"},
        "reception",
        ("days", "reason"),
        kind="denunciation",
    ),
}


def url(case, name):
    return f"/api/v1/cases/{case.reference}/transitions/{name}/"


def events_of(case):
    return list(CaseEvent.objects.filter(case=case).order_by("sequence"))


@pytest.mark.parametrize(
    ("name", "source"), [(n, s) for n, spec in SPECS.items() for s in spec.sources]
)
def test_transition_is_taken_from_each_source_state_and_logged(world, api, name, source):
    spec = SPECS[name]
    case = case_in(world, source, kind=spec.kind)
    actor = getattr(world, spec.actor)
    before = events_of(case)

    response = api(actor).post(url(case, name), {**spec.data, "note": "ghi chú"}, format="json")

    assert response.status_code == 200, response.json()
    expected = spec.target or source
    assert response.json()["status"] == expected
    case.refresh_from_db()
    assert case.status == expected
    after = events_of(case)
    assert len(after) == len(before) + 1
    event = after[-1]
    assert (event.action, event.from_status, event.to_status) == (name, source, expected)
    assert event.actor == actor
    assert event.note == "ghi chú"
    assert event.sequence == case.version


@pytest.mark.parametrize("name", SPECS)
def test_transition_from_any_other_state_is_a_conflict(world, api, name):
    spec = SPECS[name]
    for status in Status.values:
        if status in spec.sources:
            continue
        case = case_in(world, status, kind=spec.kind)
        before = len(events_of(case))
        response = api(world.leader).post(url(case, name), spec.data, format="json")
        assert response.status_code == 409, (status, response.json())
        case.refresh_from_db()
        assert case.status == status
        assert len(events_of(case)) == before


@pytest.mark.parametrize("name", SPECS)
def test_transition_by_the_wrong_role_is_forbidden(world, api, name):
    spec = SPECS[name]
    case = case_in(world, spec.sources[0], kind=spec.kind)
    before = len(events_of(case))
    response = api(getattr(world, spec.wrong_actor)).post(url(case, name), spec.data, format="json")
    assert response.status_code == 403, response.json()
    case.refresh_from_db()
    assert case.status == spec.sources[0]
    assert len(events_of(case)) == before


@pytest.mark.parametrize(
    ("name", "missing"), [(n, f) for n, spec in SPECS.items() for f in spec.required]
)
def test_transition_without_a_required_field_is_refused_with_that_field_named(
    world, api, name, missing
):
    spec = SPECS[name]
    case = case_in(world, spec.sources[0], kind=spec.kind)
    before = len(events_of(case))
    data = {key: value for key, value in spec.data.items() if key != missing}
    response = api(getattr(world, spec.actor)).post(url(case, name), data, format="json")
    assert response.status_code == 400
    assert missing in response.json()
    case.refresh_from_db()
    assert case.status == spec.sources[0]
    assert len(events_of(case)) == before


def test_classify_without_any_change_is_refused(world, api):
    case = case_in(world, Status.RECEIVED)
    response = api(world.reception).post(url(case, "classify"), {}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_assigning_a_handler_of_another_unit_is_refused(world, api):
    case = case_in(world, Status.ACCEPTED)
    response = api(world.leader).post(
        url(case, "assign"), {"handler": "other_handler"}, format="json"
    )
    assert response.status_code == 400
    assert "handler" in response.json()


def test_a_stale_version_is_a_conflict(world, api):
    case = case_in(world, Status.RECEIVED)
    response = api(world.leader).post(
        url(case, "accept"), {"version": case.version - 1}, format="json"
    )
    assert response.status_code == 409
    response = api(world.leader).post(url(case, "accept"), {"version": case.version}, format="json")
    assert response.status_code == 200


def test_an_unknown_transition_is_not_found(world, api):
    case = case_in(world, Status.RECEIVED)
    assert api(world.leader).post(url(case, "approve"), {}, format="json").status_code == 404


def test_an_anonymous_denunciation_cannot_be_accepted(world, api):
    case = case_in(world, Status.RECEIVED, kind="denunciation", anonymous=True)
    assert api(world.leader).post(url(case, "accept"), {}, format="json").status_code == 409
    response = api(world.reception).post(
        url(case, "archive"), {"reason": "anonymous"}, format="json"
    )
    assert response.status_code == 200


def test_only_a_leader_records_the_withdrawal_of_a_denunciation(world, api):
    case = case_in(world, Status.VERIFYING, kind="denunciation")
    assert (
        api(world.reception)
        .post(url(case, "withdraw"), {"note": "Rút."}, format="json")
        .status_code
        == 403
    )
    assert (
        api(world.leader).post(url(case, "withdraw"), {"note": "Rút."}, format="json").status_code
        == 200
    )


def test_a_leader_of_the_unit_above_may_act_but_another_communes_leader_may_not_see(world, api):
    case = case_in(world, Status.RECEIVED)
    assert api(world.other_leader).post(url(case, "accept"), {}, format="json").status_code == 404
    assert (
        api(world.province_leader).post(url(case, "accept"), {}, format="json").status_code == 200
    )


def test_extending_a_denunciation_follows_its_complexity_and_moves_the_due_date(world, api):
    case = case_in(world, Status.VERIFYING, kind="denunciation")
    client = api(world.leader)
    due_before = case.resolution_due_on
    refused = client.post(url(case, "extend"), {"days": 30, "reason": "Phức tạp."}, format="json")
    assert refused.status_code == 400
    assert "days" in refused.json()

    first = {"days": 30, "reason": "Phức tạp.", "complexity": "complex"}
    assert client.post(url(case, "extend"), first, format="json").status_code == 200
    second = {"days": 30, "reason": "Đặc biệt phức tạp."}
    assert client.post(url(case, "extend"), second, format="json").status_code == 400
    second["complexity"] = "very_complex"
    assert client.post(url(case, "extend"), second, format="json").status_code == 200
    third = client.post(url(case, "extend"), {"days": 10, "reason": "Thêm."}, format="json")
    assert third.status_code == 400

    case.refresh_from_db()
    assert case.complexity == "very_complex"
    assert case.extensions.count() == 2
    assert (case.resolution_due_on - due_before).days >= 60
    lowered = {"days": 5, "reason": "x", "complexity": "complex"}
    assert "complexity" in client.post(url(case, "extend"), lowered, format="json").json()
