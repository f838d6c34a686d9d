"""The daily reminders of training (the `training_reminders` command, run each morning): sessions
starting tomorrow to those enrolled, and certificates expiring within 30 days to their holder and
the focal points of the holder's unit. Each reminder is sent once (its dedupe key)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy

from dxoffice.core.actors import system_actor
from dxoffice.core.models import Role, UnitKind, User
from dxoffice.core.notifications.services import Message, notify
from dxoffice.core.selectors import users_with_role_on
from dxoffice.training.models import Certificate, ClassSession, EnrolmentStatus

EXPIRY_NOTICE_DAYS = 30


def class_reminders(today: date) -> int:
    """Tell people enrolled in a class that one of its sessions starts tomorrow. Returns how many were told."""
    by = system_actor()
    told = 0
    sessions = ClassSession.objects.filter(starts_at__date=today + timedelta(days=1)).select_related(
        "course_class__course"
    )
    for session in sessions:
        people = User.objects.filter(
            learner__enrolments__course_class=session.course_class,
            learner__enrolments__status=EnrolmentStatus.ENROLLED,
            learner__enrolments__archived_at__isnull=True,
        )
        told += len(
            notify(
                kind="training.class_reminder",
                recipients=list(people),
                title=Message(
                    gettext_lazy("Tomorrow: %(course)s, class %(code)s"),
                    course=session.course_class.course.title,
                    code=session.course_class.code,
                ),
                body=session.course_class.place or session.course_class.online_link,
                url=reverse("training:class_detail", args=[session.course_class_id]),
                target=session,
                by=by,
                dedupe_key=f"training.class_reminder:{session.pk}:{session.starts_at:%Y%m%d}",
            )
        )
    return told


def expiry_reminders(today: date) -> int:
    """Tell holders and their units' focal points of certificates expiring soon (not renewed)."""
    by = system_actor()
    told = 0
    expiring = Certificate.objects.filter(
        expires_on__gt=today,
        expires_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
        revoked_at__isnull=True,
        replaced_by__isnull=True,
    ).select_related("completion__learner__unit", "completion__learner__user", "completion__course")
    for certificate in expiring:
        learner = certificate.completion.learner
        focal = users_with_role_on(learner.unit, [Role.FOCAL], skip_ancestor_kinds=[UnitKind.PROVINCE])
        people = [*focal, *([learner.user] if learner.user else [])]
        told += len(
            notify(
                kind="training.certificate_expiring",
                recipients=people,
                title=Message(
                    gettext_lazy("Certificate of %(name)s expires on %(date)s: %(course)s"),
                    name=learner.full_name,
                    date=certificate.expires_on,
                    course=certificate.completion.course.title,
                ),
                url=reverse("training:my_learning"),
                target=certificate,
                by=by,
                dedupe_key=f"training.certificate_expiring:{certificate.pk}",
            )
        )
    return told


def run_daily(today: date) -> str:
    """The module's daily job (core.registry.DailyJob), run by the project's daily run."""
    return f"{class_reminders(today)} class reminder(s), {expiry_reminders(today)} expiry reminder(s)"
