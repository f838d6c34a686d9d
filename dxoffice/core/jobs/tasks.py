"""The huey tasks of background jobs (in process when embedded, on a worker in production): running
a job, and, every hour, recording as failed the running jobs whose worker died (the job pages do it
too when they are read, so an installation without a scheduler needs nothing more)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from dxoffice.core.jobs.runner import run_job, stop_stalled


@db_task(retries=0)
def run_job_task(job_id: int) -> None:
    run_job(job_id)


@db_periodic_task(crontab(minute="17"))
def stop_stalled_jobs() -> None:
    stop_stalled()
