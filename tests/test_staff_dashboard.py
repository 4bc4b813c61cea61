"""The leader dashboard: open cases by state and unit, overdue by handler, due soon."""

from datetime import timedelta

from django.utils import timezone

from cases.models import Case, Status

from .factories import case_in, register
from .staff_helpers import client_for


def test_the_dashboard_counts_open_cases_by_state_and_unit_and_overdue_by_handler(world):
    today = timezone.localdate()
    register(world)
    late = case_in(world, Status.VERIFYING, subject="Quá hạn")
    Case.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=1))
    case_in(world, Status.ARCHIVED, subject="Đã lưu")

    board = client_for(world.leader).get("/staff/dashboard/").context["board"]

    assert {row["status"]: row["count"] for row in board.by_state} == {
        "received": 1,
        "verifying": 1,
    }
    assert board.by_unit == [{"unit__name": "UBND xã An Bình", "count": 2, "overdue": 1}]
    assert [(row["handler__username"], row["count"]) for row in board.overdue_by_handler] == [
        ("handler", 1)
    ]
    assert board.overdue_count == 1


def test_the_dashboard_sees_only_the_leaders_units(world):
    register(world)

    board = client_for(world.other_leader).get("/staff/dashboard/").context["board"]

    assert board.open_count == 0


def test_handlers_and_reception_do_not_open_the_dashboard(world):
    assert client_for(world.handler).get("/staff/dashboard/").status_code == 403
    assert client_for(world.reception).get("/staff/dashboard/").status_code == 403


def test_due_soon_counts_and_lists_the_same_cases_and_states_follow_the_lifecycle(world):
    today = timezone.localdate()
    soon = case_in(world, Status.VERIFYING, subject="Sắp đến hạn")
    Case.objects.filter(pk=soon.pk).update(due_soon_on=today, due_on=today + timedelta(days=20))
    register(world)
    case_in(world, Status.ACCEPTED, subject="Đã thụ lý")

    board = client_for(world.leader).get("/staff/dashboard/").context["board"]

    assert board.due_soon_count == 1
    assert [case.reference for case in board.due_soon] == [soon.reference]
    assert [row["status"] for row in board.by_state] == ["received", "accepted", "verifying"]
