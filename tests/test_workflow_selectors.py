"""The inbox, the unit's queue and a case's steps, as the staff screens read them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.exceptions import NotPermitted
from cases.models import Case, Status
from workflows.flows import ComplaintFlow
from workflows.models import CaseTask
from workflows.selectors import (
    case_open_task,
    inbox_tasks,
    task_actions,
    task_for_user,
    unit_queue,
)
from workflows.services import case_act, case_assign, task_take

from . import workflow_support
from .workflow_support import received

committed = workflow_support.committed


def verifying(world, committed, handler=None, **kwargs) -> Case:
    case = received(world, committed, **kwargs)
    case = case_act(actor=world.leader, case=case, name="accept")
    return case_assign(actor=world.leader, case=case, handler=handler or world.handler)


def set_due(case: Case, due_on, due_soon_on) -> None:
    Case.objects.filter(pk=case.pk).update(due_on=due_on, due_soon_on=due_soon_on)


def test_a_handlers_inbox_lists_their_steps_soonest_due_first_with_flags(world, committed):
    today = timezone.localdate()
    later = verifying(world, committed)
    overdue = verifying(world, committed)
    soon = verifying(world, committed)
    set_due(later, today + timedelta(days=30), today + timedelta(days=25))
    set_due(overdue, today - timedelta(days=1), today - timedelta(days=4))
    set_due(soon, today + timedelta(days=1), today - timedelta(days=2))
    verifying(world, committed, handler=world.second_handler)

    inbox = list(inbox_tasks(world.handler, today=today))

    assert [task.case for task in inbox] == [overdue, soon, later]
    assert [(task.is_overdue, task.is_due_soon) for task in inbox] == [
        (True, False),
        (False, True),
        (False, False),
    ]
    assert all(task.flow_task is ComplaintFlow.verify for task in inbox)


def test_a_handler_never_sees_another_handlers_step(world, committed):
    case = verifying(world, committed)
    task = case_open_task(case)
    assert list(inbox_tasks(world.second_handler)) == []
    assert list(unit_queue(world.second_handler)) == []
    with pytest.raises(CaseTask.DoesNotExist):
        task_for_user(world.second_handler, task.pk)
    assert task_for_user(world.handler, task.pk) == task


def test_the_unit_queue_offers_each_role_the_steps_it_may_take(world, committed):
    received_case = received(world, committed)
    accepted = received(world, committed)
    accepted = case_act(actor=world.leader, case=accepted, name="accept")
    other_unit = received(world, committed)
    Case.objects.filter(pk=other_unit.pk).update(unit=world.other_commune)

    leader_queue = {(task.case, task.flow_task.name) for task in unit_queue(world.leader)}
    reception_queue = {(task.case, task.flow_task.name) for task in unit_queue(world.reception)}

    assert (received_case, "process_petition") in leader_queue
    assert (accepted, "assign") in leader_queue
    assert (received_case, "process_petition") in reception_queue
    assert (accepted, "assign") not in reception_queue
    assert all(task.case.unit == world.commune for task in unit_queue(world.leader))
    assert list(unit_queue(world.inspector)) == []


def test_a_leaders_queue_holds_the_steps_of_the_units_below_theirs(world, committed):
    commune_case = received(world, committed)

    province_queue = {task.case for task in unit_queue(world.province_leader)}

    assert commune_case in province_queue
    assert commune_case not in {task.case for task in unit_queue(world.other_leader)}


def test_taking_a_queued_step_moves_it_to_the_takers_inbox(world, committed):
    case = received(world, committed)
    task = case_open_task(case)
    with pytest.raises(NotPermitted):
        task_take(actor=world.handler, task=task)

    task_take(actor=world.reception, task=task)

    assert [t.pk for t in inbox_tasks(world.reception)] == [task.pk]
    assert task.pk not in {t.pk for t in unit_queue(world.leader)}


def test_a_step_offers_only_the_actions_this_user_may_take(world, committed):
    case = received(world, committed)
    task = case_open_task(case)
    assert task_actions(task, world.leader) == ["accept", "forward", "guide", "archive"]
    assert task_actions(task, world.reception) == ["forward", "guide", "archive"]
    assert task_actions(task, world.handler) == []


def test_a_withdrawn_case_has_no_open_step(world, committed):
    case = verifying(world, committed)
    case = case_act(
        actor=world.handler, case=case, name="submit_report", data={"findings": "Đúng."}
    )
    assert case_open_task(case).flow_task is ComplaintFlow.review
    case = case_act(actor=world.leader, case=case, name="withdraw", data={"note": "Rút."})
    assert case.status == Status.WITHDRAWN
    assert case_open_task(case) is None
