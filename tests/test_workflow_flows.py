"""The flows follow the case step by step, whether a step is taken on its task or not."""

from io import StringIO

import pytest
from django.core.management import call_command
from viewflow.workflow import PROCESS

from cases.exceptions import NotAllowedInState
from cases.models import Case, Status
from cases.services import case_transition
from workflows.flows import ComplaintFlow, DenunciationFlow, RecommendationFlow
from workflows.selectors import case_open_task, case_tasks
from workflows.services import case_act, case_assign, task_complete

from . import workflow_support
from .factories import case_in, resolve_data
from .workflow_support import assert_flow_agrees, received

committed = workflow_support.committed


def complete(world, case, transition, actor, data=None) -> Case:
    task = assert_flow_agrees(case)
    case = task_complete(actor=actor, task=task, transition=transition, data=data or {})
    assert_flow_agrees(case)
    return case


def test_a_received_petition_starts_the_flow_of_its_kind(world, committed):
    complaint = received(world, committed)
    denunciation = received(world, committed, kind="denunciation")
    feedback = received(world, committed, kind="feedback")

    for case, flow_class in [
        (complaint, ComplaintFlow),
        (denunciation, DenunciationFlow),
        (feedback, RecommendationFlow),
    ]:
        task = assert_flow_agrees(case)
        assert task.process.flow_class is flow_class
        assert task.flow_task is flow_class.process_petition
        assert task.owner is None


def test_a_complaint_travels_every_step_with_a_send_back_and_a_reassignment(world, committed):
    case = received(world, committed)
    case = complete(world, case, "accept", world.leader)
    assert case.status == Status.ACCEPTED

    case = complete(world, case, "assign", world.leader, {"handler": world.handler.username})
    assert assert_flow_agrees(case).owner == world.handler

    case = case_assign(actor=world.leader, case=case, handler=world.second_handler)
    assert assert_flow_agrees(case).owner == world.second_handler

    case = complete(world, case, "submit_report", world.second_handler, {"findings": "Đúng."})
    assert case.status == Status.PROPOSED
    case = complete(world, case, "send_back", world.leader, {"reason": "Thiếu biên bản."})
    assert case.status == Status.VERIFYING
    assert assert_flow_agrees(case).owner == world.second_handler

    case = complete(world, case, "submit_report", world.second_handler, {"findings": "Đủ."})
    case = complete(world, case, "resolve", world.leader, resolve_data())
    case = complete(world, case, "respond", world.reception, {"method": "post"})
    assert assert_flow_agrees(case).flow_task is ComplaintFlow.close
    case = complete(world, case, "close", world.reception)

    assert case.status == Status.CLOSED
    process = case.processes.get()
    assert process.status == PROCESS.DONE
    steps = [
        (task.flow_task.name, task.data["transition"], task.owner) for task in case_tasks(case)
    ]
    assert steps == [
        ("process_petition", "accept", world.leader),
        ("assign", "assign", world.leader),
        ("verify", "submit_report", world.second_handler),
        ("review", "send_back", world.leader),
        ("verify", "submit_report", world.second_handler),
        ("review", "resolve", world.leader),
        ("respond", "respond", world.reception),
        ("close", "close", world.reception),
    ]


def test_a_denunciation_ends_with_the_answer(world, committed):
    case = received(world, committed, kind="denunciation")
    case = complete(world, case, "accept", world.leader)
    case = complete(world, case, "assign", world.leader, {"handler": world.handler.username})
    case = complete(world, case, "submit_report", world.handler, {"findings": "Có vi phạm."})
    case = complete(world, case, "resolve", world.leader, resolve_data())
    case = complete(world, case, "respond", world.handler, {"method": "post"})
    assert case_open_task(case) is None
    assert case.processes.get().status == PROCESS.DONE


def test_forwarding_the_petition_ends_the_flow(world, committed):
    case = received(world, committed, kind="recommendation")
    case = complete(world, case, "forward", world.reception, {"to_agency": "Sở Xây dựng"})
    assert case.status == Status.FORWARDED
    assert case.processes.get().status == PROCESS.DONE


