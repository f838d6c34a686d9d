"""Polls from the meeting page: create, open, close, publish; a vote over HTTP (the live page votes
over its WebSocket), a receipt check, and the results of all polls as .xlsx and CSV."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.meetings import services
from dxoffice.meetings.exports import poll_rows, polls_workbook
from dxoffice.meetings.forms import PollForm
from dxoffice.meetings.models import Poll
from dxoffice.meetings.views.agenda import _item
from dxoffice.meetings.views.common import attempt, back_to, int_or_none, me, run_meeting, visible_meeting


@login_required
@require_POST
def poll_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    form = PollForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {error}" if label else str(error))
        return back_to(meeting, "polls")
    data = form.cleaned_data
    item = _item(meeting.pk, data["item"])
    options = [line for line in data["options"].splitlines() if line.strip()]
    attempt(
        request,
        lambda: services.poll_create(
            by=me(request),
            meeting=meeting,
            question=data["question"],
            kind=data["kind"],
            options=options,
            max_choices=data["max_choices"] or 1,
            secret=data["secret"],
            majority=data["majority"],
            base=data["base"],
            requires_quorum=data["requires_quorum"],
            item=item,
            deadline=data["deadline"],
        ),
        _("Poll prepared. Open it when the room is ready."),
    )
    return back_to(meeting, "polls")


def _poll(meeting_pk: int, poll_pk: int) -> Poll:
    poll = Poll.objects.select_related("meeting").filter(pk=poll_pk, meeting_id=meeting_pk).first()
    if poll is None:
        raise Http404
    return poll


POLL_STEPS = {"open": services.poll_open, "close": services.poll_close, "publish": services.poll_publish}


@login_required
@require_POST
def poll_step_view(request: HttpRequest, pk: int, poll_pk: int, step: str) -> HttpResponse:
    meeting = run_meeting(request, pk)
    poll = _poll(meeting.pk, poll_pk)
    service = POLL_STEPS.get(step)
    if service is None:
        raise Http404
    attempt(request, lambda: service(by=me(request), poll=poll))
    return back_to(meeting, "polls")


@login_required
@require_POST
def vote_view(request: HttpRequest, pk: int, poll_pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    poll = _poll(meeting.pk, poll_pk)
    choice = [number - 1 for number in (int_or_none(v) for v in request.POST.getlist("choice")) if number]
    participant = None
    participant_id = int_or_none(request.POST.get("participant"))
    if participant_id is not None:
        participant = meeting.participants.filter(pk=participant_id).first()
        if participant is None:
            raise Http404
    outcomes: list[services.VoteOutcome] = []
    ok = attempt(
        request,
        lambda: outcomes.append(
            services.vote_cast(by=me(request), poll=poll, choice=choice, participant=participant)
        ),
    )
    if ok and outcomes:
        outcome = outcomes[0]
        if outcome.counted:
            messages.success(
                request, _("Your vote is counted. Your receipt code: %(code)s") % {"code": outcome.receipt}
            )
        else:
            messages.info(request, _("Your vote had already been counted."))
    return back_to(meeting, "polls")


@login_required
def receipt_check_view(request: HttpRequest, pk: int, poll_pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    poll = _poll(meeting.pk, poll_pk)
    code = request.GET.get("code", "")[:40]
    if services.receipt_is_counted(poll, code):
        messages.success(request, _("The ballot with this receipt is in the count."))
    else:
        messages.error(request, _("No ballot with this receipt is in the count."))
    return back_to(meeting, "polls")


@login_required
def polls_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    name = f"bieu-quyet-{meeting.pk}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in poll_rows(meeting, request.user, csv_safe=True):
            writer.writerow(row)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.csv") or ""
        return response
    if fmt != "xlsx":
        raise Http404
    response = HttpResponse(
        polls_workbook(meeting, request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx") or ""
    return response
