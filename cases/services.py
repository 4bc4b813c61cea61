"""Every write to petitions and cases: one function per operation, each in one transaction.

Views, the API, management commands and workflows call these to change a case. Three other
modules of this app write cases, each for one purpose: `cases.importing` writes historical
cases in bulk with the states their registers give, `cases.identity` redacts a denouncer from
a case's subject, and `cases.deadlines` stores recomputed due dates.
"""

import dataclasses
import uuid
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm
from django_fsm import TransitionNotAllowed as FSMTransitionNotAllowed
from guardian.shortcuts import assign_perm, remove_perm

from common.text import has_hidden_characters

from . import geo, identity, tracking_codes, uploads
from .deadlines import WorkingCalendar, apply_deadlines, compute_deadlines, extension_refusal
from .exceptions import (
    CaseConflict,
    InvalidInput,
    NotAllowedInState,
    NotPermitted,
    UnknownTransition,
)
from .identity import PetitionerData
from .models import (
    OPEN_STATUSES,
    PUBLIC_REPORT_KINDS,
    Attachment,
    Case,
    CaseEvent,
    CaseExtension,
    CaseSequence,
    CaseSuspension,
    Channel,
    Field,
    Kind,
    Locality,
    Petition,
    Petitioner,
    ReceptionSession,
    Unit,
)
from .permissions import may_preside_reception, may_register_petitions, may_schedule_reception
from .selectors import HANDLE_PERMISSION
from .signals import announce_changed
from .transition_forms import FORMS, transition_arguments

REFERENCE_PREFIXES = {
    Kind.COMPLAINT: "KN",
    Kind.DENUNCIATION: "TC",
    Kind.RECOMMENDATION: "KNG",
    Kind.FEEDBACK: "PA",
}
TRACKING_CODE_ATTEMPTS = 5
# No petition is registered as received before this day; older ones come in through the
# register importer (docs/lifecycle.md#registering-a-petition).
RECEIVED_SINCE = date(2000, 1, 1)


@dataclass(frozen=True)
class PetitionInput:
    """A petition as typed at the desk or sent by the API, already parsed."""

    kind: str
    channel: str
    subject: str
    content: str
    locality: Locality
    field: Field
    petitioner: PetitionerData | None = None
    representatives: tuple[PetitionerData, ...] = ()
    group_size: int = 1
    received_at: datetime | None = None
    duplicate_of: Case | None = None
    forwarded_from: str = ""
    is_second_time: bool = False
    previous_case: Case | None = None
    # Where a recommendation or feedback is seen: a WGS84 point, the place in words, a link.
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    place: str = ""
    media_url: str = ""
    # The leader's reception session an in-person visit came to.
    reception_session: ReceptionSession | None = None

    @classmethod
    def from_cleaned(cls, data: Mapping, *, channel: str, **decided) -> "PetitionInput":
        """Return the petition in a channel's cleaned data (a form's, a serializer's).

        `data` names this class's fields (other keys are ignored, None keeps the default); the
        petitioner is `data["petitioner"]` or, flat, `full_name`, `phone` and the rest, and
        exists only with a name. `decided` is what the channel settles itself (who a group's
        people are, its size) and wins over `data`.
        """
        names = {field.name for field in dataclasses.fields(cls)}
        values = {
            name: value for name, value in data.items() if name in names and value is not None
        }
        values["petitioner"] = _person(values.get("petitioner", data))
        values["representatives"] = tuple(
            _person(person) for person in values.get("representatives", ())
        )
        values.update(decided, channel=channel)
        return cls(**values)

    @property
    def is_anonymous(self) -> bool:
        # A group may be named by its representatives alone.
        return self.petitioner is None and not self.representatives

    @property
    def people(self) -> list[PetitionerData]:
        return [person for person in (self.petitioner, *self.representatives) if person]


def _person(data: Mapping | PetitionerData) -> PetitionerData | None:
    if isinstance(data, PetitionerData):
        return data
    if not data.get("full_name"):
        return None
    return PetitionerData(
        **{field.name: data.get(field.name) or "" for field in dataclasses.fields(PetitionerData)}
    )


