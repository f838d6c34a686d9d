"""Workbooks the coverage screens export: the same figures as the page, every text cell escaped
(core.excel), labels in the reader's language."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from dxoffice.core.excel.styles import write_table
from dxoffice.core.models import OrgUnit
from dxoffice.training.models import Course, PositionLevel
from dxoffice.training.selectors.coverage import Missing
from dxoffice.training.selectors.report import CoverageReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(workbook: Workbook, name: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx") or ""
    response["Cache-Control"] = "private, no-store"
    return response


def _sheet(workbook: Workbook, title: str, first: bool) -> Any:
    if first:
        sheet = workbook.active
        assert sheet is not None
        sheet.title = title
        return sheet
    return workbook.create_sheet(title)


def coverage_workbook(report: CoverageReport) -> Workbook:
    workbook = Workbook()
    courses = _sheet(workbook, _("Courses")[:31], True)
    write_table(
        courses,
        [
            _("Code"),
            _("Course"),
            _("Must take"),
            _("Completed"),
            _("Coverage (%)"),
            _("Target (%)"),
            _("Still must"),
        ],
        [
            [
                line.course.code,
                line.course.display_title,
                line.tally.must,
                line.tally.done,
                float(line.tally.share),
                float(line.target),
                line.tally.missing,
            ]
            for line in report.courses
        ],
        [12, 50, 12, 12, 14, 12, 12],
    )
    units = _sheet(workbook, _("Units")[:31], False)
    write_table(
        units,
        [_("Unit code"), _("Unit"), _("Staff"), _("Must take"), _("Completed all"), _("Coverage (%)")],
        [
            [
                line.unit.code,
                line.unit.name,
                line.staff,
                line.tally.must,
                line.tally.done,
                float(line.tally.share),
            ]
            for line in report.children
        ],
        [14, 45, 10, 12, 14, 14],
    )
    levels = _sheet(workbook, _("Position levels")[:31], False)
    write_table(
        levels,
        [_("Position level"), _("Must take"), _("Completed all"), _("Coverage (%)")],
        [[line.label, line.tally.must, line.tally.done, float(line.tally.share)] for line in report.levels],
        [28, 12, 14, 14],
    )
    trend = _sheet(workbook, _("Trend")[:31], False)
    write_table(
        trend,
        [_("Month"), _("Coverage (%)")],
        [[label, float(share)] for label, share in report.trend],
        [12, 14],
    )
    providers = _sheet(workbook, _("Providers' delivery")[:31], False)
    write_table(
        providers,
        [
            _("Provider code"),
            pgettext("training", "Provider"),
            _("Classes held"),
            pgettext("training", "People trained"),
            _("Hours"),
        ],
        [
            [line.provider.code, line.provider.name, line.classes_held, line.people, float(line.hours)]
            for line in report.delivery
        ],
        [14, 45, 14, 14, 10],
    )
    return workbook


def still_must_workbook(
    rows: list[Missing], courses: dict[int, Course], unit: OrgUnit, year: int
) -> Workbook:
    workbook = Workbook()
    sheet = _sheet(workbook, _("Still must")[:31], True)
    levels = dict(PositionLevel.choices)
    write_table(
        sheet,
        [
            _("Unit"),
            _("Staff code"),
            _("Full name"),
            _("Position level"),
            _("Position"),
            _("Courses still to complete"),
        ],
        [
            [
                row.learner.unit.name,
                row.learner.staff_code,
                row.learner.full_name,
                str(levels.get(row.learner.position_level, "")),
                row.learner.position,
                "; ".join(courses[pk].code for pk in row.course_ids if pk in courses),
            ]
            for row in rows
        ],
        [36, 14, 30, 20, 28, 40],
    )
    return workbook
