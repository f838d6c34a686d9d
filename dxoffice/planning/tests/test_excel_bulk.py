"""A 10,000-row plan imports in one go through the bulk path, with permissions and history.

Kept light (few columns, one import); it still runs in the normal suite. No timing is asserted:
`ImportResult.seconds` is what the import page and the command report."""

from io import BytesIO

import pytest
from openpyxl import Workbook

from dxoffice.planning.excel.importer import import_plan
from dxoffice.planning.models import Task

ROWS = 10_000


def _big_file() -> BytesIO:
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Tasks")
    ws.append(["code", "title", "pillar", "lead_unit", "coordinating_units", "due_date"])
    for number in range(ROWS):
        lead = "XA-A" if number % 2 else "SKHCN"
        ws.append([f"NV-{number:05d}", f"Nhiệm vụ số {number}", "CQS", lead, "XA-B", "31/12/2026"])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.slow
def test_ten_thousand_rows(world):
    result = import_plan(_big_file(), by=world.coordinator, plan=world.plan)
    assert result.ok, result.problems[:5]
    assert (result.rows, result.created) == (ROWS, ROWS)
    assert Task.objects.filter(plan=world.plan).count() == ROWS
    assert Task.coordinating_units.through.objects.count() == ROWS
    assert Task.history.filter(history_type="+", history_user=world.coordinator).count() == ROWS
    task = Task.objects.get(code="NV-00007")
    assert task.lead_unit == world.commune_a and task.search_text == "nv-00007 nhiem vu so 7"
    assert [link.orgunit for link in task.history.get().coordinating_units.all()] == [world.commune_b]
