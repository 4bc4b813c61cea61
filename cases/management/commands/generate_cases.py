"""`manage.py generate_cases --count N`: historical cases in bulk, for benchmarks.

Petitions and histories come from the demo planner of `seed_demo`; instead of taking each
step through the services, each case is written in its final state with its event log,
petitions and handler permission, batch by batch with bulk inserts.
"""

import multiprocessing
import os
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from random import Random
from time import monotonic

from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.utils import timezone
from tqdm import tqdm

from cases import tracking_codes
from cases.deadlines import RuleBook, WorkingCalendar, apply_deadlines, compute_deadlines
from cases.demo.organisation import SEED, ensure_organisation
from cases.demo.planner import CasePlan, CasePlanner
from cases.models import (
    Case,
    CaseEvent,
    CaseExtension,
    CaseSuspension,
    CaseUserObjectPermission,
    Petition,
    Petitioner,
    Status,
)
from cases.selectors import HANDLE_PERMISSION
from cases.services import (
    PetitionInput,
    event_fields,
    format_reference,
    reserve_case_numbers,
)
from cases.signals import announce_changed
from cases.transition_forms import transition_arguments

# About eighteen months of working days, so that the oldest cases name a former district.
GENERATED_WORKING_DAYS = 380


@dataclass
class _Rows:
    """The rows of one case, linked through unsaved objects until the batch is inserted."""

    case: Case
    people: list[Petitioner]
    petitions: list[Petition]
    representatives: list[tuple[Petition, Petitioner]]
    events: list[CaseEvent]
    suspensions: list[CaseSuspension]
    extensions: list[CaseExtension]


class HistoryWriter:
    """Write planned cases in their final state, one batch per call, with bulk inserts."""

    def __init__(self, *, calendar: WorkingCalendar, rules: RuleBook, permission: Permission):
        self.calendar, self.rules, self.permission = calendar, rules, permission
        # Read once: the current time zone is a context-local lookup, slow in a loop.
        self.zone = timezone.get_current_timezone()

    def write(self, plans: list[CasePlan]) -> None:
        # Numbers are reserved before the batch's transaction, which then holds no lock that
        # other writers wait for; a failed batch leaves a gap in the numbering.
        references = self._references(plans)
        rows = [
            self._rows(plan, reference) for plan, reference in zip(plans, references, strict=True)
        ]
        with transaction.atomic():
            self._insert(rows)

    def _insert(self, rows: list[_Rows]) -> None:
        Petitioner.objects.bulk_create([person for row in rows for person in row.people])
        Case.objects.bulk_create([row.case for row in rows])
        Petition.objects.bulk_create([petition for row in rows for petition in row.petitions])
        Representation = Petition.representatives.through
        Representation.objects.bulk_create(
            Representation(petition_id=petition.pk, petitioner_id=person.pk)
            for row in rows
            for petition, person in row.representatives
        )
        CaseEvent.objects.bulk_create([event for row in rows for event in row.events])
        CaseSuspension.objects.bulk_create([item for row in rows for item in row.suspensions])
        CaseExtension.objects.bulk_create([item for row in rows for item in row.extensions])
        CaseUserObjectPermission.objects.bulk_create(
            CaseUserObjectPermission(
                permission=self.permission, user_id=row.case.handler_id, content_object=row.case
            )
            for row in rows
            if row.case.handler_id is not None
        )
        announce_changed(row.case.pk for row in rows)

    def _references(self, plans: list[CasePlan]) -> list[str]:
        """Reserve one block of case numbers per kind and year in the batch."""
        by_series = defaultdict(list)
        for index, plan in enumerate(plans):
            year = plan.petition.received_at.astimezone(self.zone).year
            by_series[plan.petition.kind, year].append(index)
        references = [""] * len(plans)
        for (kind, year), indexes in by_series.items():
            last = reserve_case_numbers(kind=kind, year=year, count=len(indexes))
            for number, index in enumerate(indexes, start=last - len(indexes) + 1):
                references[index] = format_reference(kind=kind, year=year, number=number)
        return references

    def _rows(self, plan: CasePlan, reference: str) -> _Rows:
        case = self._case(plan, reference)
        suspensions, extensions = self._clock_records(plan, case)
        apply_deadlines(
            case,
            compute_deadlines(
                case,
                calendar=self.calendar,
                rules=self.rules,
                suspensions=suspensions,
                extensions=extensions,
            ),
        )
        people, petitions, representatives = [], [], []
        for data in (plan.petition, *plan.duplicates):
            petition, new_people, petition_representatives = self._petition(plan, case, data)
            petitions.append(petition)
            people.extend(new_people)
            representatives.extend((petition, person) for person in petition_representatives)
        return _Rows(
            case=case,
            people=people,
            petitions=petitions,
            representatives=representatives,
            events=self._events(plan, case, petitions),
            suspensions=suspensions,
            extensions=extensions,
        )

    def _case(self, plan: CasePlan, reference: str) -> Case:
        petition = plan.petition
        case = Case(
            reference=reference,
            kind=petition.kind,
            unit_id=plan.office.unit.pk,
            locality_id=petition.locality.pk,
            field_id=petition.field.pk,
            subject=petition.subject,
            is_anonymous=petition.is_anonymous,
            received_at=petition.received_at,
            version=1 + len(plan.duplicates) + len(plan.steps),
        )
        # The model's own transitions, without the service's checks and writes: a generated
        # case reaches its state and fields the way a live one does.
        for step in plan.steps:
            getattr(case, step.name)(today=step.on, **transition_arguments(step.data))
        if case.status != plan.status:
            raise CommandError(f"{reference}: planned {plan.status}, replayed {case.status}.")
        return case

    def _clock_records(
        self, plan: CasePlan, case: Case
    ) -> tuple[list[CaseSuspension], list[CaseExtension]]:
        suspensions, extensions = [], []
        for step in plan.steps:
            if step.name == "suspend":
                suspensions.append(
                    CaseSuspension(case=case, started_on=step.on, reason=step.data["reason"])
                )
            elif step.name in ("resume", "terminate"):
                suspensions[-1].ended_on = step.on
            elif step.name == "extend":
                extensions.append(
                    CaseExtension(
                        case=case,
                        days=step.data["days"],
                        reason=step.data["reason"],
                        granted_by_id=step.actor.pk,
                        granted_on=step.on,
                    )
                )
        return suspensions, extensions

    def _petition(
        self, plan: CasePlan, case: Case, data: PetitionInput
    ) -> tuple[Petition, list[Petitioner], list[Petitioner]]:
        """Return the petition, the people to insert for it, and its representatives."""
        petitioner = Petitioner(**vars(data.petitioner)) if data.petitioner else None
        # A group's lead representative is its petitioner too: one person, one row.
        representatives = [
            petitioner if person is data.petitioner else Petitioner(**vars(person))
            for person in data.representatives
        ]
        people = [petitioner] if petitioner else []
        people += [person for person in representatives if person is not petitioner]
        petition = Petition(
            case=case,
            tracking_code=tracking_codes.generate(data.received_at.astimezone(self.zone).year),
            channel=data.channel,
            received_at=data.received_at,
            received_by_id=plan.office.registrar.pk,
            subject=data.subject,
            content=data.content,
            petitioner=petitioner,
            group_size=data.group_size,
            forwarded_from=data.forwarded_from,
        )
        return petition, people, representatives

    def _events(self, plan: CasePlan, case: Case, petitions: list[Petition]) -> list[CaseEvent]:
        events = [
            CaseEvent(
                case=case,
                sequence=number,
                action="received" if number == 1 else "petition_joined",
                to_status=Status.RECEIVED,
                actor_id=plan.office.registrar.pk,
                data={"tracking_code": petition.tracking_code, "channel": petition.channel},
                created_at=petition.received_at,
            )
            for number, petition in enumerate(petitions, start=1)
        ]
        for number, step in enumerate(plan.steps, start=len(events) + 1):
            events.append(
                CaseEvent(
                    case=case,
                    sequence=number,
                    action=step.name,
                    from_status=step.from_status,
                    to_status=step.to_status,
                    actor_id=step.actor.pk,
                    note=step.data.get("note", ""),
                    data={"fields": event_fields(step.data)},
                    created_at=step.at,
                )
            )
        return events


