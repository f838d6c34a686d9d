"""The meetings list, the meeting page, creating and changing a meeting and its status steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dxoffice.core.ui import form_errors_from
from dxoffice.meetings import access, selectors, services
from dxoffice.meetings.forms import (
    AttendanceForm,
    DocumentForm,
    ItemForm,
    MeetingForm,
    ParticipantForm,
    PollForm,
)
from dxoffice.meetings.models import MeetingStatus
from dxoffice.meetings.quorum import attendance_counts
from dxoffice.meetings.views.common import attempt, back_to, me, run_meeting, visible_meeting


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    lists = selectors.meeting_lists(request.user)
    feed = selectors.calendar_feed_for(request.user)
    sections = [
        (_("In progress"), lists.ongoing),
        (_("Coming up"), lists.upcoming),
        (_("Held"), lists.past),
    ]
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "sections": sections,
            "can_create": access.can_create(request.user),
            # Absolute: a calendar program subscribes to it from outside the site.
            "feed_url": request.build_absolute_uri(reverse("meetings:calendar_feed", args=[feed.token]))
            if feed
            else "",
        },
    )


@login_required
def meeting_create_view(request: HttpRequest) -> HttpResponse:
    if not access.can_create(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, user=me(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit, chair = data.pop("unit"), data.pop("chair")
        try:
            meeting = services.meeting_create(
                by=me(request),
                unit=unit,
                chair=chair,
                title=data.pop("title"),
                starts_at=data.pop("starts_at"),
                ends_at=data.pop("ends_at"),
                **data,
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Meeting created. Add the agenda and the participants, then invite."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting, user=me(request), creating=False)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        meeting.refresh_from_db()
        try:
            services.meeting_update(by=me(request), meeting=meeting, **fields)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return back_to(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    user = me(request)
    runs = access.can_run(user, meeting)
    conclusions = list(selectors.conclusions_of(meeting))
    tasks = selectors.follow_ups(user, conclusions)
    for conclusion in conclusions:
        conclusion.follow_up_tasks = tasks.get(conclusion.pk, [])  # type: ignore[attr-defined]
    polls = list(selectors.polls_of(meeting))
    for poll in polls:
        rows = zip(poll.result.get("options", []), poll.result.get("counts", []), strict=False)
        poll.result_rows = list(rows)  # type: ignore[attr-defined]
        poll.named_votes = selectors.named_votes_for(user, poll)  # type: ignore[attr-defined]
    ballots = services.voter_rows(user, meeting)  # the vote form is for those who hold a ballot
    cast = set(selectors.cast_ballots(user, meeting))
    for poll in polls:
        poll.ballots_left = [row for row in ballots if (poll.pk, row.pk) not in cast]  # type: ignore[attr-defined]
    mine = access.participations(user, meeting)
    own = next((p for p in mine if p.user_id == user.pk), None)
    context = {
        "meeting": meeting,
        "runs": runs,
        "chairs": access.can_chair(user, meeting),
        "mine": mine,
        "my_own": own,
        "deputy_choices": selectors.deputy_choices(user) if own is not None and own.votes else [],
        "participants": list(selectors.participants_of(meeting)),
        "counts": attendance_counts(meeting),
        "items": selectors.agenda_of(meeting),
        "speakers": list(selectors.speakers_of(meeting.current_item).exclude(state="done"))
        if meeting.current_item
        else [],
        "general_documents": selectors.general_documents(meeting),
        "polls": polls,
        "voted": selectors.voted_polls(user, meeting),
        "conclusions": conclusions,
        "statuses": MeetingStatus,
        "participant_form": ParticipantForm() if runs else None,
        "attendance_form": AttendanceForm() if runs else None,
        "item_form": ItemForm() if runs else None,
        "document_form": DocumentForm() if runs else None,
        "poll_form": PollForm() if runs else None,
    }
    return render(request, "meetings/meeting_detail.html", context)


STEPS = {
    "invite": (services.meeting_send_invitations, gettext_lazy("Invitations sent.")),
    "start": (services.meeting_start, gettext_lazy("The meeting has started.")),
    "close": (
        services.meeting_close,
        gettext_lazy("The meeting is closed. Complete the minutes for the chair's approval."),
    ),
    "approve": (services.minutes_approve, gettext_lazy("The minutes are approved and locked.")),
}


@login_required
@require_POST
def meeting_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    if step not in STEPS:
        messages.error(request, _("Unknown step."))
        return back_to(meeting)
    service, success = STEPS[step]
    attempt(request, lambda: service(by=me(request), meeting=meeting), str(success))
    return back_to(meeting)
