"""What a meeting goes through: agenda items, their documents (versioned files), personal notes and
comments on drafts, the speakers' list and the conclusions that become follow-up tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail, OrgUnit
from dxoffice.meetings.models.meeting import Meeting, Participant


class AgendaItem(Archivable):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=400)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes allowed"), default=15)
    discussion = models.TextField(_("discussion (for the minutes)"), blank=True)
    history = AuditTrail()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class MeetingDocument(Archivable):
    """A document of the meeting (or of one item). Its versions are the files attached to it
    (core Attachment), the newest being current."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents")
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    is_draft = models.BooleanField(
        _("draft for comments"), default=False, help_text=_("Participants may comment before the meeting.")
    )
    drafting_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("drafting unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = AuditTrail()

    class Meta:
        ordering = ["meeting", "item__position", "pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title


class DocumentNote(Archivable):
    """A participant's private note on a document: nobody else reads it."""

    document = models.ForeignKey(MeetingDocument, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"), max_length=5000)
    history = AuditTrail()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "author"], name="meetings_one_note")]


class DocumentComment(Archivable):
    """A comment on a draft document before the meeting, read by the drafting unit and the secretary."""

    document = models.ForeignKey(MeetingDocument, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AuditTrail()

    class Meta:
        ordering = ["document", "created_at", "pk"]


class SpeakerState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    SPEAKING = "speaking", _("Speaking")
    DONE = "done", _("Has spoken")


class Speaker(Archivable):
    """A request to speak on an agenda item; the chair orders the list and gives the floor."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="speakers")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="speeches")
    position = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=SpeakerState.choices, default=SpeakerState.WAITING)
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    ended_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = AuditTrail()

    class Meta:
        ordering = ["item", "position", "requested_at", "pk"]

    def __str__(self) -> str:
        return str(self.participant)

    @property
    def seconds(self) -> int:
        if self.started_at is None:
            return 0
        end = self.ended_at or timezone.now()
        return int((end - self.started_at).total_seconds())


class Conclusion(Archivable):
    """What the meeting concluded on an item; each may assign follow-up tasks in the program register."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="conclusions")
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conclusions",
    )
    text = models.TextField(_("conclusion"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AuditTrail()

    class Meta:
        ordering = ["meeting", "item__position", "pk"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self) -> str:
        text = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return f"{self.meeting}: {text[:80]}"
