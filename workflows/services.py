"""Writes of the workflows: the steps' actions, assignment, and picking up a step.

Every change to a case still goes through `cases.services.case_transition`; these
functions add the flow's side in the same transaction, so the step a user sees done is
done together with the case's change.
"""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from cases.exceptions import InvalidInput, NotAllowedInState, NotPermitted
from cases.models import Case, Status, Unit
from cases.selectors import handlers_of_unit
from cases.services import case_transition

from .models import CaseProcess, CaseTask, QueueTurn
from .sync import OPEN_TASK_STATUSES, flow_sync


def case_act(
    *,
    actor,
    case: Case,
    name: str,
    data: Mapping | None = None,
    expected_version: int | None = None,
) -> Case:
    """Take any transition on the case, as a button of the case page does, and move its flow.

    Assigning or reassigning without a `handler` lets the unit's queue choose one in turn.
    Raises what `case_transition` raises.
    """
    data = dict(data or {})
    if name in ("assign", "reassign") and not data.get("handler"):
        return case_assign(actor=actor, case=case, note=data.get("note", ""))
    with transaction.atomic():
        case = case_transition(
            case=case, actor=actor, name=name, data=data, expected_version=expected_version
        )
        flow_sync(case)
    return case


def task_complete(
    *,
    actor,
    task: CaseTask,
    transition: str,
    data: Mapping | None = None,
    expected_version: int | None = None,
) -> Case:
    """Complete an open step by taking one of its transitions on the case; return the case.

    Raises NotAllowedInState when the step is done already or the transition is not one
    that completes it, and otherwise what `case_transition` raises.
    """
    task = CaseTask.objects.select_related("process__caseprocess__case").get(pk=task.pk)
    if task.status not in OPEN_TASK_STATUSES:
        raise NotAllowedInState(_("This step has already been done."))
    if transition not in task.flow_task.transitions:
        raise NotAllowedInState(_("This action does not complete this step."))
    return case_act(
        actor=actor,
        case=task.case,
        name=transition,
        data=data,
        expected_version=expected_version,
    )


def task_take(*, actor, task: CaseTask) -> CaseTask:
    """Take a step waiting in the unit's queue, so that it shows in the actor's own inbox."""
    with transaction.atomic():
        # The case's row lock is the one every change to its process waits for.
        case_id = CaseProcess.objects.filter(pk=task.process_id).values("case_id")
        Case.objects.select_for_update(of=("self",)).filter(pk__in=case_id).exists()
        task = CaseTask.objects.select_related("process__caseprocess__case__unit").get(pk=task.pk)
        if task.status not in OPEN_TASK_STATUSES:
            raise NotAllowedInState(_("This step has already been done."))
        if not task.flow_task.can_assign(actor, task):
            raise NotPermitted(_("This step is not yours to take."))
        task.flow_task.activation_class(task).assign(actor)
    return task


def case_assign(*, actor, case: Case, handler=None, note: str = "") -> Case:
    """Give the case to a handler of its unit, or with `handler=None` to the next in turn.

    Assigns an accepted case and reassigns one under verification; the verification step
    moves to the new handler with the case's object permission. The turn goes round the
    unit's active handlers who are not away; a reassignment skips the current handler.
    """
    with transaction.atomic():
        current = Case.objects.select_related("unit").get(pk=case.pk)
        name = "reassign" if current.status == Status.VERIFYING else "assign"
        if handler is None:
            skip = current.handler_id if name == "reassign" else None
            handler = next_handler_in_turn(current.unit, skip=skip)
        case = case_transition(
            case=current,
            actor=actor,
            name=name,
            data={"handler": handler.get_username(), "note": note},
        )
        flow_sync(case)
    return case


def next_handler_in_turn(unit: Unit, *, skip: int | None = None):
    """Return the unit's next handler in turn and record the turn as taken.

    Call inside the transaction that assigns: the turn's row stays locked until it ends.
    """
    # Creating the row first makes the lock below the one place concurrent leaders meet.
    QueueTurn.objects.bulk_create([QueueTurn(unit=unit)], ignore_conflicts=True)
    turn = QueueTurn.objects.select_for_update().get(unit=unit)
    handlers = handlers_of_unit(unit).filter(is_away=False).order_by("pk")
    if skip is not None:
        handlers = handlers.exclude(pk=skip)
    after = turn.last_handler_id or 0
    handler = handlers.filter(pk__gt=after).first() or handlers.first()
    if handler is None:
        raise InvalidInput({"handler": [_("The unit has no handler available to take the case.")]})
    turn.last_handler = handler
    turn.save(update_fields=["last_handler"])
    return handler
