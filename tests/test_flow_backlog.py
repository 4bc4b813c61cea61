"""A flow whose catch-up after the commit never ran is caught up by the sweep and sync_flows."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from cases.models import Status
from workflows.models import FlowBacklog
from workflows.sync import backlog_sweep

from . import workflow_support
from .factories import case_in, register
from .workflow_support import assert_flow_agrees, received

committed = workflow_support.committed


def test_the_catch_up_after_the_commit_clears_the_backlog(world, committed):
    case = received(world, committed)

    assert not FlowBacklog.objects.exists()
    assert_flow_agrees(case)


def test_a_missed_catch_up_is_done_by_the_sweep(world):
    with transaction.atomic():
        case = register(world)
    assert FlowBacklog.objects.filter(case=case).exists()

    assert backlog_sweep(older_than=timedelta(0)) == 1

    assert not FlowBacklog.objects.exists()
    assert_flow_agrees(case)


def test_sync_flows_check_names_the_cases_behind_and_fails(world):
    case = case_in(world, Status.VERIFYING)
    output = StringIO()

    with pytest.raises(CommandError, match="1 case"):
        call_command("sync_flows", "--check", stdout=output)

    assert case.reference in output.getvalue()


def test_sync_flows_says_how_many_it_repaired_and_then_finds_nothing(world):
    case_in(world, Status.VERIFYING)
    first, second, check = StringIO(), StringIO(), StringIO()

    call_command("sync_flows", stdout=first)
    call_command("sync_flows", stdout=second)
    call_command("sync_flows", "--check", stdout=check)

    assert "1 needed repair" in first.getvalue()
    assert "0 needed repair" in second.getvalue()
    assert "agrees" in check.getvalue()
