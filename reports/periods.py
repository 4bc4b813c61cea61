"""Reporting periods: whole local days, from 00:00 of the first to 00:00 after the last."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

ONE_DAY = timedelta(days=1)
# "2026-Q1", "2026-H2", "2026-9M" or "2026".
SHORTHAND = re.compile(r"^(?P<year>\d{4})(?:-(?P<part>Q[1-4]|H[12]|9M))?$", re.IGNORECASE)
# First and last month of each named part of a year.
PARTS = {
    "Q1": (1, 3),
    "Q2": (4, 6),
    "Q3": (7, 9),
    "Q4": (10, 12),
    "H1": (1, 6),
    "H2": (7, 12),
    "9M": (1, 9),
    "": (1, 12),
}
# The named part a report compares each one with, and how many years back it lies.
PREVIOUS_PART = {
    "Q1": (1, "Q4"),
    "Q2": (0, "Q1"),
    "Q3": (0, "Q2"),
    "Q4": (0, "Q3"),
    "H1": (1, "H2"),
    "H2": (0, "H1"),
    "9M": (1, "9M"),
    "": (1, ""),
}


@dataclass(frozen=True)
class Period:
    """The days `first` to `last`, both included."""

    first: date
    last: date
    shorthand: str = ""

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """Return [start, end): 00:00 of the first day and 00:00 of the day after the last.

        Counted in the project's time zone (Asia/Ho_Chi_Minh), whatever zone is active.
        """
        zone = timezone.get_default_timezone()
        start = datetime.combine(self.first, time.min, tzinfo=zone)
        end = datetime.combine(self.last + ONE_DAY, time.min, tzinfo=zone)
        return start, end

    def previous(self) -> "Period":
        """Return the period to compare with: for a named one the quarter, half or year before
        (nine months: the same nine months a year earlier), as reports compare them; for a
        range of days, the range of equal length that ends the day before it begins."""
        if self.shorthand:
            year, _sep, part = self.shorthand.partition("-")
            years_back, part = PREVIOUS_PART[part]
            year = int(year) - years_back
            return period_from_shorthand(f"{year}-{part}" if part else str(year))
        last = self.first - ONE_DAY
        return Period(first=last - timedelta(days=self.days - 1), last=last)

    def months(self) -> list[date]:
        """Return the first day of each calendar month the period touches."""
        month, result = self.first.replace(day=1), []
        while month <= self.last:
            result.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return result

    def dates_label(self) -> str:
        return _("%(first)s to %(last)s") % {
            "first": formats.date_format(self.first, "d/m/Y"),
            "last": formats.date_format(self.last, "d/m/Y"),
        }

    def label(self) -> str:
        """Return the period's name ("Quarter I 2026") with its dates, or the dates alone."""
        if not self.shorthand:
            return self.dates_label()
        return f"{shorthand_label(self.shorthand)} ({self.dates_label()})"


def month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - ONE_DAY


def period_from_shorthand(text: str) -> Period:
    """Return the period that "2026-Q1", "2026-H1", "2026-9M" or "2026" names; else ValueError."""
    match = SHORTHAND.match(text.strip())
    if not match:
        raise ValueError(text)
    year, part = int(match["year"]), (match["part"] or "").upper()
    first_month, last_month = PARTS[part]
    shorthand = f"{year}-{part}" if part else str(year)
    return Period(date(year, first_month, 1), month_end(year, last_month), shorthand)


def current_quarter(today: date) -> Period:
    return period_from_shorthand(f"{today.year}-Q{(today.month - 1) // 3 + 1}")


def shorthand_label(shorthand: str) -> str:
    """Return how a named period is written in Vietnamese reports ("Quý I năm 2026")."""
    year, _sep, part = shorthand.partition("-")
    labels = {
        "Q1": _("Quarter I %(year)s"),
        "Q2": _("Quarter II %(year)s"),
        "Q3": _("Quarter III %(year)s"),
        "Q4": _("Quarter IV %(year)s"),
        "H1": _("First six months of %(year)s"),
        "H2": _("Last six months of %(year)s"),
        "9M": _("Nine months of %(year)s"),
        "": _("Year %(year)s"),
    }
    return labels[part] % {"year": year}


def shorthand_choices(today: date, years: int = 3) -> list[tuple[str, str]]:
    """Return the named periods of the last few years, newest first, as form choices."""
    choices = []
    for year in range(today.year, today.year - years, -1):
        for part in ("Q4", "Q3", "Q2", "Q1", "9M", "H2", "H1", ""):
            shorthand = f"{year}-{part}" if part else str(year)
            if period_from_shorthand(shorthand).first <= today:
                choices.append((shorthand, shorthand_label(shorthand)))
    return choices
