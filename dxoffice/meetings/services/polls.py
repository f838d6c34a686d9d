"""The lifecycle of a poll, one small service per step (create, open, vote, close, publish).

Each step locks the poll's row (a ballot with a share lock, so ballots run side by side), checks its
state inside the transaction and tells the room after commit. A vote is counted once however often it is sent: the (poll, participant) row is unique and
a repeated ballot is answered as already counted. The choice of a secret ballot goes only into the
counters; the voter gets a receipt code whose hash proves the ballot is in the count."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import User
from dxoffice.core.notifications.services import Message, notify
from dxoffice.core.services import save_audited
from dxoffice.meetings import access, live
from dxoffice.meetings.models import (
    VOTING_ROLES,
    AgendaItem,
    Meeting,
    MeetingStatus,
    Participant,
    Poll,
    PollKind,
    PollReceipt,
    PollState,
    PollTally,
    PollVote,
)
from dxoffice.meetings.quorum import attendance_counts, quorum_met
from dxoffice.meetings.results import poll_result
from dxoffice.meetings.services.common import locked, require_open, require_run

MAX_OPTIONS = 20


def _clean_options(kind: str, options: Sequence[str], max_choices: int) -> tuple[list[str], int]:
    if kind == PollKind.YES_NO:
        return [], 1
    cleaned = [str(option).strip()[:200] for option in options if str(option).strip()]
    if len(cleaned) < 2:
        raise ValidationError({"options": _("Give at least two options.")})
    if len(cleaned) > MAX_OPTIONS:
        raise ValidationError({"options": _("A poll has at most %(n)s options.") % {"n": MAX_OPTIONS}})
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError({"options": _("Each option must be different.")})
    if kind == PollKind.SINGLE:
        return cleaned, 1
    if not 1 <= max_choices <= len(cleaned):
        raise ValidationError({"max_choices": _("Choose between 1 and the number of options.")})
    return cleaned, max_choices


@transaction.atomic
def poll_create(
    *,
    by: User,
    meeting: Meeting,
    question: str,
    kind: str = PollKind.YES_NO,
    options: Sequence[str] = (),
    max_choices: int = 1,
    secret: bool = False,
    majority: str = "simple",
    base: str = "present",
    requires_quorum: bool = True,
    item: AgendaItem | None = None,
    deadline: datetime | None = None,
) -> Poll:
    require_run(by, meeting)
    meeting = locked(meeting)
    require_open(meeting)
    if kind not in PollKind.values:
        raise ValidationError({"kind": _("Unknown kind of poll.")})
    cleaned, max_choices = _clean_options(kind, options, max_choices)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("This agenda item is not on this meeting's agenda.")})
    if meeting.is_written and deadline is None:
        raise ValidationError({"deadline": _("A written consultation needs a deadline for answers.")})
    if deadline is not None and deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    poll = Poll(
        meeting=meeting,
        item=item,
        question=question.strip(),
        kind=kind,
        options=cleaned,
        max_choices=max_choices,
        secret=secret,
        majority=majority,
        base=base,
        requires_quorum=requires_quorum and not meeting.is_written,
        deadline=deadline,
    )
    save_audited(poll, by=by, event="poll.created")
    PollTally.objects.bulk_create(PollTally(poll=poll, option=i) for i in range(len(poll.option_labels())))
    return poll


def _locked_poll(poll: Poll) -> Poll:
    return Poll.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=poll.pk)


def _poll_held_open(poll: Poll) -> Poll:
    """The poll, read after taking a share lock on its row (PostgreSQL): ballots of the same poll
    proceed side by side, while opening, closing or publishing (which lock the row for update) wait
    for the ballots in flight and are waited for by later ones. SQLite writes one transaction at a
    time, so its ballots are serialised anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {Poll._meta.db_table} WHERE id = %s FOR SHARE", [poll.pk])
    return Poll.objects.select_related("meeting").get(pk=poll.pk)


