"""Write cases in their historical state in bulk: generated histories and imported registers.

Instead of taking each step through the services, each case is written in its final state
with its event log, petitions and handler permission, batch by batch with bulk inserts. The
case reaches its state through the model's own transitions, so its fields are those a live
case would have, and its due dates come from the deadline engine.
"""

import multiprocessing
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter

from django.contrib.auth.models import Permission
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models import Model
from django.utils import timezone

from . import identity, tracking_codes
from .deadlines import RuleBook, WorkingCalendar, apply_deadlines, compute_deadlines
from .models import (
    Case,
    CaseEvent,
    CaseExtension,
    CaseSuspension,
    CaseUserObjectPermission,
    Kind,
    Petition,
    Petitioner,
    ProtectedIdentity,
    ProtectedPetitionText,
    Status,
    Unit,
    User,
)
from .selectors import HANDLE_PERMISSION
from .services import PetitionInput, event_fields, format_reference, reserve_case_numbers
from .signals import announce_changed, cases_written
from .transition_forms import transition_arguments


@dataclass(frozen=True)
class Step:
    """One transition a case took: who, when, with which fields, from and to which state.

    A step that is not `recorded` is implied by a later one (an imported register names the
    decision, not the assignment before it): the case takes it, the event log does not.
    """

    name: str
    actor: User | None
    at: datetime
    on: date
    data: dict
    from_status: str
    to_status: str
    recorded: bool = True


@dataclass
class HistoricalCase:
    """A petition, the other petitions that joined its case, and the steps the case took."""

    unit: Unit
    registrar: User | None
    petition: PetitionInput
    duplicates: list[PetitionInput] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    # The number of the petition in the register it was imported from, and that register's unit.
    external_number: str = ""
    external_unit: Unit | None = None

    @property
    def status(self) -> str:
        return self.steps[-1].to_status if self.steps else Status.RECEIVED


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
    # A denunciation's people and texts as received, encrypted (`cases.identity`).
    identities: list[ProtectedIdentity] = field(default_factory=list)
    texts: list[ProtectedPetitionText] = field(default_factory=list)


