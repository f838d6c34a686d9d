"""Deciding completion when the event happens (a session attended, a score recorded, a lesson done, a
quiz passed), never by a periodic job: the learner sees it at once and the figures never lag. A
completion issues its certificate, tells the learner, and announces that the published figures
(coverage, people trained) changed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from dxoffice.core.models import OrgUnit, User
from dxoffice.core.notifications.services import Message, notify
from dxoffice.core.periods import MONTH, QUARTER, YEAR, Period
from dxoffice.core.services import save_audited
from dxoffice.core.signals import data_source_changed
from dxoffice.planning.signals import send_after_commit
from dxoffice.training import timeutil
from dxoffice.training.models import (
    Attempt,
    Attendance,
    Certificate,
    Completion,
    CompletionSource,
    Course,
    CourseClass,
    CourseFormat,
    Enrolment,
    EnrolmentStatus,
    Learner,
    LessonProgress,
)
from dxoffice.training.rules import Progress, Rule, completion_met, expiry

SOURCE_CODES = ("training.coverage", "training.people_trained", "training.people_trained_by_provider")


def rule_of(course: Course) -> Rule:
    return Rule(
        in_class=course.format != CourseFormat.ONLINE,
        uses_lessons=course.format != CourseFormat.IN_PERSON,
        min_attendance_percent=course.min_attendance_percent,
        min_lessons_percent=course.min_lessons_percent,
        pass_mark=course.pass_mark,
    )


def progress_of(learner: Learner, course: Course, enrolment: Enrolment | None) -> Progress:
    """What the learner has done of the course (in `enrolment`'s class, if any), in a few counts."""
    sessions = attended = 0
    score = None
    if enrolment is not None:
        sessions = enrolment.course_class.sessions.count()
        attended = Attendance.objects.filter(
            enrolment=enrolment, present=True, session__archived_at__isnull=True
        ).count()
        score = enrolment.score
    lessons = course.lessons.count()
    done = LessonProgress.objects.filter(
        learner=learner, lesson__course=course, lesson__archived_at__isnull=True
    ).count()
    finals = course.quizzes.filter(is_final=True)
    has_final = finals.exists()
    passed = has_final and Attempt.objects.filter(learner=learner, quiz__in=finals, passed=True).exists()
    return Progress(sessions, attended, lessons, done, has_final, passed, score)


def current_completion(learner: Learner, course: Course, on: date) -> Completion | None:
    """The completion that counts on `on`: not expired."""
    rows = Completion.objects.filter(learner=learner, course=course, completed_on__lte=on)
    rows = rows.exclude(expires_on__lte=on).exclude(certificate__revoked_at__isnull=False)
    return rows.order_by("-completed_on").first()


@transaction.atomic
def completion_check(
    *, by: User, learner: Learner, course: Course, enrolment: Enrolment | None = None
) -> Completion | None:
    """Record the completion if the course's rule now holds and none is current. Returns it (or None).

    Every event that can complete a course asks this, whatever the course's format: attendance
    recorded or a score (with the class's enrolment), a lesson done or a final test passed (without
    one: for a course taken in a class, the learner's active enrolments in its classes are read)."""
    today = timeutil.local_today()
    if current_completion(learner, course, today) is not None:
        return None
    if enrolment is not None and enrolment.status != EnrolmentStatus.ENROLLED:
        return None
    if enrolment is None and course.format != CourseFormat.ONLINE:
        for candidate in active_enrolments(learner, course):
            completion = _check(by, learner, course, candidate, today)
            if completion is not None:
                return completion
        return None
    return _check(by, learner, course, enrolment, today)


def active_enrolments(learner: Learner, course: Course) -> list[Enrolment]:
    """The learner's enrolments (not waiting, not cancelled) in the course's classes, latest first."""
    return list(
        Enrolment.objects.filter(
            learner=learner,
            course_class__course=course,
            course_class__archived_at__isnull=True,
            status=EnrolmentStatus.ENROLLED,
        )
        .select_related("course_class__course", "course_class__provider")
        .order_by("-course_class__starts_on", "pk")
    )


def _check(
    by: User, learner: Learner, course: Course, enrolment: Enrolment | None, today: date
) -> Completion | None:
    done = progress_of(learner, course, enrolment)
    if not completion_met(rule_of(course), done):
        return None
    course_class = enrolment.course_class if enrolment is not None else None
    source = CompletionSource.CLASS if course_class is not None else CompletionSource.ONLINE
    provider = course_class.delivered_by if course_class is not None else course.provider
    score = (
        enrolment.score
        if enrolment is not None and enrolment.score is not None
        else _final_score(learner, course)
    )
    return completion_record(
        by=by,
        learner=learner,
        course=course,
        completed_on=today,
        source=source,
        course_class=course_class,
        provider=provider,
        score=score,
    )


def _final_score(learner: Learner, course: Course) -> Decimal | None:
    best: Decimal | None = (
        Attempt.objects.filter(learner=learner, quiz__course=course, quiz__is_final=True, passed=True)
        .order_by("-score")
        .values_list("score", flat=True)
        .first()
    )
    return best


def completion_record(
    *,
    by: User,
    learner: Learner,
    course: Course,
    completed_on: date,
    source: str,
    course_class: CourseClass | None = None,
    provider: OrgUnit | None = None,
    external_provider: str = "",
    external_reference: str = "",
    score: Decimal | None = None,
    issue_certificate: bool = True,
    event: str = "training.completed",
) -> Completion:
    """Save a completion (and its certificate), tell the learner, announce the changed figures."""
    completion = save_audited(
        Completion(
            learner=learner,
            course=course,
            completed_on=completed_on,
            expires_on=expiry(completed_on, course.certificate_months),
            source=source,
            course_class=course_class,
            provider=provider,
            external_provider=external_provider,
            external_reference=external_reference,
            score=score,
        ),
        by=by,
        event=event,
    )
    if issue_certificate:
        certificate_issue(by=by, completion=completion, replaces=earlier_certificate(completion))
    announce_figures(units=[learner.unit], providers=[provider] if provider else [], days=[completed_on])
    return completion


def earlier_certificate(completion: Completion) -> Certificate | None:
    """The holder's latest earlier certificate of the course not yet replaced nor revoked (an expired
    one when the course is taken again): the new certificate replaces it."""
    return (
        Certificate.objects.filter(
            completion__learner=completion.learner,
            completion__course=completion.course,
            issued_on__lte=completion.completed_on,
            revoked_at__isnull=True,
            replaced_by__isnull=True,
        )
        .exclude(completion=completion)
        .order_by("-issued_on", "-pk")
        .first()
    )


def certificate_issue(
    *, by: User, completion: Completion, replaces: Certificate | None = None
) -> Certificate:
    issuer = completion.provider or completion.course.owner_unit
    certificate = save_audited(
        Certificate(
            completion=completion,
            issued_on=completion.completed_on,
            expires_on=completion.expires_on,
            issuer=completion.course.owner_unit if completion.source == CompletionSource.EXTERNAL else issuer,
            replaces=replaces,
        ),
        by=by,
        event="training.certificate_issued",
    )
    user = completion.learner.user
    if user is not None:
        notify(
            kind="training.certificate_issued",
            recipients=[user],
            title=Message(gettext_lazy("Certificate issued: %(course)s"), course=completion.course.title),
            url=reverse("training:my_learning"),
            target=certificate,
            by=by,
            dedupe_key=f"training.certificate_issued:{certificate.pk}",
        )
    return certificate


def periods_of(day: date) -> list[str]:
    return [Period.containing(day, kind).code for kind in (YEAR, QUARTER, MONTH)]


def announce_figures(*, units: list[OrgUnit], providers: list[OrgUnit], days: list[date]) -> None:
    """After commit, tell readers of the published figures which units and periods changed: the
    learners' units with every unit above them (the figures count subtrees), and the providers."""
    unit_ids = sorted({pk for unit in units for pk in unit.ancestor_ids()})
    periods = sorted({code for day in days for code in periods_of(day)})
    for code in SOURCE_CODES[:2]:
        send_after_commit(
            data_source_changed, sender=Completion, code=code, unit_ids=unit_ids, periods=periods
        )
    provider_ids = sorted({unit.pk for unit in providers})
    if provider_ids:
        send_after_commit(
            data_source_changed,
            sender=Completion,
            code=SOURCE_CODES[2],
            unit_ids=provider_ids,
            periods=periods,
        )
