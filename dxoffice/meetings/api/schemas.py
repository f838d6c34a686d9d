"""What the meetings API reads and writes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator

from dxoffice.core.api_inputs import Flag, InputSchema, IsoDateTime, RefId, RequiredUnitCode
from dxoffice.meetings import selectors
from dxoffice.meetings.models import Majority, MajorityBase, MeetingKind, PollKind, PollState


def _small_int(value: Any) -> Any:
    """A JSON integer (3, or 3.0, which JSON Schema counts as one), never text or true."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(_("Use a whole number."))
    return value


OptionIndex = Annotated[int, Field(ge=0, le=19), BeforeValidator(_small_int)]


class MeetingIn(InputSchema):
    title: str = Field(min_length=1, max_length=300)
    kind: MeetingKind = MeetingKind.WORKING
    unit: RequiredUnitCode = Field(description="The organising unit's code.")
    starts_at: IsoDateTime
    ends_at: IsoDateTime
    room: str = Field("", max_length=200)
    online_link: str = Field("", max_length=200)
    confidential: Flag = False
    quorum_percent: int = Field(50, ge=0, le=100)
    chair: RefId | None = Field(None, description="The chair's user id.")


class MeetingOut(Schema):
    id: int
    title: str
    kind: str
    unit: str = Field(description="The organising unit's code.")
    starts_at: datetime
    ends_at: datetime
    room: str
    online_link: str
    confidential: bool
    status: str
    quorum_percent: int
    current_item: int | None

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return str(obj.unit.code)

    @staticmethod
    def resolve_current_item(obj: Any) -> int | None:
        return obj.current_item_id


class ParticipantOut(Schema):
    id: int
    name: str
    user: int | None = Field(description="The person's user id; null for a guest.")
    organisation: str = Field(description="A guest's organisation.")
    role: str
    rsvp: str
    attendance: str
    absence_reason: str
    deputy: int | None

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return str(obj.guest_organisation)

    @staticmethod
    def resolve_user(obj: Any) -> int | None:
        return obj.user_id

    @staticmethod
    def resolve_deputy(obj: Any) -> int | None:
        return obj.deputy_id


class DocumentVersionOut(Schema):
    id: int
    name: str
    size: int
    uploaded_at: datetime
    url: str = Field(description="Where to read this version (stamped for a confidential meeting).")


class DocumentOut(Schema):
    id: int
    title: str
    item: int | None
    is_draft: bool
    url: str = Field(description="The document's page.")
    versions: list[DocumentVersionOut] = Field(description="Its files, the current (newest) first.")

    @staticmethod
    def resolve_versions(obj: Any) -> list[dict[str, Any]]:
        from django.urls import reverse

        versions = getattr(obj, "versions", None)
        if versions is None:
            from dxoffice.meetings.services import versions_of

            versions = versions_of(obj)
        return [
            {
                "id": a.pk,
                "name": a.original_name,
                "size": a.size,
                "uploaded_at": a.uploaded_at,
                "url": reverse("meetings:document_file", args=[obj.meeting_id, obj.pk, a.pk]),
            }
            for a in versions
        ]

    @staticmethod
    def resolve_item(obj: Any) -> int | None:
        return obj.item_id

    @staticmethod
    def resolve_url(obj: Any) -> str:
        from django.urls import reverse

        return reverse("meetings:document", args=[obj.meeting_id, obj.pk])


class ItemOut(Schema):
    id: int
    position: int
    title: str
    presenter: str
    starts_at: str | None = Field(description="The time slot, HH:MM.")
    duration_minutes: int
    discussion: str

    @staticmethod
    def resolve_starts_at(obj: Any) -> str | None:
        return obj.starts_at.strftime("%H:%M") if obj.starts_at else None


class PollIn(InputSchema):
    question: str = Field(min_length=1, max_length=500)
    kind: PollKind = PollKind.YES_NO
    options: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list, max_length=20)
    max_choices: int = Field(1, ge=1, le=20)
    secret: Flag = False
    majority: Majority = Majority.SIMPLE
    base: MajorityBase = MajorityBase.PRESENT
    requires_quorum: Flag = True
    item: RefId | None = None
    deadline: IsoDateTime | None = None


class PollNamedVoteOut(Schema):
    name: str = Field(description="The member whose ballot it is.")
    choice: list[str] = Field(description="The labels of the options chosen.")


class PollOut(Schema):
    id: int
    question: str
    kind: str
    options: list[str]
    secret: bool
    majority: str
    base: str
    state: str
    present_count: int | None
    members_count: int | None
    deadline: datetime | None
    result: dict[str, Any] | None = Field(
        description="Counts, turnout and whether it passed, once published."
    )
    votes: list[PollNamedVoteOut] = Field(
        description="Who voted what: for a named poll once its result is published; empty otherwise "
        "(always empty for a secret ballot)."
    )

    @staticmethod
    def resolve_options(obj: Any) -> list[str]:
        return obj.option_labels()

    @staticmethod
    def resolve_result(obj: Any) -> dict[str, Any] | None:
        return obj.result if obj.state == "published" else None

    @staticmethod
    def resolve_votes(obj: Any) -> list[dict[str, Any]]:
        if obj.secret or obj.state != PollState.PUBLISHED:
            return []
        return [{"name": name, "choice": choice} for name, choice in selectors.named_votes(obj)]


class VoteIn(InputSchema):
    choice: list[OptionIndex] = Field(
        min_length=1, max_length=20, description="Indexes of the chosen options, from 0."
    )
    participant: RefId | None = Field(
        None, description="The member one votes for, when one holds several ballots."
    )


class VoteOut(Schema):
    counted: bool = Field(description="False when this ballot had been counted already.")
    receipt: str = Field(description="The code that proves the ballot is in the count; empty when repeated.")


class TaskLinkOut(Schema):
    id: int
    code: str
    title: str
    lead_unit: str
    due_date: date | None
    status: str
    tracking: str


class ConclusionOut(Schema):
    id: int
    item: int | None
    text: str
    tasks: list[TaskLinkOut]


class MinutesItemOut(Schema):
    id: int
    title: str
    discussion: str
    conclusions: list[str]


class MinutesOut(Schema):
    approved: bool = Field(description="Approved by the chair, and locked.")
    approved_at: datetime | None
    frozen: bool = Field(
        description="The downloads are the files stored when the minutes were approved, byte for byte."
    )
    pdf: str = Field(description="Where to download the minutes as PDF.")
    docx: str = Field(description="Where to download them as .docx.")
    items: list[MinutesItemOut]
