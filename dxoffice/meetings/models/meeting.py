"""A meeting and who takes part in it: kinds, status, participants, roles, RSVP, deputies and
attendance."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail, OrgUnit


def new_token() -> str:
    return secrets.token_urlsafe(24)


class MeetingKind(models.TextChoices):
    COMMITTEE_SESSION = "committee_session", _("People's Committee session")
    STEERING = "steering", _("DX steering committee meeting")
    CONFERENCE = "conference", _("Conference")
    WORKING = "working", _("Working meeting")
    WRITTEN = "written", _("Written consultation of members")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    INVITED = "invited", _("Invitations sent")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")
    APPROVED = "approved", _("Minutes approved")


class Meeting(Archivable):
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.WORKING
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Only participants see a confidential meeting.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (per cent of members present)"),
        default=50,
        help_text=_("The quorum is reached when more than this share of the members is present."),
    )
    summary = models.TextField(_("opening of the minutes"), blank=True)
    current_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("current agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    item_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The live state's version: raised by every change the room sees, so clients drop stale events.
    live_version = models.PositiveBigIntegerField(default=0, editable=False)
    checkin_token = models.CharField(max_length=64, default=new_token, editable=False, unique=True)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = AuditTrail(excluded_fields=["live_version", "checkin_token"])

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
        if self.quorum_percent is not None and self.quorum_percent > 100:
            raise ValidationError({"quorum_percent": _("Give a share between 0 and 100.")})

    @property
    def is_written(self) -> bool:
        return self.kind == MeetingKind.WRITTEN

    @property
    def is_locked(self) -> bool:
        """Approved minutes are locked: nothing of the meeting changes any more."""
        return self.status == MeetingStatus.APPROVED


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
    INVITEE = "invitee", _("Invitee")
    OBSERVER = "observer", _("Observer")


VOTING_ROLES = (ParticipantRole.CHAIR, ParticipantRole.MEMBER)


class Rsvp(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    ACCEPTED = "accepted", _("Will attend")
    DECLINED = "declined", _("Will not attend")
    DELEGATED = "delegated", _("Sends a deputy")


class Attendance(models.TextChoices):
    NOT_CHECKED_IN = "not_checked_in", _("Not checked in")
    IN_PERSON = "in_person", _("Present in person")
    ONLINE = "online", _("Present online")
    ABSENT = "absent", _("Absent with reason")


PRESENT = (Attendance.IN_PERSON, Attendance.ONLINE)


class Participant(Archivable):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_participations",
    )
    guest_name = models.CharField(_("guest's name"), max_length=150, blank=True)
    guest_email = models.EmailField(_("guest's e-mail"), blank=True)
    guest_organisation = models.CharField(_("guest's organisation"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.MEMBER
    )
    rsvp = models.CharField(_("answer"), max_length=20, choices=Rsvp.choices, default=Rsvp.PENDING)
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_deputations",
        help_text=_("Attends and votes in the member's place."),
    )
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, default=Attendance.NOT_CHECKED_IN
    )
    absence_reason = models.CharField(_("reason for absence"), max_length=300, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True, editable=False)
    history = AuditTrail()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False, archived_at__isnull=True),
                name="meetings_participant_once",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.user_id and self.user is not None:
            return self.user.display_name
        return self.guest_name

    @property
    def votes(self) -> bool:
        return self.role in VOTING_ROLES

    @property
    def is_present(self) -> bool:
        return self.attendance in PRESENT

    def clean(self) -> None:
        if not self.user_id and not self.guest_name.strip():
            raise ValidationError({"guest_name": _("Choose a person or give the guest's name.")})
        if self.deputy_id and self.role not in VOTING_ROLES:
            raise ValidationError({"deputy": _("Only a member can send a deputy.")})
        if self.deputy_id and self.deputy_id == self.user_id:
            raise ValidationError({"deputy": _("A member cannot be their own deputy.")})
        if self.attendance == Attendance.ABSENT and not self.absence_reason.strip():
            raise ValidationError({"absence_reason": _("Give the reason for the absence.")})


class CalendarFeed(Archivable):
    """A person's secret calendar address: their meetings as iCalendar, for any calendar app."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=64, default=new_token, unique=True, editable=False)
    history = AuditTrail(excluded_fields=["token"])

    def __str__(self) -> str:
        return str(self.user)


class FrozenKind(models.TextChoices):
    MINUTES = "minutes", _("Minutes")


class FrozenDocument(models.Model):
    """The minutes exactly as rendered when the chair approved them: served from then on, whatever
    later changes to names, tasks or records. Written once, in the approval's transaction; never
    changed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="frozen_documents")
    kind = models.CharField(max_length=10, choices=FrozenKind.choices)
    format = models.CharField(max_length=4)  # core.documents.Format: pdf, docx
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind", "format"], name="meetings_frozen_once")
        ]

    def __str__(self) -> str:
        return f"{self.filename}.{self.format}"
