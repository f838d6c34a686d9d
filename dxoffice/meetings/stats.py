"""Figures leaders watch: meetings held, the share held paperless, documents distributed,
conclusions and the share of their follow-up tasks completed on time."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef

from dxoffice.core.models import Attachment
from dxoffice.core.permissions import AnyUser
from dxoffice.meetings.models import Conclusion, MeetingDocument, MeetingStatus
from dxoffice.meetings.selectors import meetings_visible_to
from dxoffice.meetings.services.conclusions import ORIGIN
from dxoffice.planning import selectors as planning_selectors


@dataclass(frozen=True)
class MeetingFigures:
    held: int
    paperless: int  # held meetings whose documents were all shared in the application
    documents: int
    conclusions: int
    follow_ups: int
    follow_ups_on_time: int

    @property
    def paperless_percent(self) -> float:
        return round(self.paperless * 100 / self.held, 1) if self.held else 0.0

    @property
    def on_time_percent(self) -> float:
        return round(self.follow_ups_on_time * 100 / self.follow_ups, 1) if self.follow_ups else 0.0


def meeting_figures(user: AnyUser) -> MeetingFigures:
    visible = meetings_visible_to(user)
    held = visible.filter(status__in=(MeetingStatus.CLOSED, MeetingStatus.APPROVED))
    with_documents = held.filter(Exists(MeetingDocument.objects.filter(meeting=OuterRef("pk"))))
    document_type = ContentType.objects.get_for_model(MeetingDocument)
    documents = Attachment.objects.filter(
        content_type=document_type,
        object_id__in=MeetingDocument.objects.filter(meeting__in=visible).values("pk"),
    ).count()
    conclusions = Conclusion.objects.filter(meeting__in=visible).count()
    tasks = planning_selectors.with_tracking(planning_selectors.tasks_visible_to(user).filter(origin=ORIGIN))
    tracking = dict(tasks.values_list("tracking").annotate(n=Count("pk")).values_list("tracking", "n"))
    return MeetingFigures(
        held=held.count(),
        paperless=with_documents.count(),
        documents=documents,
        conclusions=conclusions,
        follow_ups=sum(tracking.values()),
        follow_ups_on_time=tracking.get("completed_on_time", 0),
    )
