"""Background jobs: registering queued requests (OPEN311_QUEUE_REQUESTS)."""

from celery import shared_task

from .selectors import pending_submissions
from .services import submission_register


@shared_task(name="open311.tasks.register_submission", ignore_result=True)
def register_submission(submission_id: int) -> None:
    submission_register(submission_id)


@shared_task(name="open311.tasks.register_pending")
def register_pending() -> int:
    """Register what a lost message left waiting; return how many were registered."""
    return sum(submission_register(pk) is not None for pk in pending_submissions())
