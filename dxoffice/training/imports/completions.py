"""Importing completions achieved elsewhere (the national digital-literacy platform, another
provider) from their .xlsx or .csv export, so they count toward coverage.

Rows are matched to learners by unit code and staff code, else by e-mail. A row the file gets wrong
(an unknown course, a bad or future date) is a problem and nothing is saved; a row naming nobody on
our staff lists is listed as unmatched and skipped, the rest saved. A completion already recorded
for the same person, course and date is left as it is, so the same file imported twice adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dxoffice.core.excel.columns import DATE, Column
from dxoffice.core.excel.result import ImportResult
from dxoffice.core.excel.values import CellError, read_date, read_text
from dxoffice.core.models import PARTNER_KINDS, OrgUnit, User
from dxoffice.core.permissions import Action, can_anywhere, unit_filter
from dxoffice.training import timeutil
from dxoffice.training.imports.rows import read_table
from dxoffice.training.models import Completion, CompletionSource, Course, Learner
from dxoffice.training.permissions import manages_staff
from dxoffice.training.services.completion import completion_record

COLUMNS = (
    Column("unit_code", "Mã đơn vị", "Unit code", max_length=40),
    Column("staff_code", "Mã cán bộ", "Staff code", max_length=40),
    Column("email", "Thư điện tử", "E-mail", max_length=254),
    Column("full_name", "Họ và tên", "Full name", max_length=150),
    Column("course_code", "Mã khoá học", "Course code", required=True, max_length=40),
    Column("completed_on", "Ngày hoàn thành", "Completed on", kind=DATE, required=True),
    Column("provider", "Đơn vị đào tạo", "Provided by", max_length=200),
    Column("reference", "Số hiệu", "Reference", max_length=100),
)
BY_KEY = {c.key: c for c in COLUMNS}


@dataclass
class Unmatched:
    row: int
    name: str
    detail: str


@dataclass
class CompletionsResult(ImportResult):
    unmatched: list[Unmatched] = field(default_factory=list)


@dataclass
class _Row:
    row: int
    learner: Learner
    course: Course
    completed_on: date
    provider: str
    reference: str


def provider_choices(user: User) -> QuerySet[OrgUnit]:
    """The units the person may credit as the provider of imported completions: the partner
    organisations, and the units they report for."""
    scope = unit_filter(user, Action.REPORT) if can_anywhere(user, Action.REPORT) else Q(pk__in=[])
    return OrgUnit.objects.filter(Q(kind__in=PARTNER_KINDS) | scope).order_by("kind", "code")


def import_completions(
    upload: Any, *, by: User, provider_unit: OrgUnit | None = None, dry_run: bool = False
) -> CompletionsResult:
    if not can_anywhere(by, Action.REPORT):
        raise PermissionDenied
    if provider_unit is not None and not provider_choices(by).filter(pk=provider_unit.pk).exists():
        raise PermissionDenied
    result = CompletionsResult(dry_run=dry_run)
    table = read_table(upload, COLUMNS, result)
    if table is None:
        return result
    parsed: list[tuple[int, dict[str, Any]]] = []
    for number, cells in table.rows:
        result.rows += 1
        values: dict[str, Any] = {}
        for key, column in BY_KEY.items():
            try:
                raw = cells.get(key)
                values[key] = (
                    read_date(raw) if column.kind == DATE else read_text(raw, max_length=column.max_length)
                )
            except CellError as error:
                result.add(table.title, number, column.label, str(error))
        parsed.append((number, values))
    codes = {str(v.get("course_code", "")).upper() for _n, v in parsed}
    courses = {c.code: c for c in Course.objects.filter(code__in=codes)}
    staff_codes = {str(v.get("staff_code", "")).upper() for _n, v in parsed if v.get("staff_code")}
    emails = {str(v.get("email", "")).lower() for _n, v in parsed if v.get("email")}
    found = Learner.objects.filter(Q(staff_code__in=staff_codes) | Q(email__in=emails)).select_related("unit")
    by_code = {(learner.unit.code, learner.staff_code): learner for learner in found}
    by_email = {learner.email.lower(): learner for learner in found if learner.email}
    rows: list[_Row] = []
    today = timeutil.local_today()
    for number, values in parsed:
        course = courses.get(str(values.get("course_code", "")).upper())
        if values.get("course_code") and course is None:
            message = _("Unknown course code “%(code)s”.") % {"code": values["course_code"]}
            result.add(table.title, number, BY_KEY["course_code"].label, message)
        day = values.get("completed_on")
        if "completed_on" in values and day is None:
            result.add(table.title, number, BY_KEY["completed_on"].label, _("This cell is required."))
        elif isinstance(day, date) and day > today:
            result.add(table.title, number, BY_KEY["completed_on"].label, _("The date is in the future."))
        person = (str(values.get("unit_code", "")).upper(), str(values.get("staff_code", "")).upper())
        learner = by_code.get(person) or by_email.get(str(values.get("email", "")).lower())
        if learner is None:
            detail = " · ".join(
                str(values.get(k, "")) for k in ("unit_code", "staff_code", "email") if values.get(k)
            )
            result.unmatched.append(Unmatched(number, str(values.get("full_name", "")), detail))
            continue
        if not manages_staff(by, learner.unit):
            message = _("%(name)s is not in a unit whose records you keep.") % {"name": learner}
            result.add(table.title, number, "", message)
            continue
        if course is not None and isinstance(day, date):
            rows.append(
                _Row(
                    number,
                    learner,
                    course,
                    day,
                    str(values.get("provider", "")),
                    str(values.get("reference", "")),
                )
            )
    if result.ok:
        _apply(rows, by=by, provider_unit=provider_unit, result=result)
    return result


def _apply(rows: list[_Row], *, by: User, provider_unit: OrgUnit | None, result: CompletionsResult) -> None:
    with transaction.atomic():
        for row in rows:
            if Completion.objects.filter(
                learner=row.learner, course=row.course, completed_on=row.completed_on
            ).exists():
                result.unchanged += 1
                continue
            completion_record(
                by=by,
                learner=row.learner,
                course=row.course,
                completed_on=row.completed_on,
                source=CompletionSource.EXTERNAL,
                provider=provider_unit,
                external_provider=row.provider[:200],
                external_reference=row.reference[:100],
                event="training.completion_imported",
            )
            result.created += 1
        if result.dry_run:
            transaction.set_rollback(True)
