"""Conclusions of a meeting and the follow-up tasks they assign in the program register."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import OrgUnit, User
from dxoffice.core.services import archive, save_audited
from dxoffice.meetings.models import AgendaItem, Conclusion, Meeting
from dxoffice.meetings.services.common import locked, require_open, require_run
from dxoffice.planning import services as planning_services

ORIGIN = "meetings.conclusion"


@transaction.atomic
def conclusion_save(
    *,
    by: User,
    meeting: Meeting,
    text: str,
    item: AgendaItem | None = None,
    conclusion: Conclusion | None = None,
) -> Conclusion:
    """The secretary records (or corrects) a conclusion, live, per agenda item."""
    require_run(by, meeting)
    meeting = locked(meeting)
    require_open(meeting)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("This agenda item is not on this meeting's agenda.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the conclusion.")})
    if conclusion is None:
        conclusion = Conclusion(meeting=meeting)
        event = "conclusion.recorded"
    else:
        event = "conclusion.changed"
    conclusion.item = item
    conclusion.text = text.strip()
    save_audited(conclusion, by=by, event=event)
    return conclusion


@transaction.atomic
def conclusion_archive(*, by: User, conclusion: Conclusion) -> Conclusion:
    require_run(by, conclusion.meeting)
    require_open(locked(conclusion.meeting))
    return archive(conclusion, by=by, event="conclusion.archived")


@transaction.atomic
def conclusion_task_create(
    *,
    by: User,
    conclusion: Conclusion,
    plan: Any,
    pillar: Any,
    title: str,
    lead_unit: OrgUnit,
    due_date: date,
    coordinating_units: Iterable[OrgUnit] = (),
) -> Any:
    """Assign a follow-up task of the conclusion in the program register (planning checks that the
    person may plan for the lead unit). The task links back to the conclusion."""
    require_run(by, conclusion.meeting)
    # Numbered in the plan in the order assigned (KL-1, KL-2, ...): the same on every database,
    # where a row's id is not (a sequence does not roll back).
    code = planning_services.task_code_next(plan, "KL")
    return planning_services.task_create(
        by=by,
        plan=plan,
        origin=ORIGIN,
        origin_object=conclusion,
        coordinating_units=list(coordinating_units),
        code=code,
        title=title.strip(),
        pillar=pillar,
        lead_unit=lead_unit,
        due_date=due_date,
        origin_ref=str(conclusion.meeting)[:200],
    )