class HistoryWriter:
    """Write historical cases in their final state, one batch per call, with bulk inserts."""

    def __init__(self, *, calendar: WorkingCalendar, rules: RuleBook, permission: Permission):
        self.calendar, self.rules, self.permission = calendar, rules, permission
        # Read once: the current time zone is a context-local lookup, slow in a loop.
        self.zone = timezone.get_current_timezone()

    @classmethod
    def load(cls) -> "HistoryWriter":
        """Return a writer with the calendar and deadline rules read from the database."""
        return cls(
            calendar=WorkingCalendar.load(),
            rules=RuleBook.load(),
            permission=Permission.objects.get(
                content_type__app_label="cases", codename=HANDLE_PERMISSION
            ),
        )

    def write(self, histories: list[HistoricalCase], *, wait_for_disk: bool = True) -> list[Case]:
        """Insert the cases in one transaction and return them.

        Without `wait_for_disk`, the transaction's commit on PostgreSQL returns before its
        write-ahead log reaches the disk: a crash may lose the batch whole, never part of it,
        until the caller's next ordinary commit, which flushes the log up to it.
        """
        # Numbers are reserved before the batch's transaction, which then holds no lock that
        # other writers wait for; a failed batch leaves a gap in the numbering.
        references = self._references(histories, wait_for_disk=wait_for_disk)
        rows = [
            self._rows(history, reference)
            for history, reference in zip(histories, references, strict=True)
        ]
        with _transaction(wait_for_disk=wait_for_disk):
            self._insert(rows)
        return [row.case for row in rows]

    def _insert(self, rows: list[_Rows]) -> None:
        bulk_insert(Petitioner, [person for row in rows for person in row.people], ids=True)
        bulk_insert(ProtectedIdentity, [item for row in rows for item in row.identities])
        bulk_insert(Case, [row.case for row in rows], ids=True)
        bulk_insert(Petition, [petition for row in rows for petition in row.petitions], ids=True)
        bulk_insert(ProtectedPetitionText, [item for row in rows for item in row.texts])
        Representation = Petition.representatives.through
        bulk_insert(
            Representation,
            [
                Representation(petition_id=petition.pk, petitioner_id=person.pk)
                for row in rows
                for petition, person in row.representatives
            ],
        )
        bulk_insert(CaseEvent, [event for row in rows for event in row.events])
        bulk_insert(CaseSuspension, [item for row in rows for item in row.suspensions])
        bulk_insert(CaseExtension, [item for row in rows for item in row.extensions])
        bulk_insert(
            CaseUserObjectPermission,
            [
                CaseUserObjectPermission(
                    permission=self.permission,
                    user_id=row.case.handler_id,
                    content_object=row.case,
                )
                for row in rows
                if row.case.handler_id is not None
            ],
        )
        announce_changed(row.case.pk for row in rows)
        cases_written.send(sender=HistoryWriter, cases=[row.case for row in rows])

    def _references(self, histories: list[HistoricalCase], *, wait_for_disk: bool) -> list[str]:
        """Reserve one block of case numbers per kind and year in the batch."""
        by_series = defaultdict(list)
        for index, history in enumerate(histories):
            year = history.petition.received_at.astimezone(self.zone).year
            by_series[history.petition.kind, year].append(index)
        references = [""] * len(histories)
        # One commit for the batch's blocks, taken in one order so that writers never deadlock.
        # Were it lost in a crash, so would be the batch committed after it.
        with _transaction(wait_for_disk=wait_for_disk):
            for (kind, year), indexes in sorted(by_series.items()):
                last = reserve_case_numbers(kind=kind, year=year, count=len(indexes))
                for number, index in enumerate(indexes, start=last - len(indexes) + 1):
                    references[index] = format_reference(kind=kind, year=year, number=number)
        return references

    def _rows(self, history: HistoricalCase, reference: str) -> _Rows:
        case = self._case(history, reference)
        suspensions, extensions = self._clock_records(history, case)
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
        # A denunciation's people are kept apart and encrypted, as `petition_register` does.
        protect = case.kind == Kind.DENUNCIATION
        identities = [] if protect else None
        inputs = (history.petition, *history.duplicates)
        people, petitions, representatives = [], [], []
        for number, data in enumerate(inputs):
            petition, new_people, petition_representatives = self._petition(
                history, case, data, identities
            )
            if number == 0:
                petition.external_number = history.external_number
                petition.external_unit = history.external_unit
            petitions.append(petition)
            people.extend(new_people)
            representatives.extend((petition, person) for person in petition_representatives)
        events = self._events(history, case, petitions)
        case.version = len(events)
        rows = _Rows(
            case=case,
            people=people,
            petitions=petitions,
            representatives=representatives,
            events=events,
            suspensions=suspensions,
            extensions=extensions,
            identities=identities or [],
        )
        if protect:
            self._redact(rows, inputs)
        return rows

    def _redact(self, rows: _Rows, inputs: tuple[PetitionInput, ...]) -> None:
        """Keep a denunciation's texts as received sealed, and redacted everywhere else."""
        redact = identity.Redactor(
            person
            for data in inputs
            for person in (data.petitioner, *data.representatives)
            if person
        )
        for petition, data in zip(rows.petitions, inputs, strict=True):
            rows.texts.append(
                identity.protected_text_row(petition, subject=data.subject, content=data.content)
            )
            petition.subject = redact(data.subject)
            petition.content = redact(data.content)
            petition.identity_protected = True
        case = rows.case
        case.subject = redact(case.subject)
        case.findings = redact(case.findings)
        case.public_summary = redact(case.public_summary)
        for event in rows.events:
            event.note = redact(event.note)
            fields = event.data.get("fields", {})
            for name, value in fields.items():
                if isinstance(value, str):
                    fields[name] = redact(value)

    def _case(self, history: HistoricalCase, reference: str) -> Case:
        petition = history.petition
        case = Case(
            reference=reference,
            kind=petition.kind,
            unit_id=history.unit.pk,
            locality_id=petition.locality.pk,
            field_id=petition.field.pk,
            subject=petition.subject,
            is_anonymous=petition.is_anonymous,
            received_at=petition.received_at,
        )
        # The model's own transitions, without the service's checks and writes: a written
        # case reaches its state and fields the way a live one does.
        for step in history.steps:
            getattr(case, step.name)(today=step.on, **transition_arguments(step.data))
        if case.status != history.status:
            raise ValueError(f"{reference}: expected {history.status}, replayed {case.status}.")
        return case

    def _clock_records(
        self, history: HistoricalCase, case: Case
    ) -> tuple[list[CaseSuspension], list[CaseExtension]]:
        suspensions, extensions = [], []
        for step in history.steps:
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

    @staticmethod
    def _person(person, identities: list[ProtectedIdentity] | None) -> Petitioner:
        """Return the person's row; with `identities`, an empty one whose identity is sealed."""
        if identities is None:
            return Petitioner(**vars(person))
        petitioner, sealed = identity.protected_person_rows(person)
        identities.append(sealed)
        return petitioner

    def _petition(
        self,
        history: HistoricalCase,
        case: Case,
        data: PetitionInput,
        identities: list[ProtectedIdentity] | None,
    ) -> tuple[Petition, list[Petitioner], list[Petitioner]]:
        """Return the petition, the people to insert for it, and its representatives."""
        petitioner = self._person(data.petitioner, identities) if data.petitioner else None
        # A group's lead representative is its petitioner too: one person, one row.
        representatives = [
            petitioner if person is data.petitioner else self._person(person, identities)
            for person in data.representatives
        ]
        people = [petitioner] if petitioner else []
        people += [person for person in representatives if person is not petitioner]
        petition = Petition(
            case=case,
            tracking_code=tracking_codes.generate(data.received_at.astimezone(self.zone).year),
            channel=data.channel,
            received_at=data.received_at,
            received_by=history.registrar,
            subject=data.subject,
            content=data.content,
            petitioner=petitioner,
            group_size=data.group_size,
            forwarded_from=data.forwarded_from,
        )
        return petition, people, representatives

    def _events(
        self, history: HistoricalCase, case: Case, petitions: list[Petition]
    ) -> list[CaseEvent]:
        registrar_id = history.registrar.pk if history.registrar else None
        events = [
            CaseEvent(
                case=case,
                sequence=number,
                action="received" if number == 1 else "petition_joined",
                to_status=Status.RECEIVED,
                actor_id=registrar_id,
                data={"tracking_code": petition.tracking_code, "channel": petition.channel},
                created_at=petition.received_at,
            )
            for number, petition in enumerate(petitions, start=1)
        ]
        recorded = [step for step in history.steps if step.recorded]
        for number, step in enumerate(recorded, start=len(events) + 1):
            events.append(
                CaseEvent(
                    case=case,
                    sequence=number,
                    action=step.name,
                    from_status=step.from_status,
                    to_status=step.to_status,
                    actor_id=step.actor.pk if step.actor else None,
                    note=step.data.get("note", ""),
                    data={"fields": event_fields(step.data)},
                    created_at=step.at,
                )
            )
        return events


