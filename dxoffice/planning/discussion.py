"""A task's conversation and its deadline extensions: leaders' directions ("ý kiến chỉ đạo") and
the answers of the units, and requests to move the deadline ("gia hạn") that the planner decides.
Models of the planning app (imported by planning.models), kept apart from the register's core."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail, User, bounded_text

COMMENT_MAX_LENGTH = 4000


class CommentKind(models.TextChoices):
    DIRECTION = "direction", _("Direction")
    ANSWER = "answer", _("Answer")
    COMMENT = "comment", _("Comment")


class TaskComment(Archivable):
    task = models.ForeignKey("planning.Task", on_delete=models.PROTECT, related_name="comments")
    kind = models.CharField(
        _("kind"), max_length=20, choices=CommentKind.choices, default=CommentKind.COMMENT
    )
    body = bounded_text(_("text"), COMMENT_MAX_LENGTH)
    answers = models.ForeignKey(
        "self",
        verbose_name=_("answers"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
    )
    author = models.ForeignKey(User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = AuditTrail()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.task_id}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(Archivable):
    task = models.ForeignKey("planning.Task", on_delete=models.PROTECT, related_name="extension_requests")
    current_due_date = models.DateField(_("current deadline"))
    proposed_due_date = models.DateField(_("proposed deadline"))
    reason = bounded_text(_("reason"), 2000)
    status = models.CharField(
        _("status"), max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = bounded_text(_("decision note"), 2000, blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("deadline extension request")
        verbose_name_plural = _("deadline extension requests")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.current_due_date} → {self.proposed_due_date}"
