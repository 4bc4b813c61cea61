"""Reads for the inbox and the case page: open steps, the unit's queue, a case's steps.

Visibility is `cases.selectors.cases_visible_to`, always; overdue and due soon are the
query forms in `cases.selectors`, evaluated for each task's case.
"""

from datetime import date

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from viewflow.workflow import PROCESS

from cases.models import Case, Status
from cases.permissions import Role, roles_of
from cases.selectors import available_transitions, cases_visible_to, due_soon_cases, overdue_cases

from .flows import FLOWS
from .models import CaseTask
from .nodes import CaseStep
from .sync import OPEN_TASK_STATUSES

CASE = "process__caseprocess__case"


def _steps() -> list[CaseStep]:
    return [
        node
        for flow_class in set(FLOWS.values())
        for node in flow_class.instance.nodes()
        if isinstance(node, CaseStep)
    ]


def _open_steps(user, today: date | None) -> QuerySet[CaseTask]:
    """Return open steps on cases the user may open, soonest due first, with their flags."""
    today = today or timezone.localdate()
    case_ref = OuterRef(f"{CASE}_id")
    return (
        CaseTask.objects.filter(
            status__in=OPEN_TASK_STATUSES,
            **{f"{CASE}__in": cases_visible_to(user).values("pk")},
        )
        .select_related(f"{CASE}__unit", f"{CASE}__field", f"{CASE}__locality", "owner")
        .annotate(
            is_overdue=Exists(Case.objects.filter(overdue_cases(today), pk=case_ref)),
            is_due_soon=Exists(Case.objects.filter(due_soon_cases(today), pk=case_ref)),
        )
        .order_by(F(f"{CASE}__due_on").asc(nulls_last=True), "created", "pk")
    )


def inbox_tasks(user, *, today: date | None = None) -> QuerySet[CaseTask]:
    """Return the user's own open steps, soonest due first.

    Each task has `case` (with unit, field and locality loaded), `flow_task.task_title`
    (the step's name), `is_overdue` and `is_due_soon` (as of `today`:
    docs/time-limits.md#overdue-and-due-soon) and `is_suspended`. Filter further by case
    fields with `process__caseprocess__case__...`,
    e.g. `inbox_tasks(user).filter(process__caseprocess__case__kind="complaint")`.
    """
    return _open_steps(user, today).filter(owner=user)


def unit_queue(user, *, today: date | None = None) -> QuerySet[CaseTask]:
    """Return the open steps of the user's unit that no one has taken and the user's role may.

    A leader's unit includes the units below it, whose cases the leader decides too.

    Same attributes and order as `inbox_tasks`. A step is taken with
    `workflows.services.task_take`, or done directly with `task_complete`.
    """
    if user.unit_id is None:
        return CaseTask.objects.none()
    roles = roles_of(user)
    steps = [step for step in _steps() if roles.intersection(step.roles)]
    if Role.LEADER in roles:
        unit = {f"{CASE}__unit__path__startswith": user.unit.path}
    else:
        unit = {f"{CASE}__unit_id": user.unit_id}
    return _open_steps(user, today).filter(owner__isnull=True, flow_task__in=steps, **unit)


def case_tasks(case: Case) -> QuerySet[CaseTask]:
    """Return every step of the case's processes, open or done, in the order they arose.

    Gateways and start and end events are left out. A done step's `data["transition"]`
    names the transition that completed it, and `owner` who took it.
    """
    return (
        CaseTask.objects.filter(**{CASE: case}, flow_task_type=CaseStep.task_type)
        .select_related("owner")
        .order_by("created", "pk")
    )


def case_open_task(case: Case) -> CaseTask | None:
    """Return the case's open step, or None when its process has ended."""
    return case_tasks(case).filter(status__in=OPEN_TASK_STATUSES).last()


def task_actions(task: CaseTask, user) -> list[str]:
    """Return the transitions that complete this step and that the user may take now."""
    if task.status not in OPEN_TASK_STATUSES:
        return []
    allowed = available_transitions(task.case, user)
    return [name for name in task.flow_task.transitions if name in allowed]


def task_for_user(user, pk: int) -> CaseTask:
    """Return the open step with this id on a case the user may open, or raise DoesNotExist."""
    return _open_steps(user, None).get(pk=pk)


def flow_disagreement(case: Case) -> str:
    """Return how the case's flow disagrees with the case, or "" when it agrees.

    It agrees when its latest process has applied the case's last event and, while the
    process runs, its one open step is the step of the case's state (kept, marked, while
    the case is suspended). `manage.py sync_flows --check` reports these.
    """
    process = case.processes.order_by("-pk").first()
    last = case.events.order_by("-sequence").values_list("sequence", flat=True).first()
    if process is None:
        return "no process" if last is not None else ""
    if process.synced_sequence != last:
        return f"process at event {process.synced_sequence}, case at event {last}"
    if process.status in (PROCESS.DONE, PROCESS.CANCELED):
        return ""
    steps = list(case_tasks(case).filter(status__in=OPEN_TASK_STATUSES))
    status = case.suspended_from_status or case.status
    if len(steps) != 1:
        return f"{len(steps)} open steps"
    if steps[0].flow_task.status != status:
        return f"open step for {steps[0].flow_task.status}, case {status}"
    if steps[0].is_suspended != (case.status == Status.SUSPENDED):
        return "suspension of the step and the case differ"
    return ""
