"""Reads of cases; `cases_visible_to` is the one visibility rule.

The rule: docs/roles-and-visibility.md#the-visibility-rule.
"""

import functools
from dataclasses import dataclass, replace
from datetime import date
from functools import reduce
from operator import or_

import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import geo, tracking_codes
from .exceptions import CaseNotFound
from .models import (
    OPEN_STATUSES,
    Case,
    CaseUserObjectPermission,
    InspectionGrant,
    Locality,
    Petition,
    ReceptionSession,
    Status,
    Unit,
)
from .permissions import Role, reception_units_of, roles_of

HANDLE_PERMISSION = "handle_case"


@dataclass(frozen=True)
class Visibility:
    """Which cases a user may open, as data every query engine can apply.

    `unit_trees`: unit paths whose cases, and those of the units below, are visible;
    `units`: units whose own cases are visible; `holder_id`: a user whose object permission
    to handle a case makes it visible (docs/roles-and-visibility.md#the-visibility-rule).
    """

    unit_trees: tuple[str, ...] = ()
    units: tuple[int, ...] = ()
    holder_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.unit_trees or self.units or self.holder_id)

    def covers_every_unit(self) -> bool:
        """Whether the trees hold every unit: then the rule lets every case through."""
        roots = Unit.objects.filter(parent__isnull=True).values_list("path", flat=True)
        return bool(self.unit_trees) and all(
            any(root.startswith(tree) for tree in self.unit_trees) for root in roots
        )

    def as_q(self, *, unit_path="unit__path", unit="unit_id", case="pk") -> Q:
        """Return the rule as a filter; the names let other tables that mirror cases use it."""
        conditions = [Q(**{f"{unit_path}__startswith": path}) for path in self.unit_trees]
        if self.units:
            conditions.append(Q(**{f"{unit}__in": self.units}))
        if self.holder_id:
            # A subquery, not a join, so that other users' permission rows never duplicate a case.
            held = CaseUserObjectPermission.objects.filter(
                user_id=self.holder_id, permission__codename=HANDLE_PERMISSION
            ).values("content_object_id")
            conditions.append(Q(**{f"{case}__in": held}))
        return reduce(or_, conditions) if conditions else Q(pk__in=[])

    def cases(self) -> QuerySet[Case]:
        """Return the cases the rule lets open."""
        return Case.objects.none() if self.is_empty else Case.objects.filter(self.as_q())


def case_visibility(user) -> Visibility:
    """Return the one visibility rule for this user.

    Leaders see their unit and the units below, reception officers their own unit, handlers
    the cases they hold the object permission for, inspectors the units granted to them.
    Administrators see no case content unless they also hold one of those roles.
    """
    roles = roles_of(user)
    unit_trees: list[str] = []
    units: list[int] = []
    if Role.LEADER in roles and user.unit_id:
        unit_trees.append(user.unit.path)
    if Role.RECEPTION in roles and user.unit_id:
        units.append(user.unit_id)
    if Role.INSPECTOR in roles:
        unit_trees.extend(
            Unit.objects.filter(
                pk__in=InspectionGrant.objects.filter(inspector=user).values("unit_id")
            ).values_list("path", flat=True)
        )
    return Visibility(
        unit_trees=tuple(unit_trees),
        units=tuple(units),
        holder_id=user.pk if Role.HANDLER in roles else None,
    )


def cases_visible_to(user) -> QuerySet[Case]:
    """Return the cases the user may open: every list, search, export and report starts here."""
    return case_visibility(user).cases()


def overdue_cases(today: date) -> Q:
    """Open cases past their due date: the query form of `Case.is_overdue`."""
    return Q(status__in=OPEN_STATUSES, due_on__lt=today)


def due_soon_cases(today: date) -> Q:
    """Open cases within their due-soon window: the query form of `Case.is_due_soon`."""
    return Q(status__in=OPEN_STATUSES, due_soon_on__lte=today, due_on__gte=today)


def case_get_visible(*, user, reference: str) -> Case:
    """Return the case with this reference if the user may open it, else raise CaseNotFound."""
    try:
        return (
            cases_visible_to(user)
            .select_related("unit", "locality", "field", "handler")
            .get(reference=reference)
        )
    except Case.DoesNotExist as exc:
        raise CaseNotFound from exc


def receiving_unit(setting: str) -> Unit:
    """Return the active unit whose code the named setting holds, e.g. PORTAL_UNIT.

    Petitions that come in without an officer (the portal, Open311 apps) are received there.
    """
    code = getattr(settings, setting)
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise ImproperlyConfigured(f"{setting} names no active unit: {code!r}")
    return unit


def current_localities() -> QuerySet[Locality]:
    """Return the localities valid today, which a new petition may name."""
    today = timezone.localdate()
    return Locality.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
    ).order_by("path")


