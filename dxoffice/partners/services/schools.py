"""Writes of school projects: the project, its figures, and the tasks that carry it out."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import UnitKind, User
from dxoffice.core.permissions import Action, require
from dxoffice.core.services import save_audited
from dxoffice.partners.models import SchoolProject
from dxoffice.partners.services.cases import province_unit
from dxoffice.planning import services as planning_services

SCHOOL_ORIGIN = "partners.school_project"
SCHOOL_KINDS = {UnitKind.SCHOOL, UnitKind.UNIVERSITY}
PROJECT_FIELDS = {
    "school",
    "commitment",
    "title",
    "students_in_it",
    "teachers_trained",
    "classrooms_equipped",
}


@transaction.atomic
def school_project_save(*, by: User, project: SchoolProject | None = None, **fields: Any) -> SchoolProject:
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise TypeError(f"unknown school project fields: {sorted(unknown)}")
    require(by, Action.PLAN, province_unit())
    project = project or SchoolProject()
    for name, value in fields.items():
        setattr(project, name, value)
    if project.school_id and project.school.kind not in SCHOOL_KINDS:
        raise ValidationError({"school": _("Choose a school or vocational institution.")})
    event = "school_project.changed" if project.pk else "school_project.created"
    return save_audited(project, by=by, event=event)


@transaction.atomic
def school_project_task_create(*, by: User, project: SchoolProject, plan: Any, **fields: Any) -> Any:
    """A task of the program carrying the project out, with the school as its partner; its budget
    lines are planning's (`planning.services.budget_line_save`)."""
    fields.setdefault("partner", project.school)
    fields.setdefault("title", project.title)
    return planning_services.task_create(
        by=by, plan=plan, origin=SCHOOL_ORIGIN, origin_object=project, **fields
    )
