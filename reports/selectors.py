"""The periodic report and the locality view, read with a few aggregate queries.

What each figure counts: docs/reporting.md#the-figures.

Every figure starts from the one visibility rule (`cases.selectors.case_visibility`),
narrowed to the chosen unit and the units below it. Due dates are the ones the deadline
engine stored on each case; nothing here counts time limits again.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases.models import (
    Case,
    CaseEvent,
    Channel,
    Field,
    Kind,
    Locality,
    Outcome,
    Petition,
    ReceptionQuota,
    ReceptionSession,
    Unit,
    User,
)
from cases.selectors import Visibility, case_visibility

from .periods import ONE_DAY, Period

# Transitions whose count in the period the report shows, by their event's action.
DISPOSALS = ("accept", "forward", "guide", "archive", "withdraw")
RESOLVE = "resolve"
FORWARD, FORWARDED_IN = "forward", "forwarded_in"


class UnitOutOfReach(Exception):
    """The user may not report on this unit: it is outside the cases they may see."""


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: a code, its label and its count."""

    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Month:
    month: date
    received: int
    resolved: int
    resolved_overdue: int

    @property
    def overdue_share(self) -> float | None:
        return self.resolved_overdue / self.resolved if self.resolved else None


@dataclass(frozen=True)
class UnitForwarding:
    """The cases one unit received from, and sent to, other units and agencies in the period."""

    unit: Unit
    forwarded_in: int
    forwarded_to_units: int
    forwarded_to_agencies: int


@dataclass(frozen=True)
class ReceptionDays:
    """A unit head's reception sessions in the period against the legal minimum.

    `periods` are the weeks or months of the minimum that ended in the period; `short` of
    them had fewer sessions held by the head than the minimum.
    """

    unit: Unit
    quota: ReceptionQuota
    held: int
    held_by_head: int
    periods: int
    short: int

    @property
    def required(self) -> int:
        return self.periods * self.quota.sessions


@dataclass(frozen=True)
class PeriodicReport:
    """The figures of one unit's report for one period, as the user may see them."""

    period: Period
    unit: Unit
    received: int
    by_kind: list[Line]
    by_channel: list[Line]
    by_field: list[Line]
    group_petitions: int
    accepted: int
    forwarded: int
    guided: int
    archived: int
    withdrawn: int
    by_outcome: list[Line]
    resolved: int
    resolved_on_time: int
    resolved_overdue: int
    open_at_end: int
    open_overdue_at_end: int
    reception_visits: int
    reception_visitors: int
    reception_groups: int
    months: list[Month] = field(default_factory=list)
    # Received from a unit outside the report's units (part of `received`), and forwarded
    # between the report's units (counted once, in neither `received` nor `forwarded`).
    forwarded_in: int = 0
    forwarded_within: int = 0
    forwarding_by_unit: list[UnitForwarding] = field(default_factory=list)
    reception_days: list[ReceptionDays] = field(default_factory=list)


# --- Reach ---------------------------------------------------------------------------------


def _unit_reach(visibility: Visibility) -> Q:
    """Return, as a filter on units, the units whose cases the rule shows whole."""
    return replace(visibility, holder_id=None).as_q(unit_path="path", unit="pk")


def reachable_units(user) -> QuerySet[Unit]:
    """Return the units the user may report on: those whose cases the visibility rule shows.

    A leader's unit and those below, an inspector's granted units and those below, a
    reception officer's own unit. Cases held only through a handler's assignment make
    no unit reachable.
    """
    return Unit.objects.filter(_unit_reach(case_visibility(user))).order_by("path")


def default_unit(user) -> Unit | None:
    """Return the user's own unit if reachable, else the top-most unit they may report on."""
    units = reachable_units(user)
    if user.unit_id and units.filter(pk=user.unit_id).exists():
        return user.unit
    return units.first()


