"""Polls (votes on an agenda item, or a written consultation between meetings).

A secret ballot is kept apart from anything that names the voter: `PollVote` records who voted (to
refuse a second vote) and, for a named poll only, the choice; the choices of a secret poll go only
into `PollTally` (counters, no timestamps, no history) and a receipt only into `PollReceipt` (a hash
of the code the voter was given, no timestamp, no history). Nothing stored joins the two."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail
from dxoffice.meetings.models.agenda import AgendaItem
from dxoffice.meetings.models.meeting import Meeting, Participant


class PollKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no / abstain")
    SINGLE = "single", _("One of several options")
    MULTIPLE = "multiple", _("Several of several options")


class Majority(models.TextChoices):
    SIMPLE = "simple", _("Simple majority (more yes than no)")
    ABSOLUTE = "absolute", _("Absolute majority (more than half)")
    TWO_THIRDS = "two_thirds", _("Two thirds")


class MajorityBase(models.TextChoices):
    PRESENT = "present", _("Of the members present")
    MEMBERS = "members", _("Of all members")


class PollState(models.TextChoices):
    DRAFT = "draft", _("Not opened yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Result published")


class Poll(Archivable):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="polls")
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="polls",
    )
    question = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices, default=PollKind.YES_NO)
    options = models.JSONField(_("options"), default=list, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("at most this many choices"), default=1)
    secret = models.BooleanField(_("secret ballot"), default=False)
    majority = models.CharField(
        _("majority"), max_length=12, choices=Majority.choices, default=Majority.SIMPLE
    )
    base = models.CharField(
        _("majority of"), max_length=10, choices=MajorityBase.choices, default=MajorityBase.PRESENT
    )
    requires_quorum = models.BooleanField(_("needs the quorum"), default=True)
    deadline = models.DateTimeField(_("answers until"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=PollState.choices, default=PollState.DRAFT)
    present_count = models.PositiveIntegerField(_("members present when opened"), null=True, editable=False)
    members_count = models.PositiveIntegerField(_("members when opened"), null=True, editable=False)
    quorum_reached = models.BooleanField(null=True, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    result = models.JSONField(default=dict, blank=True, editable=False)
    history = AuditTrail()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.question

    def option_labels(self) -> list[str]:
        if self.kind == PollKind.YES_NO:
            return [str(_("Yes")), str(_("No")), str(_("Abstain"))]
        return [str(option) for option in self.options]


class PollVote(Archivable):
    """That a participant's vote was cast (once); the choice only when the poll is named."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="votes")
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.JSONField(null=True, blank=True)  # option indexes; None for a secret ballot
    history = AuditTrail()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "participant"], name="meetings_vote_once")]


class PollTally(models.Model):
    """The count of one option of a poll; incremented in the database, never read per voter."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="tallies")
    option = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "option"], name="meetings_tally_once")]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.option}"


class PollReceipt(models.Model):
    """Proof that a ballot is in the count: the hash of the code given to the voter, nothing else."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="receipts")
    code_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "code_hash"], name="meetings_receipt_once")]

    def __str__(self) -> str:
        return self.code_hash[:12]