def reserve_case_numbers(*, kind: str, year: int, count: int = 1) -> int:
    """Reserve `count` consecutive case numbers for a kind and year; return the last one."""
    table = CaseSequence._meta.db_table
    with connection.cursor() as cursor:
        # One statement that both creates and increments, so concurrent intakes never clash.
        cursor.execute(
            f"INSERT INTO {table} (year, kind, last_value) VALUES (%s, %s, %s) "
            "ON CONFLICT (year, kind) DO UPDATE "
            f"SET last_value = {table}.last_value + EXCLUDED.last_value "
            "RETURNING last_value",
            [year, kind, count],
        )
        return cursor.fetchone()[0]


def format_reference(*, kind: str, year: int, number: int) -> str:
    return f"{REFERENCE_PREFIXES[kind]}-{year}-{number:06d}"


def record_event(
    *, case: Case, action: str, actor, from_status: str = "", note: str = "", data=None, at=None
) -> CaseEvent:
    """Append an event numbered by the case's version, which every change increments."""
    return CaseEvent.objects.create(
        case=case,
        sequence=case.version,
        action=action,
        from_status=from_status,
        to_status=case.status,
        actor=actor,
        note=note,
        data=data or {},
        created_at=at or timezone.now(),
    )


def _session_refusal(data: PetitionInput, *, unit: Unit, received_at: datetime) -> str | None:
    session = data.reception_session
    if data.channel != Channel.IN_PERSON:
        return _("Only a visit in person is received at a reception session.")
    if session.is_cancelled:
        return _("This reception session was cancelled.")
    if timezone.localdate(session.starts_at) != timezone.localdate(received_at):
        return _("The visit was not received on the day of this session.")
    if not unit.path.startswith(session.unit.path):
        return _("The session is not one of the receiving unit's or of a unit above it.")
    return None


def _validate_petition(data: PetitionInput, *, unit: Unit, received_at: datetime) -> None:
    errors: dict[str, list[str]] = {}
    if data.reception_session is not None:
        refusal = _session_refusal(data, unit=unit, received_at=received_at)
        if refusal:
            errors["reception_session"] = [refusal]
    if received_at > timezone.now():
        errors["received_at"] = [_("The date received cannot be in the future.")]
    elif timezone.localdate(received_at) < RECEIVED_SINCE:
        errors["received_at"] = [
            _("The date received cannot be before %(day)s.") % {"day": RECEIVED_SINCE.isoformat()}
        ]
    for name, people in (
        ("petitioner", [data.petitioner]),
        ("representatives", data.representatives),
    ):
        if any(person and has_hidden_characters(person.full_name) for person in people):
            errors[name] = [_("A name cannot hold control characters or direction overrides.")]
    if data.group_size < 1:
        errors["group_size"] = [_("The number of people must be at least 1.")]
    if data.group_size >= Petition.GROUP_MIN_SIZE and data.is_anonymous:
        errors["representatives"] = [_("A group petition names its representatives.")]
    max_representatives = 5 if data.group_size > 10 else 2
    if len(data.representatives) > max_representatives:
        errors["representatives"] = [
            _("A group of this size names at most %(count)d representatives.")
            % {"count": max_representatives}
        ]
    if data.channel == Channel.FORWARDED and not data.forwarded_from:
        errors["forwarded_from"] = [_("Name the agency that forwarded the petition.")]
    if data.is_second_time and data.kind != Kind.COMPLAINT:
        errors["is_second_time"] = [_("Only a complaint can be a second-time complaint.")]
    if data.duplicate_of is not None and data.duplicate_of.status not in OPEN_STATUSES:
        errors["duplicate_of"] = [_("A petition can only join a case that is still open.")]
    if refusal := location_refusal(data.kind, data.latitude, data.longitude):
        errors["latitude"] = [refusal]
    if errors:
        raise InvalidInput(errors)


