"""Writes of a task's conversation: leaders' directions ("ý kiến chỉ đạo"), the units' answers and
plain comments, each audited and told to the people involved."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxoffice.core.models import Role, User
from dxoffice.core.notifications.services import Message, notify
from dxoffice.core.permissions import Action, can
from dxoffice.core.selectors import users_with_role_on
from dxoffice.core.services import save_audited
from dxoffice.planning.discussion import CommentKind, TaskComment
from dxoffice.planning.models import Task
from dxoffice.planning.selectors import task_is_visible
from dxoffice.planning.services.guards import require_open_task

UNIT_CONTACTS = (Role.FOCAL, Role.COORDINATOR)


def may_direct(user: User, task: Task) -> bool:
    """Directions are given by those who lead or steer the lead unit's work (leaders, coordinators)."""
    return can(user, Action.REVIEW, task.lead_unit) or can(user, Action.PLAN, task.lead_unit)


def _people_involved(task: Task, comment: TaskComment) -> list[User]:
    people = {user.pk: user for user in users_with_role_on(task.lead_unit, UNIT_CONTACTS)}
    for earlier in TaskComment.objects.filter(task=task).select_related("author"):
        people.setdefault(earlier.author_id, earlier.author)
    if comment.answers is not None:
        people.setdefault(comment.answers.author_id, comment.answers.author)
    return list(people.values())


@transaction.atomic
def comment_add(
    *,
    by: User,
    task: Task,
    body: str,
    kind: str = CommentKind.COMMENT,
    answers: TaskComment | None = None,
) -> TaskComment:
    """Add a comment to a task someone may see: a direction (leaders and coordinators only), an
    answer to a direction of the same task, or a plain comment."""
    if not task_is_visible(by, task):
        raise PermissionDenied
    require_open_task(task)
    if answers is not None:
        if answers.task_id != task.pk:
            raise ValidationError({"answers": _("That comment belongs to another task.")})
        kind = CommentKind.ANSWER
    elif kind == CommentKind.DIRECTION and not may_direct(by, task):
        raise PermissionDenied(_("Directions are given by the leaders and coordinators of the lead unit."))
    elif kind not in (CommentKind.DIRECTION, CommentKind.COMMENT):
        raise ValidationError({"kind": _("Unknown kind of comment.")})
    comment = TaskComment(task=task, kind=kind, body=(body or "").strip(), answers=answers, author=by)
    if not comment.body:
        raise ValidationError({"body": _("Write the comment.")})
    save_audited(comment, by=by, event=f"comment.{kind}")
    titles = {
        CommentKind.DIRECTION: gettext_lazy("Direction on %(code)s: %(title)s"),
        CommentKind.ANSWER: gettext_lazy("Answer on %(code)s: %(title)s"),
        CommentKind.COMMENT: gettext_lazy("Comment on %(code)s: %(title)s"),
    }
    notify(
        kind="task.commented",
        recipients=_people_involved(task, comment),
        title=Message(titles[CommentKind(kind)], code=task.code, title=task.title),
        body=comment.body[:500],
        url=reverse("planning:task_detail", args=[task.pk]) + "?tab=discussion",
        target=task,
        by=by,
        dedupe_key=f"task.commented:{comment.pk}",
    )
    return comment
