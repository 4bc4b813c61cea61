"""Keep each case's process in step with the case's event log.

Every change to a case is a `CaseEvent`, whoever made it: a step's button, the REST API,
a management command. Applying the events the process has not seen yet, in order, is the
one way a flow moves, so the flow and the case agree however the case was changed.
"""

import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max, Subquery
from django.utils import timezone
from viewflow.workflow import PROCESS, STATUS
from viewflow.workflow.models import Process

from cases.importing import bulk_insert
from cases.models import OPEN_STATUSES, Case, CaseEvent, Status

from .flows import flow_for
from .models import CaseProcess, CaseTask, FlowBacklog
from .nodes import CaseStep

logger = logging.getLogger(__name__)

OPEN_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
# The cases whose flow runs: an answered complaint still waits for its closing step.
FLOWING_STATUSES = frozenset({*OPEN_STATUSES, Status.RESPONDED})
FINISHED = (PROCESS.DONE, PROCESS.CANCELED)
# Side exits that end the handling, and with it the process (docs/lifecycle.md#flows).
ENDING_ACTIONS = frozenset({"withdraw", "terminate"})


def open_step(process: CaseProcess) -> CaseTask | None:
    """Return the process's open step, if any: a flow has at most one at a time."""
    return (
        CaseTask.objects.filter(process=process, status__in=OPEN_TASK_STATUSES)
        .select_related("owner", "process__caseprocess__case")
        .order_by("-pk")
        .first()
    )


def flow_sync(case: Case) -> CaseProcess | None:
    """Apply the case's events that its process has not seen yet; start it if there is none.

    Safe to call any number of times, in or out of the transaction that changed the case.
    """
    with transaction.atomic():
        # The case row's lock makes concurrent syncs of one case take turns.
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        process = case.processes.order_by("-pk").first()
        events = case.events.select_related("actor").order_by("sequence")
        if process is None:
            first = events.first()
            if first is None:
                return None
            # A case without a process (written in bulk, or before this app) replays its
            # whole history, in the flow of its kind as it stands; reclassifications
            # replayed after that land it in the same flow.
            process = _start(case, kind=case.kind, sequence=first.sequence)
        applied = None
        for event in events.filter(sequence__gt=process.synced_sequence):
            process, applied = _apply(process, event), event.sequence
        if applied is not None:
            process.synced_sequence = applied
            process.save(update_fields=["synced_sequence"])
        return process


def flow_catch_up(case_id: int, *, backlog_up_to: int) -> None:
    """Bring the case's flow up to its events, then clear its backlog up to that entry.

    A case's backlog entries are written in commit order (each transaction holds the case's
    row lock), so those up to `backlog_up_to` are events committed before this runs.
    """
    # One transaction's events of a case each schedule this; the first catches up on all.
    latest = CaseEvent.objects.filter(case_id=case_id).order_by("-sequence").values("sequence")
    synced = CaseProcess.objects.filter(case_id=case_id, synced_sequence=Subquery(latest[:1]))
    if not synced.exists():
        flow_sync(Case(pk=case_id))
    FlowBacklog.objects.filter(case_id=case_id, pk__lte=backlog_up_to).delete()


def backlog_sweep(*, older_than: timedelta = timedelta(seconds=5)) -> int:
    """Catch up the flows whose catch-up after the commit did not happen; return how many.

    Entries younger than `older_than` are left to the catch-up that is still running.
    """
    pending = (
        FlowBacklog.objects.filter(created_at__lt=timezone.now() - older_than)
        .values("case_id")
        .annotate(last=Max("pk"))
        .order_by("case_id")
    )
    count = 0
    for entry in pending:
        flow_catch_up(entry["case_id"], backlog_up_to=entry["last"])
        count += 1
    return count


