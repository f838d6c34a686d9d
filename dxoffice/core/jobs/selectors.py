"""Reading jobs: a person sees the jobs they started; an administrator of their unit (and a
superuser) may also open one. A running job whose worker died is shown, and recorded, as failed
(runner.stop_stalled)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from dxoffice.core.jobs.models import Job
from dxoffice.core.jobs.runner import stop_if_stalled, stop_stalled
from dxoffice.core.models import User
from dxoffice.core.permissions import Action, can


def jobs_of(user: User) -> QuerySet[Job]:
    """The jobs `user` started, newest first."""
    if not user.is_authenticated:
        return Job.objects.none()
    jobs = Job.objects.filter(started_by=user)
    stop_stalled(jobs)
    return jobs.select_related("started_by")


def may_manage(user: User, job: Job) -> bool:
    """May `user` see this job and cancel it: its starter, or an administrator of the starter's unit."""
    if not user.is_authenticated or not user.is_active:
        return False
    if job.started_by_id == user.pk or user.is_superuser:
        return True
    unit = job.started_by.unit
    return unit is not None and can(user, Action.ADMINISTER, unit)


def job_for(user: User, pk: int) -> Job:
    """The job `pk` if `user` may see it; Http404 otherwise (whether or not it exists)."""
    job = Job.objects.select_related("started_by__unit").filter(pk=pk).first()
    if job is None or not may_manage(user, job):
        raise Http404
    return stop_if_stalled(job)
