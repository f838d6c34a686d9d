"""What a meeting gives out: minutes and the notice of conclusions (PDF, .docx), a .zip of its
documents, its .ics, and the person's calendar feed (a secret address, no login)."""

from __future__ import annotations

import io
import zipfile

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.documents import Format, document_response
from dxoffice.core.services import attachments_by_target
from dxoffice.meetings import selectors, services
from dxoffice.meetings.calendar import calendar_bytes
from dxoffice.meetings.minutes import conclusions_notice, minutes_document
from dxoffice.meetings.models import CalendarFeed, MeetingDocument
from dxoffice.meetings.views.common import me, visible_meeting

MAX_ZIP_BYTES = 200 * 1024 * 1024


def _format(fmt: str) -> Format:
    try:
        return Format(fmt)
    except ValueError as exc:
        raise Http404 from exc


@login_required
def minutes_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    return document_response(minutes_document(meeting, user=me(request)), _format(fmt))


@login_required
def notice_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    return document_response(conclusions_notice(meeting, user=me(request)), _format(fmt))


@login_required
def documents_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """Every current document of the meeting in one .zip (confidential meetings excepted: their
    documents leave only stamped, one by one)."""
    meeting = visible_meeting(request, pk)
    if meeting.confidential:
        raise Http404
    documents = list(meeting.documents.all())
    files = attachments_by_target(MeetingDocument, [d.pk for d in documents])
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, document in enumerate(documents, start=1):
            versions = sorted(files.get(document.pk, []), key=lambda a: (a.uploaded_at, a.pk), reverse=True)
            if not versions:
                continue
            current = versions[0]
            total += current.size
            if total > MAX_ZIP_BYTES:
                break
            try:
                with current.file.open("rb") as handle:
                    archive.writestr(f"{number:02d}-{current.original_name}", handle.read())
            except FileNotFoundError:
                continue
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"tai-lieu-hop-{meeting.pk}.zip") or ""
    response["Cache-Control"] = "private, no-store"
    return response


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    response = HttpResponse(
        calendar_bytes([meeting], _base_url(request)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"hop-{meeting.pk}.ics") or ""
    return response


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's meetings as an iCalendar feed; the secret address is the only key."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first() if token else None
    if feed is None or not feed.user.is_active:
        raise Http404
    takes_part = Q(participants__user=feed.user) | Q(participants__deputy=feed.user)  # deputies too
    meetings = selectors.meetings_visible_to(feed.user).filter(takes_part).distinct()[:500]
    body = calendar_bytes(meetings, _base_url(request), name=str(_("My meetings")))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def calendar_feed_renew(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_renew(by=me(request))
    return redirect("meetings:meeting_list")