def commune_nearest(latitude, longitude, *, within_km: float) -> Locality | None:
    """Return the current commune whose centre point is nearest, if one lies within `within_km`.

    A province holds a few hundred communes at most: measuring each in Python costs less
    than a spatial index would to keep.
    """
    point = (float(latitude), float(longitude))
    communes = current_localities().filter(
        level=Locality.Level.COMMUNE, latitude__isnull=False, longitude__isnull=False
    )
    measured = [
        (geo.distance_km(point, (float(commune.latitude), float(commune.longitude))), commune)
        for commune in communes
    ]
    if not measured:
        return None
    distance, nearest = min(measured, key=lambda pair: (pair[0], pair[1].path))
    return nearest if distance <= within_km else None


def handlers_of_unit(unit: Unit) -> QuerySet:
    return get_user_model().objects.filter(is_active=True, unit=unit, groups__name=Role.HANDLER)


def available_transitions(case: Case, user) -> list[str]:
    """Return the names of the transitions this user may take on the case now."""
    names = []
    for transition in case.get_available_user_status_transitions(user):
        if transition.name not in names:
            names.append(transition.name)
    return names


@dataclass(frozen=True)
class PublicStatus:
    """What the public may learn about a petition from its code, and no more.

    The field names are the public API's keys. After forwarding inside the system, `unit`,
    `status` and the dates are those of the case now handling the petition, and `forwarding`
    lists each step, unit names only (docs/tracking-codes.md#what-the-public-view-shows).
    """

    code: str
    kind: str
    status: str
    status_label: str
    received_at: date
    unit: str
    due_date: date | None
    updated_at: date
    outcome_summary: str | None
    forwarding: list[dict]


_PUBLIC_COLUMNS = (
    "tracking_code",
    "received_at",
    "case__kind",
    "case__status",
    "case__due_on",
    "case__updated_at",
    "case__public_summary",
    "case__unit__name",
)


def _public_rows(tracking_code: str) -> QuerySet:
    # The petition and its forwarded copies, which share its code, in the order they arose.
    return (
        Petition.objects.filter(tracking_code=tracking_code)
        .order_by("pk")
        .values_list(*_PUBLIC_COLUMNS)
    )


@functools.cache
def _public_rows_sql() -> str:
    """Return the lookup's SQL, compiled by the ORM once per process."""
    sql, _params = _public_rows("").query.sql_with_params()
    return sql


def _public_chain(tracking_code: str) -> list[tuple]:
    """Return the narrow rows for the code, without model instances.

    This lookup faces the whole internet. On PostgreSQL its SQL is compiled once and run on a
    server-binding cursor, which psycopg prepares once it has run `prepare_threshold` times
    (DATABASE_PREPARED_STATEMENTS): Django's cursors bind client-side and never prepare, and
    planning the join costs more than running it.
    """
    if connection.vendor != "postgresql":
        return list(_public_rows(tracking_code))
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    # Wrapped as Django wraps its own cursors: a lost connection becomes its OperationalError
    # (a 503), and query logging and execute wrappers see the lookup.
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(raw) as cursor:
        cursor.execute(_public_rows_sql(), [tracking_code])
        return cursor.fetchall()


def _forwarding_step(unit: str, received_at) -> dict:
    day = timezone.localdate(received_at)
    return {
        "unit": unit,
        "date": day,
        "text": _("Forwarded to %(unit)s on %(date)s")
        % {"unit": unit, "date": formats.date_format(day, "d/m/Y")},
    }


def public_status(code: str) -> PublicStatus | None:
    """Return the public view of the petition with this code, or None if there is none."""
    try:
        canonical = tracking_codes.normalize(code)
    except tracking_codes.InvalidTrackingCode:
        # No code is empty: the same lookup runs and finds nothing, so a malformed or
        # mistyped code takes as long as an unknown one (no enumeration by timing).
        canonical = ""
    rows = _public_chain(canonical)
    if not rows:
        return None
    code, received_at = rows[0][:2]
    _code, _received, kind, status, due_on, updated_at, summary, unit = rows[-1]
    return PublicStatus(
        code=code,
        kind=kind,
        status=status,
        status_label=Status(status).label,
        received_at=timezone.localdate(received_at),
        unit=unit,
        due_date=due_on,
        updated_at=timezone.localdate(updated_at),
        outcome_summary=answered_summary(status, summary),
        forwarding=[_forwarding_step(row[7], row[1]) for row in rows[1:]],
    )


# --- Forwarding inside the system and its follow-up ------------------------------------------


def follow_up_overdue(today: date) -> Q:
    """Forwarded cases whose report was asked for and has not come by its due date."""
    return Q(
        report_requested_on__isnull=False,
        report_received_on__isnull=True,
        report_due_on__lt=today,
    )


@dataclass(frozen=True)
class ForwardingLinks:
    """The cases a case was forwarded to and from: a reference where the user may open that
    case, else None, and always the unit's name (docs/api.md#case-detail)."""

    to_case: str | None = None
    to_unit: str | None = None
    from_case: str | None = None
    from_unit: str | None = None


