"""Signal receivers of the Open311 app."""

from django.db import transaction
from django.dispatch import receiver

from cases.signals import demo_seeded

from . import tasks
from .models import ApiKey
from .selectors import key_find
from .services import api_key_issue
from .signals import submission_queued

# Listed in the README beside the demo logins; it exists only in demo data.
DEMO_KEY = "tiepdan-demo-open311"


@receiver(submission_queued)
def register_after_commit(sender, submission_id: int, **kwargs) -> None:
    """Hand a queued request to a worker once it is stored.

    Robust: the app has its token already; a lost message is made up by the beat job
    `open311.tasks.register_pending`. A named function, not a partial: Django's robust
    logging reads the callback's `__qualname__`, and a partial's failure would then raise
    from the logging itself and answer a saved request with a 500.
    """

    def hand_to_worker():
        tasks.register_submission.delay(submission_id)

    transaction.on_commit(hand_to_worker, robust=True)


@receiver(demo_seeded)
def add_demo_key(sender, **kwargs) -> str:
    """Give the demo an Open311 key, once; return the line seed_demo prints."""
    if key_find(DEMO_KEY) is None:
        api_key_issue(actor=None, api_key=ApiKey(name="Demo Open311 app"), key=DEMO_KEY)
    return f"Open311 API key: {DEMO_KEY}"
