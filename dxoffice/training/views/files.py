"""A lesson's files: downloaded by those who may see the course, added and retired by those who
manage it (from the lesson page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.ui import flash_errors
from dxoffice.training import selectors, services
from dxoffice.training.models import Lesson
from dxoffice.training.permissions import manages_course
from dxoffice.training.services.files import lesson_file
from dxoffice.training.views.common import acting, found


def visible_lesson(request: HttpRequest, pk: int) -> Lesson:
    """A lesson of a course the person may see (published, or one they manage); 404 otherwise."""
    return found(
        lambda: Lesson.objects.select_related("course").get(
            pk=pk, course__in=selectors.courses_visible_to(request.user)
        )
    )


@login_required
def lesson_file_download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    lesson = visible_lesson(request, pk)
    attachment = lesson_file(lesson, file_pk)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def lesson_file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = visible_lesson(request, pk)
    if not manages_course(request.user, lesson.course):
        raise PermissionDenied
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError({"file": _("Choose a file to attach.")})
        attachment = services.lesson_file_add(
            by=acting(request),
            lesson=lesson,
            upload=upload,
            description=request.POST.get("description", "")[:255],
        )
        messages.success(request, _("File “%(name)s” attached.") % {"name": attachment.original_name})
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("training:lesson_detail", lesson.pk)


@login_required
@require_POST
def lesson_file_retire(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    lesson = visible_lesson(request, pk)
    if not manages_course(request.user, lesson.course):
        raise PermissionDenied
    attachment = lesson_file(lesson, file_pk)
    if attachment is None:
        raise Http404
    try:
        services.lesson_file_retire(
            by=acting(request),
            lesson=lesson,
            attachment=attachment,
            reason=request.POST.get("reason", "")[:500],
        )
        messages.success(request, _("File “%(name)s” retired.") % {"name": attachment.original_name})
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("training:lesson_detail", lesson.pk)
