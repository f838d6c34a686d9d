"""School projects with their figures and the tasks carrying them out, and the task assigned
from a project."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dxoffice.partners import selectors, services
from dxoffice.partners.exports import table_workbook, workbook_response
from dxoffice.partners.forms import TaskAssignForm
from dxoffice.partners.models import SchoolProject
from dxoffice.partners.permissions import may_manage_school_project, school_projects_visible_to
from dxoffice.partners.views.common import acting, assign_task
from dxoffice.planning.selectors import tasks_of_origin


@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    if request.GET.get("format") == "xlsx":
        headers = [
            _("School"),
            _("Project"),
            _("Commitment"),
            _("Students in IT programs"),
            _("Teachers trained"),
            _("Classrooms equipped"),
        ]
        lines: list[list[object]] = [
            [
                p.school.name,
                p.title,
                p.commitment.code if p.commitment else "",
                p.students_in_it,
                p.teachers_trained,
                p.classrooms_equipped,
            ]
            for p in school_projects_visible_to(request.user).select_related("school", "commitment")[:5000]
        ]
        return workbook_response(
            table_workbook(_("School projects"), headers, lines, [36, 44, 12, 14, 14, 14]), "school-projects"
        )
    projects = list(
        school_projects_visible_to(request.user).select_related(
            "school", "commitment__agreement__owner_unit"
        )[:200]
    )
    rows = [
        (
            project,
            list(tasks_of_origin(request.user, project)),
            may_manage_school_project(request.user, project),
        )
        for project in projects
    ]
    totals = school_projects_visible_to(request.user).aggregate(
        students=Sum("students_in_it"),
        teachers=Sum("teachers_trained"),
        classrooms=Sum("classrooms_equipped"),
    )
    return render(request, "partners/school_list.html", {"rows": rows, "totals": totals})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def school_task_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a task of the program register carrying a school project out ("Giao nhiệm vụ"), for
    those who may plan on the project's owner unit. A refusal comes back on the form."""
    try:
        project = selectors.school_project_for(request.user, pk)
    except SchoolProject.DoesNotExist as error:
        raise Http404 from error
    if not may_manage_school_project(request.user, project):
        raise PermissionDenied
    back = reverse("partners:school_list") + f"#project-{project.pk}"
    if request.method == "POST":
        form = TaskAssignForm(request.POST, user=acting(request))
        task = assign_task(
            request,
            form,
            lambda plan, fields: services.school_project_task_create(
                by=acting(request), project=project, plan=plan, **fields
            ),
        )
        if task is not None:
            return redirect(back)
    else:
        form = TaskAssignForm(user=acting(request), initial={"title": project.title})
    return render(
        request,
        "partners/school_task_form.html",
        {
            "project": project,
            "tasks": list(tasks_of_origin(request.user, project)),
            "form": form,
            "back": back,
        },
    )