@dataclass(frozen=True)
class Scope:
    """The cases of a unit's tree that a user may see, resolved to unit ids once.

    Literal ids instead of a join on unit paths let PostgreSQL estimate, from its
    statistics of `unit_id`, how many cases each query reads.
    """

    seen_units: tuple[int, ...]
    tree_units: tuple[int, ...]
    holder_id: int | None

    def q(self, prefix: str = "") -> Q:
        """Return the scope as a filter on cases, or through `prefix` ("case__")."""
        scope = Q(**{f"{prefix}unit_id__in": self.seen_units})
        if self.holder_id:
            # Cases held through a handler's assignment, in units not seen whole.
            held = Visibility(holder_id=self.holder_id).as_q(
                case=f"{prefix.removesuffix('__')}_id" if prefix else "pk"
            )
            scope |= held & Q(**{f"{prefix}unit_id__in": self.tree_units})
        return scope


def case_scope(user, unit: Unit) -> Scope:
    """Return what of the unit's tree the user may see; raise UnitOutOfReach if not the unit."""
    visibility = case_visibility(user)
    tree = Unit.objects.filter(path__startswith=unit.path)
    seen = tuple(tree.filter(_unit_reach(visibility)).values_list("pk", flat=True))
    if unit.pk not in seen:
        raise UnitOutOfReach
    return Scope(
        seen_units=seen,
        tree_units=tuple(tree.values_list("pk", flat=True)),
        holder_id=visibility.holder_id,
    )


