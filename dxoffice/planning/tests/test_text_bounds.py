"""Every free-text field has a bound, held on every path (service, form, API): a 320,000-character
narrative is refused with a message naming the field, not stored."""

import pytest
from django.core.exceptions import ValidationError

from dxoffice.core.services import archive
from dxoffice.core.tests.api_client import ApiClient
from dxoffice.planning import services
from dxoffice.planning.forms import ReportForm
from dxoffice.planning.models import ProgressReport, Task
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

HUGE = "x" * 320_000


def test_services_refuse_unbounded_text(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    with pytest.raises(ValidationError) as refused:
        services.report_save(by=world.focal_a, task=task, period="2026Q1", percent_complete=5, work_done=HUGE)
    assert "work_done" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.task_update(by=world.coordinator, task=task, description=HUGE)
    assert "description" in refused.value.message_dict
    with pytest.raises(ValidationError):
        archive(task, by=world.coordinator, reason=HUGE)
    assert not ProgressReport.objects.exists()
    assert Task.objects.get(pk=task.pk).description == ""


def test_the_api_and_the_form_refuse_it_naming_the_field(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    answer = ApiClient(world.focal_a).post(
        f"/tasks/{task.pk}/reports", {"period": "2026Q1", "percent_complete": 5, "work_done": HUGE}
    )
    assert answer.status_code == 422 and any("work_done" in key for key in answer.json()["errors"])
    form = ReportForm({"period": "2026Q1", "percent_complete": 5, "work_done": HUGE})
    assert not form.is_valid() and "work_done" in form.errors
