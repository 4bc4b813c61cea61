"""Signals other apps listen to; cases/ sends them and knows nothing of the listeners."""

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.dispatch import Signal

# Sent inside the transaction that changed the cases, with `case_ids`: any change to a case,
# its petitions, parties, due dates or handler. Listeners that write must do so in the same
# transaction (an outbox row) or after commit.
cases_changed = Signal()

# Sent inside the transaction of a bulk write of `cases.importing`, with `cases`: cases written
# in their final state, with their events numbered 1 to their version but no transition taken
# (no `CaseEvent` is saved one by one). Listeners add their own rows in that transaction.
cases_written = Signal()

# Sent by `manage.py seed_demo` once the demo organisation exists: other apps add their own
# demo rows and may return a line for the command to print (e.g. a demo credential).
demo_seeded = Signal()

_batch = threading.local()


def announce_changed(case_ids: Iterable[int]) -> None:
    """Send `cases_changed` now, or once at the end of the enclosing `changes_batched`."""
    pending = getattr(_batch, "case_ids", None)
    if pending is None:
        cases_changed.send(sender=None, case_ids=list(case_ids))
    else:
        pending.update(case_ids)


@contextmanager
def changes_batched() -> Iterator[None]:
    """Announce every case changed inside at the end, once: for bulk writers like seed_demo.

    Use it inside the writer's transaction, so listeners still write in that transaction.
    """
    if getattr(_batch, "case_ids", None) is not None:
        yield
        return
    _batch.case_ids = pending = set()
    try:
        yield
    finally:
        _batch.case_ids = None
    if pending:
        cases_changed.send(sender=None, case_ids=sorted(pending))
