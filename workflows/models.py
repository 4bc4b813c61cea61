"""The process of a case and the unit queues' turns; the case itself stays in cases/."""

from django.conf import settings
from django.db import models
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
