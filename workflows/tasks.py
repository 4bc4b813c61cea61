"""Background jobs: run by a Celery worker when a broker is configured, in-process otherwise."""

from celery import shared_task

from . import notifications


@shared_task(name="workflows.tasks.send_event_notifications")
def send_event_notifications(event_id: int) -> int:
    return notifications.send_event_notifications(event_id)


@shared_task(name="workflows.tasks.send_reminders")
def send_reminders() -> int:
    return notifications.send_reminders()
