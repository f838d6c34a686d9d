"""Writes of the agenda: items, their documents and versions, private notes, comments on drafts,
and the discussion the secretary records per item for the minutes."""

from __future__ import annotations

from datetime import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import Attachment, OrgUnit, User
from dxoffice.core.services import archive, attachment_add, save_audited, validate_upload
from dxoffice.meetings import access, live
from dxoffice.meetings.models import (
    AgendaItem,
    DocumentComment,
    DocumentNote,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)
from dxoffice.meetings.services.common import locked, require_open, require_run, require_view

MAX_ITEMS = 200


@transaction.atomic
def item_save(
    *,
    by: User,
    meeting: Meeting,
    title: str,
    item: AgendaItem | None = None,
    presenter: str = "",
    starts_at: time | None = None,
    duration_minutes: int = 15,
    position: int | None = None,
) -> AgendaItem:
    """Add an agenda item (at the end unless a position is given) or change one."""
    require_run(by, meeting)
    meeting = locked(meeting)
    require_open(meeting)
    if item is None:
        if meeting.items.count() >= MAX_ITEMS:
            raise ValidationError({"title": _("An agenda has at most %(n)s items.") % {"n": MAX_ITEMS}})
        last = meeting.items.order_by("-position").values_list("position", flat=True).first() or 0
        item = AgendaItem(meeting=meeting, position=position or last + 1)
        event = "agenda.item_added"
    else:
        if item.meeting_id != meeting.pk:
            raise PermissionDenied
        if position:
            item.position = position
        event = "agenda.item_changed"
    item.title = title.strip()
    item.presenter = presenter.strip()
    item.starts_at = starts_at
    item.duration_minutes = duration_minutes
    save_audited(item, by=by, event=event)
    live.changed(meeting)
    return item


@transaction.atomic
def item_archive(*, by: User, item: AgendaItem) -> AgendaItem:
    """Take an item off the agenda (archived, not deleted). An item under discussion, or one that
    already holds polls, conclusions, speakers or documents, stays: the record needs it."""
    require_run(by, item.meeting)
    meeting = locked(item.meeting)
    require_open(meeting)
    if meeting.current_item_id == item.pk:
        raise StateConflict(_("This item is under discussion: move the room to another item first."))
    if item.polls.exists() or item.conclusions.exists() or item.speakers.exists():
        raise StateConflict(_("This item holds polls, conclusions or speakers: it stays on the record."))
    if item.documents.exists():
        raise StateConflict(_("Withdraw this item's documents (or move them) before removing it."))
    archive(item, by=by, event="agenda.item_removed")
    live.changed(meeting)
    return item


@transaction.atomic
def items_reorder(*, by: User, meeting: Meeting, order: list[int]) -> list[AgendaItem]:
    """Put the agenda in the order given: every item of the meeting, each once."""
    require_run(by, meeting)
    meeting = locked(meeting)
    require_open(meeting)
    items = {item.pk: item for item in meeting.items.select_for_update(of=("self",))}
    if len(order) != len(set(order)):
        raise ValidationError({"order": _("An item is listed twice.")})
    unknown = [pk for pk in order if pk not in items]
    if unknown:
        raise ValidationError(
            {"order": _("Not on this meeting's agenda: %(ids)s.") % {"ids": ", ".join(map(str, unknown))}}
        )
    missing = [pk for pk in items if pk not in set(order)]
    if missing:
        raise ValidationError(
            {
                "order": _("List every item of the agenda; missing: %(ids)s.")
                % {"ids": ", ".join(map(str, missing))}
            }
        )
    ordered = [items[pk] for pk in order]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            save_audited(item, by=by, event="agenda.reordered")
    live.changed(meeting)
    return ordered


@transaction.atomic
def item_discussion_save(*, by: User, item: AgendaItem, discussion: str) -> AgendaItem:
    """The secretary writes what was discussed on an item, live, for the minutes."""
    require_run(by, item.meeting)
    require_open(locked(item.meeting))
    item.discussion = discussion.strip()
    save_audited(item, by=by, event="agenda.discussion_saved")
    return item


@transaction.atomic
def document_add(
    *,
    by: User,
    meeting: Meeting,
    upload: File,
    title: str = "",
    item: AgendaItem | None = None,
    document: MeetingDocument | None = None,
    is_draft: bool = False,
    drafting_unit: OrgUnit | None = None,
) -> MeetingDocument:
    """Share a document with the meeting, or a new version of one (the newest file is current)."""
    require_run(by, meeting)
    require_open(locked(meeting))
    validate_upload(upload)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("This agenda item is not on this meeting's agenda.")})
    if document is None:
        name = (title or upload.name or "").strip()[:300]
        document = MeetingDocument(
            meeting=meeting, item=item, title=name, is_draft=is_draft, drafting_unit=drafting_unit
        )
        save_audited(document, by=by, event="document.added")
    elif document.meeting_id != meeting.pk:
        raise PermissionDenied
    attachment_add(by=by, target=document, upload=upload)
    return document


_UNSET: object = object()


@transaction.atomic
def document_update(
    *,
    by: User,
    document: MeetingDocument,
    title: str | None = None,
    item: AgendaItem | None | object = _UNSET,
    is_draft: bool | None = None,
) -> MeetingDocument:
    """Rename a document, move it to another item (None: the meeting's general documents) or
    mark it a draft for comments; its versions stay as they are."""
    require_run(by, document.meeting)
    meeting = locked(document.meeting)
    require_open(meeting)
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": _("Give the document a title.")})
        document.title = title.strip()
    if item is not _UNSET:
        if isinstance(item, AgendaItem) and item.meeting_id != meeting.pk:
            raise ValidationError({"item": _("This agenda item is not on this meeting's agenda.")})
        document.item = item if isinstance(item, AgendaItem) else None
    if is_draft is not None:
        document.is_draft = is_draft
    save_audited(document, by=by, event="document.changed")
    return document


def versions_of(document: MeetingDocument) -> list[Attachment]:
    from dxoffice.core.services import attachments_of

    return list(attachments_of(document).order_by("-uploaded_at", "-pk"))


@transaction.atomic
def document_archive(*, by: User, document: MeetingDocument) -> MeetingDocument:
    require_run(by, document.meeting)
    require_open(document.meeting)
    return archive(document, by=by, event="document.archived")


@transaction.atomic
def note_save(*, by: User, document: MeetingDocument, text: str) -> DocumentNote:
    """A participant's own note on a document; nobody else reads it."""
    require_view(by, document.meeting)
    if not access.participations(by, document.meeting):
        raise PermissionDenied
    if len(text) > 5000:
        raise ValidationError({"text": _("A note has at most 5,000 characters.")})
    note = DocumentNote.objects.filter(document=document, author=by).first() or DocumentNote(
        document=document, author=by
    )
    note.text = text.strip()
    save_audited(note, by=by, event="document.note_saved")
    return note


@transaction.atomic
def comment_add(*, by: User, document: MeetingDocument, text: str) -> DocumentComment:
    """A participant comments on a draft before the meeting; the drafting unit reads the comments."""
    meeting = document.meeting
    require_view(by, meeting)
    if not access.participations(by, meeting):
        raise PermissionDenied
    if not document.is_draft:
        raise StateConflict(_("Only draft documents take comments."))
    if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.INVITED):
        raise StateConflict(_("Comments on drafts close when the meeting starts."))
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = DocumentComment(document=document, author=by, text=text.strip())
    save_audited(comment, by=by, event="document.commented")
    return comment
