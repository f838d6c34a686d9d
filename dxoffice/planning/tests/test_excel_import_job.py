"""Large plan files are imported as a background job from the upload page: the person lands on the
job's page, the import runs as them (same checks, all-or-nothing), and its problems become the job's
errors. Smaller files stay synchronous."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dxoffice.core.jobs.models import Job, JobState
from dxoffice.core.models import Role
from dxoffice.core.tests.factories import user_with_role
from dxoffice.planning.excel.jobs import PLAN_IMPORT
from dxoffice.planning.models import Task
from dxoffice.planning.tests.test_excel_support import (
    english,  # noqa: F401
    filled_template,
    task_row,
)

URL = reverse("planning:plan_import")


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.DXOFFICE_IMPORT_JOB_ROWS = 3  # the template's two header rows plus a couple of tasks


def speaking_english(user):
    """A job speaks its starter's language (User.language), not the test's."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def upload(world, rows):
    return SimpleUploadedFile("plan.xlsx", filled_template(world.plan, rows).getvalue())


def rows(count, **values):
    return [task_row(code=f"NV-{number:03d}", **values) for number in range(count)]


def post(client, django_capture_on_commit_callbacks, world, data, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(URL, {"plan": world.plan.pk, "file": upload(world, data), **extra})


def test_a_large_file_runs_as_a_job_and_lands_on_its_page(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    response = post(client, django_capture_on_commit_callbacks, world, rows(4))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.started_by, job.input_name) == (PLAN_IMPORT, world.coordinator, "plan.xlsx")
    assert job.label == "Import into KH-2026: plan.xlsx"
    assert job.state == JobState.SUCCEEDED and job.percent == 100
    assert job.result["created"] == 4 and job.result["saved"] and job.result["rows"] == 4
    assert Task.objects.filter(plan=world.plan).count() == 4
    assert Task.history.filter(history_type="+", history_user=world.coordinator).count() == 4
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="import-summary"' in page and "Imported into KH-2026." in page
    again = post(client, django_capture_on_commit_callbacks, world, rows(4))
    assert again.status_code == 302
    assert Job.objects.latest("pk").result["unchanged"] == 4 and Task.objects.count() == 4


def test_a_job_with_problems_saves_nothing_and_lists_them(client, world, django_capture_on_commit_callbacks):
    client.force_login(speaking_english(world.coordinator))
    data = rows(3) + [task_row(code="NV-BAD", due_date="không rõ")]
    post(client, django_capture_on_commit_callbacks, world, data)
    job = Job.objects.get()
    assert job.state == JobState.FAILED and job.message == "1 problem found; nothing was saved."
    assert job.errors == [
        {
            "sheet": "Tasks",
            "row": 6,
            "column": "Hạn hoàn thành / Due date",
            "cell": "M6",
            "message": "“không rõ” is not a date; write dd/mm/yyyy.",
        }
    ]
    assert not Task.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Nothing was saved into KH-2026." in page and "(M6)" in page
    sheet = load_workbook(BytesIO(client.get(reverse("jobs:job_errors", args=[job.pk])).content)).active
    assert [cell.value for cell in sheet[3]] == [
        "Tasks",
        6,
        "Hạn hoàn thành / Due date",
        "M6",
        job.errors[0]["message"],
    ]


def test_a_check_only_job_saves_nothing(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    post(client, django_capture_on_commit_callbacks, world, rows(4), dry_run="on")
    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED and job.result["dry_run"] and job.result["created"] == 4
    assert job.label == "Check for KH-2026: plan.xlsx" and not Task.objects.exists()


def test_the_job_acts_with_its_starters_permissions(client, world, django_capture_on_commit_callbacks):
    commune_planner = speaking_english(
        user_with_role(Role.COORDINATOR, world.commune_a, username="commune-planner")
    )
    client.force_login(commune_planner)
    post(client, django_capture_on_commit_callbacks, world, rows(4))  # lead unit SKHCN: not theirs
    job = Job.objects.get()
    assert job.started_by == commune_planner and job.state == JobState.FAILED
    assert job.errors_total == 4 and "You may not plan tasks of" in job.errors[0]["message"]


def test_the_job_speaks_its_starters_language(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)  # Vietnamese, the default
    post(client, django_capture_on_commit_callbacks, world, [*rows(3), task_row(code="NV-BAD", due_date="x")])
    job = Job.objects.get()
    assert "không phải là ngày" in job.errors[0]["message"]
    assert not Task.objects.exists()


def test_a_small_file_stays_synchronous(client, world):
    client.force_login(world.coordinator)
    response = client.post(URL, {"plan": world.plan.pk, "file": upload(world, rows(1))})
    assert response.status_code == 200 and response.context["result"].created == 1
    assert not Job.objects.exists()


def test_a_large_file_the_job_store_refuses_is_shown_on_the_form(client, world):
    client.force_login(world.coordinator)
    content = filled_template(world.plan, rows(4)).getvalue()
    response = client.post(URL, {"plan": world.plan.pk, "file": SimpleUploadedFile("plan.bin", content)})
    assert response.status_code == 200 and not Job.objects.exists()
    assert response.context["form"].errors == {"file": ["Files of type “.bin” are not accepted."]}


def test_the_page_says_when_a_file_becomes_a_job(client, world):
    client.force_login(world.coordinator)
    assert "A file of more than 3 rows is imported in the background" in client.get(URL).content.decode()


def test_a_lost_input_file_fails_the_job_with_a_message(world, django_capture_on_commit_callbacks):
    from dxoffice.core.jobs.runner import run_job
    from dxoffice.core.jobs.services import job_start

    speaking_english(world.coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        job = job_start(
            by=world.coordinator,
            kind=PLAN_IMPORT,
            params={"plan": world.plan.pk},
            upload=upload(world, rows(1)),
        )
    job.input_file.storage.delete(job.input_file.name)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.message == "The uploaded file of this import is missing."
