"""The report form: periods chosen from the task's reporting cycle, written as people write them;
the percentage starts from the last one reported; report evidence is one of the task's files."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxoffice.core.services import attachment_add
from dxoffice.planning.forms import cycle_period_choices
from dxoffice.planning.models import ReportingCycle, ReportStatus
from dxoffice.planning.selectors import local_today
from dxoffice.planning.tests.factories import ReportFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_periods_follow_the_reporting_cycle_in_vietnamese():
    today = date(2026, 12, 3)
    with_vi = cycle_period_choices(ReportingCycle.QUARTERLY, today)
    assert with_vi[0] == ("2026Q4", "Quý IV/2026") and len(with_vi) == 4
    monthly = cycle_period_choices(ReportingCycle.MONTHLY, today)
    assert monthly[0] == ("2026M12", "Tháng 12/2026") and monthly[-1][0] == "2026M07"
    assert cycle_period_choices(ReportingCycle.YEARLY, today)[0] == ("2026", "Năm 2026")


def test_an_old_period_of_a_report_being_edited_stays_offered():
    choices = dict(cycle_period_choices(ReportingCycle.QUARTERLY, date(2026, 12, 3), keep="2025Q2"))
    assert choices["2025Q2"] == "Quý II/2025"


def test_report_form_offers_a_period_list_and_starts_from_the_last_percentage(client, world):
    task = TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        reporting_cycle=ReportingCycle.MONTHLY,
    )
    ReportFactory(task=task, period="2026M01", percent_complete=20, status=ReportStatus.ACCEPTED)
    ReportFactory(task=task, period="2026M02", percent_complete=45, status=ReportStatus.SUBMITTED)
    client.force_login(world.focal_a)
    response = client.get(reverse("planning:report_create", args=[task.pk]))
    form = response.context["form"]
    assert form.initial["percent_complete"] == 45
    page = response.content.decode()
    current = f"{local_today().year}M{local_today().month:02d}"
    assert (
        f'<option value="{current}" selected>Tháng {local_today().month}/{local_today().year}</option>'
        in page
    )


def test_a_period_outside_the_list_is_refused_with_a_message(client, world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    client.force_login(world.focal_a)
    response = client.post(
        reverse("planning:report_create", args=[task.pk]),
        {"period": "2030Q1", "percent_complete": "10", "work_done": "x", "submit": "1"},
    )
    assert response.status_code == 200 and "period" in response.context["form"].errors
    assert not task.reports.exists()


def test_report_evidence_shows_in_the_tasks_files(client, world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    report = ReportFactory(task=task, status=ReportStatus.SUBMITTED, created_by=world.focal_a)
    attachment_add(
        by=world.focal_a,
        target=report,
        upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minimal", content_type="application/pdf"),
    )
    client.force_login(world.leader)
    response = client.get(reverse("planning:task_detail", args=[task.pk]))
    assert [f.original_name for _r, f in response.context["report_files"]] == ["bien-ban.pdf"]
    assert 'data-testid="report-file"' in response.content.decode()
