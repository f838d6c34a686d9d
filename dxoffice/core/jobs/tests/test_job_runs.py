"""Running jobs: success, errors, failures, permissions, cancelling, and the progress reporter."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import get_language

from dxoffice.core.jobs.models import Job, JobState
from dxoffice.core.jobs.progress import JobCancelled, Progress
from dxoffice.core.jobs.runner import run_job
from dxoffice.core.jobs.services import job_cancel, job_start


def counting(job, progress):
    for step in range(5):
        progress.update(step * 20, f"step {step}")
    return {"count": job.params["n"], "user": job.started_by.username, "language": get_language()}


def reads_file(job, progress):
    with job.input_file.open("rb") as file:
        return {"content": file.read().decode()}


def failing(job, progress):
    progress.update(40, "half way")
    raise RuntimeError("database exploded")


def refusing(job, progress):
    raise PermissionDenied("You may not plan tasks of this unit.")


def invalid(job, progress):
    raise ValidationError("The plan is closed.")


def finds_problems(job, progress):
    for row in range(2, 5):
        progress.error("Not a date.", sheet="Tasks", row=row, column="Due date", cell=f"M{row}")
    progress.count_errors(10)
    progress.update(100, "3 problems")
    return {"saved": False}


def cancelled_midway(job, progress):
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    progress.flush()
    progress.update(50, "still going")
    return {"never": True}


def test_a_job_runs_as_its_starter_and_records_its_result(world, kinds, start):
    kinds("test.count", counting)
    world.coordinator.language = "en"
    world.coordinator.save()
    job = start(by=world.coordinator, kind="test.count", label="Count things", params={"n": 3})
    assert job.state == JobState.SUCCEEDED and job.percent == 100
    assert job.result == {"count": 3, "user": "coordinator", "language": "en"}
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at
    assert job.message == "step 4" and job.errors == [] and job.errors_total == 0
    assert str(job) == "Count things" and job.started_by == world.coordinator


def test_the_run_function_may_be_named_by_its_path(world, kinds, start):
    kinds("test.path", f"{__name__}.counting")
    assert start(by=world.viewer, kind="test.path", params={"n": 1}).result["count"] == 1


def test_an_uploaded_input_file_is_stored_with_the_job(world, kinds, start):
    kinds("test.file", reads_file)
    upload = SimpleUploadedFile("plan.csv", b"rows")
    job = start(by=world.coordinator, kind="test.file", upload=upload)
    assert job.input_name == "plan.csv" and job.input_file.name.endswith("/plan.csv")
    assert job.result == {"content": "rows"}


def test_an_unacceptable_upload_is_refused_before_the_job_exists(world, kinds):
    kinds("test.file", reads_file)
    with pytest.raises(ValidationError):
        job_start(by=world.coordinator, kind="test.file", upload=SimpleUploadedFile("plan.xlsx", b""))
    assert not Job.objects.exists()


def test_a_job_that_raises_is_failed_with_a_readable_message(world, kinds, start, caplog):
    kinds("test.fail", failing)
    job = start(by=world.coordinator, kind="test.fail")
    assert job.state == JobState.FAILED and job.finished_at
    assert "unexpected error" in job.message and f"job {job.pk}" in job.message
    assert "database exploded" not in job.message  # the details go to the log, not to the person
    assert "database exploded" in caplog.text
    assert job.errors_total == 1 and job.percent == 40


def test_permission_and_validation_errors_are_shown_as_they_are(world, kinds, start):
    kinds("test.refuse", refusing)
    kinds("test.invalid", invalid)
    refused = start(by=world.coordinator, kind="test.refuse")
    assert refused.state == JobState.FAILED and refused.message == "You may not plan tasks of this unit."
    rejected = start(by=world.coordinator, kind="test.invalid")
    assert rejected.state == JobState.FAILED and rejected.message == "The plan is closed."
    assert rejected.errors[0]["message"] == "The plan is closed."


def test_reported_errors_make_the_job_failed_and_are_bounded(world, kinds, start):
    kinds("test.problems", finds_problems)
    job = start(by=world.coordinator, kind="test.problems")
    assert job.state == JobState.FAILED and job.message == "3 problems"
    assert [error["cell"] for error in job.errors] == ["M2", "M3", "M4"]
    assert job.errors_total == 13 and job.errors_more == 10
    assert job.result == {"saved": False}


def test_errors_beyond_the_cap_are_only_counted(world):
    job = Job.objects.create(kind="x", started_by=world.coordinator)
    progress = Progress(job, max_errors=2)
    for row in range(5):
        progress.error("bad", row=row)
    assert len(progress.errors) == 2 and progress.errors_total == 5


def test_who_may_start_a_kind_is_checked(world, kinds):
    kinds("test.planners", counting, can_start=lambda user: user.username == "coordinator")
    with pytest.raises(PermissionDenied):
        job_start(by=world.viewer, kind="test.planners")
    with pytest.raises(ValueError):
        job_start(by=world.viewer, kind="test.unknown")
    assert not Job.objects.exists()


def test_a_deactivated_starter_stops_the_job(world, kinds, start, django_capture_on_commit_callbacks):
    kinds("test.count", counting)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_start(by=world.focal_a, kind="test.count", params={"n": 1})
    world.focal_a.is_active = False
    world.focal_a.save()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "can no longer sign in" in job.message


def test_a_job_is_not_run_twice(world, kinds, start):
    kinds("test.count", counting)
    job = start(by=world.coordinator, kind="test.count", params={"n": 1})
    finished = job.finished_at
    run_job(job.pk)
    job.refresh_from_db()
    assert job.finished_at == finished


def test_a_queue_that_cannot_be_reached_fails_the_job(world, kinds, start, monkeypatch):
    from dxoffice.core.jobs import tasks

    def unreachable(job_id):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks, "run_job_task", unreachable)
    kinds("test.count", counting)
    with translation.override("en"):  # the message is written in the active language
        job = start(by=world.coordinator, kind="test.count", params={"n": 1})
    assert job.state == JobState.FAILED and "could not be queued" in job.message


# Cancelling -----------------------------------------------------------------------------------------


def test_a_queued_job_is_cancelled_at_once(world, kinds, django_capture_on_commit_callbacks):
    kinds("test.count", counting)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_start(by=world.coordinator, kind="test.count", params={"n": 1})
    job_cancel(by=world.coordinator, job=job)
    for callback in callbacks:
        callback()  # the queue reaches it after the cancel: it does not run
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED and job.result is None and job.started_at is None
    with pytest.raises(ValidationError):
        job_cancel(by=world.coordinator, job=job)


def test_a_running_job_stops_at_its_next_progress_report(world, kinds, start):
    kinds("test.cancel", cancelled_midway)
    job = start(by=world.coordinator, kind="test.cancel")
    assert job.state == JobState.CANCELLED and job.result is None


def test_only_the_starter_or_an_administrator_may_cancel(world, kinds, django_capture_on_commit_callbacks):
    kinds("test.count", counting)
    with django_capture_on_commit_callbacks(execute=False):
        job = job_start(by=world.focal_a, kind="test.count", params={"n": 1})
    with pytest.raises(PermissionDenied):
        job_cancel(by=world.focal_b, job=job)
    job_cancel(by=world.admin, job=job)  # the administrator of the province (the starter's unit is in it)
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED


# The progress reporter ---------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_writes_are_throttled(world):
    job = Job.objects.create(kind="x", started_by=world.coordinator)
    clock = Clock()
    progress = Progress(job, interval=1.0, clock=clock)
    for step in range(10):
        progress.update(step, f"row {step}")
    assert progress.writes == 1  # the first one only: no time has passed
    job.refresh_from_db()
    assert (job.percent, job.message) == (0, "row 0")
    clock.now = 1.5
    progress.update(50, "half way")
    job.refresh_from_db()
    assert (job.percent, job.message, progress.writes) == (50, "half way", 2)


def test_progress_inside_the_jobs_own_transaction_is_written_after_it(world):
    job = Job.objects.create(kind="x", started_by=world.coordinator)
    clock = Clock()
    progress = Progress(job, interval=0, clock=clock)
    with transaction.atomic():
        progress.update(70, "saving")
        assert progress.writes == 0
    progress.flush()
    job.refresh_from_db()
    assert (job.percent, job.message) == (70, "saving")


def test_a_cancel_request_stops_the_reporter(world):
    job = Job.objects.create(kind="x", started_by=world.coordinator, state=JobState.RUNNING)
    progress = Progress(job, interval=0)
    progress.update(10, "go")
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    with pytest.raises(JobCancelled):
        progress.update(20, "more")
