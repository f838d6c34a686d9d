"""The agenda: items, the current item, documents (upload, versions, reading in the browser),
private notes and comments on drafts, and the secretary's live record per item."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import Attachment
from dxoffice.meetings import access, selectors, services
from dxoffice.meetings.forms import DocumentForm, ItemForm, TextForm
from dxoffice.meetings.models import AgendaItem, MeetingDocument
from dxoffice.meetings.stamp import stamped_pdf
from dxoffice.meetings.views.common import attempt, back_to, int_or_none, me, run_meeting, visible_meeting

logger = logging.getLogger(__name__)


def _item(meeting_pk: int, item_pk: int | None) -> AgendaItem | None:
    if item_pk is None:
        return None
    item = AgendaItem.objects.filter(pk=item_pk, meeting_id=meeting_pk).first()
    if item is None:
        raise Http404
    return item


@login_required
@require_POST
def item_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    form = ItemForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.item_save(by=me(request), meeting=meeting, **form.cleaned_data))
    else:
        messages.error(request, _("Give the agenda item a title and a duration."))
    return back_to(meeting, "agenda")


@login_required
@require_POST
def item_current_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    item_id = int_or_none(request.POST.get("item"))
    attempt(request, lambda: services.current_item_set(by=me(request), meeting=meeting, item_id=item_id))
    return back_to(meeting, "agenda")


@login_required
@require_POST
def item_discussion_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    item = _item(meeting.pk, item_pk)
    assert item is not None
    discussion = request.POST.get("discussion", "")[:20000]
    attempt(
        request,
        lambda: services.item_discussion_save(by=me(request), item=item, discussion=discussion),
        _("Discussion saved."),
    )
    return back_to(meeting, f"item-{item.pk}")


@login_required
@require_POST
def document_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to share."))
        return back_to(meeting, "agenda")
    data = form.cleaned_data
    item = _item(meeting.pk, data["item"])
    document = None
    if data["document"]:
        document = MeetingDocument.objects.filter(pk=data["document"], meeting=meeting).first()
        if document is None:
            raise Http404
    attempt(
        request,
        lambda: services.document_add(
            by=me(request),
            meeting=meeting,
            upload=data["file"],
            title=data["title"],
            item=item,
            document=document,
            is_draft=data["is_draft"],
            drafting_unit=me(request).unit if data["is_draft"] else None,
        ),
        _("New version shared; it is now the current one.") if document else _("Document shared."),
    )
    return back_to(meeting, "agenda")


def _visible_document(request: HttpRequest, pk: int, document_pk: int) -> MeetingDocument:
    meeting = visible_meeting(request, pk)
    document = (
        MeetingDocument.objects.filter(pk=document_pk, meeting=meeting).select_related("meeting").first()
    )
    if document is None:
        raise Http404
    return document


@login_required
def document_view(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """A document's page: the current version read in the browser (PDF), earlier versions, the
    person's private note and, for drafts, the comments."""
    document = _visible_document(request, pk, document_pk)
    versions = services.versions_of(document)
    context = {
        "meeting": document.meeting,
        "document": document,
        "versions": versions,
        "current": versions[0] if versions else None,
        "note": selectors.note_of(request.user, document),
        "comments": list(selectors.comments_visible_to(request.user, document)),
        "reads_comments": selectors.may_read_comments(request.user, document),
        "note_form": TextForm(),
    }
    return render(request, "meetings/document.html", context)


@login_required
def document_file(request: HttpRequest, pk: int, document_pk: int, file_pk: int) -> HttpResponseBase:
    """A version of the document, shown inline. A confidential meeting's PDFs carry the reader's
    name and the time on every page."""
    document = _visible_document(request, pk, document_pk)
    attachment = next((a for a in services.versions_of(document) if a.pk == file_pk), None)
    if attachment is None:
        raise Http404
    download = request.GET.get("download") == "1"
    name = attachment.original_name
    is_pdf = name.lower().endswith(".pdf")
    if document.meeting.confidential:
        if not is_pdf:
            raise PermissionDenied  # only stamped PDFs leave a confidential meeting
        return _stamped(request, document, attachment, download)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=download or not is_pdf, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _stamped(
    request: HttpRequest, document: MeetingDocument, attachment: Attachment, download: bool
) -> HttpResponse:
    try:
        with attachment.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    try:
        data = stamped_pdf(content, reader=me(request).display_name)
    except Exception:  # unreadable, encrypted or damaged: it cannot be stamped, so it does not leave
        logger.warning("meetings: could not stamp attachment %s", attachment.pk, exc_info=True)
        return render(
            request,
            "meetings/document_refused.html",
            {"document": document, "meeting": document.meeting, "name": attachment.original_name},
            status=422,
        )
    disposition = "attachment" if download else "inline"
    response = HttpResponse(data, content_type="application/pdf")
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = (
        content_disposition_header(disposition == "attachment", attachment.original_name) or ""
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def note_save_view(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = _visible_document(request, pk, document_pk)
    text = request.POST.get("text", "")
    attempt(
        request, lambda: services.note_save(by=me(request), document=document, text=text), _("Note saved.")
    )
    return _back_to_document(document)


@login_required
@require_POST
def comment_add_view(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = _visible_document(request, pk, document_pk)
    text = request.POST.get("text", "")[:5000]
    attempt(
        request,
        lambda: services.comment_add(by=me(request), document=document, text=text),
        _("Comment sent."),
    )
    return _back_to_document(document)


def _back_to_document(document: MeetingDocument) -> HttpResponse:
    from django.shortcuts import redirect

    return redirect("meetings:document", pk=document.meeting_id, document_pk=document.pk)


@login_required
@require_POST
def speak_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    attempt(
        request,
        lambda: services.speak_request(by=me(request), meeting=meeting),
        _("You are on the speakers' list."),
    )
    return back_to(meeting, "agenda")


@login_required
@require_POST
def speaker_next_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    attempt(request, lambda: services.speaker_next(by=me(request), meeting=meeting))
    return back_to(meeting, "agenda")


MAX_ORDER = 500


def _refusal(detail: str, status: int, field: str = "") -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {field: [detail]} if field else {}}, status=status)


def _order_from(request: HttpRequest) -> Any:
    """The order sent: a JSON body {"order": [ids]} (the live page's fetch), or form fields `order`."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            return None
        return body.get("order") if isinstance(body, dict) else None
    return [int_or_none(value) or value for value in request.POST.getlist("order")] or None


@login_required
@require_POST
def speakers_reorder_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Those who run the meeting set the order of the waiting speakers of the current item. The
    answer is JSON: the new order, or what is wrong (400 bad input, 403 not theirs, 409 no item)."""
    meeting = visible_meeting(request, pk)
    if not access.can_run(request.user, meeting):
        return _refusal(_("Only those who run the meeting may reorder the speakers' list."), 403)
    order = _order_from(request)
    if (
        not isinstance(order, list)
        or not order
        or len(order) > MAX_ORDER
        or not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in order)
    ):
        return _refusal(_("Send the order as a list of speaker ids."), 400, "order")
    try:
        full = services.speakers_reorder(by=me(request), meeting=meeting, order=order)
    except PermissionDenied:
        return _refusal(_("Only those who run the meeting may reorder the speakers' list."), 403)
    except StateConflict as exc:
        return _refusal(" ".join(exc.messages), 409)
    except ValidationError as exc:
        return _refusal(" ".join(exc.messages), 400, "order")
    return JsonResponse({"order": full})