def _require_state(poll: Poll, *states: str) -> None:
    if poll.state not in states:
        raise StateConflict(
            _("The poll is “%(state)s”: this step is not possible.") % {"state": poll.get_state_display()}
        )


@transaction.atomic
def poll_open(*, by: User, poll: Poll) -> Poll:
    """Open the poll; the members present (and the members in all) are recorded now."""
    require_run(by, poll.meeting)
    meeting = locked(poll.meeting)
    require_open(meeting)
    poll = _locked_poll(poll)
    _require_state(poll, PollState.DRAFT)
    if meeting.is_written:
        if meeting.status not in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS):
            raise StateConflict(_("Send the consultation to the members first."))
    elif meeting.status != MeetingStatus.IN_PROGRESS:
        raise StateConflict(_("Polls open only while the meeting is in progress."))
    if meeting.polls.filter(state=PollState.OPEN).exclude(pk=poll.pk).exists() and not meeting.is_written:
        raise StateConflict(_("Another poll is open: close it first."))
    counts = attendance_counts(meeting)
    present = counts.members if meeting.is_written else counts.present
    poll.members_count = counts.members
    poll.present_count = present
    poll.quorum_reached = quorum_met(present, counts.members, meeting.quorum_percent)
    if poll.requires_quorum and not poll.quorum_reached:
        raise StateConflict(
            _("No quorum: %(present)s of %(members)s members present.")
            % {"present": present, "members": counts.members}
        )
    poll.state, poll.opened_at = PollState.OPEN, timezone.now()
    save_audited(poll, by=by, event="poll.opened")
    live.changed(meeting)
    if meeting.is_written:
        _ask_members(by, meeting, poll)
    return poll


def _ask_members(by: User, meeting: Meeting, poll: Poll) -> None:
    """A written consultation goes to every member (or their deputy), with its deadline."""
    voters = meeting.participants.filter(role__in=VOTING_ROLES).select_related("user", "deputy")
    people = [p.deputy or p.user for p in voters if (p.deputy or p.user) is not None]
    notify(
        kind="meeting.consultation",
        recipients=[person for person in people if person is not None],
        title=Message(gettext_lazy("Your opinion is asked: %(question)s"), question=poll.question),
        body=Message(gettext_lazy("Answer before %(deadline)s."), deadline=poll.deadline),
        url=reverse("meetings:meeting_detail", args=[meeting.pk]) + f"#poll-{poll.pk}",
        target=poll,
        by=by,
        dedupe_key=f"meeting.consultation:{poll.pk}",
    )


@dataclass(frozen=True)
class VoteOutcome:
    counted: bool  # this message counted the ballot; False when it had been counted already
    receipt: str  # the code that proves the ballot is in the count ("" when already counted)
    participant: int | None = None  # the member whose ballot it was


def voter_rows(by: User, meeting: Meeting) -> list[Participant]:
    """The members this person votes for: themselves (unless they sent a deputy) and those whose
    deputy they are."""
    return [
        p
        for p in access.participations(by, meeting)
        if p.role in VOTING_ROLES and (p.deputy_id == by.pk or (p.user_id == by.pk and p.deputy_id is None))
    ]


def _clean_choice(poll: Poll, choice: Any) -> list[int]:
    if not isinstance(choice, list) or not all(
        isinstance(c, int) and not isinstance(c, bool) for c in choice
    ):
        raise ValidationError({"choice": _("Send the chosen options as a list of numbers.")})
    options = len(poll.option_labels())
    if any(c < 0 or c >= options for c in choice) or len(set(choice)) != len(choice):
        raise ValidationError({"choice": _("Choose among the poll's options, each once.")})
    most = poll.max_choices if poll.kind == PollKind.MULTIPLE else 1
    if not 1 <= len(choice) <= most:
        raise ValidationError({"choice": _("Choose between 1 and %(n)s options.") % {"n": most}})
    return sorted(choice)


def receipt_hash(poll: Poll, code: str) -> str:
    return hashlib.sha256(f"{poll.pk}:{code.strip().upper()}".encode()).hexdigest()