def flows_start_written(cases: Sequence[Case]) -> None:
    """Give cases written in bulk their process, at the step each waits at, in a few inserts.

    For cases that `cases.importing` wrote with their events numbered 1 to their version:
    each running case gets a process that has applied its last event, with the step of the
    case's state open, in the unit's queue or, while verifying, with its handler, as
    `flow_sync` leaves it. The steps before are the case's event log, not replayed as tasks
    one at a time. Finished cases get none, as `sync_flows` leaves them.
    """
    flowing = [case for case in cases if case.status in FLOWING_STATUSES]
    if not flowing:
        return
    now = timezone.now()
    artifact_type = ContentType.objects.get_for_model(Case)
    steps = [_waiting_step(case) for case in flowing]
    processes = [
        Process(
            flow_class=flow_for(case.kind),
            # A flow that ended with the case's last step (an answered denunciation).
            status=PROCESS.NEW if step else PROCESS.DONE,
            created=now,
            finished=None if step else now,
            artifact_content_type=artifact_type,
            artifact_object_id=case.pk,
        )
        for case, step in zip(flowing, steps, strict=True)
    ]
    bulk_insert(Process, processes, ids=True)
    # bulk_create refuses a model inheriting another's table: its own columns go in here.
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {CaseProcess._meta.db_table} (process_ptr_id, case_id, synced_sequence)"
            " VALUES (%s, %s, %s)",
            [
                (process.pk, case.pk, case.version)
                for process, case in zip(processes, flowing, strict=True)
            ],
        )
    bulk_insert(
        CaseTask,
        [
            _open_task(process, step, case, now)
            for process, case, step in zip(processes, flowing, steps, strict=True)
            if step
        ],
    )


def _waiting_step(case: Case) -> CaseStep | None:
    """Return the step of the case's flow open in its state, or None once the flow has ended."""
    return _step_of(flow_for(case.kind), case.suspended_from_status or case.status)


@cache
def _step_of(flow_class, status: str) -> CaseStep | None:
    steps = flow_class.instance.nodes()
    return next((s for s in steps if isinstance(s, CaseStep) and s.status == status), None)


def _open_task(process: Process, step: CaseStep, case: Case, now) -> CaseTask:
    # The verification step is the handler's own, as its `Assign` gives it in a live flow.
    owner = case.handler_id if step.status == Status.VERIFYING else None
    return CaseTask(
        process_id=process.pk,
        flow_task=step,
        flow_task_type=step.task_type,
        status=STATUS.ASSIGNED if owner else STATUS.NEW,
        created=now,
        owner_id=owner,
        data={"suspended": True} if case.status == Status.SUSPENDED else {},
    )


def _start(case: Case, *, kind: str, sequence: int) -> CaseProcess:
    return flow_for(kind).start.run(case=case, sequence=sequence)


def _apply(process: CaseProcess, event: CaseEvent) -> CaseProcess:
    """Apply one event to the process; return the process that runs on afterwards."""
    action = event.action
    step = open_step(process) if process.status not in FINISHED else None
    if step is None:
        # A finished process needs nothing more (e.g. closing an answered denunciation).
        return process
    if action in ENDING_ACTIONS:
        _end(process, ended_by=action)
    elif action == "suspend":
        # The step waits, marked, with its owner: resuming goes on where it stopped.
        step.data["suspended"] = True
        step.save(update_fields=["data"])
    elif action == "resume":
        step.data.pop("suspended", None)
        step.save(update_fields=["data"])
    elif action == "reassign":
        _reassign(step, event)
    elif action == "classify":
        kind = event.data.get("fields", {}).get("kind")
        if kind and flow_for(kind) is not process.flow_class:
            _end(process, ended_by=action)
            return _start(process.case, kind=kind, sequence=event.sequence)
    elif event.from_status == step.flow_task.status and event.to_status != event.from_status:
        _complete(step, event)
    elif event.from_status and event.from_status != event.to_status:
        logger.warning(
            "Case %s: event %s (%s) does not match the open step %s.",
            process.case_id,
            event.sequence,
            action,
            step.flow_task.name,
        )
    return process


def _complete(step: CaseTask, event: CaseEvent) -> None:
    """Complete the step as the event's actor; the flow routes on the event's outcome.

    No viewflow lock: `flow_sync` holds the case's row lock, which every change to the
    case's process waits for.
    """
    activation = step.flow_task.activation_class(step)
    step.data.update(
        {"transition": event.action, "to_status": event.to_status, "event": event.sequence}
    )
    step.data.pop("suspended", None)
    if step.status == STATUS.NEW:
        activation.assign(event.actor)
    elif event.actor is not None and step.owner_id != event.actor.pk:
        # Whoever took the transition did the step, whoever had picked it up.
        step.owner = event.actor
    activation.start(None)
    activation.execute()


def _reassign(step: CaseTask, event: CaseEvent) -> None:
    username = event.data.get("fields", {}).get("handler")
    handler = get_user_model().objects.filter(username=username).first()
    if handler is None:
        return
    activation = step.flow_task.activation_class(step)
    if step.status == STATUS.NEW:
        activation.assign(handler)
    else:
        activation.reassign(handler)


def _end(process: CaseProcess, *, ended_by: str) -> None:
    process.flow_class.instance.cancel(process)
    process.data["ended_by"] = ended_by
    process.finished = process.finished or timezone.now()
    process.save(update_fields=["data", "finished"])
