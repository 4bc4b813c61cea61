"""The process of a case and the unit queues' turns; the case itself stays in cases/."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task


class CaseProcess(Process):
    """The run of one flow over one case, the process's artifact.

    It holds no copy of the case's state: its tasks follow the case's event log, applied
    up to `synced_sequence`. A case has one running process; a reclassified case may have
    cancelled ones before it.
    """

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="processes"
    )
    synced_sequence = models.PositiveIntegerField(_("last case event applied"), default=0)

    class Meta:
        verbose_name = _("case process")
        verbose_name_plural = _("case processes")


class CaseTask(Task):
    """A task of a case's process, with a short way to its case."""

    class Meta:
        proxy = True
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    @property
    def case(self):
        # Cheap when the selectors have joined `process__caseprocess__case`.
        return self.process.caseprocess.case

    @property
    def is_suspended(self) -> bool:
        return bool(self.data.get("suspended"))


class QueueTurn(models.Model):
    """The handler of a unit who last got a case from the unit's queue.

    The row is locked while the next handler is chosen, so that two leaders handing out
    cases at once never give the same turn.
    """

    unit = models.OneToOneField(
        "cases.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="queue_turn"
    )
    last_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last handler served"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("queue turn")
        verbose_name_plural = _("queue turns")

    def __str__(self) -> str:
        return f"{self.unit}: {self.last_handler or '—'}"


class FlowBacklog(models.Model):
    """A case event whose process has not caught up yet; written with the event itself.

    The catch-up after the commit deletes it; one that failed (a process killed, the
    database connection lost) leaves it for the beat's sweep, so no flow stays behind.
    """

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("flow catch-up")
        verbose_name_plural = _("flow catch-ups")

    def __str__(self) -> str:
        return f"{self.case_id} #{self.pk}"


class MailOutbox(models.Model):
    """The mail one case event calls for, written with the event and sent once by a worker.

    `sent` counts the event's messages already handed to the mail server, each saved as it
    goes, so a delivery cut short resumes with the next one. A worker claims the entry until
    `claimed_until`; a worker that dies lets the claim lapse for another to resume.
    """

    event = models.OneToOneField(
        "cases.CaseEvent",
        verbose_name=_("case event"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent = models.PositiveIntegerField(_("messages sent"), default=0)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("mail outbox entry")
        verbose_name_plural = _("mail outbox entries")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(delivered_at__isnull=True),
                name="mail_outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"event {self.event_id}: {self.sent} sent"
