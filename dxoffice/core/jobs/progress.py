"""What a running job reports through: `progress.update(percent, message)` and `progress.error(...)`.

Writes to the job's row are throttled (at most one per `interval` seconds, plus the last one) and are
held back while the job's own code is inside a transaction it opened (an all-or-nothing import):
written there, they would be invisible to the job page until the end and undone with a rollback. A
cancel asked for on the job's page stops the job at its next progress write (JobCancelled).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone

from dxoffice.core.jobs.models import MAX_ERRORS, MESSAGE_LENGTH, Job

INTERVAL_SECONDS = 1.0


class JobCancelled(Exception):
    """The person who started the job (or an administrator) cancelled it."""


class Progress:
    def __init__(
        self,
        job: Job,
        *,
        interval: float = INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        max_errors: int = MAX_ERRORS,
    ):
        self.job = job
        self.percent = job.percent
        self.message = job.message
        self.errors: list[dict[str, Any]] = []
        self.errors_total = 0
        self.writes = 0
        self._interval, self._clock, self._max_errors = interval, clock, max_errors
        self._last_write: float | None = None
        self._pending = False
        self._depth = len(connection.atomic_blocks)  # transactions open around the job, not its own

    def update(self, percent: int, message: Any = "") -> None:
        """How far the job is (0-100) and what it is doing, in the starter's language."""
        self.percent = max(0, min(100, int(percent)))
        if message:
            self.message = str(message)[:MESSAGE_LENGTH]
        self._pending = True
        now = self._clock()
        if self._last_write is None or now - self._last_write >= self._interval:
            self.flush()

    def __call__(self, percent: int, message: Any = "") -> None:
        self.update(percent, message)

    def error(
        self, message: Any, *, sheet: str = "", row: int | None = None, column: str = "", cell: str = ""
    ) -> None:
        """One problem found (a row of a file, a record); the first `max_errors` are kept."""
        self.errors_total += 1
        if len(self.errors) < self._max_errors:
            self.errors.append(
                {"sheet": sheet, "row": row, "column": column, "cell": cell, "message": str(message)}
            )

    def count_errors(self, more: int) -> None:
        """Errors found but not listed (a check that kept only its first ones)."""
        self.errors_total += max(0, more)

    def flush(self) -> None:
        """Write the pending progress now, unless the job's code is inside its own transaction."""
        if not self._pending or len(connection.atomic_blocks) > self._depth:
            return
        written = Job.objects.filter(pk=self.job.pk, cancel_requested=False).update(
            percent=self.percent, message=self.message, progress_at=timezone.now()
        )
        self._pending = False
        self._last_write = self._clock()
        self.writes += 1
        if not written:
            raise JobCancelled