def location_refusal(kind: str, latitude, longitude) -> str | None:
    """Return why a petition of this kind may not be placed at this point, or None."""
    located = (latitude is not None, longitude is not None)
    if located == (False, False):
        return None
    if located != (True, True):
        return _("Give both the latitude and the longitude, or neither.")
    if kind not in PUBLIC_REPORT_KINDS:
        return _("Only a recommendation or feedback is placed on the map.")
    if not geo.in_viet_nam(latitude, longitude):
        return _("The point %(latitude)s, %(longitude)s is not in Viet Nam.") % {
            "latitude": latitude,
            "longitude": longitude,
        }
    return None


def _new_case(*, kind: str, unit: Unit, received_at: datetime, **fields) -> Case:
    """Save a new case with the next reference of its kind and year, and its due dates."""
    year = timezone.localtime(received_at).year
    number = reserve_case_numbers(kind=kind, year=year)
    case = Case(
        reference=format_reference(kind=kind, year=year, number=number),
        kind=kind,
        unit=unit,
        received_at=received_at,
        **fields,
    )
    apply_deadlines(case, compute_deadlines(case, suspensions=[], extensions=[]))
    case.save()
    return case


def _create_case(*, data: PetitionInput, unit: Unit, received_at: datetime, subject: str) -> Case:
    return _new_case(
        kind=data.kind,
        unit=unit,
        received_at=received_at,
        locality=data.locality,
        field=data.field,
        subject=subject,
        is_anonymous=data.is_anonymous,
        is_second_time=data.is_second_time,
        previous_case=data.previous_case,
    )


def _save_with_tracking_code(petition: Petition, year: int) -> None:
    for _attempt in range(TRACKING_CODE_ATTEMPTS):
        petition.tracking_code = tracking_codes.generate(year)
        try:
            with transaction.atomic():
                petition.save()
            return
        except IntegrityError:
            # 50 random bits make a clash vanishingly rare; try a fresh code.
            if Petition.objects.filter(tracking_code=petition.tracking_code).exists():
                continue
            raise
    raise IntegrityError("Could not draw an unused tracking code.")


def attachments_check(files, *, max_files: int | None) -> list[uploads.CheckedUpload]:
    """Return the files as cases.uploads checked them, or raise InvalidInput naming each refusal."""
    try:
        return uploads.check_uploads(files, max_files=max_files)
    except uploads.UploadRefused as exc:
        raise InvalidInput({"attachments": exc.messages}) from exc


def _save_attachments(petition: Petition, files: list[uploads.CheckedUpload]) -> None:
    # A denunciation's letter is its denouncer's handwriting: stored encrypted.
    sealed = petition.identity_protected
    _write_attachments(
        (
            _attachment(petition, upload, sealed=sealed),
            identity.sealed_file(upload.file) if sealed else upload.file,
        )
        for upload in files
    )


def _attachment(petition: Petition, like, *, sealed: bool) -> Attachment:
    """Return an unsaved attachment of the petition, named and sized as `like` (an upload, or
    the attachment a forwarded copy repeats)."""
    return Attachment(
        petition=petition,
        original_name=getattr(like, "original_name", None) or like.name,
        content_type=like.content_type,
        size=like.size,
        is_sealed=sealed,
    )


def _write_attachments(attachments) -> None:
    """Store each (attachment, content) pair: the file under a generated name, then the row."""
    saved = []
    try:
        for attachment, content in attachments:
            attachment.file.save(attachment.original_name, content, save=False)
            saved.append(attachment.file)
            attachment.save()
    except Exception:
        # The rows roll back with the transaction; files already written must go too.
        for file in saved:
            file.delete(save=False)
        raise


