"""Writes of the search app: keeping the index in step with cases, and rebuilding it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .backends import get_backend
from .backends.base import SearchUnavailable
from .documents import build_documents, iter_all_documents
from .models import OutboxEntry

MAX_BACKOFF = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2**attempts), MAX_BACKOFF)


@dataclass
class Delivery:
    delivered: int = 0
    failed: int = 0
    error: str = ""


def outbox_deliver(*, batch_size: int = 500) -> Delivery:
    """Deliver the due outbox entries, oldest first, until none is due or the engine fails.

    Each document is built from the case as it is now and carries the case's version, so a
    repeated or late delivery never overwrites a newer document. Entries are claimed with
    skip_locked, so several workers may run at once.
    """
    backend = get_backend()
    result = Delivery()
    while True:
        with transaction.atomic():
            now = timezone.now()
            entries = list(
                OutboxEntry.objects.select_for_update(skip_locked=True)
                .filter(next_attempt_at__lte=now)
                .order_by("id")[:batch_size]
            )
            if not entries:
                return result
            case_ids = list(dict.fromkeys(entry.case_id for entry in entries))
            try:
                backend.index(build_documents(case_ids))
            except SearchUnavailable as exc:
                attempts = max(entry.attempts for entry in entries) + 1
                OutboxEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(
                    attempts=F("attempts") + 1,
                    next_attempt_at=now + backoff(attempts),
                    last_error=str(exc)[:1000],
                )
                result.failed += len(entries)
                result.error = str(exc)
                return result
            OutboxEntry.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
            result.delivered += len(entries)


def index_rebuild(
    *, progress: Callable[[int], None], batch_size: int = 2000, workers: int = 1
) -> int:
    """Rebuild the whole index from the database while searches keep using the old one."""
    started = timezone.now()
    batches = iter_all_documents(batch_size=batch_size, workers=workers)
    count = get_backend().rebuild(batches, progress)
    # Changes queued before the rebuild read the cases are in the new index already.
    OutboxEntry.objects.filter(created_at__lt=started).delete()
    return count
