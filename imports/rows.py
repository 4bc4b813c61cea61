"""Turn one register row into a historical case, or into the reasons it cannot be one."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import people
from cases.importing import HistoricalCase, Step
from cases.models import Channel, Kind, Petition, ResponseMethod, Status, Unit
from cases.services import PetitionerData, PetitionInput

from .columns import Header
from .references import Ambiguous, References
from .values import BadValue, parse_count, parse_date, parse_id_number, parse_phone, text

SUBJECT_LENGTH = 200
# The dates a register may hold, in the order a case goes through them.
DATE_COLUMNS = ("received_on", "accepted_on", "decided_on", "responded_on", "closed_on")
# Which dates each state needs, beyond the date received.
STATUS_DATES = {
    Status.RECEIVED: (),
    Status.ACCEPTED: ("accepted_on",),
    Status.VERIFYING: ("accepted_on",),
    Status.RESOLVED: ("accepted_on", "decided_on"),
    Status.RESPONDED: ("accepted_on", "decided_on", "responded_on"),
    Status.CLOSED: ("accepted_on", "decided_on", "responded_on", "closed_on"),
    Status.FORWARDED: ("closed_on",),
    Status.GUIDED: ("closed_on",),
    Status.ARCHIVED: ("closed_on",),
    Status.WITHDRAWN: ("closed_on",),
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    code: str
    message: str


class _Invalid(Exception):
    """One cell is wrong: stop reading what depends on it."""


class RowReader:
    """Read rows of one sheet against the database's reference lists."""

    def __init__(
        self,
        *,
        header: Header,
        references: References,
        unit: Unit | None,
        actor,
        today: date,
    ):
        self.header, self.references = header, references
        self.default_unit, self.actor, self.today = unit, actor, today
        self.zone = timezone.get_current_timezone()

    def read(self, number: int, cells: tuple) -> tuple[HistoricalCase | None, list[RowError]]:
        """Return the row's case, or None and every error found in the row."""
        return _Row(self, number, cells).read()


