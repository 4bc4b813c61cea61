"""Transitions taken through the REST API move the flow as a step's button would."""

from viewflow.workflow import PROCESS

from cases.models import Status
from workflows.flows import ComplaintFlow

from . import workflow_support
from .factories import resolve_data
from .workflow_support import assert_flow_agrees, received

committed = workflow_support.committed


def post(api, actor, case, name, data=None):
    response = api(actor).post(
        f"/api/v1/cases/{case.reference}/transitions/{name}/", data or {}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response


def test_a_complaint_carried_through_the_api_keeps_its_flow_in_step(world, api, committed):
    case = received(world, committed)
    steps = [
        ("accept", world.leader, {}),
        ("assign", world.leader, {"handler": world.handler.username}),
        ("reassign", world.leader, {"handler": world.second_handler.username}),
        ("submit_report", world.second_handler, {"findings": "Đã xác minh."}),
        ("send_back", world.leader, {"reason": "Thiếu biên bản."}),
        ("submit_report", world.second_handler, {"findings": "Đã bổ sung."}),
        ("resolve", world.leader, resolve_data()),
        ("respond", world.reception, {"method": "post"}),
        ("close", world.reception, {}),
    ]
    for name, actor, data in steps:
        with committed():
            post(api, actor, case, name, data)
        task = assert_flow_agrees(case)
        if name == "reassign":
            assert task.owner == world.second_handler

    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.processes.get().status == PROCESS.DONE


def test_a_refused_api_transition_leaves_the_step_open(world, api, committed):
    case = received(world, committed)
    with committed():
        response = api(world.handler).post(
            f"/api/v1/cases/{case.reference}/transitions/accept/", {}, format="json"
        )
    assert response.status_code in (403, 404)
    task = assert_flow_agrees(case)
    assert task.flow_task is ComplaintFlow.process_petition


def test_suspending_and_resuming_through_the_api_keeps_the_handlers_step(world, api, committed):
    case = received(world, committed)
    for name, data in [
        ("accept", {}),
        ("assign", {"handler": world.handler.username}),
        ("suspend", {"reason": "Chờ kết quả giám định."}),
    ]:
        with committed():
            post(api, world.leader, case, name, data)
    suspended = assert_flow_agrees(case)
    assert suspended.is_suspended

    with committed():
        post(api, world.leader, case, "resume")
    resumed = assert_flow_agrees(case)
    assert (resumed.pk, resumed.owner, resumed.is_suspended) == (
        suspended.pk,
        world.handler,
        False,
    )


def test_extending_a_denunciation_through_the_api_keeps_the_step_and_its_owner(
    world, api, committed
):
    case = received(world, committed, kind="denunciation")
    for name, data in [("accept", {}), ("assign", {"handler": world.handler.username})]:
        with committed():
            post(api, world.leader, case, name, data)
    before = assert_flow_agrees(case)
    with committed():
        post(
            api,
            world.leader,
            case,
            "extend",
            {"days": 30, "reason": "Vụ việc phức tạp.", "complexity": "complex"},
        )
    after = assert_flow_agrees(case)
    assert (after.pk, after.owner) == (before.pk, world.handler)
