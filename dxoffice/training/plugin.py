"""The training module's entries in the module registry: navigation, the home card, visibility of
its records, audit events, notification kinds, the public certificate check and the figures it
publishes for its siblings (coverage, people trained)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dxoffice.core.permissions import Action, can
from dxoffice.core.registry import (
    AuditEvent,
    DailyJob,
    DataSource,
    HomeCard,
    Module,
    NavEntry,
    NotificationKind,
    PublicPage,
)
from dxoffice.training import selectors, timeutil
from dxoffice.training.permissions import visible_record
from dxoffice.training.work import learning_due


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def coverage_card(request: HttpRequest) -> dict[str, Any] | None:
    """The year's coverage of the person's outermost unit, for the home page."""
    unit = selectors.home_unit(request.user)
    if unit is None or not can(request.user, Action.VIEW, unit):
        return None
    year = timeutil.local_today().year
    counts = selectors.coverage_counts(year, [unit], timeutil.local_today())[unit.pk]
    if not counts.people.must:
        return None
    return {"unit": unit, "year": year, "tally": counts.people}


_EVENTS = [
    ("training.course_created", _("course created")),
    ("training.course_changed", _("course changed")),
    ("training.requirement_saved", _("audience requirement saved")),
    ("training.learner_added", _("learner added")),
    ("training.learner_changed", _("learner changed")),
    ("training.learner_imported", _("learner imported from the staff list")),
    ("training.learner_left", _("learner left the staff list")),
    ("training.class_created", _("class created")),
    ("training.class_changed", _("class changed")),
    ("training.session_saved", _("session saved")),
    ("training.quota_saved", _("unit quota saved")),
    ("training.enrolled", _("enrolled")),
    ("training.waitlisted", _("put on the waiting list")),
    ("training.enrolment_promoted", _("moved from the waiting list")),
    ("training.enrolment_cancelled", _("enrolment cancelled")),
    ("training.attendance_recorded", _("attendance recorded")),
    ("training.checked_in", _("checked in by QR code")),
    ("training.score_recorded", _("score recorded")),
    ("training.lesson_saved", _("lesson saved")),
    ("training.lesson_done", _("lesson done")),
    ("training.lesson_file_added", _("file attached to a lesson")),
    ("training.lesson_file_retired", _("lesson file retired")),
    ("training.quiz_saved", _("quiz saved")),
    ("training.question_saved", _("question saved")),
    ("training.attempt_started", _("quiz attempt started")),
    ("training.attempt_saved", _("quiz answers saved")),
    ("training.attempt_submitted", _("quiz attempt submitted")),
    ("training.completed", _("course completed")),
    ("training.completion_imported", _("completion imported")),
    ("training.recertified", _("recertified")),
    ("training.certificate_issued", _("certificate issued")),
    ("training.certificate_revoked", _("certificate revoked")),
]

MODULE = Module(
    name="training",
    label=_("Training"),
    nav=[
        NavEntry(
            "training",
            _("Training"),
            "training:course_list",
            icon="mortarboard",
            order=120,
            visible=_signed_in,
        )
    ],
    cards=[
        HomeCard("training", _("Training coverage"), "training/cards/coverage.html", coverage_card, order=120)
    ],
    work=[learning_due],
    visibility={
        "training.course": visible_record,
        "training.courseclass": visible_record,
        "training.learner": visible_record,
        "training.enrolment": visible_record,
        "training.completion": visible_record,
        "training.attempt": visible_record,
        "training.lesson": visible_record,
        "training.quiz": visible_record,
    },
    events=[AuditEvent(code, label) for code, label in _EVENTS],
    notifications=[
        NotificationKind(
            "training.enrolled",
            _("Enrolment in a class"),
            _("You were enrolled in a class, put on its waiting list, or given a seat from it."),
            default_email="immediate",
        ),
        NotificationKind(
            "training.class_reminder",
            _("Class sessions coming up"),
            _("A session of a class you are enrolled in starts tomorrow."),
            default_email="immediate",
        ),
        NotificationKind(
            "training.certificate_issued",
            _("Certificates issued to you"),
            _("You completed a course and its certificate was issued."),
        ),
        NotificationKind(
            "training.certificate_expiring",
            _("Certificates about to expire"),
            _("A certificate of yours or of your unit's people expires within 30 days."),
        ),
    ],
    public=[PublicPage("certificates", _("Verify a training certificate"), "training:verify", order=30)],
    daily=[
        DailyJob(
            "training.daily",
            _("Class sessions tomorrow, certificates about to expire"),
            "dxoffice.training.reminders.run_daily",
        )
    ],
    sources=[
        DataSource(
            "training.coverage",
            _("Training coverage of required courses"),
            selectors.coverage_values,
            unit="%",
            description=_(
                "Share of the officials who must take the year's required courses who completed all of them by "
                "the period's end, per unit, its subtree included."
            ),
        ),
        DataSource(
            "training.people_trained",
            pgettext_lazy("training", "People trained"),
            selectors.people_trained_values,
            unit=_("people"),
            description=_(
                "People who completed at least one course in the period, per unit, its subtree included."
            ),
        ),
        DataSource(
            "training.people_trained_by_provider",
            _("People trained by the provider"),
            selectors.people_trained_by_provider_values,
            unit=_("people"),
            description=_(
                "People who completed a course delivered by the provider in the period, keyed by the provider's unit."
            ),
        ),
    ],
)
