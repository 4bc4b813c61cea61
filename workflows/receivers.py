"""React to case events: note in their transaction what must follow, do it after the commit.

What follows an event, moving the case's flow and sending its mail, is written down in the
event's own transaction (`FlowBacklog`, `MailOutbox`), so it is never lost: done at once
after the commit, or by the beat's sweep when that fails (docs/operations.md#outboxes).
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from cases.models import CaseEvent
from cases.signals import cases_written

from . import tasks
from .models import FlowBacklog, MailOutbox
from .notifications import NOTIFIED_ACTIONS
from .sync import flow_catch_up, flows_start_written


@receiver(post_save, sender=CaseEvent)
def case_event_recorded(sender, instance: CaseEvent, created: bool, raw: bool = False, **kwargs):
    """Write the event's catch-up and mail down, and schedule both for after the commit.

    Robust callbacks: the case's change is committed already, so a failure here is
    logged and left to the sweep, not shown to the user as if their action had failed.
    Named functions, not partials: Django's robust logging reads the callback's name.
    """
    if not created or raw:
        return
    case_id = instance.case_id
    backlog_id = FlowBacklog.objects.create(case_id=case_id).pk

    def catch_up_flow():
        flow_catch_up(case_id, backlog_up_to=backlog_id)

    transaction.on_commit(catch_up_flow, robust=True)
    if instance.action in NOTIFIED_ACTIONS:
        MailOutbox.objects.create(event=instance)
        event_id = instance.pk

        def send_mail():
            tasks.send_event_notifications.delay(event_id)

        transaction.on_commit(send_mail, robust=True)


@receiver(cases_written)
def cases_written_in_bulk(sender, cases, **kwargs):
    """Write the processes of cases written in bulk with them, so that they are in the queues.

    No mail: a case written in bulk has its history already, told to no one again.
    """
    flows_start_written(cases)
