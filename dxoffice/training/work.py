"""Training's part of "my work" on the home page: the learner's sessions this week and the year's
required courses they still have to complete."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import User
from dxoffice.core.registry import Urgency, WorkItem
from dxoffice.training.models import ClassSession, Course, EnrolmentStatus, Learner
from dxoffice.training.selectors.coverage import counting_completions, needs_of_year, required_courses

MAX_ITEMS = 3


def learning_due(user: User, today: date) -> Iterator[WorkItem]:
    learner = (
        Learner.objects.select_related("unit").filter(user=user).first() if user.is_authenticated else None
    )
    if learner is None:
        return
    sessions = ClassSession.objects.filter(
        course_class__enrolments__learner=learner,
        course_class__enrolments__status=EnrolmentStatus.ENROLLED,
        course_class__enrolments__archived_at__isnull=True,
        starts_at__date__gte=today,
        starts_at__date__lte=today + timedelta(days=7),
    ).select_related("course_class__course")[:MAX_ITEMS]
    for session in sessions:
        yield WorkItem(
            kind="training.session",
            kind_label=_("Class session"),
            title=session.course_class.course.display_title,
            url=reverse("training:class_detail", args=[session.course_class_id]),
            urgency=Urgency.DUE_SOON,
            due=session.starts_at.date(),
            detail=session.course_class.place,
        )
    required = required_courses(needs_of_year(today.year), learner.position_level, learner.unit.kind)
    done = set(
        counting_completions(today, required).filter(learner=learner).values_list("course_id", flat=True)
    )
    for course in Course.objects.filter(pk__in=required - done).order_by("code")[:MAX_ITEMS]:
        yield WorkItem(
            kind="training.required",
            kind_label=_("Required course"),
            title=course.display_title,
            url=reverse("training:course_detail", args=[course.pk]),
            urgency=Urgency.LATER,
            due=date(today.year, 12, 31),
        )
