"""The Vietnamese working-day calendar: public holidays, swapped days and the exceptions the
administrator records as `CalendarDay` rows (docs/time-limits.md)."""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import holidays
from django.utils.translation import gettext as _

from ..models import CalendarDay

ONE_DAY = timedelta(days=1)
# Stands for "Saturday or Sunday" in the calendar's cache, translated when it is read.
_WEEKEND = object()


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: str


@functools.cache
def national_calendar(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Return the year's public holidays (with Vietnamese names) and swapped working Saturdays.

    Computed once per process: the law's calendar does not change while it runs.
    """
    # Also next year: its swaps may fall on a Saturday of this one (27/12/2014).
    national = holidays.country_holidays("VN", years=[year, year + 1], language="vi")
    return (
        {day: name for day, name in national.items() if day.year == year},
        frozenset(day for day in national.weekend_workdays if day.year == year),
    )


class WorkingCalendar:
    """Vietnamese working days: national public holidays and swapped days, with overrides."""

    def __init__(self, overrides: Iterable[tuple[date, bool, str]] = ()):
        # day -> (is a working day, administrator's reason)
        self._overrides = {day: (working, name) for day, working, name in overrides}
        self._days_off: dict[date, object] = {}
        self._nth_after: dict[tuple[date, int], tuple[date, tuple[SkippedDay, ...]]] = {}

    @classmethod
    def load(cls) -> "WorkingCalendar":
        """Return the calendar with every administrator's exception, read in one query."""
        rows = CalendarDay.objects.values_list("date", "day_type", "name")
        return cls(
            (day, day_type == CalendarDay.DayType.WORKING_DAY, name) for day, day_type, name in rows
        )

    def _day_off(self, day: date) -> object:
        if day not in self._days_off:
            if day in self._overrides:
                working, name = self._overrides[day]
                reason = None if working else name
            else:
                public_holidays, weekend_workdays = national_calendar(day.year)
                reason = public_holidays.get(day)
                if reason is None and day.weekday() >= 5 and day not in weekend_workdays:
                    reason = _WEEKEND
            self._days_off[day] = reason
        return self._days_off[day]

    def day_off_reason(self, day: date) -> str | None:
        """Return why `day` is not a working day, or None if it is one."""
        reason = self._day_off(day)
        return _("Weekend") if reason is _WEEKEND else reason

    def is_working_day(self, day: date) -> bool:
        return self._day_off(day) is None

    def next_working_day(self, day: date) -> date:
        """Return `day` if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def working_days_before(self, day: date, n: int) -> date:
        """Return the n-th working day before `day`."""
        while n > 0:
            day -= ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def nth_working_day_after(self, day: date, n: int) -> tuple[date, tuple[SkippedDay, ...]]:
        """Return the n-th working day after `day` and the days off passed on the way."""
        key = (day, n)
        if key not in self._nth_after:
            skipped = []
            while n > 0:
                day += ONE_DAY
                if (reason := self.day_off_reason(day)) is None:
                    n -= 1
                else:
                    skipped.append(SkippedDay(day, reason))
            self._nth_after[key] = (day, tuple(skipped))
        return self._nth_after[key]
