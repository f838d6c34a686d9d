"""Completion evidence: files of a returned report were not accepted as evidence and do not count."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.planning import services
from dxoffice.planning.models import TaskStatus
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_evidence_of_a_returned_report_does_not_complete_a_task(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    report = services.report_save(
        by=world.focal_a,
        task=task,
        period="2026Q1",
        percent_complete=100,
        work_done="Xong",
        submit=True,
        evidence=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x")],
    )
    assert services.task_has_evidence(task)
    services.report_return(by=world.coordinator, report=report, comment="Biên bản chưa ký")
    assert not services.task_has_evidence(task)
    with pytest.raises(ValidationError) as refused:
        services.task_change_status(by=world.focal_a, task=task, status=TaskStatus.COMPLETED)
    assert "evidence" in refused.value.message_dict
