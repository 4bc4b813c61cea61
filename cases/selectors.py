"""Reads of cases; `cases_visible_to` is the one visibility rule (DOMAIN §4)."""

import functools
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

import psycopg
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import tracking_codes
from .exceptions import CaseNotFound
from .models import (
    OPEN_STATUSES,
    Case,
    CaseUserObjectPermission,
    InspectionGrant,
    Petition,
    Status,
    Unit,
)
from .permissions import Role, roles_of

HANDLE_PERMISSION = "handle_case"


def _unit_tree(path: str) -> Q:
    return Q(unit__path__startswith=path)


def cases_visible_to(user) -> QuerySet[Case]:
    """Return the cases the user may open: every list, search, export and report starts here.

    Leaders see their unit and the units below, reception officers their own unit, handlers
    the cases they hold the object permission for, inspectors the units granted to them.
    Administrators see no case content unless they also hold one of those roles.
    """
    roles = roles_of(user)
    conditions = []
    if Role.LEADER in roles and user.unit_id:
        conditions.append(_unit_tree(user.unit.path))
    if Role.RECEPTION in roles and user.unit_id:
        conditions.append(Q(unit_id=user.unit_id))
    if Role.HANDLER in roles:
        # A subquery, not a join, so that other users' permission rows never duplicate a case.
        held = CaseUserObjectPermission.objects.filter(
            user=user, permission__codename=HANDLE_PERMISSION
        ).values("content_object_id")
        conditions.append(Q(pk__in=held))
    if Role.INSPECTOR in roles:
        granted = Unit.objects.filter(
            pk__in=InspectionGrant.objects.filter(inspector=user).values("unit_id")
        ).values_list("path", flat=True)
        conditions.extend(_unit_tree(path) for path in granted)
    if not conditions:
        return Case.objects.none()
    return Case.objects.filter(reduce(or_, conditions))


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
    """What the public may learn about a petition from its code (DOMAIN §5), and no more.

    The field names are the public API's keys.
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
    return Petition.objects.filter(tracking_code=tracking_code).values_list(*_PUBLIC_COLUMNS)[:1]


@functools.cache
def _public_row_sql() -> str:
    """Return the lookup's SQL, compiled by the ORM once per process."""
    sql, _params = _public_rows("").query.sql_with_params()
    return sql


def _public_row(tracking_code: str) -> tuple | None:
    """Return one narrow row for the code, without model instances.

    This lookup faces the whole internet. On PostgreSQL its SQL is compiled once and run
    as a server-side prepared statement: Django's cursors bind client-side and never
    prepare, and planning the join costs more than running it.
    """
    if connection.vendor != "postgresql":
        return next(iter(_public_rows(tracking_code)), None)
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(_public_row_sql(), [tracking_code], prepare=True)
        return cursor.fetchone()


def public_status(code: str) -> PublicStatus | None:
    """Return the public view of the petition with this code, or None if there is none."""
    try:
        canonical = tracking_codes.normalize(code)
    except tracking_codes.InvalidTrackingCode:
        return None
    row = _public_row(canonical)
    if row is None:
        return None
    code, received_at, kind, status, due_on, updated_at, summary, unit = row
    responded = status in (Status.RESPONDED, Status.CLOSED)
    return PublicStatus(
        code=code,
        kind=kind,
        status=status,
        status_label=Status(status).label,
        received_at=timezone.localdate(received_at),
        unit=unit,
        due_date=due_on,
        updated_at=timezone.localdate(updated_at),
        outcome_summary=summary if responded and summary else None,
    )
