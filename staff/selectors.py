"""Reads behind the staff screens; every one starts from `cases_visible_to`."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cases.identity import with_identities
from cases.models import OPEN_STATUSES, Case, Channel, Petition, Status
from cases.selectors import (
    case_visibility,
    cases_visible_to,
    due_soon_cases,
    overdue_cases,
    reception_sessions_visible_to,
    upcoming_sessions,
)

# The leaders' reception sessions the dashboard lists first.
NEXT_SESSIONS = 5
# Cases due soon the dashboard lists; the search shows them all.
DUE_SOON_SHOWN = 20

# How a workflow step (workflows.models.CaseTask) reaches its case.
TASK_CASE = "process__caseprocess__case"


def _case_list(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("unit", "field", "locality", "handler").order_by(
        "due_on", "received_at"
    )


def filter_cases(cases: QuerySet[Case], *, kind="", status="", field=None) -> QuerySet[Case]:
    if kind:
        cases = cases.filter(kind=kind)
    if status:
        cases = cases.filter(status=status)
    if field is not None:
        cases = cases.filter(field=field)
    return cases


def open_cases(user) -> QuerySet[Case]:
    """Return every open case the user may open, earliest due first."""
    return _case_list(cases_visible_to(user).filter(status__in=OPEN_STATUSES))


def filter_tasks(tasks, *, kind="", status="", field=None):
    """Narrow workflow steps by their case's kind, state and field."""
    return tasks.filter(
        **{
            f"{TASK_CASE}__{name}": value
            for name, value in (("kind", kind), ("status", status), ("field", field))
            if value
        }
    )


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def reception_book(user, day: date) -> QuerySet[Petition]:
    """Return the day's in-person visits received at the units the user oversees.

    A reception officer's own unit, a leader's unit and those below, an inspector's
    granted units: the receiving units of the visibility rule (sổ tiếp công dân).
    """
    visibility = case_visibility(user)
    receiving = Q(pk__in=[])
    for path in visibility.unit_trees:
        receiving |= Q(received_by__unit__path__startswith=path)
    if visibility.units:
        receiving |= Q(received_by__unit_id__in=visibility.units)
    start, end = _day_bounds(day)
    return (
        with_identities(
            Petition.objects.filter(
                receiving,
                case__in=cases_visible_to(user),
                channel=Channel.IN_PERSON,
                received_at__gte=start,
                received_at__lt=end,
            )
        )
        .select_related("case", "case__unit", "received_by", "reception_session__presiding")
        .order_by("received_at", "pk")
    )


@dataclass(frozen=True)
class Dashboard:
    next_sessions: list
    by_state: list[dict]
    by_unit: list[dict]
    overdue_by_handler: list[dict]
    due_soon: list[Case]
    open_count: int
    overdue_count: int
    due_soon_count: int


def leader_dashboard(user, today: date) -> Dashboard:
    """Return open cases by state and unit, overdue cases by handler and those due soon."""
    open_cases = cases_visible_to(user).filter(status__in=OPEN_STATUSES)
    counts = dict(open_cases.values_list("status").annotate(count=Count("pk")))
    # In the order of the lifecycle, as Status lists them, not of the codes.
    by_state = [
        {"status": status, "label": label, "count": counts[status]}
        for status, label in Status.choices
        if status in counts
    ]
    overdue = open_cases.filter(overdue_cases(today))
    # One rule for the count and the list: `due_soon_cases`, as the inbox marks them.
    due_soon = _case_list(open_cases.filter(due_soon_cases(today)))
    return Dashboard(
        next_sessions=list(upcoming_sessions(reception_sessions_visible_to(user))[:NEXT_SESSIONS]),
        by_state=by_state,
        by_unit=list(
            open_cases.values("unit__name")
            .annotate(
                count=Count("pk"),
                overdue=Count("pk", filter=overdue_cases(today)),
            )
            .order_by("-count", "unit__name")
        ),
        overdue_by_handler=list(
            overdue.values("handler__username", "handler__last_name", "handler__first_name")
            .annotate(count=Count("pk"))
            .order_by("-count", "handler__username")
        ),
        due_soon=list(due_soon[:DUE_SOON_SHOWN]),
        open_count=open_cases.count(),
        overdue_count=overdue.count(),
        due_soon_count=due_soon.count(),
    )
