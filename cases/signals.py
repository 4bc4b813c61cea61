"""Signals other apps listen to; cases/ sends them and knows nothing of the listeners."""

from django.dispatch import Signal

# Sent inside the transaction that changed the cases, with `case_ids`: any change to a case,
# its petitions, parties, due dates or handler. Listeners that write must do so in the same
# transaction (an outbox row) or after commit.
cases_changed = Signal()