# Outermost, so that no frame of the registration shows the petitioner in an error report.
@sensitive_variables()
@transaction.atomic
def petition_register(
    *,
    actor,
    data: PetitionInput,
    unit: Unit | None = None,
    files=(),
    max_files: int | None = None,
) -> Petition:
    """Record a received petition and open its case, or join it to an open case.

    Reception officers and leaders register petitions for their own unit; the portal
    registers with no actor and names the unit. Attached files are checked by
    cases.uploads first: one refused file fails the whole petition, before anything is saved.
    A denunciation's people and files are written encrypted only, and its texts with their
    identity redacted (`cases.identity`).
    """
    if actor is not None and not may_register_petitions(actor):
        raise NotPermitted(_("Only reception officers and leaders register petitions."))
    unit = unit or getattr(actor, "unit", None)
    if unit is None:
        raise InvalidInput({"unit": [_("The receiving unit is unknown.")]})
    received_at = data.received_at or timezone.now()
    _validate_petition(data, unit=unit, received_at=received_at)
    attachments = attachments_check(files, max_files=max_files)

    if data.duplicate_of is not None:
        case = Case.objects.select_for_update().get(pk=data.duplicate_of.pk)
        if case.status not in OPEN_STATUSES:
            raise NotAllowedInState(_("A petition can only join a case that is still open."))
        case.version += 1
        case.save(update_fields=["version", "updated_at"])
        action = "petition_joined"
        protect = identity.must_protect(case, data.kind)
        if protect:
            identity.redact_case_subject(case, data.people)
    else:
        protect = data.kind == Kind.DENUNCIATION
        subject = identity.redact(data.subject, data.people) if protect else data.subject
        case = _create_case(data=data, unit=unit, received_at=received_at, subject=subject)
        action = "received"

    petition = Petition(
        case=case,
        channel=data.channel,
        received_at=received_at,
        received_by=actor,
        subject=identity.redact(data.subject, data.people) if protect else data.subject,
        content=identity.redact(data.content, data.people) if protect else data.content,
        petitioner=_create_petitioner(data.petitioner, protect=protect),
        group_size=data.group_size,
        forwarded_from=data.forwarded_from,
        identity_protected=protect,
        latitude=data.latitude,
        longitude=data.longitude,
        place=data.place,
        media_url=data.media_url,
        reception_session=data.reception_session,
    )
    _save_with_tracking_code(petition, timezone.localtime(received_at).year)
    if protect:
        identity.seal_petition_text(petition, subject=data.subject, content=data.content)
    if data.representatives:
        petition.representatives.set(
            [_create_petitioner(rep, protect=protect) for rep in data.representatives]
        )
    # Personal data stays out of the event log: it records the petition, not the person.
    record_event(
        case=case,
        action=action,
        actor=actor,
        data={"tracking_code": petition.tracking_code, "channel": petition.channel},
        at=received_at,
    )
    announce_changed([case.pk])
    # Last, so that nothing after the files are written can fail and leave them orphaned.
    _save_attachments(petition, attachments)
    return petition


def _create_petitioner(data: PetitionerData | None, *, protect: bool) -> Petitioner | None:
    if data is None:
        return None
    if protect:
        return identity.protected_petitioner(data)
    return Petitioner.objects.create(
        full_name=data.full_name,
        phone=data.phone,
        address=data.address,
        id_number=data.id_number,
        email=data.email,
    )


# --- Forwarding to a unit of this system (docs/lifecycle.md#transitions) -----------------------

# The receiving unit's steps that answer a forwarded petition: a decision, or an end without one.
ANSWERS = frozenset({"resolve", "guide", "archive", "withdraw", "terminate"})


def _answers_forwarded(case: Case, name: str) -> bool:
    """Whether the step answers the units that forwarded the case. Forwarding on to an outside
    agency answers too: the petition leaves the system, and no later step here could."""
    return name in ANSWERS or (name == "forward" and case.forwarded_to_unit_id is None)


