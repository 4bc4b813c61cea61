from celery import shared_task

from .services import outbox_deliver


@shared_task(name="search.tasks.deliver_outbox")
def deliver_outbox() -> None:
    """Deliver pending search updates; entries that fail wait for their backoff."""
    outbox_deliver()
