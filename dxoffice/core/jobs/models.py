"""A background job: who started it, what it does, how far it is, what came of it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable
from dxoffice.core.registry import registry

MAX_ERRORS = 1000  # errors kept on a job; the rest are only counted (errors_total)
MESSAGE_LENGTH = 300


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED_STATES = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED})


def job_input_path(instance: Job, filename: str) -> str:
    return f"jobs/{timezone.now():%Y/%m}/{uuid4().hex}/{Path(filename).name}"


class Job(Archivable):
    """One run of a registered kind of job (core.registry.JobKind), acting as `started_by`.

    Its state is written by the job runner only (services.run_job); progress writes are throttled.
    `errors` holds at most MAX_ERRORS entries ({sheet, row, column, cell, message}); `errors_total`
    counts them all."""

    kind = models.CharField(_("kind"), max_length=60)
    label = models.CharField(_("description"), max_length=MESSAGE_LENGTH, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The last sign of life of a running job (its claim, then each progress write): a job silent for
    # too long stopped with its worker (runner.stop_stalled).
    progress_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=JobState.choices, default=JobState.QUEUED)
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    message = models.CharField(_("progress message"), max_length=MESSAGE_LENGTH, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    errors_total = models.PositiveIntegerField(_("number of errors"), default=0)
    input_file = models.FileField(_("input file"), upload_to=job_input_path, max_length=300, blank=True)
    input_name = models.CharField(_("input file name"), max_length=255, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["started_by", "-created_at"], name="jobs_job_starter_created")]

    def __str__(self) -> str:
        return self.label or self.kind

    def get_absolute_url(self) -> str:
        return reverse("jobs:job_detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def last_progress(self) -> datetime:
        return self.progress_at or self.started_at or self.created_at

    @property
    def errors_more(self) -> int:
        """Errors counted but not kept."""
        return max(0, self.errors_total - len(self.errors or []))

    @property
    def kind_label(self) -> str:
        kind = registry.job_kind(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def result_dict(self) -> dict[str, Any]:
        return self.result if isinstance(self.result, dict) else {}
