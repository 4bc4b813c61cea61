"""Leaders' reception sessions (lịch tiếp công dân) and the legal minimum of them per level.

Luật Tiếp công dân 2013: the head of a People's Committee receives citizens in person on
fixed days (docs/reception-book.md#leaders-reception-days). A session is one such day's
sitting of one unit; a recurring schedule is stored as its sessions, one row each, so that a
single day can be moved, handed to another leader or cancelled.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .legal import LegalRule
from .organisation import Level, Unit


class ReceptionSession(models.Model):
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="reception_sessions",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255)
    presiding = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presiding leader"),
        on_delete=models.PROTECT,
        related_name="presided_sessions",
    )
    # Set from the unit's head when the session is written, so that a later change of head
    # does not rewrite who received citizens in the past.
    presided_by_head = models.BooleanField(_("presided by the head of the unit"), default=False)
    # The sessions of one recurring schedule share it.
    series = models.UUIDField(_("series"), null=True, blank=True, db_index=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="reception_session_ordered",
            )
        ]
        indexes = [models.Index(fields=["unit", "starts_at"], name="reception_session_unit")]

    def __str__(self) -> str:
        return f"{self.unit} {self.starts_at:%d/%m/%Y %H:%M}"

    def note_who_presides(self, presiding) -> None:
        """Set the presiding leader, and whether they are the unit's head now."""
        self.presiding = presiding
        self.presided_by_head = presiding.pk == self.unit.head_id


class ReceptionQuota(LegalRule):
    """The legal minimum of reception sessions a unit's head holds, by the unit's level.

    Data, like the deadline rules: when the law changes, administrators edit a row.
    """

    class Per(models.TextChoices):
        WEEK = "week", _("a week")
        MONTH = "month", _("a month")

    unit_level = models.CharField(_("unit level"), max_length=16, choices=Level.choices)
    unit_kind = models.CharField(_("unit kind"), max_length=32, choices=Unit.Kind.choices)
    sessions = models.PositiveSmallIntegerField(_("sessions at least"))
    per = models.CharField(_("per"), max_length=8, choices=Per.choices)

    class Meta:
        verbose_name = _("reception minimum")
        verbose_name_plural = _("reception minimums")
        ordering = ["unit_level", "unit_kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_level", "unit_kind", "effective_from"],
                name="reception_quota_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(sessions__gt=0), name="reception_quota_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_unit_level_display()}: {self.sessions} / {self.get_per_display()}"
