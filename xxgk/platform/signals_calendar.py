"""The signal sent inside the transaction that changes a year's holiday arrangement."""

from django.dispatch import Signal

# Sent with year=int, at=datetime, actor=User|None; receivers recompute open deadlines that
# fall in that year and record it in their history, in the same transaction.
calendar_changed = Signal()
