"""Running a queued job (the huey task's body): claim it, call its kind's function as the person who
started it, and record how it ended. A job that raises is never lost: it is recorded as failed with
a readable message, and the traceback goes to the log."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from dxoffice.core.jobs.models import MESSAGE_LENGTH, Job, JobState
from dxoffice.core.jobs.progress import JobCancelled, Progress
from dxoffice.core.registry import JobKind, registry

logger = logging.getLogger(__name__)


def resolve(kind: JobKind) -> Callable[..., Any]:
    return import_string(kind.run) if isinstance(kind.run, str) else kind.run


def run_job(job_id: int) -> None:
    """Run a queued job: claim it, call its kind's function as its starter, record the outcome."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED, cancel_requested=False).update(
        state=JobState.RUNNING, started_at=now, progress_at=now, message=_("Started")
    )
    if not claimed:
        return  # cancelled before it started, or already taken by another worker
    job = Job.objects.select_related("started_by").get(pk=job_id)
    user = job.started_by
    progress = Progress(job)
    with translation.override(_language(user)):
        try:
            kind = registry.job_kind(job.kind)
            if kind is None:
                raise ValidationError(_("This kind of job is no longer available."))
            if not user.is_active:
                raise PermissionDenied(_("The person who started this job can no longer sign in."))
            result = resolve(kind)(job, progress)
        except JobCancelled:
            finish(job_id, JobState.CANCELLED, progress, message=_("Cancelled"))
        except PermissionDenied as exc:
            progress.error(str(exc) or _("You do not have permission to do this."))
            finish(
                job_id,
                JobState.FAILED,
                progress,
                message=str(exc) or _("You do not have permission to do this."),
            )
        except ValidationError as exc:
            for message in exc.messages:
                progress.error(message)
            finish(job_id, JobState.FAILED, progress, message="; ".join(exc.messages))
        except Exception:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            message = _(
                "The job stopped on an unexpected error. The administrators can find the details in the "
                "server log (job %(id)s)."
            ) % {"id": job_id}
            progress.error(message)
            finish(job_id, JobState.FAILED, progress, message=message)
        else:
            state = JobState.FAILED if progress.errors_total else JobState.SUCCEEDED
            done = progress.message if progress.message else _("Done")
            finish(job_id, state, progress, message=done, result=_jsonable(result))


def _language(user: Any) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _jsonable(result: Any) -> dict[str, Any] | None:
    """The result as stored: a JSON object (anything else is wrapped, or kept as text)."""
    if result is None:
        return None
    if not isinstance(result, dict):
        result = {"value": result}
    try:
        json.dumps(result)
    except (TypeError, ValueError):
        logger.warning("job result is not JSON, kept as text: %r", result)
        return {"text": str(result)}
    return result


def finish(
    job_id: int,
    state: str,
    progress: Progress | None = None,
    *,
    message: str = "",
    result: Any = None,
) -> None:
    fields: dict[str, Any] = {
        "state": state,
        "finished_at": timezone.now(),
        "message": str(message)[:MESSAGE_LENGTH],
    }
    if progress is not None:
        fields.update(errors=progress.errors, errors_total=progress.errors_total, percent=progress.percent)
    if state == JobState.SUCCEEDED:
        fields["percent"] = 100
    if result is not None:
        fields["result"] = result
    Job.objects.filter(pk=job_id).update(**fields)
    logger.info("job %s %s", job_id, state)


# Jobs whose worker died -------------------------------------------------------------------------


def stale_after() -> timedelta:
    """How long a running job may go without a sign of life (DXOFFICE_JOB_STALE_MINUTES). A job
    saving inside its own transaction writes no progress meanwhile: keep it well above that."""
    return timedelta(minutes=int(getattr(settings, "DXOFFICE_JOB_STALE_MINUTES", 60)))


def _silent_since(cutoff: datetime) -> QuerySet[Job]:
    return (
        Job.objects.filter(state=JobState.RUNNING)
        .alias(alive_at=Coalesce("progress_at", "started_at", "created_at"))
        .filter(alive_at__lt=cutoff)
    )


def _stop(job: Job, cutoff: datetime) -> bool:
    """Record a silent running job as failed, unless it spoke in the meantime."""
    with translation.override(_language(job.started_by)):
        message = _(
            "The job stopped unexpectedly: it made no progress for %(minutes)s minutes. Start it again."
        ) % {"minutes": int(stale_after().total_seconds() // 60)}
    stopped = (
        _silent_since(cutoff)
        .filter(pk=job.pk)
        .update(state=JobState.FAILED, finished_at=timezone.now(), message=message[:MESSAGE_LENGTH])
    )
    if stopped:
        logger.warning("job %s (%s) stopped unexpectedly: no progress since %s", job.pk, job.kind, cutoff)
    return bool(stopped)


def stop_if_stalled(job: Job) -> Job:
    """The job as it is: a running one silent for too long is recorded as failed first."""
    cutoff = timezone.now() - stale_after()
    if job.state == JobState.RUNNING and job.last_progress < cutoff and _stop(job, cutoff):
        job.refresh_from_db()
    return job


def stop_stalled(jobs: QuerySet[Job] | None = None) -> int:
    """Record as failed every running job (of `jobs`, or all) silent for too long: its worker was
    stopped or restarted while it ran. Returns how many."""
    cutoff = timezone.now() - stale_after()
    silent = _silent_since(cutoff)
    if jobs is not None:
        silent = silent.filter(pk__in=jobs.values("pk"))
    return sum(_stop(job, cutoff) for job in silent.select_related("started_by"))
