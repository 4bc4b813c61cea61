"""Signals of the Open311 app."""

from django.dispatch import Signal

# Sent inside the transaction that stored a queued request, with `submission_id`: a worker
# registers it once that transaction commits (`open311.receivers`).
submission_queued = Signal()
