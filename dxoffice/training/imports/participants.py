"""Importing a class's participant list from .xlsx or .csv: each row names a person by unit code and
staff code. Every row is checked first (unknown unit, unknown person, a person twice, someone
already enrolled, a unit whose people the importer may not enrol); only a list without problems is
enrolled, in one transaction, each person through the enrolment service (so seats, quotas and the
waiting list apply as on screen)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.excel.columns import Column
from dxoffice.core.excel.result import ImportResult
from dxoffice.core.excel.values import CellError, read_text
from dxoffice.core.models import OrgUnit, User
from dxoffice.training.imports.rows import read_table
from dxoffice.training.models import CourseClass, EnrolmentStatus, Learner
from dxoffice.training.services.classes import enrol, may_enrol

COLUMNS = (
    Column("unit_code", "Mã đơn vị", "Unit code", required=True, max_length=40),
    Column("staff_code", "Mã cán bộ", "Staff code", required=True, max_length=40),
    Column("full_name", "Họ và tên", "Full name", max_length=150),
)
BY_KEY = {c.key: c for c in COLUMNS}


def import_participants(
    upload: Any, *, by: User, course_class: CourseClass, dry_run: bool = False
) -> ImportResult:
    result = ImportResult(dry_run=dry_run)
    table = read_table(upload, COLUMNS, result)
    if table is None:
        return result
    units = {u.code: u for u in OrgUnit.objects.all()}
    enrolled = set(
        course_class.enrolments.exclude(status=EnrolmentStatus.CANCELLED).values_list("learner_id", flat=True)
    )
    seen: dict[int, int] = {}
    chosen: list[tuple[int, Learner]] = []
    for number, cells in table.rows:
        result.rows += 1
        try:
            unit_code = read_text(cells.get("unit_code"), max_length=40).upper()
            staff_code = read_text(cells.get("staff_code"), max_length=40).upper()
        except CellError as error:
            result.add(table.title, number, "", str(error))
            continue
        unit = units.get(unit_code)
        if unit is None:
            result.add(
                table.title,
                number,
                BY_KEY["unit_code"].label,
                _("Unknown unit code “%(code)s”.") % {"code": unit_code},
            )
            continue
        learner = Learner.objects.filter(unit=unit, staff_code=staff_code).select_related("unit").first()
        if learner is None:
            result.add(
                table.title, number, BY_KEY["staff_code"].label,
                _("Nobody with staff code “%(code)s” on the staff list of %(unit)s.") % {"code": staff_code, "unit": unit.name},
            )  # fmt: skip
            continue
        if learner.pk in seen:
            result.add(
                table.title,
                number,
                BY_KEY["staff_code"].label,
                _("%(name)s is listed twice (also row %(row)s).")
                % {"name": learner, "row": seen[learner.pk]},
            )
            continue
        seen[learner.pk] = number
        if learner.pk in enrolled:
            result.add(
                table.title, number, "", _("%(name)s is already enrolled in this class.") % {"name": learner}
            )
        elif not may_enrol(by, course_class, learner):
            result.add(
                table.title, number, "", _("You may not enrol the people of %(unit)s.") % {"unit": unit.name}
            )
        else:
            chosen.append((number, learner))
    if not result.ok:
        return result
    with transaction.atomic():
        for number, learner in chosen:
            try:
                enrolment = enrol(by=by, course_class=course_class, learner=learner)
            except (ValidationError, PermissionDenied) as error:
                result.add(table.title, number, "", "; ".join(getattr(error, "messages", [str(error)])))
                continue
            if enrolment.status == EnrolmentStatus.ENROLLED:
                result.created += 1
            else:
                result.updated += 1  # on the waiting list
        if not result.ok or result.dry_run:
            transaction.set_rollback(True)
    if not result.ok:
        result.clear_counts()
    return result
