"""What the meetings module announces to its own parts.

`minutes_approved(meeting, by)` is sent inside the approval's transaction, so a receiver's writes
commit or roll back with it: `frozen.py` stores the rendered minutes (connected in `apps.py`)."""

from django.dispatch import Signal

minutes_approved = Signal()
