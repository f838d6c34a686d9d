from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.services import attachments_by_target
from dxoffice.core.ui import flash_errors
from dxoffice.planning import services
from dxoffice.planning.forms import UploadForm
from dxoffice.planning.models import Directive
from dxoffice.planning.selectors import administers_province, can_read_program, tasks_visible_to


@login_required
def directive_list(request):
    if not can_read_program(request.user):
        raise PermissionDenied
    visible = tasks_visible_to(request.user).values("pk")
    directives = list(
        Directive.objects.annotate(task_count=Count("tasks", filter=Q(tasks__in=visible), distinct=True))
    )
    documents = attachments_by_target(Directive, (d.pk for d in directives))
    for directive in directives:
        directive.documents = documents.get(directive.pk, [])
    context = {
        "directives": directives,
        "can_attach": administers_province(request.user),
        "upload_form": UploadForm(),
    }
    return render(request, "planning/directive_list.html", context)


@login_required
@require_POST
def directive_document_upload(request, pk: int):
    if not can_read_program(request.user):
        raise PermissionDenied
    directive = get_object_or_404(Directive, pk=pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        flash_errors(request, form.errors)
        return redirect("planning:directive_list")
    try:
        services.directive_document_add(
            by=request.user,
            directive=directive,
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("Document attached to %(number)s.") % {"number": directive.number})
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("planning:directive_list")
