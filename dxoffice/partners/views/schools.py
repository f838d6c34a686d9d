"""School projects with their figures and the tasks carrying them out."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dxoffice.partners.exports import table_workbook, workbook_response
from dxoffice.partners.permissions import school_projects_visible_to
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
    projects = list(school_projects_visible_to(request.user).select_related("school", "commitment")[:200])
    rows = [(project, list(tasks_of_origin(request.user, project))) for project in projects]
    totals = school_projects_visible_to(request.user).aggregate(
        students=Sum("students_in_it"),
        teachers=Sum("teachers_trained"),
        classrooms=Sum("classrooms_equipped"),
    )
    return render(request, "partners/school_list.html", {"rows": rows, "totals": totals})
