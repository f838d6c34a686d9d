"""The huey task that runs background jobs (in process when embedded, on a worker in production)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from dxoffice.core.jobs.runner import run_job


@db_task(retries=0)
def run_job_task(job_id: int) -> None:
    run_job(job_id)