def test_a_transition_that_does_not_complete_the_step_is_refused(world, committed):
    case = received(world, committed)
    task = assert_flow_agrees(case)
    with pytest.raises(NotAllowedInState):
        task_complete(actor=world.leader, task=task, transition="close")


def test_suspending_marks_the_step_and_resuming_goes_on_where_it_stopped(world, committed):
    case = received(world, committed)
    case = complete(world, case, "accept", world.leader)
    case = case_assign(actor=world.leader, case=case, handler=world.handler)
    step = assert_flow_agrees(case)

    case = case_act(
        actor=world.leader, case=case, name="suspend", data={"reason": "Chờ giám định."}
    )
    suspended = assert_flow_agrees(case)
    assert suspended.pk == step.pk and suspended.is_suspended

    case = case_act(actor=world.leader, case=case, name="resume")
    resumed = assert_flow_agrees(case)
    assert resumed.pk == step.pk and not resumed.is_suspended
    assert resumed.owner == world.handler


def test_terminating_a_suspended_case_ends_its_process(world, committed):
    case = received(world, committed)
    case = complete(world, case, "accept", world.leader)
    case = case_act(actor=world.leader, case=case, name="suspend", data={"reason": "Chờ."})
    case = case_act(actor=world.leader, case=case, name="terminate", data={"reason": "Hết căn cứ."})
    assert assert_flow_agrees(case) is None
    process = case.processes.get()
    assert process.status == PROCESS.CANCELED
    assert process.data["ended_by"] == "terminate"


def test_withdrawing_a_complaint_ends_its_process(world, committed):
    case = received(world, committed)
    case = case_act(actor=world.reception, case=case, name="withdraw", data={"note": "Rút đơn."})
    assert assert_flow_agrees(case) is None
    assert case.processes.get().data["ended_by"] == "withdraw"


def test_reclassifying_the_kind_moves_the_case_to_the_other_flow(world, committed):
    case = received(world, committed)
    case = case_act(actor=world.leader, case=case, name="classify", data={"kind": "denunciation"})
    task = assert_flow_agrees(case)
    assert task.flow_task is DenunciationFlow.process_petition
    assert [p.status for p in case.processes.order_by("pk")] == [
        PROCESS.CANCELED,
        PROCESS.NEW,
    ]


def test_steps_taken_outside_the_flow_are_caught_up_after_the_commit(world, committed):
    case = received(world, committed)
    with committed():
        # Several steps in one transaction, as a command would take them.
        for name, actor, data in [
            ("accept", world.leader, {}),
            ("assign", world.leader, {"handler": world.handler.username}),
            ("submit_report", world.handler, {"findings": "Đúng."}),
            ("send_back", world.leader, {"reason": "Bổ sung."}),
            ("reassign", world.leader, {"handler": world.second_handler.username}),
        ]:
            case = case_transition(case=case, actor=actor, name=name, data=data)
    task = assert_flow_agrees(case)
    assert task.flow_task is ComplaintFlow.verify
    assert task.owner == world.second_handler
    assert [t.flow_task.name for t in case_tasks(case)] == [
        "process_petition",
        "assign",
        "verify",
        "review",
        "verify",
    ]


def test_sync_flows_gives_cases_written_without_their_flow_a_process_in_step(world):
    # Written in a transaction that never commits here, as `generate_cases` writes in bulk.
    cases = [case_in(world, status) for status in (Status.PROPOSED, Status.RESPONDED)]
    closed = case_in(world, Status.CLOSED)
    assert not any(case.processes.exists() for case in [*cases, closed])

    call_command("sync_flows", stdout=StringIO())

    proposed, responded = cases
    assert assert_flow_agrees(proposed).flow_task is ComplaintFlow.review
    assert assert_flow_agrees(responded).flow_task is ComplaintFlow.close
    assert [t.flow_task.name for t in case_tasks(proposed)] == [
        "process_petition",
        "assign",
        "verify",
        "review",
    ]
    assert not closed.processes.exists()
