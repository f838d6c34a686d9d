"""A class's page: its sessions and roster; enrolment; the secretary's roll; QR check-in."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.ui import flash_errors
from dxoffice.training import selectors, services
from dxoffice.training.models import Attendance, ClassSession, Enrolment, EnrolmentStatus, Learner
from dxoffice.training.permissions import manages_staff, runs_class
from dxoffice.training.services.classes import CHECK_IN_OPENS_BEFORE, may_enrol
from dxoffice.training.views.common import acting, found


@login_required
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course_class = found(lambda: selectors.class_for(request.user, pk))
    learner = services.learner_of(acting(request))
    roster = list(selectors.roster(request.user, course_class))
    sessions = list(course_class.sessions.all())
    present = set(
        Attendance.objects.filter(session__in=sessions, present=True).values_list(
            "session_id", "enrolment_id"
        )
    )
    mine = next((e for e in course_class.enrolments.all() if learner and e.learner_id == learner.pk), None)
    candidates = []
    if course_class.status == "open":
        candidates = list(
            selectors.learners_visible_to(request.user)
            .exclude(enrolments__course_class=course_class, enrolments__status__in=["enrolled", "waiting"])
            .filter(unit__in=[u for u in _units_managed(request)])[:300]
        )
    actor = acting(request)
    runs = runs_class(request.user, course_class)
    manages: dict[int, bool] = {}
    cancellable = set()
    for e in roster:  # the same rule as the service (may_enrol), asked once per unit
        if e.status == EnrolmentStatus.CANCELLED:
            continue
        if e.learner.unit_id not in manages:
            manages[e.learner.unit_id] = runs or manages_staff(actor, e.learner.unit)
        if manages[e.learner.unit_id] or (
            mine is not None and e.pk == mine.pk and course_class.self_enrolment
        ):
            cancellable.add(e.pk)
    context = {
        "cancellable": cancellable,
        "may_cancel_mine": mine is not None
        and mine.status != EnrolmentStatus.CANCELLED
        and learner is not None
        and may_enrol(actor, course_class, learner),
        "course_class": course_class,
        "sessions": sessions,
        "roster": roster,
        "present": present,
        "runs": runs,
        "mine": mine,
        "may_self_enrol": learner is not None
        and mine is None
        and may_enrol(acting(request), course_class, learner),
        "candidates": candidates,
    }
    return render(request, "training/class_detail.html", context)


def _units_managed(request: HttpRequest) -> list[object]:
    from dxoffice.core.permissions import Action, units_in_scope

    return list(units_in_scope(request.user, Action.REPORT))


@login_required
@require_POST
def class_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    course_class = found(lambda: selectors.class_for(request.user, pk))
    learner_id = request.POST.get("learner", "")
    learner: Learner | None
    if learner_id:
        wanted = int(learner_id) if learner_id.isdigit() else 0
        learner = found(lambda: selectors.learner_for(request.user, wanted))
    else:
        learner = services.learner_of(acting(request))
    if learner is None:
        raise PermissionDenied
    try:
        enrolment = services.enrol(by=acting(request), course_class=course_class, learner=learner)
        if enrolment.status == EnrolmentStatus.WAITING:
            messages.warning(request, _("No seat left: %(name)s is on the waiting list.") % {"name": learner})
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": learner})
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("training:class_detail", course_class.pk)


@login_required
@require_POST
def enrolment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = found(lambda: selectors.enrolments_visible_to(request.user).get(pk=pk))
    try:
        services.enrolment_cancel(
            by=acting(request), enrolment=enrolment, reason=request.POST.get("reason", "").strip()[:500]
        )
        messages.success(request, _("Enrolment cancelled."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("training:class_detail", enrolment.course_class_id)


@login_required
@require_POST
def session_roll(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_run_by(request, pk)
    enrolled = session.course_class.enrolments.filter(status=EnrolmentStatus.ENROLLED).values_list(
        "pk", flat=True
    )
    ticked = set(request.POST.getlist("present"))
    roll = {pk: str(pk) in ticked for pk in enrolled}
    try:
        done = services.attendance_record(by=acting(request), session=session, present=roll)
        messages.success(
            request, _("Attendance saved; %(count)s completed the course.") % {"count": len(done)}
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("training:class_detail", session.course_class_id)


@login_required
@require_POST
def enrolment_score(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = found(lambda: selectors.enrolments_visible_to(request.user).get(pk=pk))
    try:
        services.score_record(
            by=acting(request), enrolment=enrolment, score=request.POST.get("score") or None
        )
        messages.success(request, _("Score saved."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("training:class_detail", enrolment.course_class_id)


def _session_run_by(request: HttpRequest, pk: int) -> ClassSession:
    session = found(
        lambda: ClassSession.objects.select_related("course_class__course").get(
            pk=pk, course_class__in=selectors.classes_visible_to(request.user)
        )
    )
    if not runs_class(request.user, session.course_class):
        raise PermissionDenied
    return session


def _check_in_url(request: HttpRequest, session: ClassSession) -> str:
    return request.build_absolute_uri(reverse("training:check_in", args=[session.check_in_code]))


@login_required
def check_in_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's QR code, large, to project or print at the door (for those who run the class):
    learners scan it and confirm on their phone; the link is written out for those who cannot scan."""
    session = _session_run_by(request, pk)
    url = _check_in_url(request, session)
    context = {
        "session": session,
        "url": url,
        "qr": segno.make(url, error="m").svg_inline(scale=10, border=2, dark="#111", omitsize=True),
        "opens_at": session.starts_at - CHECK_IN_OPENS_BEFORE,
    }
    response = render(request, "training/check_in_poster.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def check_in_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's QR code as an SVG image, for a slide or a printed sheet."""
    session = _session_run_by(request, pk)
    svg = segno.make(_check_in_url(request, session), error="m").svg_inline(scale=10, border=2)
    return HttpResponse(
        svg,
        content_type="image/svg+xml",
        headers={
            "Cache-Control": "private, no-store",
            "Content-Disposition": f'inline; filename="check-in-{session.pk}.svg"',
        },
    )


@login_required
def check_in(request: HttpRequest, code: str) -> HttpResponse:
    session = ClassSession.objects.select_related("course_class__course").filter(check_in_code=code).first()
    if request.method == "POST":
        try:
            services.check_in(by=acting(request), code=code)
            messages.success(request, _("You are checked in."))
            return redirect("training:my_learning")
        except ValidationError as exc:
            flash_errors(request, exc)
    return render(request, "training/check_in.html", {"session": session, "code": code})


__all__ = ["Enrolment", "manages_staff"]
