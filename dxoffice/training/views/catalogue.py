from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from dxoffice.core.permissions import Action, can, can_anywhere
from dxoffice.core.ui import flash_errors
from dxoffice.training import selectors, timeutil
from dxoffice.training.models import CourseFormat, Topic
from dxoffice.training.packages import MAX_BYTES, export_course, import_course
from dxoffice.training.permissions import manages_course
from dxoffice.training.selectors.records import done_lesson_ids
from dxoffice.training.services import learner_of
from dxoffice.training.views.common import acting, found, year_param


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    year = year_param(request.GET.get("year"), 0) or None
    filters = selectors.CourseFilters(
        q=request.GET.get("q", "")[:100],
        topic=request.GET.get("topic", "") if request.GET.get("topic") in Topic.values else "",
        format=request.GET.get("format", "") if request.GET.get("format") in CourseFormat.values else "",
        year=year,
    )
    courses = selectors.courses_visible_to(request.user, filters)[:200]
    context = {
        "courses": courses,
        "filters": filters,
        "topics": Topic.choices,
        "formats": CourseFormat.choices,
        "classes": selectors.open_classes(request.user, timeutil.local_today())[:10],
        "may_import": can_anywhere(request.user, Action.REPORT),
        "may_plan": can_anywhere(request.user, Action.PLAN),
    }
    return render(request, "training/course_list.html", context)


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = found(lambda: selectors.course_for(request.user, pk))
    learner = learner_of(acting(request))
    context = {
        "course": course,
        "lessons": course.lessons.all(),
        "quizzes": course.quizzes.all(),
        "requirements": course.requirements.all(),
        "classes": selectors.classes_visible_to(request.user)
        .filter(course=course)
        .order_by("-starts_on")[:50],
        "learner": learner,
        "done": done_lesson_ids(learner, course),
        "progress": selectors.course_progress(learner, course) if learner else None,
        "manages": manages_course(request.user, course),
    }
    return render(request, "training/course_detail.html", context)


@login_required
def course_package(request: HttpRequest, pk: int) -> HttpResponse:
    """The course as a package file another province can import."""
    course = found(lambda: selectors.course_for(request.user, pk))
    if not manages_course(request.user, course):
        raise PermissionDenied
    body = json.dumps(export_course(course), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"course-{course.code}.json") or ""
    return response


@login_required
def course_package_import(request: HttpRequest) -> HttpResponse:
    unit = selectors.home_unit(request.user)
    if unit is None or not can(request.user, Action.PLAN, unit):
        raise PermissionDenied
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError({"file": _("Choose the course package (.json).")})
            if upload.size and upload.size > MAX_BYTES:
                raise ValidationError(
                    {
                        "file": _("The package is larger than %(limit)s MB.")
                        % {"limit": MAX_BYTES // (1024 * 1024)}
                    }
                )
            course = import_course(upload.read(), by=acting(request), owner_unit=unit)
            messages.success(
                request, _("Course %(code)s imported (not yet published).") % {"code": course.code}
            )
            return redirect("training:course_detail", course.pk)
        except ValidationError as exc:
            flash_errors(request, exc)
    return render(request, "training/course_import.html", {"unit": unit})
