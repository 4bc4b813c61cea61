"""Background jobs: registering queued requests (OPEN311_QUEUE_REQUESTS)."""

from config.celery import app

from .selectors import pending_submissions
from .services import submission_register


@app.task(name="open311.tasks.register_submission")
def register_submission(submission_id: int) -> None:
    submission_register(submission_id)


@app.task(name="open311.tasks.register_pending")
def register_pending() -> int:
    """Register what a lost message left waiting; return how many were registered."""
    return sum(submission_register(pk) is not None for pk in pending_submissions())
