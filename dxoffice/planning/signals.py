"""What planning announces for other modules to react to. Each is sent after the transaction that
caused it commits (never inside it), so a receiver sees the committed state and a failing receiver
cannot undo the write. Planning never imports the modules that listen.

    from dxoffice.planning.signals import task_completed

    @receiver(task_completed)
    def follow_up(sender, task, by, **kwargs): ...
"""

from __future__ import annotations

import contextvars
from typing import Any

from django.db import transaction
from django.dispatch import Signal

task_created = Signal()  # task, by
task_assigned = Signal()  # task, by, units: the lead unit newly given the task
task_completed = Signal()  # task, by
task_status_changed = Signal()  # task, by, previous
task_became_overdue = Signal()  # task (sent once, by the daily job, the day after the due date)
report_submitted = Signal()  # report, by
report_accepted = Signal()  # report, by
report_returned = Signal()  # report, by


def send_after_commit(signal: Signal, sender: type, **kwargs: Any) -> None:
    # Receivers run in the context of the write that caused them (e.g. notifications.email_paused).
    context = contextvars.copy_context()
    transaction.on_commit(lambda: context.run(signal.send, sender=sender, **kwargs))
