"""A job's errors as an .xlsx (row, column, message), to fix a file line by line."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from dxoffice.core.excel import safe, styles
from dxoffice.core.jobs.models import Job


def errors_workbook(job: Job) -> bytes:
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(_("Errors")[:31])
    headers = [_("Sheet"), _("Row"), _("Column"), _("Cell"), _("Problem")]
    for index, width in enumerate((16, 8, 34, 8, 80), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A3"
    title = safe.styled(ws, str(job))
    title.font = styles.TITLE_FONT
    ws.append([title])
    header = []
    for text in headers:
        cell = safe.styled(ws, text)
        cell.font, cell.fill, cell.alignment = styles.HEADER_FONT, styles.HEADER_FILL, styles.HEADER_ALIGN
        header.append(cell)
    ws.append(header)
    for error in job.errors or []:
        values = [error.get(key) for key in ("sheet", "row", "column", "cell", "message")]
        ws.append(safe.safe_row(ws, [value if value not in (None, "") else None for value in values]))
    if job.errors_more:
        more = _("… and %(count)s more, not listed.") % {"count": job.errors_more}
        ws.append(safe.safe_row(ws, [None, None, None, None, more]))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
