"""What a meeting gives out: minutes and the notice of conclusions (PDF, .docx), a .zip of its
documents, its .ics, and the person's calendar feed (a secret address, no login)."""

from __future__ import annotations

import io
import logging
import zipfile

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.documents import Format, document_response
from dxoffice.core.models import Attachment
from dxoffice.core.services import attachments_by_target
from dxoffice.meetings import selectors, services
from dxoffice.meetings.calendar import calendar_bytes
from dxoffice.meetings.frozen import frozen_response
from dxoffice.meetings.minutes import conclusions_notice, minutes_document
from dxoffice.meetings.models import CalendarFeed, FrozenKind, MeetingDocument
from dxoffice.meetings.stamp import stamped_pdf
from dxoffice.meetings.views.common import me, visible_meeting

MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_ZIP_FILES = 300

logger = logging.getLogger(__name__)


def _format(fmt: str) -> Format:
    try:
        return Format(fmt)
    except ValueError as exc:
        raise Http404 from exc


@login_required
def minutes_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The minutes: once approved, the file frozen at approval; before, built from the records."""
    meeting = visible_meeting(request, pk)
    frozen = frozen_response(meeting, FrozenKind.MINUTES, _format(fmt))
    return frozen or document_response(minutes_document(meeting, user=me(request)), _format(fmt))


@login_required
def notice_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The notice of conclusions, with the follow-up tasks as assigned (it is issued after the meeting)."""
    meeting = visible_meeting(request, pk)
    return document_response(conclusions_notice(meeting, user=me(request)), _format(fmt))


@login_required
def documents_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """Every current document of the meeting in one .zip, for whoever sees the meeting. Of a
    confidential meeting it holds only the PDFs, each stamped with the reader's name and the time
    (as when read one by one); the files left out are named in a note inside the .zip."""
    meeting = visible_meeting(request, pk)
    documents = list(meeting.documents.all()[:MAX_ZIP_FILES])
    files = attachments_by_target(MeetingDocument, [d.pk for d in documents])
    reader = me(request).display_name
    buffer = io.BytesIO()
    total = 0
    left_out: list[str] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, document in enumerate(documents, start=1):
            versions = sorted(files.get(document.pk, []), key=lambda a: (a.uploaded_at, a.pk), reverse=True)
            if not versions:
                continue
            current = versions[0]
            if total + current.size > MAX_ZIP_BYTES:
                left_out.append(_("%(name)s: the .zip is full.") % {"name": current.original_name})
                continue
            content = _zip_content(meeting.confidential, current, reader, left_out)
            if content is not None:
                total += current.size
                archive.writestr(f"{number:02d}-{current.original_name}", content)
        if left_out:
            note = _("Left out of this .zip (read them on the meeting's page):") + "\n" + "\n".join(left_out)
            archive.writestr("ghi-chu.txt", note + "\n")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"tai-lieu-hop-{meeting.pk}.zip") or ""
    response["Cache-Control"] = "private, no-store"
    return response


def _zip_content(
    confidential: bool, attachment: Attachment, reader: str, left_out: list[str]
) -> bytes | None:
    name = attachment.original_name
    try:
        with attachment.file.open("rb") as handle:
            content: bytes = handle.read()
    except FileNotFoundError:
        left_out.append(_("%(name)s: the file is missing.") % {"name": name})
        return None
    if not confidential:
        return content
    if not name.lower().endswith(".pdf"):
        left_out.append(_("%(name)s: only PDFs leave a confidential meeting, stamped.") % {"name": name})
        return None
    try:
        return stamped_pdf(content, reader=reader)
    except Exception:  # damaged or encrypted: it cannot be stamped, so it does not leave
        logger.warning("meetings: could not stamp attachment %s for the .zip", attachment.pk, exc_info=True)
        left_out.append(_("%(name)s: it cannot be stamped.") % {"name": name})
        return None


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
