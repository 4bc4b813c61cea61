"""DUE_SOON_WORKING_DAYS decides which cases are due soon, also after dates were stored
(docs/time-limits.md#overdue-and-due-soon)."""

from django.test import override_settings
from django.utils import timezone

from cases.deadlines import follow_due_soon_setting
from cases.models import Case, DueSoonBasis
from cases.selectors import due_soon_cases

from .factories import register
from .staff_helpers import client_for


def due_soon_on_the_dashboard(world) -> int:
    return client_for(world.leader).get("/staff/dashboard/").context["board"].due_soon_count


def test_a_longer_due_soon_window_reaches_cases_registered_before_it(world):
    # A complaint is accepted within 10 days: not due soon today with the 3 days by default.
    case = register(world)
    today = timezone.localdate()
    assert due_soon_on_the_dashboard(world) == 0

    with override_settings(DUE_SOON_WORKING_DAYS=30):
        assert due_soon_on_the_dashboard(world) == 1
        assert Case.objects.filter(due_soon_cases(today), pk=case.pk).exists()

    assert due_soon_on_the_dashboard(world) == 0


def test_a_start_with_a_changed_setting_recomputes_the_stored_dates(world):
    case = register(world)
    # As if stored by a process that counted no working days before the due date.
    Case.objects.filter(pk=case.pk).update(due_soon_on=case.due_on)
    DueSoonBasis.objects.update(working_days=0)

    assert follow_due_soon_setting() == 1
    assert follow_due_soon_setting() == 0
    case.refresh_from_db()
    assert case.due_soon_on < case.due_on
    assert not case.is_due_soon(timezone.localdate())
