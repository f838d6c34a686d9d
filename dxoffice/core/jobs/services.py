"""Starting, running and cancelling background jobs.

`job_start` records the job and queues it on huey once the transaction commits; `run_job` (the huey
task's body) runs the kind's function as the person who started the job and records how it ended:
succeeded, failed (it raised, or reported errors) or cancelled. A job that raises is never lost: it
is recorded as failed with a readable message, and the traceback goes to the log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from dxoffice.core.jobs.models import MESSAGE_LENGTH, Job, JobState
from dxoffice.core.jobs.progress import JobCancelled, Progress
from dxoffice.core.jobs.selectors import may_manage
from dxoffice.core.models import User
from dxoffice.core.registry import JobKind, registry
from dxoffice.core.services import validate_upload

logger = logging.getLogger(__name__)


@transaction.atomic
def job_start(
    *,
    by: User,
    kind: str,
    label: str = "",
    params: dict[str, Any] | None = None,
    upload: UploadedFile | None = None,
) -> Job:
    """Record a job of a registered `kind` started by `by`, with its JSON `params` and an uploaded
    input file if any, and queue it to run after this transaction commits."""
    if by is None or not getattr(by, "pk", None):
        raise ValueError("a job needs the person who starts it: pass by=<user>")
    job_kind = registry.job_kind(kind)
    if job_kind is None:
        raise ValueError(f"unknown job kind {kind!r}")
    if not job_kind.can_start(by):
        raise PermissionDenied
    params = dict(params or {})
    try:
        json.dumps(params)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"job parameters must be JSON: {exc}") from exc
    job = Job(kind=kind, label=str(label or job_kind.label)[:MESSAGE_LENGTH], started_by=by, params=params)
    if upload is not None:
        validate_upload(upload)
        name = Path(upload.name or "upload").name
        job.input_name = name[:255]
        job.input_file.save(name, upload, save=False)
    job.message = _("Waiting to start")
    job.save()
    logger.info("job %s (%s) queued by %s", job.pk, kind, by)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from dxoffice.core.jobs.tasks import run_job_task

    try:
        run_job_task(job_id)
    except Exception:  # the queue is unreachable: say so on the job rather than lose it
        logger.exception("job %s could not be queued", job_id)
        _finish(job_id, JobState.FAILED, message=_("The job could not be queued. Try again later."))


@transaction.atomic
def job_cancel(*, by: User, job: Job) -> Job:
    """Cancel a queued job at once; ask a running one to stop at its next progress report."""
    if not may_manage(by, job):
        raise PermissionDenied
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.finished:
        raise ValidationError(_("This job has already finished."))
    if job.state == JobState.QUEUED:
        job.state, job.finished_at = JobState.CANCELLED, timezone.now()
        job.message = _("Cancelled by %(user)s") % {"user": by}
    else:
        job.message = _("Cancelling…")
    job.cancel_requested = True
    job.save(update_fields=["state", "finished_at", "message", "cancel_requested"])
    logger.info("job %s cancelled by %s", job.pk, by)
    return job


def resolve(kind: JobKind) -> Callable[..., Any]:
    return import_string(kind.run) if isinstance(kind.run, str) else kind.run


def run_job(job_id: int) -> None:
    """Run a queued job: claim it, call its kind's function as its starter, record the outcome."""
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED, cancel_requested=False).update(
        state=JobState.RUNNING, started_at=timezone.now(), message=_("Started")
    )
    if not claimed:
        return  # cancelled before it started, or already taken by another worker
    job = Job.objects.select_related("started_by").get(pk=job_id)
    user = job.started_by
    progress = Progress(job)
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        try:
            kind = registry.job_kind(job.kind)
            if kind is None:
                raise ValidationError(_("This kind of job is no longer available."))
            if not user.is_active:
                raise PermissionDenied(_("The person who started this job can no longer sign in."))
            result = resolve(kind)(job, progress)
        except JobCancelled:
            _finish(job_id, JobState.CANCELLED, progress, message=_("Cancelled"))
        except PermissionDenied as exc:
            progress.error(str(exc) or _("You do not have permission to do this."))
            _finish(
                job_id,
                JobState.FAILED,
                progress,
                message=str(exc) or _("You do not have permission to do this."),
            )
        except ValidationError as exc:
            for message in exc.messages:
                progress.error(message)
            _finish(job_id, JobState.FAILED, progress, message="; ".join(exc.messages))
        except Exception:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            message = _(
                "The job stopped on an unexpected error. The administrators can find the details in the "
                "server log (job %(id)s)."
            ) % {"id": job_id}
            progress.error(message)
            _finish(job_id, JobState.FAILED, progress, message=message)
        else:
            state = JobState.FAILED if progress.errors_total else JobState.SUCCEEDED
            done = progress.message if progress.message else _("Done")
            _finish(job_id, state, progress, message=done, result=_jsonable(result))


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


def _finish(
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
