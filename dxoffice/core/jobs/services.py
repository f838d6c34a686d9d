"""Starting and cancelling background jobs.

`job_start` records the job and queues it on huey once the transaction commits; the huey task runs
it (runner.run_job) as the person who started it and records how it ended: succeeded, failed (it
raised, or reported errors) or cancelled.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxoffice.core.jobs import tasks
from dxoffice.core.jobs.models import MESSAGE_LENGTH, Job, JobState
from dxoffice.core.jobs.runner import finish
from dxoffice.core.jobs.selectors import may_manage
from dxoffice.core.models import User
from dxoffice.core.registry import registry
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
    try:
        tasks.run_job_task(job_id)
    except Exception:  # the queue is unreachable: say so on the job rather than lose it
        logger.exception("job %s could not be queued", job_id)
        finish(job_id, JobState.FAILED, message=_("The job could not be queued. Try again later."))


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
