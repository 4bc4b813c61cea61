"""Helpers shared by the workflow tests: committing, and checking the flow against the case."""

import pytest
from viewflow.workflow import PROCESS, STATUS

from cases.models import Case, Status
from workflows.models import CaseTask
from workflows.selectors import case_open_task, case_tasks

from .factories import register


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit, as the end of a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def received(world, committed, **kwargs) -> Case:
    with committed():
        return register(world, **kwargs)


def assert_flow_agrees(case: Case) -> CaseTask | None:
    """Check that the case's open step is the one for its state, and return it."""
    case.refresh_from_db()
    process = case.processes.order_by("-pk").first()
    assert process is not None
    assert process.synced_sequence == case.events.order_by("sequence").last().sequence
    task = case_open_task(case)
    status = case.suspended_from_status or case.status
    if task is None:
        assert process.status in (PROCESS.DONE, PROCESS.CANCELED)
        return None
    assert process.status == PROCESS.NEW
    assert task.flow_task.status == status
    assert task.is_suspended == (case.status == Status.SUSPENDED)
    if status == Status.VERIFYING:
        assert task.owner == case.handler
    assert case_tasks(case).filter(status__in=[STATUS.NEW, STATUS.ASSIGNED]).count() == 1
    return task
