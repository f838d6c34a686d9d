"""Job pages: my jobs, one job with its progress (refreshed by htmx while it runs), its errors as
.xlsx, and cancelling. Only the person who started a job, or an administrator, sees it."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxoffice.core.jobs.exports import errors_workbook
from dxoffice.core.jobs.models import Job
from dxoffice.core.jobs.selectors import job_for, jobs_of, may_manage
from dxoffice.core.jobs.services import job_cancel
from dxoffice.core.models import User
from dxoffice.core.registry import registry
from dxoffice.core.ui import flash_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
POLL_SECONDS = 2


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here requires login


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(jobs_of(_user(request)), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/job_list.html", {"page": page, "jobs": page.object_list})


def _context(request: HttpRequest, job: Job) -> dict:
    kind = registry.job_kind(job.kind)
    return {
        "job": job,
        "result": job.result_dict,
        "result_template": kind.result_template if kind else "",
        "poll_seconds": POLL_SECONDS,
        "may_cancel": not job.finished and may_manage(_user(request), job),
    }


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(_user(request), pk)
    return render(request, "jobs/job_detail.html", _context(request, job))


@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block alone, polled by htmx while the job runs; once it has finished, the whole
    page reloads to show the result and the errors."""
    job = job_for(_user(request), pk)
    response = render(request, "jobs/_job_status.html", _context(request, job))
    if job.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def job_errors(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(_user(request), pk)
    response = HttpResponse(errors_workbook(job), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"job-{job.pk}-errors.xlsx") or ""
    return response


@login_required
@require_POST
def job_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(_user(request), pk)
    try:
        job_cancel(by=_user(request), job=job)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.info(request, _("The job is being cancelled."))
    return redirect(job.get_absolute_url())
