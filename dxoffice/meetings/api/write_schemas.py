"""What the meetings API takes to add and change participants, agenda items, documents and
conclusions. PATCH bodies change only the fields sent."""

from __future__ import annotations

from typing import Annotated

from ninja import Field

from dxoffice.core.api_inputs import (
    NOT_BLANK,
    Flag,
    InputSchema,
    IsoDate,
    RefId,
    RequiredUnitCode,
    UnitCode,
    patch_field,
)
from dxoffice.meetings.models import Attendance, ParticipantRole

TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
ClockTime = Annotated[str, Field(pattern=TIME_PATTERN, description="A time of day, HH:MM (24 hours).")]
Title = Annotated[str, Field(min_length=1, max_length=400, pattern=NOT_BLANK)]


class ParticipantIn(InputSchema):
    user: RefId | None = Field(None, description="The person's user id; leave out for a guest.")
    role: ParticipantRole = ParticipantRole.MEMBER
    guest_name: str = Field("", max_length=150, description="A guest's name (required without `user`).")
    guest_email: str = Field(
        "", max_length=254, description="A guest's e-mail address, for the invitation and reminders."
    )
    guest_organisation: str = Field("", max_length=200)


class ParticipantPatch(InputSchema):
    role: ParticipantRole = patch_field()
    guest_name: str = patch_field(max_length=150)
    guest_email: str = patch_field(max_length=254)
    guest_organisation: str = patch_field(max_length=200)
    attendance: Attendance = patch_field(description="Recorded by those who run the meeting.")
    absence_reason: str = patch_field(max_length=300, description="Required when `attendance` is absent.")


class ItemIn(InputSchema):
    title: Title
    presenter: str = Field("", max_length=200)
    starts_at: ClockTime | None = None
    duration_minutes: int = Field(15, ge=1, le=600)


class ItemPatch(InputSchema):
    title: Title = patch_field()
    presenter: str = patch_field(max_length=200)
    starts_at: ClockTime | None = None
    duration_minutes: int = patch_field(ge=1, le=600)


class ItemOrderIn(InputSchema):
    order: list[RefId] = Field(
        min_length=1, max_length=200, description="Every item id of the agenda, each once, in the new order."
    )


class DocumentPatch(InputSchema):
    title: Annotated[str, Field(max_length=300, pattern=NOT_BLANK)] = patch_field()
    item: RefId | None = Field(None, description="The agenda item; null for the meeting's general documents.")
    is_draft: Flag = patch_field(
        description="A draft takes comments from participants until the meeting starts."
    )


class ConclusionIn(InputSchema):
    text: Annotated[str, Field(min_length=1, max_length=5000, pattern=NOT_BLANK)]
    item: RefId | None = Field(None, description="The agenda item concluded on; null for the meeting.")


class ConclusionPatch(InputSchema):
    text: Annotated[str, Field(min_length=1, max_length=5000, pattern=NOT_BLANK)] = patch_field()
    item: RefId | None = None


class FollowUpIn(InputSchema):
    title: Annotated[str, Field(min_length=1, max_length=500, pattern=NOT_BLANK)]
    plan: Annotated[str, Field(min_length=1, max_length=40)] = Field(description="The annual plan's code.")
    pillar: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        description="The code of a pillar of the plan's program."
    )
    lead_unit: RequiredUnitCode
    coordinating_units: list[UnitCode] = Field(default_factory=list, max_length=50)
    due_date: IsoDate
