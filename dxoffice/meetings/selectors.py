"""Reads of the meetings module, scoped by the module's rules (access.py) over the one gate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from dxoffice.core.models import User
from dxoffice.core.permissions import Action, AnyUser, can
from dxoffice.core.services import attachments_by_target
from dxoffice.meetings import access
from dxoffice.meetings.models import (
    AgendaItem,
    Conclusion,
    DocumentComment,
    DocumentNote,
    Meeting,
    MeetingDocument,
    MeetingStatus,
    Participant,
    Poll,
    PollState,
    PollVote,
    Speaker,
)
from dxoffice.planning import selectors as planning_selectors

MAX_LIST = 500


def meetings_visible_to(user: AnyUser) -> QuerySet[Meeting]:
    return access.meetings_queryset(user).select_related("unit")


def meeting_for(user: AnyUser, pk: int) -> Meeting:
    """The meeting if the person may see it; Meeting.DoesNotExist otherwise (a 404, never a 403)."""
    meeting = Meeting.objects.select_related("unit", "current_item").filter(pk=pk).first()
    if meeting is None or not access.can_view(user, meeting):
        raise Meeting.DoesNotExist
    return meeting


def meeting_by_checkin_token(token: str) -> Meeting | None:
    return Meeting.objects.filter(checkin_token=token).first() if token else None


@dataclass(frozen=True)
class MeetingLists:
    ongoing: list[Meeting]
    upcoming: list[Meeting]
    past: list[Meeting]


def meeting_lists(user: AnyUser, now: datetime | None = None, past_limit: int = 50) -> MeetingLists:
    now = now or timezone.now()
    visible = meetings_visible_to(user)
    ongoing = visible.filter(status=MeetingStatus.IN_PROGRESS).order_by("starts_at")
    upcoming = visible.filter(
        status__in=(MeetingStatus.DRAFT, MeetingStatus.INVITED), ends_at__gte=now - timedelta(days=1)
    ).order_by("starts_at")
    past = visible.filter(
        Q(status__in=(MeetingStatus.CLOSED, MeetingStatus.APPROVED))
        | Q(status__in=(MeetingStatus.DRAFT, MeetingStatus.INVITED), ends_at__lt=now - timedelta(days=1))
    ).order_by("-starts_at")
    return MeetingLists(list(ongoing[:MAX_LIST]), list(upcoming[:MAX_LIST]), list(past[:past_limit]))


def participants_of(meeting: Meeting) -> QuerySet[Participant]:
    return meeting.participants.select_related("user", "deputy", "user__unit").order_by("role", "pk")


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The items in order, each with its documents (and their files, newest first) and conclusions."""
    documents_in_order: Any = Prefetch("documents", queryset=MeetingDocument.objects.order_by("pk"))
    conclusions_in_order: Any = Prefetch("conclusions", queryset=Conclusion.objects.order_by("pk"))
    items = list(
        meeting.items.prefetch_related(documents_in_order, conclusions_in_order).order_by("position", "pk")
    )
    documents = [d for item in items for d in item.documents.all()]
    files = attachments_by_target(MeetingDocument, [d.pk for d in documents])
    for document in documents:
        document.versions = sorted(
            files.get(document.pk, []), key=lambda a: (a.uploaded_at, a.pk), reverse=True
        )
    return items


def general_documents(meeting: Meeting) -> list[MeetingDocument]:
    documents = list(meeting.documents.filter(item__isnull=True).order_by("pk"))
    files = attachments_by_target(MeetingDocument, [d.pk for d in documents])
    for document in documents:
        document.versions = sorted(
            files.get(document.pk, []), key=lambda a: (a.uploaded_at, a.pk), reverse=True
        )
    return documents


def document_for(user: AnyUser, pk: int) -> MeetingDocument:
    document = MeetingDocument.objects.select_related("meeting").filter(pk=pk).first()
    if document is None or not access.can_view(user, document.meeting):
        raise MeetingDocument.DoesNotExist
    return document


def note_of(user: AnyUser, document: MeetingDocument) -> DocumentNote | None:
    if not user.is_authenticated:
        return None
    return DocumentNote.objects.filter(document=document, author_id=user.pk).first()


def may_read_comments(user: AnyUser, document: MeetingDocument) -> bool:
    """The drafting unit and those who run the meeting read the comments on a draft."""
    if access.can_run(user, document.meeting):
        return True
    unit = document.drafting_unit
    return unit is not None and access.can_view(user, document.meeting) and can(user, Action.VIEW, unit)


def comments_visible_to(user: AnyUser, document: MeetingDocument) -> QuerySet[DocumentComment]:
    comments = DocumentComment.objects.filter(document=document).select_related("author")
    if may_read_comments(user, document):
        return comments
    return comments.filter(author_id=user.pk)  # one's own comments


def polls_of(meeting: Meeting) -> QuerySet[Poll]:
    return meeting.polls.select_related("item").annotate(votes_cast=Count("votes")).order_by("pk")


def poll_for(user: AnyUser, pk: int) -> Poll:
    poll = Poll.objects.select_related("meeting").filter(pk=pk).first()
    if poll is None or not access.can_view(user, poll.meeting):
        raise Poll.DoesNotExist
    return poll