def _receive_forwarded(*, original: Case, actor, at: datetime) -> Case:
    """Receive the forwarded case's petitions as a new case in the unit it was forwarded to.

    The new case carries copies of the petitions (their tracking codes, texts, people and
    files) and counts its own due dates from today, its date of receipt. Each copy names the
    petition it copies, so the citizen's code follows the petition (`public_status`).
    """
    case = _new_case(
        kind=original.kind,
        unit=original.forwarded_to_unit,
        received_at=at,
        locality=original.locality,
        field=original.field,
        subject=original.subject,
        is_anonymous=original.is_anonymous,
        is_remote_area=original.is_remote_area,
        is_second_time=original.is_second_time,
        previous_case=original.previous_case,
        forwarded_from_case=original,
    )
    petitions = original.petitions.prefetch_related("representatives", "attachments")
    copies = [
        (petition, _copy_petition(petition, case=case, at=at, forwarded_by=original.unit.name))
        for petition in petitions.order_by("pk")
    ]
    record_event(
        case=case,
        action="forwarded_in",
        actor=actor,
        data={
            "fields": {"from_unit": original.unit.code},
            "tracking_codes": [copy.tracking_code for _petition, copy in copies],
        },
        at=at,
    )
    announce_changed([case.pk])
    # Last, so that nothing after the files are written can fail and leave them orphaned.
    # A sealed file is copied sealed: the same key opens it.
    _write_attachments(
        (_attachment(copy, item, sealed=item.is_sealed), _file_content(item))
        for petition, copy in copies
        for item in petition.attachments.all()
    )
    return case


def _copy_petition(petition: Petition, *, case: Case, at: datetime, forwarded_by: str) -> Petition:
    # The people are the same rows: a denouncer stays encrypted once, and is seen in the new
    # case by its resolving unit's leader and handler alone (no one there received it).
    copy = Petition.objects.create(
        case=case,
        tracking_code=petition.tracking_code,
        channel=Channel.FORWARDED,
        received_at=at,
        received_by=None,
        subject=petition.subject,
        content=petition.content,
        petitioner=petition.petitioner,
        group_size=petition.group_size,
        forwarded_from=forwarded_by,
        identity_protected=petition.identity_protected,
        source_petition=petition,
    )
    copy.representatives.set(petition.representatives.all())
    if petition.identity_protected:
        identity.copy_protected_text(petition, copy)
    return copy


def _file_content(attachment: Attachment) -> ContentFile:
    with attachment.file.open("rb") as stored:
        return ContentFile(stored.read())


def _answer_fields(case: Case, name: str) -> dict:
    fields = {"unit": case.unit.code, "result": name, "status": case.status}
    if name == "resolve":
        fields.update(
            outcome=case.outcome,
            decision_number=case.decision_number,
            decision_date=_event_value(case.decided_on),
        )
    elif name == "forward" and case.forwarded_to_unit_id:
        fields["to_unit"] = case.forwarded_to_unit.code
    return fields


def _report_upstream(*, case: Case, name: str, actor, at: datetime) -> None:
    """Tell every case this one was forwarded from what its unit did: an event on each.

    An answer (`_answers_forwarded`) is the report the forwarding units asked for; forwarding on
    inside the system is only news, and their report stays awaited.
    """
    answered = _answers_forwarded(case, name)
    fields = _answer_fields(case, name)
    upstream_id = case.forwarded_from_case_id
    while upstream_id is not None:
        upstream = Case.objects.select_for_update(of=("self",)).get(pk=upstream_id)
        upstream.version += 1
        changed = ["version", "updated_at"]
        if answered and upstream.report_received_on is None:
            upstream.report_received_on = timezone.localdate(at)
            changed.append("report_received_on")
        upstream.save(update_fields=changed)
        record_event(
            case=upstream,
            action="forward_result",
            actor=actor,
            from_status=upstream.status,
            data={"fields": fields},
            at=at,
        )
        announce_changed([upstream.pk])
        upstream_id = upstream.forwarded_from_case_id


def transition_names() -> list[str]:
    return list(FORMS)


def _event_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "get_username"):
        return value.get_username()
    if hasattr(value, "code"):
        return value.code
    return value


def event_fields(fields: Mapping) -> dict:
    """Return a transition's fields as its event records them: codes, usernames, ISO dates."""
    return {
        name: _event_value(value)
        for name, value in fields.items()
        if name != "note" and value not in ("", None)
    }


def _validate_fields(case: Case, name: str, data: Mapping) -> dict:
    form = FORMS[name](data, case=case)
    if not form.is_valid():
        errors = {
            ("non_field_errors" if key == "__all__" else key): [item["message"] for item in items]
            for key, items in form.errors.get_json_data().items()
        }
        raise InvalidInput(errors)
    cleaned = dict(form.cleaned_data)
    if name == "extend":
        refusal = extension_refusal(case, cleaned["days"], complexity=cleaned["complexity"])
        if refusal:
            raise InvalidInput({"days": [refusal]})
    return cleaned


