"""React to case events once they are committed: move the flow, then tell people."""

from functools import partial

from django.db import transaction
from django.db.models import Subquery
from django.db.models.signals import post_save
from django.dispatch import receiver

from cases.models import Case, CaseEvent

from . import tasks
from .models import CaseProcess
from .notifications import NOTIFIED_ACTIONS
from .sync import flow_sync


@receiver(post_save, sender=CaseEvent)
def case_event_recorded(sender, instance: CaseEvent, created: bool, raw: bool = False, **kwargs):
    """Schedule the flow's catch-up and the event's mail for after the commit.

    Robust callbacks: the case's change is committed already, so a failure here is
    logged and repaired by the next event or `manage.py sync_flows`, not shown to the
    user as if their action had failed.
    """
    if not created or raw:
        return
    transaction.on_commit(partial(_sync, instance.case_id), robust=True)
    if instance.action in NOTIFIED_ACTIONS:
        send = partial(tasks.send_event_notifications.delay, instance.pk)
        transaction.on_commit(send, robust=True)


def _sync(case_id: int) -> None:
    # One transaction's events of a case each schedule this; the first catches up on all.
    latest = CaseEvent.objects.filter(case_id=case_id).order_by("-sequence").values("sequence")
    if CaseProcess.objects.filter(case_id=case_id, synced_sequence=Subquery(latest[:1])).exists():
        return
    flow_sync(Case(pk=case_id))
