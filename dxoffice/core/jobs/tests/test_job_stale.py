"""A job whose worker died: running, but silent for longer than DXOFFICE_JOB_STALE_MINUTES, it is
shown and recorded as failed when read, and by the hourly sweep; a job that speaks stays running."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dxoffice.core.jobs import tasks
from dxoffice.core.jobs.models import Job, JobState
from dxoffice.core.jobs.progress import Progress
from dxoffice.core.jobs.runner import stop_stalled
from dxoffice.core.tests.api_client import ApiClient


@pytest.fixture(autouse=True)
def thirty_minutes(settings):
    settings.DXOFFICE_JOB_STALE_MINUTES = 30


def running(user, *, silent_minutes: int, label="Import") -> Job:
    last = timezone.now() - timedelta(minutes=silent_minutes)
    return Job.objects.create(
        kind="test.kind",
        label=label,
        started_by=user,
        state=JobState.RUNNING,
        created_at=last - timedelta(minutes=1),
        started_at=last,
        progress_at=last,
    )


def test_the_job_page_shows_a_silent_job_as_failed_and_records_it(client, world, settings):
    job = running(world.focal_a, silent_minutes=31)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.focal_a)

    body = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()

    assert "stopped unexpectedly" in body and "hx-get" not in body
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.finished_at is not None
    assert job.message.startswith("The job stopped unexpectedly: it made no progress for 30 minutes")


def test_a_job_that_speaks_stays_running(client, world):
    job = running(world.focal_a, silent_minutes=29)
    client.force_login(world.focal_a)
    client.get(reverse("jobs:job_status", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == JobState.RUNNING

    progress = Progress(job, interval=0)
    progress.update(50, "half way")
    job.refresh_from_db()
    assert timezone.now() - job.progress_at < timedelta(minutes=1)


def test_my_jobs_and_the_api_show_it_failed(world):
    job = running(world.focal_a, silent_minutes=45)
    api = ApiClient(world.focal_a)

    (item,) = api.get("/jobs").json()["items"]
    assert item["state"] == "failed"
    assert api.get(f"/jobs/{job.pk}").json()["state"] == "failed"


def test_the_sweep_stops_only_silent_running_jobs(world):
    silent = running(world.focal_a, silent_minutes=90)
    never_spoke = running(world.focal_b, silent_minutes=90)
    Job.objects.filter(pk=never_spoke.pk).update(progress_at=None)  # from before the column existed
    alive = running(world.coordinator, silent_minutes=5)
    queued = Job.objects.create(
        kind="test.kind", started_by=world.coordinator, created_at=timezone.now() - timedelta(days=1)
    )

    tasks.stop_stalled_jobs.call_local()

    states = dict(Job.objects.values_list("pk", "state"))
    assert states[silent.pk] == states[never_spoke.pk] == JobState.FAILED
    assert (states[alive.pk], states[queued.pk]) == (JobState.RUNNING, JobState.QUEUED)
    silent.refresh_from_db()
    assert "stopped unexpectedly" in silent.message
    assert stop_stalled() == 0  # nothing left to stop
