"""What the task page's Discussion tab shows: the thread (directions with their answers) and the
deadline extension requests, with the forms this person may use."""

from __future__ import annotations

from typing import Any

from dxoffice.core.models import User
from dxoffice.core.permissions import Action, can
from dxoffice.planning import services
from dxoffice.planning.discussion import CommentKind, ExtensionStatus
from dxoffice.planning.forms import CommentForm, ExtensionRequestForm
from dxoffice.planning.models import OPEN_STATUSES, Task
from dxoffice.planning.selectors import can_report_on


def discussion_context(user: User, task: Task) -> dict[str, Any]:
    comments = list(task.comments.select_related("author").order_by("created_at", "pk"))
    replies: dict[int, list] = {}
    for comment in comments:
        if comment.answers_id:
            replies.setdefault(comment.answers_id, []).append(comment)
    thread = [comment for comment in comments if not comment.answers_id]
    for comment in thread:
        comment.thread_replies = replies.get(comment.pk, [])
    extensions = list(task.extension_requests.select_related("requested_by", "decided_by"))
    may_direct = services.may_direct(user, task)
    open_task = task.status in OPEN_STATUSES and task.archived_at is None
    return {
        "thread": thread,
        "comment_count": len(comments),
        "CommentKind": CommentKind,
        "comment_form": CommentForm(may_direct=may_direct),
        "extensions": extensions,
        "ExtensionStatus": ExtensionStatus,
        "extension_form": ExtensionRequestForm(),
        "can_request_extension": open_task
        and not task.is_recurring
        and task.due_date is not None
        and can_report_on(user, task)
        and not any(e.status == ExtensionStatus.PENDING for e in extensions),
        "can_decide_extension": can(user, Action.PLAN, task.lead_unit),
    }
