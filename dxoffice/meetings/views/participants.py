"""Participants: adding them, attendance by the secretary, answers to the invitation, and check-in
by the QR code shown on the room's screen."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.models import User
from dxoffice.meetings import access, services
from dxoffice.meetings.forms import AttendanceForm, ParticipantForm
from dxoffice.meetings.models import Participant, Rsvp
from dxoffice.meetings.views.common import attempt, back_to, int_or_none, me, run_meeting, visible_meeting


@login_required
@require_POST
def participant_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    form = ParticipantForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back_to(meeting, "participants")
    data = form.cleaned_data
    attempt(
        request,
        lambda: services.participant_add(
            by=me(request),
            meeting=meeting,
            user=data["user"],
            role=data["role"],
            guest_name=data["guest_name"],
            guest_email=data["guest_email"],
            guest_organisation=data["guest_organisation"],
        ),
        _("Participant added."),
    )
    return back_to(meeting, "participants")


def _participant(meeting_pk: int, participant_pk: int) -> Participant:
    participant = (
        Participant.objects.select_related("meeting").filter(pk=participant_pk, meeting_id=meeting_pk).first()
    )
    if participant is None:
        raise Http404
    return participant


@login_required
@require_POST
def attendance_view(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    participant = _participant(meeting.pk, participant_pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.attendance_record(
                by=me(request),
                participant=participant,
                attendance=form.cleaned_data["attendance"],
                reason=form.cleaned_data["reason"],
            ),
        )
    else:
        messages.error(request, _("Choose an attendance state."))
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return back_to(meeting, "participants")


@login_required
@require_POST
def participant_remove_view(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    participant = _participant(meeting.pk, participant_pk)
    attempt(request, lambda: services.participant_remove(by=me(request), participant=participant))
    return back_to(meeting, "participants")


@login_required
@require_POST
def rsvp_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    own = next(
        (p for p in access.participations(request.user, meeting) if p.user_id == request.user.pk), None
    )
    if own is None:
        raise PermissionDenied
    answer = request.POST.get("answer", "")
    deputy = None
    if answer == Rsvp.DELEGATED:
        deputy_id = int_or_none(request.POST.get("deputy"))
        deputy = User.objects.filter(pk=deputy_id, is_active=True).first() if deputy_id else None
    attempt(
        request,
        lambda: services.rsvp_answer(by=me(request), participant=own, answer=answer, deputy=deputy),
        _("Your answer is recorded."),
    )
    return back_to(meeting)


@login_required
def checkin_view(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Where the room's QR code leads: one tap checks the person in."""
    meeting = visible_meeting(request, pk)
    if not services.checkin_token_matches(meeting, token):
        raise Http404
    done = None
    if request.method == "POST":
        try:
            done = services.checkin_by_token(by=me(request), meeting=meeting, token=token)
        except PermissionDenied:
            messages.error(request, _("You are not a participant of this meeting."))
        except ValidationError as exc:  # the meeting is over
            messages.error(request, " ".join(exc.messages))
    return render(request, "meetings/checkin.html", {"meeting": meeting, "done": done, "token": token})


@login_required
def checkin_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The check-in code for the room's screen (only those who run the meeting fetch it)."""
    meeting = run_meeting(request, pk)
    url = request.build_absolute_uri(reverse("meetings:checkin", args=[meeting.pk, meeting.checkin_token]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2)
    return HttpResponse(
        buffer.getvalue(), content_type="image/svg+xml", headers={"Cache-Control": "private, no-store"}
    )
