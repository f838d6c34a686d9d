"""The minutes ("biên bản") and the notice of conclusions ("thông báo kết luận") as documents in
Vietnamese administrative layout (core.documents), built from what the meeting recorded as it ran:
the agenda, attendance, the quorum at each vote, speakers and their speaking time, poll results
and the conclusions with their follow-up tasks."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dxoffice.core.documents import (
    Align,
    BulletList,
    Column,
    Document,
    Heading,
    Paragraph,
    Signature,
    Table,
)
from dxoffice.core.documents.issuer import issuer_of
from dxoffice.core.models import User
from dxoffice.meetings import access
from dxoffice.meetings.models import Meeting, ParticipantRole, PollState, SpeakerState
from dxoffice.meetings.quorum import attendance_counts
from dxoffice.meetings.results import poll_result
from dxoffice.meetings.selectors import (
    agenda_of,
    conclusions_of,
    follow_ups,
    named_votes,
    participants_of,
    speakers_of,
)

MAX_PARTICIPANTS = 300


def _when(meeting: Meeting) -> str:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return _("from %(start)s to %(end)s on %(day)s") % {
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "day": start.strftime("%d/%m/%Y"),
    }


def _minutes_seconds(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _chair_name(meeting: Meeting) -> str:
    chair = meeting.participants.filter(role=ParticipantRole.CHAIR).select_related("user").first()
    return chair.name if chair else ""


def _attendance_blocks(meeting: Meeting) -> list[Any]:
    rows = []
    participants = list(participants_of(meeting)[:MAX_PARTICIPANTS])
    for number, p in enumerate(participants, start=1):
        attendance = p.get_attendance_display()
        if p.absence_reason:
            attendance = f"{attendance} ({p.absence_reason})"
        if p.deputy_id and p.deputy is not None:
            attendance = f"{attendance}; " + _("deputy: %(name)s") % {"name": p.deputy.display_name}
        rows.append((str(number), p.name, p.get_role_display(), attendance))
    counts = attendance_counts(meeting)
    quorum = _("The quorum was reached.") if counts.quorum_reached else _("The quorum was not reached.")
    return [
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.5),
                Column(_("Name"), width=3),
                Column(_("Role"), width=1.5),
                Column(_("Attendance"), width=3),
            ),
            rows=tuple(rows),
            empty=_("No participants."),
        ),
        Paragraph(
            _("Members present: %(present)s of %(members)s (in person %(in_person)s, online %(online)s).")
            % {
                "present": counts.present,
                "members": counts.members,
                "in_person": counts.in_person,
                "online": counts.online,
            }
            + " "
            + quorum
        ),
    ]


def _poll_block(poll: Any) -> list[Any]:
    result = poll.result if poll.result else poll_result(poll)
    rows = tuple(
        (label, str(count)) for label, count in zip(result["options"], result["counts"], strict=False)
    )
    verdict = _("Passed.") if result["passed"] else _("Not passed.")
    ballot = _("secret ballot") if poll.secret else _("named vote")
    return [
        Paragraph(
            _(
                "Vote (%(ballot)s): %(question)s. Members present when it opened: %(present)s of %(members)s; votes cast: %(cast)s."
            )
            % {
                "ballot": ballot,
                "question": poll.question,
                "present": result["present_count"],
                "members": result["members_count"],
                "cast": result["votes_cast"],
            }
        ),
        Table(columns=(Column(_("Option"), width=3), Column(_("Votes"), Align.RIGHT, 1)), rows=rows),
        Paragraph(verdict, italic=True),
        *_named_votes_block(poll),
    ]


def _named_votes_block(poll: Any) -> list[Any]:
    """Who voted what, for a named vote only (the caller has already checked the result is shown)."""
    if poll.secret:
        return []
    votes = named_votes(poll)
    if not votes:
        return []
    rows = tuple(
        (str(number), name, ", ".join(choice)) for number, (name, choice) in enumerate(votes, start=1)
    )
    return [
        Paragraph(_("Votes by name:"), italic=True),
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.5),
                Column(_("Name"), width=3),
                Column(_("Choice"), width=3),
            ),
            rows=rows,
        ),
    ]


def _build_minutes(meeting: Meeting, user: User, language: str, published_only: bool) -> Document:
    issuer = issuer_of(user, meeting.unit)
    document = Document(
        issuing_body=issuer.body,
        kind=_("Minutes"),
        title=meeting.title,
        place=issuer.place,
        date=timezone.localtime(meeting.starts_at).date(),
        language=language,
        symbol=f"{pgettext('symbol of minutes', 'BB')}-{issuer.body.abbreviation}"
        if issuer.body.abbreviation
        else "",
        signature=Signature(position=_("CHAIR"), name=_chair_name(meeting)),
        filename=_("minutes-%(id)s") % {"id": meeting.pk},
    )
    document.add(
        Heading(_("Time and place")),
        Paragraph(
            _("The meeting was held %(when)s at %(room)s.")
            % {"when": _when(meeting), "room": meeting.room or meeting.online_link or "-"}
        ),
    )
    if meeting.summary:
        document.add(Paragraph(meeting.summary))
    document.add(Heading(_("Participants")), *_attendance_blocks(meeting))
    document.add(Heading(_("Proceedings")))
    polls_by_item: dict[int | None, list[Any]] = {}
    for poll in meeting.polls.exclude(state__in=(PollState.DRAFT, PollState.OPEN)).order_by("pk"):
        if poll.state == PollState.PUBLISHED or (not published_only and access.sees_results(user, poll)):
            # a closed result is unpublished: for those who run it, and never in the frozen copy
            polls_by_item.setdefault(poll.item_id, []).append(poll)
    conclusions = list(conclusions_of(meeting))
    for item in agenda_of(meeting):
        document.add(Heading(item.title, 2))
        if item.presenter:
            document.add(Paragraph(_("Presented by %(name)s.") % {"name": item.presenter}))
        if item.discussion:
            document.add(Paragraph(item.discussion))
        spoken = [s for s in speakers_of(item) if s.state == SpeakerState.DONE and s.started_at]
        if spoken:
            document.add(
                Paragraph(_("Speakers:"), italic=True),
                BulletList(tuple(f"{s.participant.name} ({_minutes_seconds(s.seconds)})" for s in spoken)),
            )
        for poll in polls_by_item.get(item.pk, []):
            document.add(*_poll_block(poll))
        mine = [c.text for c in conclusions if c.item_id == item.pk]
        if mine:
            document.add(Paragraph(_("Conclusions:"), italic=True), BulletList(tuple(mine)))
    for poll in polls_by_item.get(None, []):
        document.add(*_poll_block(poll))
    document.add(Heading(_("Conclusions and follow-up")), *_conclusion_blocks(meeting, user, conclusions))
    return document


def _conclusion_blocks(meeting: Meeting, user: User, conclusions: list[Any]) -> list[Any]:
    if not conclusions:
        return [Paragraph(_("The meeting recorded no conclusions."))]
    tasks = follow_ups(user, conclusions)
    items = []
    for conclusion in conclusions:
        text = conclusion.text
        assigned = tasks.get(conclusion.pk, [])
        if assigned:
            text += " " + _("Assigned: %(tasks)s.") % {
                "tasks": "; ".join(
                    _("%(unit)s, by %(due)s")
                    % {"unit": t.lead_unit, "due": t.due_date.strftime("%d/%m/%Y") if t.due_date else "-"}
                    for t in assigned
                )
            }
        items.append(text)
    return [BulletList(tuple(items))]


def minutes_document(
    meeting: Meeting, *, user: User, language: str | None = None, published_only: bool = False
) -> Document:
    """The minutes as `user` may read them; `published_only` leaves out every poll whose result is
    not published (the copy frozen when the minutes are approved, which everyone reads)."""
    language = language or translation.get_language() or "vi"
    with translation.override(language):
        return _build_minutes(meeting, user, language, published_only)


def conclusions_notice(meeting: Meeting, *, user: User, language: str | None = None) -> Document:
    """The notice of conclusions of the chair at the meeting ("Thông báo kết luận")."""
    language = language or translation.get_language() or "vi"
    with translation.override(language):
        issuer = issuer_of(user, meeting.unit)
        chair = _chair_name(meeting)
        document = Document(
            issuing_body=issuer.body,
            kind=_("Notice"),
            title=_("Conclusions of %(chair)s at the %(meeting)s")
            % {"chair": chair or _("the chair"), "meeting": meeting.title},
            place=issuer.place,
            date=timezone.localdate(),
            language=language,
            symbol=f"{pgettext('symbol of a notice', 'TB')}-{issuer.body.abbreviation}"
            if issuer.body.abbreviation
            else "",
            recipients=[_("The participants;"), *issuer.superiors],
            signature=issuer.signature,
            filename=_("conclusions-%(id)s") % {"id": meeting.pk},
        )
        document.add(
            Paragraph(
                _(
                    "On %(when)s, %(chair)s chaired the %(meeting)s. After hearing the reports and the opinions of the participants, the chair concluded as follows:"
                )
                % {"when": _when(meeting), "chair": chair or _("the chair"), "meeting": meeting.title}
            ),
            *_conclusion_blocks(meeting, user, list(conclusions_of(meeting))),
        )
        return document