def forwarding_links(case: Case, user) -> ForwardingLinks:
    linked = Case.objects.filter(
        Q(forwarded_from_case=case) | Q(pk=case.forwarded_from_case_id)
    ).select_related("unit")
    visible = set(cases_visible_to(user).filter(pk__in=linked).values_list("pk", flat=True))
    links = {}
    for other in linked:
        direction = "from" if other.pk == case.forwarded_from_case_id else "to"
        links[f"{direction}_case"] = other.reference if other.pk in visible else None
        links[f"{direction}_unit"] = other.unit.name
    return ForwardingLinks(**links)


# The last case of a forwarding chain ended without a decision here; FORWARDED there means
# forwarded on to an outside agency, since a forward inside the system continues the chain.
_ENDED_WITHOUT_DECISION = frozenset(
    {Status.GUIDED, Status.ARCHIVED, Status.WITHDRAWN, Status.TERMINATED, Status.FORWARDED}
)


@dataclass(frozen=True)
class ForwardedCase:
    """A case the user's unit forwarded to a unit of this system, and where it stands there."""

    case: Case
    # The case now handling the petition: the one it was forwarded to, or further on.
    current: Case
    # The units it went through after leaving, in order.
    units: list[str]
    current_visible: bool
    is_overdue: bool

    @property
    def ended_without_decision(self) -> bool:
        """The receiving unit closed it another way: guided, archived, withdrawn, terminated, or
        forwarded out of the system."""
        return self.current.status in _ENDED_WITHOUT_DECISION


def forwarded_cases(user, today: date, *, overdue_only: bool = False) -> list[ForwardedCase]:
    """Return the cases the user may open that were forwarded inside the system, newest first.

    Each carries the state of the petition where it is now; a report asked for is overdue
    when no answer came by its due date (`follow_up_overdue`).
    """
    cases = cases_visible_to(user).filter(forwarded_to_unit__isnull=False)
    if overdue_only:
        cases = cases.filter(follow_up_overdue(today))
    cases = cases.select_related("unit", "forwarded_to_case__unit").order_by("-closed_on", "-pk")
    found = []
    for case in cases:
        current, units = case, []
        while (following := getattr(current, "forwarded_to_case", None)) is not None:
            current = following
            units.append(current.unit.name)
        found.append((case, current, units))
    visible = set(
        cases_visible_to(user)
        .filter(pk__in=[current.pk for _case, current, _units in found])
        .values_list("pk", flat=True)
    )
    return [
        ForwardedCase(
            case=case,
            current=current,
            units=units,
            current_visible=current.pk in visible,
            is_overdue=case.is_follow_up_overdue(today),
        )
        for case, current, units in found
    ]


# --- Leaders' reception sessions ---------------------------------------------------------------


def reception_sessions_visible_to(user) -> QuerySet[ReceptionSession]:
    """Return the sessions of the units whose schedule the user reads.

    The units of the visibility rule (a leader's tree, a reception officer's unit, an
    inspector's grants), and the units whose sessions a reception officer organises
    (`permissions.reception_units_of`).
    """
    visibility = case_visibility(user)
    units = set(visibility.units) | set(reception_units_of(user))
    condition = replace(visibility, units=tuple(units), holder_id=None).as_q(
        unit_path="unit__path", unit="unit_id"
    )
    return ReceptionSession.objects.filter(condition).select_related("unit", "presiding")


def upcoming_sessions(sessions: QuerySet[ReceptionSession], now=None) -> QuerySet:
    """Return the sessions not yet over and not cancelled, soonest first."""
    now = now or timezone.now()
    return sessions.filter(ends_at__gt=now, is_cancelled=False).order_by("starts_at", "pk")


def public_reception_sessions(now=None) -> QuerySet[ReceptionSession]:
    """Return every active unit's coming sessions, which the law has published."""
    return upcoming_sessions(
        ReceptionSession.objects.filter(unit__is_active=True).select_related("unit", "presiding"),
        now,
    )


def sessions_for_desk(user, day: date) -> QuerySet[ReceptionSession]:
    """Return the sessions a visit received by the user on `day` may come to.

    Those of the user's unit and the units above it, on that day, not cancelled.
    """
    if user.unit_id is None:
        return ReceptionSession.objects.none()
    paths = [
        user.unit.path[: index + 1] for index, char in enumerate(user.unit.path) if char == "/"
    ]
    return (
        ReceptionSession.objects.filter(
            unit__path__in=paths[1:],
            starts_at__date=day,
            is_cancelled=False,
        )
        .select_related("unit", "presiding")
        .order_by("starts_at", "pk")
    )


def answered_summary(status: str, public_summary: str) -> str | None:
    """Return the outcome's public summary once the citizen has been answered, else None."""
    answered = status in (Status.RESPONDED, Status.CLOSED)
    return public_summary if answered and public_summary else None