def _apply_side_records(
    *, case: Case, name: str, actor, fields: dict, previous_handler, today: date
):
    if name in ("assign", "reassign"):
        if previous_handler is not None:
            remove_perm(HANDLE_PERMISSION, previous_handler, case)
        assign_perm(HANDLE_PERMISSION, case.handler, case)
    elif name == "suspend":
        CaseSuspension.objects.create(case=case, started_on=today, reason=fields["reason"])
    elif name in ("resume", "terminate"):
        CaseSuspension.objects.filter(case=case, ended_on__isnull=True).update(ended_on=today)
    elif name == "extend":
        CaseExtension.objects.create(
            case=case,
            days=fields["days"],
            reason=fields["reason"],
            granted_by=actor,
            granted_on=today,
        )


def case_transition(
    *,
    case: Case,
    actor,
    name: str,
    data: Mapping | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Take the named transition on the case for the actor, or raise why not.

    Locks the case row, checks state, permission and fields, applies the change, records
    the event and recomputes the due dates, all in one transaction. Raises
    UnknownTransition, NotAllowedInState, NotPermitted, InvalidInput or CaseConflict.
    """
    if name not in FORMS:
        raise UnknownTransition
    at = at or timezone.now()
    today = timezone.localdate(at)
    try:
        with transaction.atomic():
            locked = (
                Case.objects.select_for_update(of=("self",))
                .select_related("unit", "forwarded_to_unit")
                .get(pk=case.pk)
            )
            if expected_version is not None and locked.version != expected_version:
                raise CaseConflict
            method = getattr(locked, name)
            if not can_proceed(method, check_conditions=False):
                raise NotAllowedInState
            if not can_proceed(method):
                raise NotAllowedInState(_("The conditions for this action are not met."))
            if not has_transition_perm(method, actor):
                raise NotPermitted
            fields = _validate_fields(locked, name, data or {})
            if locked.kind == Kind.DENUNCIATION:
                # Notes, findings and the public summary are read by more people than may
                # see who denounced; the public summary by anyone holding the code.
                fields = identity.redact_fields(locked, fields)
            from_status, previous_handler = locked.status, locked.handler

            method(today=today, **transition_arguments(fields))
            _apply_side_records(
                case=locked,
                name=name,
                actor=actor,
                fields=fields,
                previous_handler=previous_handler,
                today=today,
            )
            changed_dates = apply_deadlines(locked, compute_deadlines(locked))
            locked.version += 1
            locked.save()
            if name == "classify" and locked.kind == Kind.DENUNCIATION:
                # A denunciation's senders are protected from now on; those already protected
                # are left as they are (docs/denouncer-protection.md#what-is-protected-and-when).
                identity.protect_case(locked)
            record_event(
                case=locked,
                action=name,
                actor=actor,
                from_status=from_status,
                note=fields.get("note", ""),
                data={
                    "fields": event_fields(fields),
                    "due_dates": {k: _event_value(getattr(locked, k)) for k in changed_dates},
                },
                at=at,
            )
            if locked.forwarded_from_case_id is not None and (name in ANSWERS or name == "forward"):
                _report_upstream(case=locked, name=name, actor=actor, at=at)
            announce_changed([locked.pk])
            if name == "forward" and locked.forwarded_to_unit_id is not None:
                _receive_forwarded(original=locked, actor=actor, at=at)
    except (ConcurrentTransition, FSMTransitionNotAllowed) as exc:
        raise CaseConflict from exc
    return locked


# --- Leaders' reception sessions (docs/reception-book.md#leaders-reception-days) ------------------


class Repeat:
    NONE = ""
    WEEKLY = "week"
    MONTHLY = "month"


# A schedule is written a year ahead at most; the next year's is another schedule.
MAX_SCHEDULE_DAYS = 366


@dataclass(frozen=True)
class SessionInput:
    """A leader's reception session as the schedule's form gives it, already parsed."""

    unit: Unit
    starts_at: datetime
    ends_at: datetime
    place: str
    presiding: object
    repeat: str = Repeat.NONE
    repeat_until: date | None = None
    note: str = ""


def _session_dates(first: date, repeat: str, until: date | None, calendar) -> list[date]:
    """Return the days of a schedule; a day off moves to the next working day."""
    if repeat == Repeat.NONE or until is None:
        return [first]
    days, index = [], 0
    while True:
        if repeat == Repeat.WEEKLY:
            day = first + timedelta(weeks=index)
        else:
            year, month = divmod(first.month - 1 + index, 12)
            last = monthrange(first.year + year, month + 1)[1]
            day = date(first.year + year, month + 1, min(first.day, last))
        if day > until:
            return days
        days.append(calendar.next_working_day(day))
        index += 1


def _check_session(data: SessionInput) -> None:
    errors: dict[str, list[str]] = {}
    if not may_preside_reception(data.presiding, data.unit):
        errors["presiding"] = [_("Choose a leader of the unit or of a unit above it.")]
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = [_("The session ends after it starts.")]
    elif timezone.localdate(data.ends_at) != timezone.localdate(data.starts_at):
        errors["ends_at"] = [_("A session ends on the day it starts.")]
    if data.repeat != Repeat.NONE:
        first = timezone.localdate(data.starts_at)
        if data.repeat_until is None or data.repeat_until <= first:
            errors["repeat_until"] = [_("A repeated session needs a last day after the first.")]
        elif (data.repeat_until - first).days > MAX_SCHEDULE_DAYS:
            errors["repeat_until"] = [_("Schedule at most a year ahead.")]
    if not data.place.strip():
        errors["place"] = [_("Say where citizens are received.")]
    if errors:
        raise InvalidInput(errors)


@transaction.atomic
def reception_session_schedule(*, actor, data: SessionInput) -> list[ReceptionSession]:
    """Write a leader's reception session, or each session of a weekly or monthly schedule.

    Reception officers and leaders keep the schedule (`may_schedule_reception`); the presiding
    leader is one of the unit or above it. A repeated day that falls on a day off moves to the
    next working day. Raises NotPermitted or InvalidInput.
    """
    if not may_schedule_reception(actor, data.unit):
        raise NotPermitted(_("You do not keep this unit's reception schedule."))
    _check_session(data)
    zone = timezone.get_current_timezone()
    start, end = timezone.localtime(data.starts_at, zone), timezone.localtime(data.ends_at, zone)
    days = _session_dates(
        start.date(), data.repeat, data.repeat_until, calendar=WorkingCalendar.load()
    )
    series = uuid.uuid4() if len(days) > 1 else None
    sessions = []
    for day in days:
        session = ReceptionSession(
            unit=data.unit,
            starts_at=timezone.make_aware(datetime.combine(day, start.time()), zone),
            ends_at=timezone.make_aware(datetime.combine(day, end.time()), zone),
            place=data.place.strip(),
            series=series,
            note=data.note,
            created_by=actor,
        )
        session.note_who_presides(data.presiding)
        sessions.append(session)
    return ReceptionSession.objects.bulk_create(sessions)


@transaction.atomic
def reception_session_change(
    *, actor, session: ReceptionSession, presiding=None, place: str = "", cancelled=None
) -> ReceptionSession:
    """Hand a session to another leader, move its place, or cancel it (or undo that).

    Who presided is what the session records for the reception book and the report.
    """
    session = ReceptionSession.objects.select_for_update().select_related("unit").get(pk=session.pk)
    if not may_schedule_reception(actor, session.unit):
        raise NotPermitted(_("You do not keep this unit's reception schedule."))
    if presiding is not None:
        if not may_preside_reception(presiding, session.unit):
            raise InvalidInput(
                {"presiding": [_("Choose a leader of the unit or of a unit above it.")]}
            )
        session.note_who_presides(presiding)
    if place.strip():
        session.place = place.strip()
    if cancelled is not None:
        session.is_cancelled = cancelled
    session.save()
    return session