class BatchJob:
    """Plan and write numbered batches; each process builds one and reuses it."""

    def __init__(self, *, seed: int, now: datetime):
        self.seed, self.now = seed, now
        self.organisation = ensure_organisation()
        self.calendar = WorkingCalendar.load()
        self.writer = HistoryWriter(
            calendar=self.calendar,
            rules=RuleBook.load(),
            permission=Permission.objects.get(
                content_type__app_label="cases", codename=HANDLE_PERMISSION
            ),
        )

    def run(self, batch: tuple[int, int]) -> int:
        """Write batch number `index` of `size` cases and return its size."""
        index, size = batch
        # One generator per batch: the data depend on the seed, not on which process wrote it.
        planner = CasePlanner(
            self.organisation,
            rng=Random(f"{self.seed}:{index}"),
            calendar=self.calendar,
            now=self.now,
            working_days=GENERATED_WORKING_DAYS,
        )
        self.writer.write([planner.plan() for _ in range(size)])
        return size


# The job of a worker process, set up once by its initializer.
_worker_job: BatchJob | None = None


def _start_worker(seed: int, now: datetime) -> None:
    global _worker_job
    _worker_job = BatchJob(seed=seed, now=now)


def _run_in_worker(batch: tuple[int, int]) -> int:
    return _worker_job.run(batch)


class Command(BaseCommand):
    help = "Generate historical cases in bulk for benchmarks; creates the demo organisation."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many cases to write.")
        parser.add_argument("--batch-size", type=int, default=5000, help="Cases per transaction.")
        parser.add_argument("--seed", type=int, default=SEED, help="Seed of the random generator.")
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes writing batches in parallel (default: one per CPU).",
        )

    def handle(self, *args, count: int, batch_size: int, seed: int, workers: int, **options):
        if min(count, batch_size, workers) < 1:
            raise CommandError("--count, --batch-size and --workers must be at least 1.")
        if workers > 1 and connection.in_atomic_block:
            raise CommandError("Other processes cannot see this transaction: use --workers 1.")
        started, now = monotonic(), timezone.now()
        # Created here, once, before any worker looks for it.
        ensure_organisation()
        batches = [
            (index, min(batch_size, count - start))
            for index, start in enumerate(range(0, count, batch_size))
        ]
        with (
            _batch_writer(seed=seed, now=now, workers=workers) as write,
            tqdm(total=count, desc="Generating cases", unit="case", unit_scale=True) as progress,
        ):
            for size in write(batches):
                progress.update(size)
        elapsed = monotonic() - started
        self.stdout.write(
            f"Generated {count:,} cases in {elapsed:.1f} s ({count / elapsed:,.0f} cases/s)."
        )


@contextmanager
def _batch_writer(*, seed: int, now: datetime, workers: int):
    """Yield a function that writes batches and yields the size of each as it is done."""
    if workers == 1 or connection.vendor == "sqlite":
        # SQLite takes one writer at a time.
        yield partial(map, BatchJob(seed=seed, now=now).run)
        return
    # Forked workers must open their own connections, not share the parent's.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(seed, now)) as pool:
        yield partial(pool.imap_unordered, _run_in_worker)