@contextmanager
def analytic_queries():
    """Run the report's few large GROUP BYs in one transaction, with room to work in.

    PostgreSQL's defaults (4 MB of work memory, JIT compilation, parallel workers costed for
    short queries) suit the rest of the application: a province's year would spill its hash
    joins to disk, spend 100 ms compiling each query and build its hash of a million cases
    on one core. Cheaper parallel costs let the planner share those joins among the workers
    `max_parallel_workers_per_gather` allows. SET LOCAL ends with the transaction.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL parallel_setup_cost = 100")
                cursor.execute("SET LOCAL parallel_tuple_cost = 0.01")
        yield


# --- Conditions on stored dates --------------------------------------------------------------


def open_on(day: date, end: datetime, prefix: str = "") -> Q:
    """Cases received before `end` and still open at the close of `day`.

    Every way out of the open states stamps the day it happened: `responded_on` for a
    response, `closed_on` for closing, forwarding, guiding, archiving, withdrawal and
    termination; neither is ever cleared.
    """
    p = prefix
    return (
        Q(**{f"{p}received_at__lt": end})
        & (Q(**{f"{p}responded_on__isnull": True}) | Q(**{f"{p}responded_on__gt": day}))
        & (Q(**{f"{p}closed_on__isnull": True}) | Q(**{f"{p}closed_on__gt": day}))
    )


def overdue_on(day: date, prefix: str = "") -> Q:
    """Cases past the due date of the step they were at on `day`, from the day after it.

    The step is read from the stored dates: not accepted yet, processing; accepted and
    not decided, resolution (no due date while a suspension stops the clock); decided,
    the response. A case that skips acceptance stays on its processing limit
    (docs/reporting.md#open-and-overdue-at-the-end-of-a-period).
    """
    p = prefix

    def before(name: str) -> Q:
        return Q(**{f"{p}{name}__isnull": False, f"{p}{name}__lte": day})

    def past(name: str) -> Q:
        return Q(**{f"{p}{name}__lt": day})

    processing = ~before("accepted_on") & past("processing_due_on")
    resolution = before("accepted_on") & ~before("decided_on") & past("resolution_due_on")
    response = before("decided_on") & (
        past("response_due_on")
        | Q(**{f"{p}response_due_on__isnull": True}) & past("resolution_due_on")
    )
    return processing | resolution | response


def resolved_late(prefix: str = "") -> Q:
    """A decision dated after the resolution due date the engine stored."""
    return Q(**{f"{prefix}decided_on__gt": F(f"{prefix}resolution_due_on")})


def as_of(period: Period) -> date:
    """Return the day open cases are judged on: the period's last day, or today if earlier."""
    return min(period.last, timezone.localdate())


# --- The report -------------------------------------------------------------------------------


def _lines(choices, counts: dict[str, int]) -> list[Line]:
    return [Line(code, str(label), counts.get(code, 0)) for code, label in choices]


def _field_lines(counts: dict[int, int]) -> list[Line]:
    fields = Field.objects.filter(Q(is_active=True) | Q(pk__in=list(counts)))
    return [
        Line(f.code, f.name, counts.get(f.pk, 0)) for f in fields.order_by("sort_order", "name")
    ]


@analytic_queries()
def periodic_report(*, user, period: Period, unit: Unit) -> PeriodicReport:
    """Return the unit's report for the period, counting only the cases the user may see.

    Raises UnitOutOfReach when the unit is outside what the user may see.
    """
    scope = case_scope(user, unit)
    start, end = period.bounds()
    zone = timezone.get_default_timezone()
    in_case_scope = scope.q("case__")

    # Petitions received, with the reception book's in-person visits among them: one GROUP
    # BY over month, kind, channel and field. The book holds the visits received by staff of
    # the unit and those below (as `staff.selectors.reception_book` reads it); a visit
    # counts its group's size in people.
    received = defaultdict(int)
    by_kind, by_channel, by_field = defaultdict(int), defaultdict(int), defaultdict(int)
    counts = defaultdict(int)
    group = Q(group_size__gte=Petition.GROUP_MIN_SIZE)
    staff = User.objects.filter(unit_id__in=scope.tree_units).values_list("pk", flat=True)
    in_book = Q(channel=Channel.IN_PERSON, received_by_id__in=list(staff))
    petitions = (
        Petition.objects.filter(in_case_scope, received_at__gte=start, received_at__lt=end)
        .values(
            "case__kind", "channel", "case__field_id", month=TruncMonth("received_at", tzinfo=zone)
        )
        .annotate(
            n=Count("*"),
            groups=Count("case", filter=group),
            visits=Count("case", filter=in_book),
            visitors=Sum("group_size", filter=in_book, default=0),
            group_visits=Count("case", filter=in_book & group),
        )
        .order_by()
    )
    # A petition forwarded between two of the report's units is there twice, once in each
    # unit's case: its copy (which names the petition it copies) is taken back out, so the
    # report counts it once, where it was first received. Copies are few: a second, small
    # GROUP BY over them leaves the large one as it was.
    copies = Petition.objects.filter(
        in_case_scope,
        source_petition__isnull=False,
        received_at__gte=start,
        received_at__lt=end,
    )
    within = (
        copies.filter(scope.q("source_petition__case__"))
        .values(
            "case__kind", "channel", "case__field_id", month=TruncMonth("received_at", tzinfo=zone)
        )
        .annotate(n=Count("*"), groups=Count("case", filter=group))
        .order_by()
    )
    for sign, rows in ((1, petitions), (-1, within)):
        for row in rows:
            received[row["month"].date()] += sign * row["n"]
            by_kind[row["case__kind"]] += sign * row["n"]
            by_channel[row["channel"]] += sign * row["n"]
            by_field[row["case__field_id"]] += sign * row["n"]
            counts["groups"] += sign * row["groups"]
            if sign > 0:
                for name in ("visits", "visitors", "group_visits"):
                    counts[name] += row[name]
    forwarded_in = copies.exclude(scope.q("source_petition__case__")).count()

    # Steps taken in the period, from the event log: one GROUP BY over month, action, outcome.
    steps, by_outcome = defaultdict(int), defaultdict(int)
    resolved_by_month, late_by_month = defaultdict(int), defaultdict(int)
    on_time = late = 0
    inside = Q(case__forwarded_to_unit_id__in=scope.seen_units)
    events = (
        CaseEvent.objects.filter(
            in_case_scope,
            action__in=(*DISPOSALS, RESOLVE),
            created_at__gte=start,
            created_at__lt=end,
        )
        .values("action", "case__outcome", month=TruncMonth("created_at", tzinfo=zone))
        .annotate(
            n=Count("*"),
            late=Count("case", filter=resolved_late("case__")),
            within=Count("case", filter=Q(action=FORWARD) & inside),
        )
        .order_by()
    )
    for row in events:
        steps[row["action"]] += row["n"] - row["within"]
        steps["forwarded_within"] += row["within"]
        if row["action"] == RESOLVE:
            month = row["month"].date()
            by_outcome[row["case__outcome"]] += row["n"]
            resolved_by_month[month] += row["n"]
            late_by_month[month] += row["late"]
            late += row["late"]
            on_time += row["n"] - row["late"]

    day = as_of(period)
    still_open = Case.objects.filter(scope.q(), open_on(period.last, end)).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=overdue_on(day))
    )

    months = [
        Month(m, received[m], resolved_by_month[m], late_by_month[m]) for m in period.months()
    ]
    return PeriodicReport(
        period=period,
        unit=unit,
        received=sum(by_kind.values()),
        by_kind=_lines(Kind.choices, by_kind),
        by_channel=_lines(Channel.choices, by_channel),
        by_field=_field_lines(by_field),
        group_petitions=counts["groups"],
        accepted=steps["accept"],
        forwarded=steps["forward"],
        guided=steps["guide"],
        archived=steps["archive"],
        withdrawn=steps["withdraw"],
        by_outcome=_lines(Outcome.choices, by_outcome),
        resolved=steps[RESOLVE],
        resolved_on_time=on_time,
        resolved_overdue=late,
        open_at_end=still_open["open"],
        open_overdue_at_end=still_open["overdue"],
        reception_visits=counts["visits"],
        reception_visitors=counts["visitors"],
        reception_groups=counts["group_visits"],
        months=months,
        forwarded_in=forwarded_in,
        forwarded_within=steps["forwarded_within"],
        forwarding_by_unit=_forwarding_by_unit(scope, start, end),
        reception_days=reception_days(scope, period),
    )


