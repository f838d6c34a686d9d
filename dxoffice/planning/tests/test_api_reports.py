"""Progress reports through the API: write, submit, review; who may do what."""

import pytest

from dxoffice.core.tests.api_client import ApiClient
from dxoffice.planning.models import ProgressReport, ReportStatus, TaskStatus
from dxoffice.planning.tests.factories import ReportFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world):
    return TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, code="NV-R1")


def report_body(**overrides):
    body = {
        "period": "2026q1",
        "percent_complete": 40,
        "work_done": "Đã lắp đặt thiết bị",
        "blockers": "",
        "proposals": "",
        "submit": False,
    }
    body.update(overrides)
    return body


def test_submit_then_accept_sets_the_progress(world, task):
    focal = ApiClient(world.focal_a, bearer=True)
    draft = focal.post(f"/tasks/{task.pk}/reports", report_body())
    assert draft.status_code == 201, draft.content
    assert draft.json()["status"] == "draft" and draft.json()["period"] == "2026Q1"
    report_id = draft.json()["id"]

    # Drafts are the reporters' own: the leader does not see them yet.
    leader = ApiClient(world.leader, bearer=True)
    assert leader.get(f"/tasks/{task.pk}/reports").json()["count"] == 0
    assert leader.get(f"/reports/{report_id}").status_code == 404
    coordinator = ApiClient(world.coordinator, bearer=True)

    edited = focal.patch(f"/reports/{report_id}", {"percent_complete": 45})
    assert edited.status_code == 200 and edited.json()["percent_complete"] == 45
    submitted = focal.post(f"/reports/{report_id}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_by"] == str(world.focal_a)
    # A submitted report can no longer be edited: its state conflicts with the change.
    assert focal.patch(f"/reports/{report_id}", {"percent_complete": 50}).status_code == 409
    assert focal.post(f"/reports/{report_id}/submit").status_code == 409

    queue = coordinator.get("/reports/awaiting-review").json()
    assert [r["id"] for r in queue["items"]] == [report_id]
    assert focal.post(f"/reports/{report_id}/accept", {"comment": ""}).status_code == 403
    accepted = coordinator.post(f"/reports/{report_id}/accept", {"comment": "Tốt"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["reviewed_by"] == str(world.coordinator)

    detail = coordinator.get(f"/tasks/{task.pk}").json()
    assert detail["progress"] == 45 and detail["reported_period"] == "2026Q1"
    assert detail["status"] == TaskStatus.IN_PROGRESS
    report = ProgressReport.objects.get(pk=report_id)
    assert report.history.first().history_user == world.coordinator


def test_create_and_submit_at_once_and_return_with_comment(world, task):
    focal = ApiClient(world.focal_a)
    created = focal.post(f"/tasks/{task.pk}/reports", report_body(submit=True))
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    report_id = created.json()["id"]
    again = focal.post(f"/tasks/{task.pk}/reports", report_body())
    assert again.status_code == 409 and "period" in again.json()["errors"]

    leader = ApiClient(world.leader)
    no_comment = leader.post(f"/reports/{report_id}/return", {"comment": "  "})
    assert no_comment.status_code == 422 and "comment" in no_comment.json()["errors"]
    returned = leader.post(f"/reports/{report_id}/return", {"comment": "Bổ sung số liệu"})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert returned.json()["review_comment"] == "Bổ sung số liệu"
    # A returned report can be edited and submitted again.
    resubmitted = focal.patch(f"/reports/{report_id}", {"work_done": "Đã bổ sung", "submit": True})
    assert resubmitted.status_code == 200 and resubmitted.json()["status"] == "submitted"


def test_report_validation_and_permissions(world, task):
    focal = ApiClient(world.focal_a)
    bad_period = focal.post(f"/tasks/{task.pk}/reports", report_body(period="Q1-2026"))
    assert bad_period.status_code == 422 and "period" in bad_period.json()["errors"]
    too_much = focal.post(f"/tasks/{task.pk}/reports", report_body(percent_complete=120))
    assert too_much.status_code == 422 and "percent_complete" in too_much.json()["errors"]
    missing = focal.post(f"/tasks/{task.pk}/reports", {"period": "2026Q1"})
    assert missing.status_code == 422 and "work_done" in missing.json()["errors"]

    # Commune B's focal point cannot see commune A's task at all; a viewer sees it but cannot report.
    assert ApiClient(world.focal_b).post(f"/tasks/{task.pk}/reports", report_body()).status_code == 404
    assert ApiClient(world.viewer).post(f"/tasks/{task.pk}/reports", report_body()).status_code == 403
    assert not ProgressReport.objects.exists()


def test_focal_point_of_another_commune_cannot_review(world, task):
    report = ReportFactory(task=task, status=ReportStatus.SUBMITTED, created_by=world.focal_a)
    assert ApiClient(world.focal_b).post(f"/reports/{report.pk}/accept").status_code == 404
    assert ApiClient(world.focal_a).post(f"/reports/{report.pk}/accept").status_code == 403
    assert ApiClient(world.viewer).post(f"/reports/{report.pk}/accept").status_code == 403
    assert ApiClient(world.coordinator).post(f"/reports/{report.pk}/accept").status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_a_new_report_is_201_and_writing_it_again_is_an_edit_200(world, task):
    focal = ApiClient(world.focal_a, bearer=True)
    created = focal.post(f"/tasks/{task.pk}/reports", report_body())
    edited = focal.post(f"/tasks/{task.pk}/reports", report_body(percent_complete=55))
    assert (created.status_code, edited.status_code) == (201, 200), edited.content
    assert edited.json()["id"] == created.json()["id"] and edited.json()["percent_complete"] == 55
    assert ProgressReport.objects.filter(task=task).count() == 1


@pytest.mark.parametrize("seen_by", ["model check", "database constraint"])
def test_losing_the_race_for_a_new_report_is_one_409_naming_the_period(world, task, monkeypatch, seen_by):
    """Another request writes the report for the period between this one's look-up and its save:
    whichever check sees it, the answer is the same conflict (before: a 400 naming no field, or a 500)."""
    from dxoffice.planning.services import reports

    real_check = reports._validate_report_period

    def the_other_writes_first(task_, period):
        ReportFactory(task=task, period="2026Q1", percent_complete=10)  # the other request, first
        if seen_by == "database constraint":
            monkeypatch.setattr(ProgressReport, "validate_constraints", lambda self, exclude=None: None)
        real_check(task_, period)

    monkeypatch.setattr(reports, "_validate_report_period", the_other_writes_first)
    lost = ApiClient(world.focal_a, bearer=True).post(f"/tasks/{task.pk}/reports", report_body())
    assert lost.status_code == 409, lost.content
    assert "2026Q1" in str(lost.json()) and "period" in str(lost.json())
