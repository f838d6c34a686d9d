"""The job pages and the jobs API: who sees a job, the progress block htmx polls, the errors as
.xlsx, cancelling, and the documented API operations."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dxoffice.api import api
from dxoffice.core.jobs.models import Job, JobState
from dxoffice.core.tests.api_client import ApiClient


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def jobs(world):
    def make(user, **fields):
        return Job.objects.create(
            kind="test.kind", label=fields.pop("label", "A job"), started_by=user, **fields
        )

    return make


def test_a_job_page_is_for_its_starter_and_administrators(client, world, jobs):
    job = jobs(world.focal_a, state=JobState.RUNNING, percent=35, message="Checking rows")
    url = reverse("jobs:job_detail", args=[job.pk])
    for user, status in (
        (world.focal_a, 200),
        (world.admin, 200),
        (world.focal_b, 404),
        (world.coordinator, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.logout()
    assert client.get(url).status_code == 302


def test_a_running_job_shows_a_progress_bar_that_polls(client, world, jobs):
    job = jobs(world.coordinator, state=JobState.RUNNING, percent=35, message="Checking rows")
    client.force_login(world.coordinator)
    body = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    status_url = reverse("jobs:job_status", args=[job.pk])
    assert f'hx-get="{status_url}"' in body and 'hx-trigger="every 2s"' in body
    assert 'aria-valuenow="35"' in body and "Checking rows" in body
    response = client.get(status_url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Refresh" not in response
    assert 'id="job-status"' in response.content.decode()


def test_a_finished_job_stops_polling_and_reloads_the_page(client, world, jobs):
    job = jobs(world.coordinator, state=JobState.SUCCEEDED, percent=100, result={"rows": 12})
    client.force_login(world.coordinator)
    response = client.get(reverse("jobs:job_status", args=[job.pk]), headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true" and "hx-trigger" not in response.content.decode()
    body = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert 'data-testid="job-result"' in body and "rows" in body and "hx-trigger" not in body


def test_errors_are_listed_and_download_as_text_never_as_formulas(client, world, jobs):
    errors = [
        {"sheet": "Tasks", "row": 3, "column": "Title", "cell": "B3", "message": '=HYPERLINK("http://x")'},
        {"sheet": "Tasks", "row": 4, "column": "", "cell": "", "message": "Not a date."},
    ]
    job = jobs(world.coordinator, state=JobState.FAILED, errors=errors, errors_total=7)
    client.force_login(world.coordinator)
    body = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert 'data-testid="job-errors"' in body and "(B3)" in body and "and 5 more" in body
    response = client.get(reverse("jobs:job_errors", args=[job.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0] == ["Tasks", 3, "Title", "B3", '=HYPERLINK("http://x")']
    assert sheet["E3"].data_type == "s" and sheet["E3"].quotePrefix
    assert rows[2][4] == "… and 5 more, not listed."
    client.force_login(world.focal_b)
    assert client.get(reverse("jobs:job_errors", args=[job.pk])).status_code == 404


def test_my_jobs_lists_only_mine(client, world, jobs):
    jobs(world.coordinator, label="Mine")
    jobs(world.focal_a, label="Someone else's")
    client.force_login(world.coordinator)
    body = client.get(reverse("jobs:job_list")).content.decode()
    assert "Mine" in body and "Someone else" not in body


def test_cancel_from_the_page(client, world, jobs):
    job = jobs(world.coordinator)
    client.force_login(world.focal_a)
    assert client.post(reverse("jobs:job_cancel", args=[job.pk])).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(reverse("jobs:job_cancel", args=[job.pk])).status_code == 405
    response = client.post(reverse("jobs:job_cancel", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    response = client.post(reverse("jobs:job_cancel", args=[job.pk]), follow=True)
    assert "already finished" in response.content.decode()


# API ---------------------------------------------------------------------------------------------


def test_api_lists_own_jobs_and_reads_one(world, jobs):
    mine = jobs(
        world.coordinator, state=JobState.FAILED, errors=[{"row": 3, "message": "bad"}], errors_total=1
    )
    other = jobs(world.focal_a)
    api_client = ApiClient(world.coordinator)
    listed = api_client.get("/jobs")
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [mine.pk]
    one = api_client.get(f"/jobs/{mine.pk}").json()
    assert (
        one["state"] == "failed" and one["started_by"] == "coordinator" and one["url"] == f"/jobs/{mine.pk}/"
    )
    assert one["errors"] == [{"sheet": "", "row": 3, "column": "", "cell": "", "message": "bad"}]
    assert api_client.get(f"/jobs/{other.pk}").status_code == 404
    assert ApiClient(world.admin).get(f"/jobs/{other.pk}").status_code == 200
    assert ApiClient().get("/jobs").status_code == 401


def test_api_operations_are_documented(db):
    schema = api.get_openapi_schema()
    listing = schema["paths"]["/api/v1/jobs"]["get"]
    reading = schema["paths"]["/api/v1/jobs/{job_id}"]["get"]
    assert (listing["operationId"], reading["operationId"]) == ("job_list", "job_get")
    assert listing["tags"] == ["jobs"] and reading["tags"] == ["jobs"]
    assert {200, 401, 422} <= {int(code) for code in listing["responses"]}
    assert {200, 401, 404, 422} <= {int(code) for code in reading["responses"]}