def _forwarding_by_unit(scope: Scope, start: datetime, end: datetime) -> list[UnitForwarding]:
    """Return, for each of the report's units that forwarded or was forwarded to, its cases."""
    rows = (
        CaseEvent.objects.filter(
            scope.q("case__"),
            action__in=(FORWARD, FORWARDED_IN),
            created_at__gte=start,
            created_at__lt=end,
        )
        .values("case__unit_id")
        .annotate(
            arrived=Count("pk", filter=Q(action=FORWARDED_IN)),
            to_units=Count("pk", filter=Q(action=FORWARD, case__forwarded_to_unit__isnull=False)),
            to_agencies=Count("pk", filter=Q(action=FORWARD, case__forwarded_to_unit__isnull=True)),
        )
        .order_by()
    )
    by_unit = {row["case__unit_id"]: row for row in rows}
    units = Unit.objects.filter(pk__in=list(by_unit)).order_by("path")
    return [
        UnitForwarding(
            unit=unit,
            forwarded_in=by_unit[unit.pk]["arrived"],
            forwarded_to_units=by_unit[unit.pk]["to_units"],
            forwarded_to_agencies=by_unit[unit.pk]["to_agencies"],
        )
        for unit in units
    ]


# --- Leaders' reception days -------------------------------------------------------------------


def _periods(per: str, first: date, last: date) -> list[tuple[date, date]]:
    """Return the calendar weeks (Monday to Sunday) or months that begin on or after `first`
    and end by `last`: the spans a minimum is judged on."""
    spans = []
    if per == ReceptionQuota.Per.WEEK:
        day = first + timedelta(days=(7 - first.weekday()) % 7)
        while day + timedelta(days=6) <= last:
            spans.append((day, day + timedelta(days=6)))
            day += timedelta(days=7)
        return spans
    day = first if first.day == 1 else (first.replace(day=1) + timedelta(days=32)).replace(day=1)
    while True:
        following = (day + timedelta(days=32)).replace(day=1)
        if following - ONE_DAY > last:
            return spans
        spans.append((day, following - ONE_DAY))
        day = following


def reception_days(scope: Scope, period: Period) -> list[ReceptionDays]:
    """Return, for each of the report's units with a legal minimum, the sessions its head held.

    The minimum is the `ReceptionQuota` of the unit's level and kind in force on the period's
    first day (docs/reception-book.md#leaders-reception-days). Only weeks or months over by
    the day the report is judged on count; a cancelled session was not held.
    """
    quotas = [q for q in ReceptionQuota.objects.all() if q.applies_on(period.first)]
    units = Unit.objects.filter(pk__in=scope.seen_units).exclude(level="").order_by("path")
    day = as_of(period)
    start, _end = period.bounds()
    end = datetime.combine(day + ONE_DAY, datetime.min.time(), tzinfo=start.tzinfo)
    found = []
    for unit in units:
        quota = next(
            (q for q in quotas if (q.unit_level, q.unit_kind) == (unit.level, unit.kind)), None
        )
        if quota is None:
            continue
        sessions = list(
            ReceptionSession.objects.filter(
                unit=unit, is_cancelled=False, starts_at__gte=start, starts_at__lt=end
            ).values_list("starts_at", "presided_by_head")
        )
        by_head = [timezone.localdate(at) for at, head in sessions if head]
        spans = _periods(quota.per, period.first, day)
        short = sum(
            1 for first, last in spans if sum(first <= d <= last for d in by_head) < quota.sessions
        )
        found.append(
            ReceptionDays(
                unit=unit,
                quota=quota,
                held=len(sessions),
                held_by_head=len(by_head),
                periods=len(spans),
                short=short,
            )
        )
    return found


