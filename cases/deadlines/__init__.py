"""Due dates: the one place that knows how time limits are counted (docs/time-limits.md).

Limits are `DeadlineRule` rows; the calendar is the `holidays` package's Vietnamese public
holidays and swapped days, overridden by the administrator's `CalendarDay` rows. The package
keeps apart the calendar (`calendar`), the rule book and the due dates it computes (`rules`),
and the dates stored on cases with their recomputation (`persistence`); the names below are
its public API.
"""

from .calendar import SkippedDay, WorkingCalendar, national_calendar
from .persistence import (
    DUE_FIELDS,
    apply_deadlines,
    follow_due_soon_setting,
    recompute_open_cases,
    schedule_recompute_open_cases,
)
from .rules import CaseDeadlines, DueDate, RuleBook, compute_deadlines, extension_refusal

__all__ = [
    "DUE_FIELDS",
    "CaseDeadlines",
    "DueDate",
    "RuleBook",
    "SkippedDay",
    "WorkingCalendar",
    "apply_deadlines",
    "compute_deadlines",
    "extension_refusal",
    "follow_due_soon_setting",
    "national_calendar",
    "recompute_open_cases",
    "schedule_recompute_open_cases",
]