@contextmanager
def _transaction(*, wait_for_disk: bool) -> Iterator[None]:
    """Open a transaction; on PostgreSQL, without `wait_for_disk`, one committed asynchronously.

    An asynchronous commit is atomic and ordered like any other; only its flush to disk is
    left to the WAL writer (a fraction of a second) or to the next ordinary commit. Inside an
    enclosing transaction the setting would reach the caller's commit: it is left alone there.
    """
    asynchronous = (
        not wait_for_disk and not connection.in_atomic_block and connection.vendor == "postgresql"
    )
    with transaction.atomic():
        if asynchronous:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


# Django's own field classes whose Python values COPY takes as they are (datetimes are
# aware); subclasses, like a state machine's or viewflow's references, go through their field.
_PLAIN_COLUMNS = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.BigIntegerField,
        models.BooleanField,
        models.DateField,
        models.DateTimeField,
        models.DecimalField,
        models.ForeignKey,
        models.IntegerField,
        models.OneToOneField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.SmallIntegerField,
    }
)
_TEXT_COLUMNS = frozenset({models.CharField, models.EmailField, models.TextField, models.URLField})


def _column_reader(field, db) -> Callable[[Model], object]:
    """Return how to read the field's column value from an object, as bulk_create would."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, add=True)
    if type(field) in _PLAIN_COLUMNS:
        return attrgetter(field.attname)
    if type(field) in _TEXT_COLUMNS:
        read = attrgetter(field.attname)

        def text(obj):
            # Choices and lazy translations are str subclasses or proxies: store their text.
            value = read(obj)
            return value if value is None or type(value) is str else str(value)

        return text
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, add=True), db)


def bulk_insert(model: type[Model], objects: list[Model], *, ids: bool = False) -> None:
    """Insert unsaved objects as `bulk_create` does; on PostgreSQL with one COPY.

    With `ids`, each object gets its id first (drawn from the table's sequence), for the
    rows inserted after it that point to it. Foreign keys are read from the linked objects.
    Django's bulk_create compiles one placeholder per value and sends the values as arrays;
    COPY streams the rows, which more than halves the cost of writing a batch.
    """
    if not objects:
        return
    # `connection` finds the connection of this thread on each use: once is enough here.
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        model.objects.bulk_create(objects)
        return
    # A proxy's rows are its concrete model's.
    meta = model._meta.concrete_model._meta
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="bulk_insert")
    with db.cursor() as cursor:
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objects)],
            )
            for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
                obj.pk = pk
        fields = [f for f in meta.local_concrete_fields if ids or f is not meta.pk]
        readers = [_column_reader(field, db) for field in fields]
        columns = ", ".join(db.ops.quote_name(field.column) for field in fields)
        table = db.ops.quote_name(meta.db_table)
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([read(obj) for read in readers])
    for obj in objects:
        obj._state.adding, obj._state.db = False, db.alias


class SerialWriter:
    """Write each batch as it is submitted; return how many cases each call finished."""

    def __init__(self):
        self.writer = HistoryWriter.load()

    def submit(self, histories: list[HistoricalCase]) -> int:
        self.writer.write(histories, wait_for_disk=False)
        return len(histories)

    def finish(self) -> int:
        return 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        """Nothing to release: each batch was written as it came."""


# The writer of a worker process, set up once by its initializer.
_worker_writer: HistoryWriter | None = None


def _start_worker() -> None:
    global _worker_writer
    _worker_writer = HistoryWriter.load()


def _write_in_worker(histories: list[HistoricalCase]) -> int:
    _worker_writer.write(histories, wait_for_disk=False)
    return len(histories)


class ParallelWriter:
    """Write batches in forked processes, a few batches in flight at a time."""

    def __init__(self, workers: int):
        if connection.in_atomic_block:
            raise RuntimeError("Other processes cannot see this transaction: use one worker.")
        self.workers = workers
        self.in_flight: deque = deque()
        # Forked workers must open their own connections, not share the parent's.
        connections.close_all()
        self.pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)

    def submit(self, histories: list[HistoricalCase]) -> int:
        self.in_flight.append(self.pool.apply_async(_write_in_worker, (histories,)))
        finished = 0
        # Enough queued to keep every worker busy; more would only hold rows in memory.
        while len(self.in_flight) > 2 * self.workers:
            finished += self.in_flight.popleft().get()
        return finished

    def finish(self) -> int:
        """Wait for the batches in flight; return how many cases they wrote."""
        finished = sum(result.get() for result in self.in_flight)
        self.in_flight.clear()
        return finished

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        # After an error, batches not yet written are dropped; those written stay whole.
        if exc_type is None:
            self.pool.close()
        else:
            self.pool.terminate()
        self.pool.join()


def batch_writer(workers: int = 1) -> SerialWriter | ParallelWriter:
    """Return a writer of batches in this process, or in `workers` processes.

    Its batches commit without waiting for the disk (`HistoryWriter.write`): the caller
    makes them durable with an ordinary commit once the last one is written.
    """
    if workers == 1 or connection.vendor == "sqlite":
        # SQLite takes one writer at a time.
        return SerialWriter()
    return ParallelWriter(workers)
