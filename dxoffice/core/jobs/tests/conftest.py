"""Job kinds for the tests, registered for one test only."""

from __future__ import annotations

import pytest

from dxoffice.core.registry import JobKind, registry


@pytest.fixture
def kinds(monkeypatch):
    def add(code: str, run, **options) -> JobKind:
        kind = JobKind(code, f"Test job {code}", run=run, **options)
        monkeypatch.setitem(registry._jobs, code, kind)
        return kind

    return add


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Start a job and let it run (in process, as huey does when embedded); return it refreshed."""
    from dxoffice.core.jobs.services import job_start

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            job = job_start(**kwargs)
        job.refresh_from_db()
        return job

    return run


@pytest.fixture(autouse=True)
def english_speakers(world):
    """A job speaks its starter's language (User.language); these tests read English."""
    from dxoffice.core.models import User

    User.objects.update(language="en")
    for name in ("admin", "coordinator", "focal_a", "focal_b", "viewer"):
        getattr(world, name).language = "en"
