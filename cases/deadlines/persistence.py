"""The due dates stored on cases, and their recomputation when the calendar or rules change."""

import functools
import threading
import weakref

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Prefetch, Q

from ..models import OPEN_STATUSES, Case, DueSoonBasis
from ..signals import announce_changed
from .calendar import WorkingCalendar
from .rules import CaseDeadlines, RuleBook, compute_deadlines

DUE_FIELDS = (
    "processing_due_on",
    "resolution_due_on",
    "response_due_on",
    "due_on",
    "due_soon_on",
    "report_due_on",
)
# The recompute waiting for each (thread, database)'s commit. Weak: a rollback drops the
# callback, which takes its entry with it, so the next change schedules afresh.
_waiting: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def apply_deadlines(case, deadlines: CaseDeadlines) -> list[str]:
    """Set the case's due fields (without saving) and return the names of those that changed."""
    values = {
        "processing_due_on": deadlines.processing.due_on if deadlines.processing else None,
        "resolution_due_on": deadlines.resolution.due_on if deadlines.resolution else None,
        "response_due_on": deadlines.response.due_on if deadlines.response else None,
        "due_on": deadlines.due_on,
        "due_soon_on": deadlines.due_soon_on,
        "report_due_on": deadlines.follow_up.due_on if deadlines.follow_up else None,
    }
    changed = [name for name in DUE_FIELDS if getattr(case, name) != values[name]]
    for name in changed:
        setattr(case, name, values[name])
    return changed


def recompute_open_cases(queryset=None, *, batch_size=500) -> int:
    """Recompute the due dates of every open case and return how many of them changed.

    A forwarded case still waiting for the report it asked for counts as open here: its
    report's due date is one of its dates.
    """
    queryset = Case.objects.all() if queryset is None else queryset
    calendar, rules = WorkingCalendar.load(), RuleBook.load()
    waiting = Q(report_requested_on__isnull=False, report_received_on__isnull=True)
    cases = (
        queryset.filter(Q(status__in=OPEN_STATUSES) | waiting)
        .order_by("pk")
        .only(
            "kind",
            "status",
            "received_at",
            "accepted_on",
            "decided_on",
            "report_requested_on",
            "report_received_on",
            "complexity",
            "is_remote_area",
            "is_second_time",
            "version",
            *DUE_FIELDS,
        )
        .prefetch_related(
            Prefetch("suspensions", to_attr="suspension_list"),
            Prefetch("extensions", to_attr="extension_list"),
        )
    )
    changed_count = 0
    last_pk = None
    # Ranges of primary keys rather than offsets: each batch is one indexed query.
    while batch := list((cases if last_pk is None else cases.filter(pk__gt=last_pk))[:batch_size]):
        last_pk = batch[-1].pk
        changed = [
            case
            for case in batch
            if apply_deadlines(
                case,
                compute_deadlines(
                    case,
                    calendar=calendar,
                    rules=rules,
                    suspensions=case.suspension_list,
                    extensions=case.extension_list,
                ),
            )
        ]
        if changed:
            with transaction.atomic(using=cases.db):
                _save_due_dates(changed, using=cases.db)
                announce_changed(case.pk for case in changed)
            changed_count += len(changed)
    return changed_count


def _save_due_dates(cases: list[Case], *, using: str) -> None:
    """Write the due fields of `cases` to the database in one statement."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        Case.objects.using(using).bulk_update(cases, DUE_FIELDS)
        return
    # bulk_update builds a CASE expression per row and field: 86,000 cases took over a minute.
    quote, meta = connection.ops.quote_name, Case._meta
    table, pk, version = (quote(name) for name in (meta.db_table, meta.pk.column, "version"))
    columns = [quote(meta.get_field(name).column) for name in DUE_FIELDS]
    row = "(%s, %s, " + ", ".join(["%s::date"] * len(columns)) + ")"
    # A case changed by a transition since it was read keeps the dates that transition wrote.
    sql = (
        f"UPDATE {table} AS c"
        f" SET {', '.join(f'{column} = v.{column}' for column in columns)}"
        f" FROM (VALUES {', '.join([row] * len(cases))})"
        f" AS v({pk}, {version}, {', '.join(columns)})"
        f" WHERE c.{pk} = v.{pk} AND c.{version} = v.{version}"
    )
    params = [
        value
        for case in cases
        for value in (case.pk, case.version, *(getattr(case, name) for name in DUE_FIELDS))
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def schedule_recompute_open_cases(using=None) -> None:
    """Recompute open cases once after the current transaction commits."""
    key = (threading.get_ident(), using or DEFAULT_DB_ALIAS)
    # Saving many calendar days or rules in one transaction still recomputes only once.
    if key in _waiting:
        return
    callback = _waiting[key] = functools.partial(_recompute_after_commit, key)
    transaction.on_commit(callback, using=key[1])


def _recompute_after_commit(key) -> None:
    _waiting.pop(key, None)
    recompute_open_cases(Case.objects.using(key[1]))


def follow_due_soon_setting(using: str = DEFAULT_DB_ALIAS) -> int:
    """Recompute open cases if `DUE_SOON_WORKING_DAYS` changed since their dates were stored.

    Return how many cases changed. Run at each migrate (every start) and when the setting
    changes in a running process (`override_settings`).
    """
    if DueSoonBasis._meta.db_table not in connections[using].introspection.table_names():
        # Migrating to a state before the table: nothing was stored against a setting yet.
        return 0
    days = settings.DUE_SOON_WORKING_DAYS
    with transaction.atomic(using=using):
        basis, created = (
            DueSoonBasis.objects.using(using)
            .select_for_update()
            .get_or_create(pk=1, defaults={"working_days": days})
        )
        if basis.working_days == days and not created:
            return 0
        basis.working_days = days
        basis.save(using=using, update_fields=["working_days"])
        return recompute_open_cases(Case.objects.using(using))
