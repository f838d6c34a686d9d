"""The modules' daily work, run by the project's daily job (`dxoffice send_reminders`, and the task
worker at the reminder hour) before the day's digest e-mails go out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.utils.module_loading import import_string

from dxoffice.core.registry import DailyJob, registry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyResult:
    code: str
    summary: str
    failed: bool = False


def run_daily_jobs(today: date, jobs: list[DailyJob] | None = None) -> list[DailyResult]:
    """Run every registered module's daily job, in registration order. One that fails is logged and
    reported; the others still run (and so does the digest after them)."""
    results = []
    for job in registry.daily_jobs() if jobs is None else jobs:
        run = import_string(job.run) if isinstance(job.run, str) else job.run
        try:
            results.append(DailyResult(job.code, str(run(today))))
        except Exception as exc:
            logger.exception("The daily job %s failed", job.code)
            results.append(DailyResult(job.code, f"failed: {exc.__class__.__name__}", failed=True))
    return results
