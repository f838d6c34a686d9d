"""School projects with their figures and the tasks carrying them out, and the task assigned
from a project."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dxoffice.core.permissions import Action, can
from dxoffice.core.ui import form_errors_from
from dxoffice.partners import selectors, services
from dxoffice.partners.exports import table_workbook, workbook_response
from dxoffice.partners.forms import TaskAssignForm
from dxoffice.partners.forms_edit import SchoolProjectForm
from dxoffice.partners.models import SchoolProject
from dxoffice.partners.permissions import (
    may_manage_school_project,
    province_unit,
    school_projects_visible_to,
)
from dxoffice.partners.views.common import acting, assign_task
from dxoffice.planning.selectors import tasks_of_origin

PROJECT_FIELDS = (
    "school",
    "title",
    "commitment",
    "students_in_it",
    "teachers_trained",
    "classrooms_equipped",
)


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
    return render(
        request,
        "partners/school_list.html",
        {"rows": rows, "totals": totals, "may_add": _may_add(request)},
    )


def _may_add(request: HttpRequest) -> bool:
    """A project without a commitment is the province's; one fulfilling a commitment, its owner's."""
    return can(request.user, Action.PLAN, province_unit()) or bool(
        SchoolProjectForm(user=request.user).fields["commitment"].queryset.exists()  # type: ignore[attr-defined]
    )


def _project(request: HttpRequest, pk: int) -> SchoolProject:
    try:
        return selectors.school_project_for(request.user, pk)
    except SchoolProject.DoesNotExist as error:
        raise Http404 from error


def _project_form(request: HttpRequest, project: SchoolProject | None) -> HttpResponse:
    """The project and its figures; a refusal comes back on the field it names."""
    current = project.commitment_id if project is not None else None
    if request.method == "POST":
        form = SchoolProjectForm(request.POST, user=request.user, current=current)
        if form.is_valid():
            try:
                saved = services.school_project_save(
                    by=acting(request), project=project, **{n: form.cleaned_data[n] for n in PROJECT_FIELDS}
                )
                messages.success(request, _("The school project was saved."))
                return redirect(reverse("partners:school_list") + f"#project-{saved.pk}")
            except PermissionDenied:
                form.add_error("commitment", _("You may not keep school projects of this agreement."))
            except ValidationError as error:
                form_errors_from(form, error)
    elif project is not None:
        form = SchoolProjectForm(
            initial={n: getattr(project, n) for n in PROJECT_FIELDS}, user=request.user, current=current
        )
    else:
        zero = {"students_in_it": 0, "teachers_trained": 0, "classrooms_equipped": 0}
        form = SchoolProjectForm(initial=zero, user=request.user)
    tasks = list(tasks_of_origin(request.user, project)) if project is not None else []
    return render(
        request, "partners/school_project_form.html", {"form": form, "project": project, "tasks": tasks}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def school_project_new(request: HttpRequest) -> HttpResponse:
    if not _may_add(request):
        raise PermissionDenied
    return _project_form(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def school_project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    if not may_manage_school_project(request.user, project):
        raise PermissionDenied
    return _project_form(request, project)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def school_task_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a task of the program register carrying a school project out ("Giao nhiệm vụ"), for
    those who may plan on the project's owner unit. A refusal comes back on the form."""
    project = _project(request, pk)
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
