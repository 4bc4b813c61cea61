"""Background jobs: run by a Celery worker when a broker is configured, in-process otherwise."""

from celery import shared_task

from . import notifications, sync


@shared_task(name="workflows.tasks.send_event_notifications")
def send_event_notifications(event_id: int) -> int:
    return notifications.mail_deliver(event_id)


@shared_task(name="workflows.tasks.deliver_mail")
def deliver_mail() -> int:
    """Send what the mail outbox still holds; beat runs this every OUTBOX_SWEEP_SECONDS."""
    return notifications.mail_sweep()


@shared_task(name="workflows.tasks.sync_flow_backlog")
def sync_flow_backlog() -> int:
    """Catch up the flows left behind; beat runs this every OUTBOX_SWEEP_SECONDS."""
    return sync.backlog_sweep()


@shared_task(name="workflows.tasks.send_reminders")
def send_reminders() -> int:
    return notifications.send_reminders()
