"""A task's discussion: leaders' directions, the units' answers, notified to those involved; and
deadline extensions asked by the lead unit and decided by its planner, audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.notifications.models import Notification
from dxoffice.planning import services
from dxoffice.planning.discussion import CommentKind, ExtensionRequest, ExtensionStatus, TaskComment
from dxoffice.planning.models import TaskStatus
from dxoffice.planning.selectors import local_today
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world):
    today = local_today()
    return TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        status=TaskStatus.IN_PROGRESS,
        start_date=today - timedelta(days=30),
        due_date=today + timedelta(days=10),
    )


def test_a_leader_directs_and_the_focal_point_answers(world, task):
    direction = services.comment_add(
        by=world.leader, task=task, body="Đề nghị hoàn thành trước ngày 20.", kind=CommentKind.DIRECTION
    )
    assert Notification.objects.filter(recipient=world.focal_a, kind="task.commented").count() == 1
    answer = services.comment_add(by=world.focal_a, task=task, body="Xã xin tiếp thu.", answers=direction)
    assert answer.kind == CommentKind.ANSWER
    assert Notification.objects.filter(recipient=world.leader, kind="task.commented").count() == 1
    assert direction.history.first().history_event == "comment.direction"


def test_a_focal_point_cannot_give_a_direction(world, task):
    with pytest.raises(PermissionDenied):
        services.comment_add(by=world.focal_a, task=task, body="Chỉ đạo", kind=CommentKind.DIRECTION)


def test_no_one_comments_on_a_task_they_cannot_see(world, task):
    with pytest.raises(PermissionDenied):
        services.comment_add(by=world.focal_b, task=task, body="?")


def test_an_empty_comment_is_refused(world, task):
    with pytest.raises(ValidationError) as error:
        services.comment_add(by=world.focal_a, task=task, body="   ")
    assert "body" in error.value.message_dict and not TaskComment.objects.exists()


def test_an_extension_is_requested_and_approved_and_the_deadline_moves(world, task):
    proposed = task.due_date + timedelta(days=30)
    request = services.extension_request(
        by=world.focal_a, task=task, proposed_due_date=proposed, reason="Chờ vốn"
    )
    assert Notification.objects.filter(recipient=world.coordinator, kind="extension.requested").exists()
    with pytest.raises(StateConflict):
        services.extension_request(by=world.focal_a, task=task, proposed_due_date=proposed, reason="Lần hai")
    services.extension_decide(by=world.coordinator, request=request, approve=True)
    task.refresh_from_db()
    request.refresh_from_db()
    assert task.due_date == proposed and request.status == ExtensionStatus.APPROVED
    assert [h.history_event for h in request.history.all()][:2] == [
        "extension.approved",
        "extension.requested",
    ]
    assert Notification.objects.filter(recipient=world.focal_a, kind="extension.decided").exists()
    with pytest.raises(StateConflict):
        services.extension_decide(by=world.coordinator, request=request, approve=False, note="muộn")


def test_an_extension_must_move_the_deadline_later_and_a_refusal_says_why(world, task):
    with pytest.raises(ValidationError):
        services.extension_request(by=world.focal_a, task=task, proposed_due_date=task.due_date, reason="x")
    request = services.extension_request(
        by=world.focal_a, task=task, proposed_due_date=task.due_date + timedelta(days=5), reason="x"
    )
    with pytest.raises(PermissionDenied):
        services.extension_decide(by=world.focal_a, request=request, approve=True)
    with pytest.raises(ValidationError):
        services.extension_decide(by=world.coordinator, request=request, approve=False)
    services.extension_decide(by=world.coordinator, request=request, approve=False, note="Không đủ căn cứ")
    assert ExtensionRequest.objects.get().status == ExtensionStatus.REFUSED


def test_the_discussion_tab_through_the_screens(client, world, task):
    client.force_login(world.leader)
    response = client.post(
        reverse("planning:comment_add", args=[task.pk]),
        {"body": "Khẩn trương triển khai", "kind": "direction"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?tab=discussion")
    client.force_login(world.focal_a)
    direction = TaskComment.objects.get()
    client.post(reverse("planning:comment_add", args=[task.pk]), {"body": "Đã rõ", "answers": direction.pk})
    client.post(
        reverse("planning:extension_request", args=[task.pk]),
        {"proposed_due_date": (task.due_date + timedelta(days=7)).isoformat(), "reason": "Thiếu nhân lực"},
    )
    page = client.get(reverse("planning:task_detail", args=[task.pk]), {"tab": "discussion"})
    html = page.content.decode()
    assert 'data-testid="comment-direction"' in html and 'data-testid="comment-answer"' in html
    assert "Thiếu nhân lực" in html and 'data-testid="extension-form"' not in html  # one pending at a time
    client.force_login(world.coordinator)
    extension = ExtensionRequest.objects.get()
    client.post(reverse("planning:extension_decide", args=[extension.pk]), {"decision": "approve"})
    assert ExtensionRequest.objects.get().status == ExtensionStatus.APPROVED
    client.force_login(world.focal_b)
    assert client.post(reverse("planning:comment_add", args=[task.pk]), {"body": "x"}).status_code == 404
