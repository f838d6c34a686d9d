"""Importing a unit's staff list from .xlsx: the denominator of coverage.

Every row is checked first (collecting the problems, bounded, each naming its row and column); only
when there is none is the list applied in one transaction through the learner services: new staff
added, changed rows updated, and people of the unit missing from the file marked as having left.
Rows are keyed by staff code, so importing the same file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.excel.columns import CHOICE, Column, choice_lookup
from dxoffice.core.excel.reader import SheetTooLarge, WorkbookError, open_workbook, read_sheet
from dxoffice.core.excel.result import ImportResult
from dxoffice.core.excel.values import CellError, read_choice, read_text
from dxoffice.core.models import OrgUnit, User
from dxoffice.training.models import Learner, PositionLevel
from dxoffice.training.permissions import manages_staff
from dxoffice.training.services.people import learner_leave, learner_save

MAX_ROWS = 5000

STAFF_COLUMNS = (
    Column("staff_code", "Mã cán bộ", "Staff code", required=True, max_length=40, width=14),
    Column("full_name", "Họ và tên", "Full name", required=True, max_length=150, width=30),
    Column(
        "position_level",
        "Cấp vị trí",
        "Position level",
        kind=CHOICE,
        required=True,
        choices=PositionLevel,
        width=22,
    ),
    Column("position", "Chức vụ", "Position", max_length=150, width=28),
    Column("email", "Thư điện tử", "E-mail", max_length=254, width=28),
    Column("username", "Tài khoản", "Account", max_length=150, width=16),
)
SHEET = "Danh sách cán bộ"


@dataclass
class StaffResult(ImportResult):
    left: int = 0
    rows_seen: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def clear_counts(self) -> None:
        super().clear_counts()
        self.left = 0


def import_staff(file: Any, *, by: User, unit: OrgUnit, dry_run: bool = False) -> StaffResult:
    """Replace `unit`'s staff list with the workbook's rows (all or nothing)."""
    if not manages_staff(by, unit):
        raise PermissionDenied
    result = StaffResult(dry_run=dry_run)
    try:
        workbook = open_workbook(file)
    except WorkbookError as error:
        result.add("", None, "", str(error))
        return result
    try:
        sheet = read_sheet(workbook.worksheets[0], STAFF_COLUMNS, max_rows=MAX_ROWS)
        if not sheet.found or sheet.missing:
            names = "; ".join(c.label for c in (sheet.missing or [c for c in STAFF_COLUMNS if c.required]))
            result.add(
                sheet.title,
                sheet.header_row or None,
                "",
                _("Required columns are missing: %(columns)s.") % {"columns": names},
            )
            return result
        rows = _check(sheet, result)
    except SheetTooLarge as error:
        result.add(error.sheet, None, "", str(error))
        return result
    except WorkbookError as error:
        result.add("", None, "", str(error))
        return result
    finally:
        workbook.close()
    if result.ok and not rows:
        result.add(sheet.title, None, "", _("There are no staff rows below the header."))
    if result.ok:
        _cross_check(rows, unit, sheet.title, result)
    if result.ok:
        _apply(rows, by=by, unit=unit, result=result)
    return result


def _check(sheet: Any, result: StaffResult) -> list[dict[str, Any]]:
    levels = choice_lookup(PositionLevel)  # type: ignore[arg-type]
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, cells in sheet.rows():
        result.rows += 1
        row: dict[str, Any] = {"row": number}
        for index, column in sheet.columns.items():
            value = cells.get(index)
            try:
                if column.kind == CHOICE:
                    row[column.key] = read_choice(value, levels, "")
                else:
                    row[column.key] = read_text(value, max_length=column.max_length)
            except CellError as error:
                result.add(sheet.title, number, column.label, str(error), f"{sheet.letter(column)}{number}")
        for column in STAFF_COLUMNS:
            if (
                column.required
                and not row.get(column.key)
                and column.key in {c.key for c in sheet.columns.values()}
            ) and not any(p.row == number and p.column == column.label for p in result.problems):
                result.add(sheet.title, number, column.label, _("This cell is required."))
        email = row.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                result.add(
                    sheet.title,
                    number,
                    STAFF_COLUMNS[4].label,
                    _("“%(value)s” is not an e-mail address.") % {"value": email},
                )
        code = str(row.get("staff_code", "")).upper()
        row["staff_code"] = code
        if code and code in seen:
            result.add(
                sheet.title,
                number,
                STAFF_COLUMNS[0].label,
                _("Staff code %(code)s appears twice (also row %(row)s).")
                % {"code": code, "row": seen[code]},
            )
        elif code:
            seen[code] = number
        rows.append(row)
    return rows


def _cross_check(rows: list[dict[str, Any]], unit: OrgUnit, title: str, result: StaffResult) -> None:
    """Accounts named must exist, once in the file, and not be another unit's learner already."""
    names = {row["username"] for row in rows if row.get("username")}
    users = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    linked = dict(
        Learner.objects.filter(user__in=users.values())
        .exclude(unit=unit)
        .values_list("user__username", "unit__name")
    )
    column = STAFF_COLUMNS[5].label
    seen: dict[str, int] = {}
    for row in rows:
        name = row.get("username", "")
        if not name:
            continue
        if name not in users:
            result.add(title, row["row"], column, _("No active account “%(name)s”.") % {"name": name})
        elif name in linked:
            result.add(
                title,
                row["row"],
                column,
                _("Account “%(name)s” is already on the staff list of %(unit)s.")
                % {"name": name, "unit": linked[name]},
            )
        elif name in seen:
            result.add(
                title,
                row["row"],
                column,
                _("Account “%(name)s” appears twice (also row %(row)s).") % {"name": name, "row": seen[name]},
            )
        seen.setdefault(name, row["row"])
        row["user"] = users.get(name)


def _apply(rows: list[dict[str, Any]], *, by: User, unit: OrgUnit, result: StaffResult) -> None:
    existing = {learner.staff_code: learner for learner in Learner.objects.filter(unit=unit)}
    with transaction.atomic():
        for row in rows:
            fields = {
                "full_name": row["full_name"],
                "position_level": row["position_level"],
                "position": row.get("position", ""),
                "email": row.get("email", ""),
                "user": row.get("user"),
            }
            learner = existing.pop(row["staff_code"], None)
            try:
                if learner is None:
                    learner_save(
                        by=by,
                        unit=unit,
                        staff_code=row["staff_code"],
                        event="training.learner_imported",
                        **fields,
                    )
                    result.created += 1
                elif any(getattr(learner, k) != v for k, v in fields.items()):
                    learner_save(by=by, learner=learner, event="training.learner_imported", **fields)
                    result.updated += 1
                else:
                    result.unchanged += 1
            except ValidationError as error:
                for message in error.messages:
                    result.add(SHEET, row["row"], "", message)
        for learner in existing.values():
            learner_leave(by=by, learner=learner, reason=_("Not on the imported staff list."))
            result.left += 1
        if not result.ok or result.dry_run:
            transaction.set_rollback(True)
    if not result.ok:
        result.clear_counts()
