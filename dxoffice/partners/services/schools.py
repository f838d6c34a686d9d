"""Writes of school projects: the project, its figures, and the tasks that carry it out."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import UnitKind, User
from dxoffice.core.permissions import Action, require
from dxoffice.core.services import save_audited
from dxoffice.partners.models import CommitmentStatus, SchoolProject
from dxoffice.partners.permissions import school_project_owner
from dxoffice.planning import services as planning_services

SCHOOL_ORIGIN = "partners.school_project"
SCHOOL_TASK_PREFIX = "TH"  # a task code left out is the plan's next free TH-1, TH-2, ...
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
    """Create or change a school project and its figures. It is kept by the owner unit of the
    agreement whose commitment it fulfils, else by the province: only those who may plan there."""
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise TypeError(f"unknown school project fields: {sorted(unknown)}")
    if project is not None:  # whoever keeps it now, and whoever will keep it after the change
        require(by, Action.PLAN, school_project_owner(project))
    project = project or SchoolProject()
    previous_commitment = project.commitment_id
    for name, value in fields.items():
        setattr(project, name, value)
    require(by, Action.PLAN, school_project_owner(project))
    if project.school_id and project.school.kind not in SCHOOL_KINDS:
        raise ValidationError({"school": _("Choose a school or vocational institution.")})
    changed = project.commitment_id != previous_commitment
    if changed and project.commitment is not None and project.commitment.status == CommitmentStatus.DROPPED:
        raise ValidationError({"commitment": _("This commitment was dropped.")})
    event = "school_project.changed" if project.pk else "school_project.created"
    return save_audited(project, by=by, event=event)


@transaction.atomic
def school_project_task_create(*, by: User, project: SchoolProject, plan: Any, **fields: Any) -> Any:
    """A task of the program carrying the project out, with the school as its partner; its budget
    lines are planning's (`planning.services.budget_line_save`). Those who may plan on the project's
    owner unit (`permissions.school_project_owner`) add them; the title defaults to the project's,
    the code to the plan's next free `TH-<n>`."""
    require(by, Action.PLAN, school_project_owner(project))
    fields.setdefault("partner", project.school)
    if not fields.get("title"):
        fields["title"] = project.title
    if not fields.get("code"):
        fields["code"] = planning_services.task_code_next(plan, SCHOOL_TASK_PREFIX)
    return planning_services.task_create(
        by=by, plan=plan, origin=SCHOOL_ORIGIN, origin_object=project, **fields
    )
