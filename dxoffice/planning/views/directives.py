from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render

from dxoffice.planning.models import Directive
from dxoffice.planning.selectors import can_read_program, tasks_visible_to


@login_required
def directive_list(request):
    if not can_read_program(request.user):
        raise PermissionDenied
    visible = tasks_visible_to(request.user).values("pk")
    directives = Directive.objects.annotate(
        task_count=Count("tasks", filter=Q(tasks__in=visible), distinct=True)
    )
    return render(request, "planning/directive_list.html", {"directives": directives})