class _Row:
    def __init__(self, reader: RowReader, number: int, cells: tuple):
        self.reader, self.number, self.cells = reader, number, cells
        self.references = reader.references
        self.errors: list[RowError] = []

    # Cells and errors

    def raw(self, key: str):
        position = self.reader.header.positions.get(key)
        if position is None or position >= len(self.cells):
            return None
        value = self.cells[position]
        return None if isinstance(value, str) and not value.strip() else value

    def text(self, key: str) -> str:
        return text(self.raw(key))

    def error(self, key: str, code: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.reader.header.title(key), code, message))

    def fail(self, key: str, code: str, message: str):
        self.error(key, code, message)
        raise _Invalid

    def check(self, key: str, parse):
        """Return parse(cell) for a filled cell, None for an empty one; record a bad one."""
        value = self.raw(key)
        if value is None:
            return None
        return self.attempt(lambda: parse(value))

    def attempt(self, read):
        """Return read(), or None once it has recorded its error: the row reads on."""
        try:
            return read()
        except _Invalid:
            return None

    def required(self, key: str) -> str:
        value = self.text(key)
        if not value:
            self.fail(key, "missing_value", _("This column must be filled in."))
        return value

    def sized(self, key: str, limit: int, *, required: bool = False) -> str:
        value = self.required(key) if required else self.text(key)
        if len(value) > limit:
            self.fail(
                key,
                "too_long",
                _("The cell holds more than %(limit)d characters.") % {"limit": limit},
            )
        return value

    def lookup(self, key: str, catalogue_find, unknown, *, required: bool = True):
        """Return the entry the cell names; `unknown` is a lazy message, translated on error."""
        value = self.text(key)
        if not value:
            if required:
                self.fail(key, "missing_value", _("This column must be filled in."))
            return None
        try:
            found = catalogue_find(value)
        except Ambiguous as exc:
            self.fail(
                key,
                "ambiguous",
                _("“%(value)s” matches several entries: %(candidates)s.")
                % {"value": value, "candidates": ", ".join(exc.candidates)},
            )
        if found is None:
            self.fail(key, f"unknown_{key}", unknown % {"value": value})
        return found

    # The row

    def read(self) -> tuple[HistoricalCase | None, list[RowError]]:
        parts = {}
        for name, reader in (
            ("external_number", lambda: self.sized("external_number", 64, required=True)),
            ("kind", self.kind),
            ("field", self.field),
            ("locality", self.locality),
            ("unit", self.unit),
            ("channel", self.channel),
            ("content", lambda: self.required("content")),
            ("petitioner", self.petitioner),
            ("group_size", self.group_size),
            ("status", self.status),
            ("dates", self.dates),
        ):
            try:
                parts[name] = reader()
            except _Invalid:
                parts[name] = None
        if self.errors:
            return None, self.errors
        try:
            history = self.history(parts)
        except _Invalid:
            return None, self.errors
        return history, self.errors

    def kind(self) -> str:
        return self.lookup(
            "kind", self.references.kinds.find, gettext_lazy("Unknown kind “%(value)s”.")
        )

    def field(self):
        return self.lookup(
            "field", self.references.fields.find, gettext_lazy("Unknown field “%(value)s”.")
        )

    def locality(self):
        return self.lookup(
            "locality",
            self.references.localities.find,
            gettext_lazy("Unknown locality “%(value)s”."),
        )

    def unit(self) -> Unit:
        unit = self.lookup(
            "unit",
            self.references.units.find,
            gettext_lazy("Unknown unit “%(value)s”."),
            required=self.reader.default_unit is None,
        )
        return unit or self.reader.default_unit

    def channel(self) -> str:
        channel = self.lookup(
            "channel",
            self.references.channels.find,
            gettext_lazy("Unknown channel “%(value)s”."),
            required=False,
        )
        return channel or Channel.POST

    def status(self) -> str:
        status = self.lookup(
            "status",
            self.references.statuses.find,
            gettext_lazy("Unknown state “%(value)s”."),
            required=False,
        )
        if status is None:
            return Status.RECEIVED
        if status not in STATUS_DATES:
            self.fail(
                "status",
                "unsupported_status",
                _("Cases in the state “%(label)s” cannot be imported; import them before it.")
                % {"label": Status(status).label},
            )
        return status

    def petitioner(self) -> PetitionerData | None:
        # Personal data never goes into an error message: the report may reach others.
        phone = self.check("phone", self.phone)
        id_number = self.check("id_number", self.id_number)
        email = self.check("email", self.email)
        address = self.check("address", lambda _value: self.sized("address", 500))
        name = self.check("full_name", lambda _value: self.sized("full_name", 255))
        if not name:
            return None
        return PetitionerData(
            full_name=name,
            phone=phone or "",
            address=address or "",
            id_number=id_number or "",
            email=email or "",
        )

    def email(self, value) -> str:
        address = text(value)
        try:
            validate_email(address)
        except ValidationError:
            self.fail("email", "bad_email", _("Not an email address."))
        return address

    def phone(self, value) -> str:
        try:
            return parse_phone(value)
        except BadValue:
            self.fail("phone", "bad_phone", str(people.PHONE_MESSAGE))

    def id_number(self, value) -> str:
        try:
            return parse_id_number(value)
        except BadValue:
            self.fail("id_number", "bad_id_number", str(people.ID_NUMBER_MESSAGE))

    def group_size(self) -> int:
        value = self.raw("group_size")
        if value is None:
            return 1
        try:
            return parse_count(value)
        except BadValue:
            self.fail("group_size", "bad_count", _("The number of people is a whole number."))

    def dates(self) -> dict[str, date]:
        found = {}
        for key in DATE_COLUMNS:
            value = self.raw(key)
            if value is None:
                continue
            try:
                day = parse_date(value)
            except BadValue:
                self.error(
                    key,
                    "bad_date",
                    _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": text(value)},
                )
                continue
            if day > self.reader.today:
                self.error(key, "future_date", _("The date is in the future."))
                continue
            found[key] = day
        if "received_on" not in found and self.raw("received_on") is None:
            self.error("received_on", "missing_value", _("This column must be filled in."))
        self.date_order(found)
        return found

    def date_order(self, found: dict[str, date]) -> None:
        previous = None
        for key in DATE_COLUMNS:
            if key not in found:
                continue
            if previous is not None and found[key] < found[previous]:
                self.error(
                    key,
                    "date_order",
                    _("The date is earlier than “%(earlier)s” (%(day)s).")
                    % {
                        "earlier": self.reader.header.title(previous),
                        "day": f"{found[previous]:%d/%m/%Y}",
                    },
                )
                # The later dates are likely right and this one wrong: one error says it.
                return
            previous = key

    # Checks across cells, then the case

    def history(self, parts: dict) -> HistoricalCase:
        kind, status, dates = parts["kind"], parts["status"], parts["dates"]
        petitioner, group_size = parts["petitioner"], parts["group_size"]
        if petitioner is None and (kind == Kind.COMPLAINT or group_size >= Petition.GROUP_MIN_SIZE):
            self.fail(
                "full_name",
                "missing_petitioner",
                _("A complaint or a group petition names its petitioner."),
            )
        for key in STATUS_DATES[status]:
            if key not in dates:
                self.error(
                    key,
                    "missing_date",
                    _("A case in the state “%(label)s” needs this date.")
                    % {"label": Status(status).label},
                )
        if self.errors:
            raise _Invalid
        unit = parts["unit"]
        received_at = self.at(dates["received_on"])
        content = parts["content"]
        petition = PetitionInput(
            kind=kind,
            channel=parts["channel"],
            subject=self.text("subject")[:500] or _subject(content),
            content=content,
            locality=parts["locality"],
            field=parts["field"],
            petitioner=petitioner,
            # A group's petitioner is its representative, as at the desk.
            representatives=(petitioner,) if group_size >= Petition.GROUP_MIN_SIZE else (),
            group_size=group_size,
            received_at=received_at,
            forwarded_from=self.forwarded_from(parts["channel"]),
        )
        steps = self.steps(status, dates, unit)
        accepted = any(step.name == "accept" for step in steps)
        if petition.is_anonymous and kind == Kind.DENUNCIATION and accepted:
            self.fail(
                "accepted_on",
                "anonymous_denunciation_accepted",
                _("An anonymous denunciation is not accepted (Luật Tố cáo 2018, Điều 25)."),
            )
        return HistoricalCase(
            unit=unit,
            registrar=self.reader.actor,
            petition=petition,
            steps=steps,
            external_number=parts["external_number"],
        )

    def at(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=self.reader.zone)

    def steps(self, status: str, dates: dict[str, date], unit: Unit) -> list[Step]:
        """Return the transitions that take a received case to the row's state."""
        plan: list[tuple[str, str, str, dict, bool]] = []
        # A withdrawn case may have been accepted first; other dates a state does not use
        # are checked, not replayed.
        if "accepted_on" in STATUS_DATES[status] or (
            status == Status.WITHDRAWN and "accepted_on" in dates
        ):
            plan.append(("accept", "accepted_on", Status.ACCEPTED, {}, True))
        if status == Status.VERIFYING or "decided_on" in STATUS_DATES[status]:
            handler = self.attempt(lambda: self.handler(unit, required=status == Status.VERIFYING))
            # The register names the decision, not the assignment and report before it.
            plan.append(("assign", "accepted_on", Status.VERIFYING, {"handler": handler}, False))
        if "decided_on" in STATUS_DATES[status]:
            plan.append(("submit_report", "decided_on", Status.PROPOSED, {"findings": ""}, False))
            decision = self.attempt(lambda: self.decision(dates))
            plan.append(("resolve", "decided_on", Status.RESOLVED, decision, True))
        if "responded_on" in STATUS_DATES[status]:
            method = {"method": ResponseMethod.POST}
            plan.append(("respond", "responded_on", Status.RESPONDED, method, True))
        closing = {
            Status.CLOSED: ("close", dict),
            Status.FORWARDED: ("forward", lambda: {"to_agency": self.forwarded_to()}),
            Status.GUIDED: ("guide", lambda: {"note": ""}),
            Status.ARCHIVED: ("archive", lambda: {"reason": self.archive_reason()}),
            Status.WITHDRAWN: ("withdraw", lambda: {"note": ""}),
        }
        if status in closing:
            name, data = closing[status]
            plan.append((name, "closed_on", status, self.attempt(data), True))
        if self.errors:
            raise _Invalid
        steps, current = [], Status.RECEIVED
        for name, date_key, to_status, data, recorded in plan:
            day = dates[date_key]
            steps.append(
                Step(name, self.reader.actor, self.at(day), day, data, current, to_status, recorded)
            )
            current = to_status
        return steps

    def handler(self, unit: Unit, *, required: bool):
        return self.lookup(
            "handler",
            lambda value: self.references.handler(unit, value),
            gettext_lazy("No staff member “%(value)s” in the handling unit."),
            required=required,
        )

    def decision(self, dates: dict[str, date]) -> dict:
        outcome = self.lookup(
            "outcome", self.references.outcome, gettext_lazy("Unknown outcome “%(value)s”.")
        )
        return {
            "outcome": outcome,
            "decision_number": self.text("decision_number")[:64],
            "decision_date": dates["decided_on"],
            "public_summary": "",
        }

    def forwarded_from(self, channel: str) -> str:
        if channel != Channel.FORWARDED:
            return ""
        return self.required("forwarded_from")[:255]

    def forwarded_to(self) -> str:
        return self.required("forwarded_to")[:255]

    def archive_reason(self) -> str:
        return self.lookup(
            "archive_reason",
            self.references.archive_reasons.find,
            gettext_lazy("Unknown archive reason “%(value)s”."),
        )


def _subject(content: str) -> str:
    """Return the content's first line, cut at a word within the subject's length."""
    line = content.strip().splitlines()[0]
    if len(line) <= SUBJECT_LENGTH:
        return line
    return line[:SUBJECT_LENGTH].rsplit(" ", 1)[0] + "…"