# --- The locality view ----------------------------------------------------------------------

TOP_FIELDS = 3


@dataclass(frozen=True)
class CommuneFigures:
    """One commune's open cases at the period's end and its intake against the period before."""

    locality: Locality
    open: int
    overdue: int
    received: int
    received_before: int
    top_fields: list[Line]

    @property
    def per_thousand(self) -> float | None:
        population = self.locality.population
        return self.open * 1000 / population if population else None

    @property
    def trend(self) -> int:
        return self.received - self.received_before


@dataclass(frozen=True)
class LocalityFigures:
    period: Period
    previous: Period
    unit: Unit
    communes: list[CommuneFigures]
    # Open cases recorded under a former district or the province, outside any commune.
    open_elsewhere: int


def communes_on(day: date) -> QuerySet[Locality]:
    return Locality.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        level=Locality.Level.COMMUNE,
    ).order_by("name")


@analytic_queries()
def locality_figures(*, user, period: Period, unit: Unit) -> LocalityFigures:
    """Return, per commune, the open and overdue cases at the period's end, the main fields
    of those open cases and the cases received against the period of equal length before.

    One GROUP BY over locality and field; localities below a commune count for it.
    """
    scope = case_scope(user, unit)
    previous = period.previous()
    start, end = period.bounds()
    previous_start, _previous_end = previous.bounds()
    is_open = open_on(period.last, end)
    rows = (
        Case.objects.filter(scope.q(), Q(received_at__gte=previous_start) | is_open)
        .filter(received_at__lt=end)
        .values("locality__path", "field_id")
        .annotate(
            open=Count("pk", filter=is_open),
            overdue=Count("pk", filter=is_open & overdue_on(as_of(period))),
            received=Count("pk", filter=Q(received_at__gte=start)),
            received_before=Count("pk", filter=Q(received_at__lt=start)),
        )
        .order_by()
    )
    communes = list(communes_on(period.last))
    by_path = {commune.path: commune for commune in communes}
    totals = {c.pk: defaultdict(int) for c in communes}
    fields = {c.pk: defaultdict(int) for c in communes}
    elsewhere = 0
    for row in rows:
        commune = _commune_of(row["locality__path"], by_path)
        if commune is None:
            elsewhere += row["open"]
            continue
        for name in ("open", "overdue", "received", "received_before"):
            totals[commune.pk][name] += row[name]
        fields[commune.pk][row["field_id"]] += row["open"]
    names = {f.pk: f for f in Field.objects.all()}
    return LocalityFigures(
        period=period,
        previous=previous,
        unit=unit,
        communes=[
            CommuneFigures(
                locality=commune,
                open=totals[commune.pk]["open"],
                overdue=totals[commune.pk]["overdue"],
                received=totals[commune.pk]["received"],
                received_before=totals[commune.pk]["received_before"],
                top_fields=_top_fields(fields[commune.pk], names),
            )
            for commune in communes
        ],
        open_elsewhere=elsewhere,
    )


def _commune_of(path: str, communes_by_path: dict[str, Locality]) -> Locality | None:
    # A path holds its ancestors' codes: "/province/commune/village/".
    parts = path.strip("/").split("/")
    for depth in range(len(parts), 0, -1):
        found = communes_by_path.get("/" + "/".join(parts[:depth]) + "/")
        if found is not None:
            return found
    return None


def _top_fields(counts: dict[int, int], names: dict[int, Field]) -> list[Line]:
    ranked = sorted(
        ((n, names[pk].name, names[pk].code) for pk, n in counts.items() if n),
        key=lambda r: (-r[0], r[1]),
    )
    return [Line(code, name, n) for n, name, code in ranked[:TOP_FIELDS]]