@transaction.atomic
def vote_cast(*, by: User, poll: Poll, choice: Any, participant: Participant | None = None) -> VoteOutcome:
    """Cast the ballot of a member present (or of the member one stands in for).

    The counters are rewritten by the transaction's last statement, so a ballot holds the lock on
    the poll's counters only from there to its commit: the checks, the ballot's row, its audit and
    the receipt run beside the other ballots."""
    poll = _poll_held_open(poll)
    meeting = poll.meeting
    if not access.can_view(by, meeting):
        raise PermissionDenied
    _require_state(poll, PollState.OPEN)
    if poll.deadline is not None and timezone.now() > poll.deadline:
        raise StateConflict(_("The deadline for answers has passed."))
    rows = voter_rows(by, meeting)
    if participant is not None:
        rows = [p for p in rows if p.pk == participant.pk]
    if not rows:
        raise PermissionDenied
    voter = rows[0]
    if not meeting.is_written:
        voter.refresh_from_db(fields=["attendance"])
        if not voter.is_present:
            raise StateConflict(_("Only members present can vote: check in first."))
    cleaned = _clean_choice(poll, choice)
    if PollVote.objects.filter(poll=poll, participant=voter).exists():
        return VoteOutcome(counted=False, receipt="", participant=voter.pk)
    vote = PollVote(poll=poll, participant=voter, cast_by=by, choice=None if poll.secret else cleaned)
    try:
        with transaction.atomic():
            save_audited(vote, by=by, event="poll.voted")
    except (IntegrityError, ValidationError):
        if PollVote.objects.filter(poll=poll, participant=voter).exists():
            return VoteOutcome(counted=False, receipt="", participant=voter.pk)
        raise
    code = "-".join(secrets.token_hex(2).upper() for _part in range(3))
    PollReceipt.objects.create(poll=poll, code_hash=receipt_hash(poll, code))
    # One statement rewrites every counter of the poll, chosen or not: on PostgreSQL each row then
    # carries this transaction's id (xmin), so the voter's row points to no one counter in particular.
    PollTally.objects.filter(poll=poll).update(
        count=F("count") + Case(When(option__in=cleaned, then=Value(1)), default=Value(0))
    )
    return VoteOutcome(counted=True, receipt=code, participant=voter.pk)


def receipt_is_counted(poll: Poll, code: str) -> bool:
    return PollReceipt.objects.filter(poll=poll, code_hash=receipt_hash(poll, code)).exists()


@transaction.atomic
def poll_close(*, by: User, poll: Poll) -> Poll:
    require_run(by, poll.meeting)
    poll = _locked_poll(poll)
    _require_state(poll, PollState.OPEN)
    poll.state, poll.closed_at = PollState.CLOSED, timezone.now()
    poll.result = poll_result(poll)
    save_audited(poll, by=by, event="poll.closed")
    live.changed(poll.meeting)
    return poll


@transaction.atomic
def poll_publish(*, by: User, poll: Poll) -> Poll:
    require_run(by, poll.meeting)
    poll = _locked_poll(poll)
    _require_state(poll, PollState.CLOSED)
    poll.state, poll.published_at = PollState.PUBLISHED, timezone.now()
    save_audited(poll, by=by, event="poll.published")
    live.changed(poll.meeting)
    return poll


def polls_close_due(*, by: User, now: datetime | None = None) -> int:
    """Close the written consultations whose deadline has passed (the daily job's part)."""
    now = now or timezone.now()
    closed = 0
    for poll in Poll.objects.filter(state=PollState.OPEN, deadline__lt=now).select_related("meeting"):
        with transaction.atomic():
            current = _locked_poll(poll)
            if current.state == PollState.OPEN:
                current.state, current.closed_at = PollState.CLOSED, now
                current.result = poll_result(current)
                save_audited(current, by=by, event="poll.closed")
                live.changed(current.meeting)
                closed += 1
    return closed
