from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Complexity, Kind
from .legal import LegalRule


class CalendarDay(models.Model):
    """An administrator's exception to the national calendar.

    Swapped days (a Saturday worked to bridge a holiday) and local days off that the
    `holidays` package cannot know.
    """

    class DayType(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    date = models.DateField(_("date"), unique=True)
    day_type = models.CharField(_("type"), max_length=16, choices=DayType.choices)
    name = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_day_type_display()}: {self.name}"


class DeadlineRule(LegalRule):
    """A statutory (or agency) time limit for one step of one kind of case.

    Limits are data so that a change in the law is an edit in the admin, not a release.
    The most specific active rule wins: complexity, remote area and second-time match
    exactly when set on the rule and match anything when left empty.
    """

    class Step(models.TextChoices):
        PROCESSING = "processing", _("Process a received petition")
        RESOLUTION = "resolution", _("Resolve")
        RESPONSE = "response", _("Send the result to the petitioner")
        FORWARDING = "forwarding", _("Forward a petition outside our competence")
        FOLLOW_UP = "follow_up", _("Report the result of a forwarded petition")

    class DayCount(models.TextChoices):
        CALENDAR = "calendar", _("Calendar days")
        WORKING = "working", _("Working days")

    class Anchor(models.TextChoices):
        RECEIVED = "received", _("Date received")
        ACCEPTED = "accepted", _("Date accepted")
        DECIDED = "decided", _("Date of the decision or conclusion")
        REPORT_REQUESTED = "report_requested", _("Date the report was requested")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    second_time = models.BooleanField(_("second-time complaint"), null=True, blank=True)
    complexity = models.CharField(
        _("complexity"), max_length=16, choices=Complexity.choices, blank=True
    )
    remote_area = models.BooleanField(_("remote area"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("days"))
    day_count = models.CharField(_("counted in"), max_length=16, choices=DayCount.choices)
    anchor = models.CharField(_("counted from"), max_length=16, choices=Anchor.choices)
    max_extensions = models.PositiveSmallIntegerField(_("extensions allowed"), default=0)
    max_extension_days = models.PositiveSmallIntegerField(_("days per extension"), default=0)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["kind", "step", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "kind",
                    "step",
                    "second_time",
                    "complexity",
                    "remote_area",
                    "effective_from",
                ],
                name="deadline_rule_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(days__gt=0), name="deadline_rule_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} · {self.get_step_display()}: {self.days} ({self.citation})"
        )


class DueSoonBasis(models.Model):
    """The `DUE_SOON_WORKING_DAYS` that the stored `Case.due_soon_on` dates count (one row).

    Compared with the setting at each migrate and on a change of the setting, so that a new
    value recomputes the stored dates (`cases.deadlines.follow_due_soon_setting`).
    """

    working_days = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"due soon {self.working_days} working days before"
