"""One period, one code: every entry point stores the canonical code (2026Q1, 2026M03), so a
second report for a period already filed under another spelling is refused, and old rows written
before are fixed by a data migration."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.periods import canonical_period, validate_period_code
from dxoffice.core.tests.api_client import ApiClient
from dxoffice.planning import services
from dxoffice.planning.forms import ActualForm, ReportForm
from dxoffice.planning.models import ObjectiveActual, ProgressReport, ReportStatus
from dxoffice.planning.tests.factories import ObjectiveFactory, ReportFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("2026Q01", "2026Q1"),
        ("2026q1", "2026Q1"),
        ("2026M3", "2026M03"),
        (" 2026m03 ", "2026M03"),
        ("2026", "2026"),
    ],
)
def test_every_spelling_of_a_period_parses_to_one_code(written, canonical):
    assert canonical_period(written) == canonical


def test_the_model_refuses_a_period_that_is_not_canonical():
    with pytest.raises(ValidationError):
        validate_period_code("2026Q01")
    validate_period_code("2026Q1")


def test_a_second_report_for_a_period_spelt_otherwise_is_refused(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    first = services.report_save(
        by=world.focal_a, task=task, period="2026Q01", percent_complete=40, work_done="Đợt 1", submit=True
    )
    assert first.period == "2026Q1"
    services.report_accept(by=world.coordinator, report=first)
    with pytest.raises(StateConflict):
        services.report_save(
            by=world.focal_a, task=task, period="2026q1", percent_complete=50, work_done="Lại"
        )
    monthly = services.report_save(
        by=world.focal_a, task=task, period="2026M3", percent_complete=45, work_done="T3"
    )
    assert monthly.period == "2026M03"
    assert ProgressReport.objects.filter(task=task).count() == 2


def test_the_api_stores_the_canonical_code(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    answer = ApiClient(world.focal_a).post(
        f"/tasks/{task.pk}/reports", {"period": "2026m03", "percent_complete": 10, "work_done": "Khởi động"}
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["period"] == "2026M03"


def test_forms_and_actuals_take_the_canonical_code(world):
    form = ReportForm({"period": "2026Q03", "percent_complete": 10, "work_done": "x"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["period"] == "2026Q3"
    actual_form = ActualForm({"period": "2026m3", "value": "1"})
    assert actual_form.is_valid() and actual_form.cleaned_data["period"] == "2026M03"
    objective = ObjectiveFactory(program=world.program)
    services.objective_record_actual(
        by=world.coordinator, objective=objective, period="2026Q03", value=Decimal(1)
    )
    services.objective_record_actual(
        by=world.coordinator, objective=objective, period="2026Q3", value=Decimal(2)
    )
    assert list(objective.actuals.values_list("period", "value")) == [("2026Q3", Decimal(2))]


def test_the_data_migration_fixes_existing_rows(world):
    migration = import_module("dxoffice.planning.migrations.0005_canonical_periods")
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    stray = ReportFactory(task=task, period="2026Q01", created_by=world.focal_a, status=ReportStatus.ACCEPTED)
    kept = ReportFactory(task=task, period="2026Q2", created_by=world.focal_a)
    twin = ReportFactory(task=task, period="2026Q02", created_by=world.focal_a)
    ProgressReport.objects.filter(pk=stray.pk).update(period="2026Q01")
    ProgressReport.objects.filter(pk=twin.pk).update(period="2026Q02")
    objective = ObjectiveFactory(program=world.program)
    actual = ObjectiveActual.objects.create(objective=objective, period="2026M3", value=Decimal(3))

    migration.forwards(apps, None)

    stray.refresh_from_db()
    twin = ProgressReport.all_objects.get(pk=twin.pk)
    actual.refresh_from_db()
    assert stray.period == "2026Q1" and actual.period == "2026M03"
    assert twin.archived_at is not None  # its canonical code was taken: archived, not lost
    assert ProgressReport.objects.get(task=task, period="2026Q2") == kept