def named_votes(poll: Poll) -> list[tuple[str, list[str]]]:
    """Who voted what in a named poll (nothing for a secret one)."""
    if poll.secret:
        return []
    labels = poll.option_labels()
    rows = PollVote.objects.filter(poll=poll).select_related("participant__user").order_by("pk")
    return [
        (vote.participant.name, [labels[i] for i in (vote.choice or []) if 0 <= i < len(labels)])
        for vote in rows
    ]


def named_votes_for(user: AnyUser, poll: Poll) -> list[tuple[str, list[str]]]:
    """Who voted what, for this person: never for a secret poll; for a named one where its result is
    shown to them (published: everyone; closed: those who run the meeting)."""
    if poll.secret or poll.state not in (PollState.CLOSED, PollState.PUBLISHED):
        return []
    if not access.sees_results(user, poll):
        return []
    return named_votes(poll)


def voted_polls(user: AnyUser, meeting: Meeting) -> set[int]:
    """The polls in which this person has cast every ballot they hold."""
    from dxoffice.meetings.services.polls import voter_rows

    rows = voter_rows(cast(User, user), meeting) if user.is_authenticated else []
    if not rows:
        return set()
    votes = PollVote.objects.filter(poll__meeting=meeting, participant__in=rows).values_list(
        "poll_id", "participant_id"
    )
    by_poll: dict[int, set[int]] = {}
    for poll_id, participant_id in votes:
        by_poll.setdefault(poll_id, set()).add(participant_id)
    return {poll_id for poll_id, ids in by_poll.items() if len(ids) == len(rows)}


def cast_ballots(user: AnyUser, meeting: Meeting) -> list[tuple[int, int]]:
    """(poll, member) of the ballots this person holds that are already cast."""
    from dxoffice.meetings.services.polls import voter_rows

    rows = voter_rows(cast(User, user), meeting) if user.is_authenticated else []
    if not rows:
        return []
    return sorted(
        PollVote.objects.filter(poll__meeting=meeting, participant__in=rows).values_list(
            "poll_id", "participant_id"
        )
    )


def speakers_of(item: AgendaItem) -> QuerySet[Speaker]:
    return Speaker.objects.filter(item=item).select_related("participant__user").order_by("position", "pk")


def conclusions_of(meeting: Meeting) -> QuerySet[Conclusion]:
    return meeting.conclusions.select_related("item").order_by("item__position", "pk")


def conclusion_for(user: AnyUser, pk: int) -> Conclusion:
    conclusion = Conclusion.objects.select_related("meeting", "item").filter(pk=pk).first()
    if conclusion is None or not access.can_view(user, conclusion.meeting):
        raise Conclusion.DoesNotExist
    return conclusion


def follow_ups(user: AnyUser, conclusions: list[Conclusion]) -> dict[int, list[Any]]:
    """Each conclusion's follow-up tasks, with their tracking, as the person may see them."""
    return {c.pk: list(planning_selectors.tasks_of_origin(user, c)) for c in conclusions}


# Visibility of single records, for file downloads and History pages ---------------------------


def meeting_is_visible(user: AnyUser, meeting: Meeting) -> bool:
    return access.can_view(user, meeting)


def part_is_visible(user: AnyUser, record: Any) -> bool:
    """An agenda item, document, participant, poll or conclusion: seen with its meeting."""
    meeting = getattr(record, "meeting", None)
    return meeting is not None and access.can_view(user, meeting)


def document_is_visible(user: AnyUser, document: MeetingDocument) -> bool:
    """Files of a confidential meeting leave only stamped, through the meeting's own pages: core's
    plain download serves them to those who run the meeting alone."""
    meeting = document.meeting
    if meeting.confidential:
        return access.can_run(user, meeting)
    return access.can_view(user, meeting)


def speaker_is_visible(user: AnyUser, speaker: Speaker) -> bool:
    return access.can_view(user, speaker.item.meeting)


def vote_is_visible(user: AnyUser, vote: PollVote) -> bool:
    return access.can_view(user, vote.poll.meeting) and (not vote.poll.secret or vote.cast_by_id == user.pk)


def note_is_visible(user: AnyUser, note: DocumentNote) -> bool:
    return note.author_id == user.pk


def comment_is_visible(user: AnyUser, comment: DocumentComment) -> bool:
    return comment.author_id == user.pk or may_read_comments(user, comment.document)


def feed_is_visible(user: AnyUser, feed: Any) -> bool:
    return bool(feed.user_id == user.pk)


def calendar_feed_for(user: AnyUser) -> Any:
    from dxoffice.meetings.models import CalendarFeed

    return CalendarFeed.objects.filter(user_id=user.pk).first() if user.is_authenticated else None


def deputy_choices(user: AnyUser, limit: int = 500) -> list[User]:
    """Who a member may send in their place: active people, those of the member's unit first."""
    people = User.objects.filter(is_active=True).exclude(pk=user.pk or 0).select_related("unit")
    own_unit = getattr(user, "unit_id", None)
    return sorted(people[:limit], key=lambda p: (p.unit_id != own_unit, p.full_name or p.username))
