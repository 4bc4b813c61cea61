"""The rule book: which `DeadlineRule` applies to a case, and the due dates it gives, each
able to explain how it was counted (docs/time-limits.md).

Limits are `DeadlineRule` rows; the calendar is `cases.deadlines.calendar`
(docs/time-limits.md#the-working-calendar). Nothing here writes: storing the dates on cases is
`cases.deadlines.persistence`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Complexity, DeadlineRule, Kind, Status
from .calendar import ONE_DAY, SkippedDay, WorkingCalendar

_RESOLUTION_STATUSES = frozenset({Status.ACCEPTED, Status.VERIFYING, Status.PROPOSED})
# A case may still be forwarded, or was: the forwarding limit is shown then.
_FORWARDABLE = frozenset({Status.RECEIVED, Status.FORWARDED})


def _show(day: date) -> str:
    return formats.date_format(day, "d/m/Y")


@dataclass(frozen=True)
class DueDate:
    step: str
    due_on: date | None
    rule: DeadlineRule | None
    anchor: str
    anchor_date: date | None
    extension_days: int
    skipped: tuple[SkippedDay, ...]
    moved_from: date | None
    clock_stopped: bool

    def explain(self) -> str:
        """Return one sentence saying how the due date was counted."""
        if self.rule is None:
            return _("No time limit applies to this step.")
        days = self.rule.days
        if self.rule.day_count == DeadlineRule.DayCount.WORKING:
            limit = ngettext("%(days)d working day", "%(days)d working days", days)
        else:
            limit = ngettext("%(days)d day", "%(days)d days", days)
        anchor = str(DeadlineRule.Anchor(self.anchor).label).lower()
        parts = [
            _("%(limit)s (%(citation)s) from the %(anchor)s")
            % {"limit": limit % {"days": days}, "citation": self.rule.citation, "anchor": anchor}
        ]
        if self.anchor_date is None:
            parts.append(_("which is not known yet"))
            return ", ".join(parts) + "."
        parts[0] += " " + _show(self.anchor_date)
        if self.extension_days:
            parts.append(
                ngettext(
                    "extended by %(days)d day", "extended by %(days)d days", self.extension_days
                )
                % {"days": self.extension_days}
            )
        if skipped := self._describe_skipped():
            parts.append(_("not counting %(days)s") % {"days": skipped})
        if self.moved_from is not None:
            parts.append(
                _("moved from %(day)s, a day off, to the next working day")
                % {"day": _show(self.moved_from)}
            )
        if self.clock_stopped:
            outcome = _("the clock is stopped while the case is suspended")
        else:
            outcome = _("due %(day)s") % {"day": _show(self.due_on)}
        return ", ".join(parts) + ": " + outcome + "."

    def _describe_skipped(self) -> str:
        weekend, suspended = _("Weekend"), _("Suspended")
        weekend_days = sum(1 for s in self.skipped if s.reason == weekend)
        suspended_days = sum(1 for s in self.skipped if s.reason == suspended)
        items = []
        if weekend_days:
            items.append(
                ngettext("%(count)d weekend day", "%(count)d weekend days", weekend_days)
                % {"count": weekend_days}
            )
        if suspended_days:
            items.append(
                ngettext("%(count)d suspended day", "%(count)d suspended days", suspended_days)
                % {"count": suspended_days}
            )
        items.extend(
            f"{s.reason} ({_show(s.day)})"
            for s in self.skipped
            if s.reason not in (weekend, suspended)
        )
        return ", ".join(items)


@dataclass(frozen=True)
class CaseDeadlines:
    processing: DueDate | None
    resolution: DueDate | None
    response: DueDate | None
    due_on: date | None
    due_soon_on: date | None
    # Forwarding a denunciation outside our competence, while that is still a way out;
    # the report asked of the unit a case was forwarded to, once asked.
    forwarding: DueDate | None = None
    follow_up: DueDate | None = None

    def shown(self) -> list[tuple[str, DueDate]]:
        """Return (step, due date) for each step that applies, in the order a case meets them."""
        steps = [
            (DeadlineRule.Step.PROCESSING, self.processing),
            (DeadlineRule.Step.FORWARDING, self.forwarding),
            (DeadlineRule.Step.RESOLUTION, self.resolution),
            (DeadlineRule.Step.RESPONSE, self.response),
            (DeadlineRule.Step.FOLLOW_UP, self.follow_up),
        ]
        return [(step, due) for step, due in steps if due is not None]


class RuleBook:
    """All deadline rules, read once, and the choice of the one that applies to a case."""

    def __init__(self, rules: Iterable[DeadlineRule]):
        self._rules: dict[tuple[str, str], list[DeadlineRule]] = {}
        for rule in rules:
            self._rules.setdefault((rule.kind, rule.step), []).append(rule)

    @classmethod
    def load(cls) -> "RuleBook":
        """Return the rule book with every rule, read in one query."""
        return cls(DeadlineRule.objects.order_by("pk"))

    def select(
        self, *, kind, step, second_time: bool, complexity: str, remote_area: bool, on: date
    ) -> DeadlineRule | None:
        """Return the most specific rule in force on `on`, the latest one among equals."""
        candidates = [
            rule
            for rule in self._rules.get((kind, step), ())
            if rule.applies_on(on)
            and rule.second_time in (None, second_time)
            and rule.complexity in ("", complexity)
            and rule.remote_area in (None, remote_area)
        ]
        return max(candidates, key=_specificity, default=None)

    def for_case(
        self, case, step: str, anchor_dates: dict[str, date | None], *, complexity: str = ""
    ) -> DeadlineRule | None:
        """Return the rule for one step of `case`, chosen by the date the rule counts from.

        `complexity`, when given, stands for the case's own (an extension may raise it).
        """
        criteria = {
            "kind": case.kind,
            "step": step,
            "second_time": case.is_second_time,
            "complexity": complexity or case.complexity,
            "remote_area": case.is_remote_area,
        }
        received_on = anchor_dates[DeadlineRule.Anchor.RECEIVED]
        rule = self.select(**criteria, on=received_on)
        anchor_date = anchor_dates.get(rule.anchor) if rule else None
        # The anchor is known only once a rule names it; a rule in force on that date wins.
        if anchor_date is not None and anchor_date != received_on:
            rule = self.select(**criteria, on=anchor_date) or rule
        return rule


def _anchor_dates(case) -> dict[str, date | None]:
    return {
        DeadlineRule.Anchor.RECEIVED: timezone.localdate(case.received_at),
        DeadlineRule.Anchor.ACCEPTED: case.accepted_on,
        DeadlineRule.Anchor.DECIDED: case.decided_on,
        DeadlineRule.Anchor.REPORT_REQUESTED: case.report_requested_on,
    }


def _specificity(rule: DeadlineRule) -> tuple[int, date]:
    fields_set = (
        (rule.second_time is not None) + (rule.complexity != "") + (rule.remote_area is not None)
    )
    return fields_set, rule.effective_from


def _suspended_days(
    intervals: list[tuple[date, date | None]], after: date, through: date
) -> list[date] | None:
    """Return the suspended days in (after, through], or None if an open suspension reaches them."""
    days = []
    for started_on, ended_on in intervals:
        if ended_on is None:
            if started_on <= through:
                return None
            continue
        first, last = max(started_on, after + ONE_DAY), min(ended_on - ONE_DAY, through)
        days.extend(first + timedelta(days=i) for i in range((last - first).days + 1))
    return sorted(days)


def _count_working(
    calendar: WorkingCalendar, anchor_date: date, days: int, intervals: list
) -> tuple[date | None, tuple[SkippedDay, ...], bool]:
    if not intervals:
        due_on, skipped = calendar.nth_working_day_after(anchor_date, days)
        return due_on, skipped, False
    suspended = _("Suspended")
    skipped = []
    day = anchor_date
    while days > 0:
        day += ONE_DAY
        ends = [end for start, end in intervals if start <= day and (end is None or day < end)]
        if None in ends:
            return None, tuple(skipped), True
        if ends:
            skipped.append(SkippedDay(day, suspended))
        elif (reason := calendar.day_off_reason(day)) is None:
            days -= 1
        else:
            skipped.append(SkippedDay(day, reason))
    return day, tuple(skipped), False


def _count_calendar(
    anchor_date: date, days: int, intervals: list
) -> tuple[date | None, tuple[SkippedDay, ...], bool]:
    due_on = anchor_date + timedelta(days=days)
    suspended_days = []
    # Each suspended day lengthens the span, which may then take in more suspended days.
    while intervals:
        suspended_days = _suspended_days(intervals, anchor_date, due_on)
        if suspended_days is None:
            return None, (), True
        longer = anchor_date + timedelta(days=days + len(suspended_days))
        if longer == due_on:
            break
        due_on = longer
    suspended = _("Suspended")
    return due_on, tuple(SkippedDay(day, suspended) for day in suspended_days), False


def _due_date(
    case, step: str, *, calendar, rules, anchor_dates, intervals, extension_days
) -> DueDate | None:
    rule = rules.for_case(case, step, anchor_dates)
    if rule is None:
        return None
    anchor_date = anchor_dates.get(rule.anchor)
    result = {
        "step": step,
        "rule": rule,
        "anchor": rule.anchor,
        "anchor_date": anchor_date,
        "extension_days": extension_days,
    }
    if anchor_date is None:
        return DueDate(**result, due_on=None, skipped=(), moved_from=None, clock_stopped=False)
    days = rule.days + extension_days
    if rule.day_count == DeadlineRule.DayCount.WORKING:
        due_on, skipped, stopped = _count_working(calendar, anchor_date, days, intervals)
        moved_from = None
    else:
        due_on, skipped, stopped = _count_calendar(anchor_date, days, intervals)
        moved_from = None
        if due_on is not None and not calendar.is_working_day(due_on):
            moved_from, due_on = due_on, calendar.next_working_day(due_on)
    return DueDate(
        **result, due_on=due_on, skipped=skipped, moved_from=moved_from, clock_stopped=stopped
    )


def _current_due(
    case, processing: DueDate | None, resolution: DueDate | None, response: DueDate | None
) -> date | None:
    if case.status == Status.RECEIVED:
        step = processing
    elif case.status in _RESOLUTION_STATUSES:
        step = resolution
    elif case.status == Status.RESOLVED:
        step = response or resolution
    else:
        # Suspended (the clock is stopped) or closed: nothing is due now.
        step = None
    return step.due_on if step else None


def compute_deadlines(
    case,
    *,
    calendar: WorkingCalendar | None = None,
    rules: RuleBook | None = None,
    suspensions=None,
    extensions=None,
) -> CaseDeadlines:
    """Return the due dates of every step of `case` and the one due now.

    Pass a loaded calendar and rule book, and lists of suspensions and extensions, to
    compute many cases without further queries.
    """
    calendar = calendar or WorkingCalendar.load()
    rules = rules or RuleBook.load()
    saved = case.pk is not None
    if suspensions is None:
        suspensions = case.suspensions.all() if saved else ()
    if extensions is None:
        extensions = case.extensions.all() if saved else ()
    common = {"calendar": calendar, "rules": rules, "anchor_dates": _anchor_dates(case)}
    processing = _due_date(
        case, DeadlineRule.Step.PROCESSING, **common, intervals=[], extension_days=0
    )
    # A case is suspended only between acceptance and decision: the clock stops the resolution.
    resolution = _due_date(
        case,
        DeadlineRule.Step.RESOLUTION,
        **common,
        # By start only: a suspension ended and another begun on one day share their start,
        # and an open one's end (None) does not compare with a date.
        intervals=sorted(((s.started_on, s.ended_on) for s in suspensions), key=lambda i: i[0]),
        extension_days=sum(e.days for e in extensions),
    )
    response = _due_date(case, DeadlineRule.Step.RESPONSE, **common, intervals=[], extension_days=0)
    forwarding = follow_up = None
    if case.status in _FORWARDABLE:
        forwarding = _due_date(
            case, DeadlineRule.Step.FORWARDING, **common, intervals=[], extension_days=0
        )
    if case.report_requested_on is not None:
        follow_up = _due_date(
            case, DeadlineRule.Step.FOLLOW_UP, **common, intervals=[], extension_days=0
        )
    due_on = _current_due(case, processing, resolution, response)
    due_soon_on = (
        calendar.working_days_before(due_on, settings.DUE_SOON_WORKING_DAYS) if due_on else None
    )
    return CaseDeadlines(
        processing, resolution, response, due_on, due_soon_on, forwarding, follow_up
    )


def extension_refusal(
    case, days: int, *, complexity: str = "", rules: RuleBook | None = None, extensions=None
) -> str | None:
    """Return why an extension of `days` is not allowed, or None if the law allows it.

    `complexity` is the complexity the case will have with the extension, if it changes.
    """
    rules = rules or RuleBook.load()
    rule = rules.for_case(
        case, DeadlineRule.Step.RESOLUTION, _anchor_dates(case), complexity=complexity
    )
    kind = str(Kind(case.kind).label).lower()
    if rule is None or rule.max_extensions == 0:
        most_complex = rules.for_case(
            case,
            DeadlineRule.Step.RESOLUTION,
            _anchor_dates(case),
            complexity=Complexity.VERY_COMPLEX,
        )
        if most_complex is not None and most_complex.max_extensions:
            return _(
                "A %(kind)s of this complexity may not be extended: mark it complex or "
                "especially complex."
            ) % {"kind": kind}
        return _("A %(kind)s may not be extended.") % {"kind": kind}
    if days < 1:
        return _("An extension must be at least one day.")
    if rule.max_extension_days and days > rule.max_extension_days:
        return ngettext(
            "An extension may be at most %(days)d day.",
            "An extension may be at most %(days)d days.",
            rule.max_extension_days,
        ) % {"days": rule.max_extension_days}
    if extensions is None:
        extensions = case.extensions.all() if case.pk is not None else ()
    if len(extensions) >= rule.max_extensions:
        return ngettext(
            "A %(kind)s may be extended at most %(count)d time.",
            "A %(kind)s may be extended at most %(count)d times.",
            rule.max_extensions,
        ) % {"kind": kind, "count": rule.max_extensions}
    return None
