"""Background jobs in the REST API: the caller's own jobs, and one job with its progress, result
and errors (the caller's own, or one an administrator may see)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dxoffice.core.api import Page, PageParams, RecordId, caller, paginate, with_errors
from dxoffice.core.jobs.models import Job, JobState
from dxoffice.core.jobs.selectors import job_for, jobs_of

router = Router(tags=["jobs"])


class JobErrorOut(Schema):
    sheet: str = Field("", description="The sheet of the input file, if the error is in a file.")
    row: int | None = Field(None, description="The row of the input file (Excel numbering), if any.")
    column: str = Field("", description="The column's label, if the error is in one cell or column.")
    cell: str = Field("", description='The cell, e.g. "M7", if the error is in one cell.')
    message: str


class JobItemOut(Schema):
    id: int
    kind: str = Field(description='The registered kind of job, e.g. "planning.plan_import".')
    kind_label: str
    label: str = Field(description="What this job does, as its starter saw it.")
    state: JobState
    percent: int = Field(ge=0, le=100)
    message: str = Field(description="The latest progress message, or how the job ended.")
    started_by: str = Field(description="Username of the person the job acts as.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    errors_total: int = Field(ge=0, description="How many errors the job found (all of them).")
    url: str = Field(description="The job's page.")

    @staticmethod
    def resolve_started_by(obj: Job) -> str:
        return obj.started_by.username

    @staticmethod
    def resolve_url(obj: Job) -> str:
        return obj.get_absolute_url()


class JobOut(JobItemOut):
    result: dict[str, Any] | None = Field(description="What the job produced (counts, links), once finished.")
    errors: list[JobErrorOut] = Field(
        description="The errors found, at most 1,000; `errors_total` counts them all."
    )


@router.get("/jobs", response=with_errors({200: Page[JobItemOut]}, 401, 422), operation_id="job_list")
def job_list(request: HttpRequest, page: Query[PageParams]):
    """The jobs the caller started, newest first."""
    return paginate(jobs_of(caller(request)), page)


@router.get("/jobs/{job_id}", response=with_errors({200: JobOut}, 401, 404, 422), operation_id="job_get")
def job_get(request: HttpRequest, job_id: RecordId):
    """One job: its state, progress, result and errors. Only the person who started it, or an
    administrator of that person's unit, sees it (404 otherwise)."""
    return job_for(caller(request), job_id)
