"""A task's discussion: directions, answers and comments; deadline extension requests and their
decision. Thin: each view parses the form, calls one service and goes back to the task's tab."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.ui import flash_errors
from dxoffice.planning import services
from dxoffice.planning.discussion import ExtensionRequest, TaskComment
from dxoffice.planning.forms import CommentForm, ExtensionRequestForm
from dxoffice.planning.models import Task
from dxoffice.planning.selectors import task_for, task_is_visible
from dxoffice.planning.views.scope import acting


def _discussion_url(pk: int) -> str:
    return reverse("planning:task_detail", args=[pk]) + "?tab=discussion"


def _task(request: HttpRequest, pk: int) -> Task:
    try:
        task_for(acting(request), pk)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    return Task.objects.get(pk=pk)


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = CommentForm(request.POST, may_direct=services.may_direct(acting(request), task))
    if not form.is_valid():
        flash_errors(request, form.errors)
        return redirect(_discussion_url(pk))
    answers = None
    if request.POST.get("answers"):
        answers = TaskComment.objects.filter(pk=request.POST["answers"], task=task).first()
        if answers is None:
            raise Http404
    try:
        services.comment_add(
            by=acting(request),
            task=task,
            body=form.cleaned_data["body"],
            kind=form.cleaned_data.get("kind") or "comment",
            answers=answers,
        )
        messages.success(request, _("Comment added."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(_discussion_url(pk))


@login_required
@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form.errors)
        return redirect(_discussion_url(pk))
    try:
        services.extension_request(by=acting(request), task=task, **form.cleaned_data)
        messages.success(request, _("Extension requested."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(_discussion_url(pk))


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    extension = ExtensionRequest.objects.select_related("task__lead_unit").filter(pk=pk).first()
    if extension is None or not task_is_visible(acting(request), extension.task):
        raise Http404
    decision = request.POST.get("decision")
    if decision not in ("approve", "refuse"):
        messages.error(request, _("Choose to approve or refuse."))
        return redirect(_discussion_url(extension.task_id))
    try:
        services.extension_decide(
            by=acting(request),
            request=extension,
            approve=decision == "approve",
            note=request.POST.get("note", "")[:2000],
        )
        messages.success(
            request, _("Extension approved.") if decision == "approve" else _("Extension refused.")
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(_discussion_url(extension.task_id))
