"""Receivers of the search app: a change to cases reaches the index from here."""

import logging

from django.conf import settings
from django.db import transaction

from cases.importing import bulk_insert

from .backends import get_backend
from .documents import build_documents
from .models import OutboxEntry
from .tasks import deliver_outbox

logger = logging.getLogger(__name__)


def cases_changed_receiver(sender, case_ids, **kwargs) -> None:
    """Index the changed cases in this transaction, or queue them in the outbox in it."""
    backend = get_backend()
    if backend.writes_in_transaction and not settings.SEARCH_QUEUE_UPDATES:
        backend.index(build_documents(case_ids))
        return
    # One COPY on PostgreSQL: a bulk write's batch is a thousand cases.
    bulk_insert(OutboxEntry, [OutboxEntry(case_id=case_id) for case_id in case_ids])
    transaction.on_commit(_schedule_delivery)


def _schedule_delivery() -> None:
    try:
        deliver_outbox.delay()
    except Exception:
        # The change is committed and its outbox row waits: search_sync delivers it later.
        logger.warning("search: could not schedule outbox delivery", exc_info=True)
