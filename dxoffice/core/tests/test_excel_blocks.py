"""The Excel building blocks in core: formula-safe writing, choice lists of any kind, and the
streaming reader's limits."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from django.db.models import TextChoices
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dxoffice.core.excel import safe
from dxoffice.core.excel.columns import Column, bilingual_label, choice_lookup
from dxoffice.core.excel.reader import SheetTooLarge, count_rows, open_workbook, read_sheet
from dxoffice.core.excel.result import ValidationResult
from dxoffice.core.excel.values import CellError, read_money


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", '=HYPERLINK("x","y")'])
def test_risky_text_is_written_as_text_and_reads_back_unchanged(text):
    workbook = Workbook()
    ws = workbook.active
    safe.write(ws, 1, 1, text)
    ws.append(safe.safe_row(ws, [text, "plain", 42]))
    streamed = Workbook(write_only=True)
    other = streamed.create_sheet("S")
    other.append(safe.safe_row(other, [text]))
    for book in (workbook, streamed):
        buffer = BytesIO()
        book.save(buffer)
        with zipfile.ZipFile(BytesIO(buffer.getvalue())) as archive:
            assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
        sheet = load_workbook(BytesIO(buffer.getvalue())).worksheets[0]
        assert sheet["A1"].value == text and sheet["A1"].data_type == "s" and sheet["A1"].quotePrefix
    assert workbook.active["B2"].value == "plain" and not workbook.active["B2"].quotePrefix


def test_plain_values_are_left_alone():
    ws = Workbook().active
    assert safe.safe_row(ws, ["Kế hoạch", 12, None, "a=b"]) == ["Kế hoạch", 12, None, "a=b"]


class Colour(TextChoices):
    RED = "red", "Red"


class Registered:
    """A choice list built at run time, with the TextChoices interface (like planning's ORIGINS)."""

    values = ["plan", "other"]
    choices = [("plan", "Annual plan"), ("other", "Other")]

    def __call__(self, value):
        return type("Choice", (), {"label": dict(self.choices)[value]})()


@pytest.mark.parametrize("choices", [Colour, Registered()])
def test_a_column_takes_any_choice_list(choices):
    column = Column("c", "Màu", "Colour", "choice", choices=choices)
    lookup = choice_lookup(column.choices)
    first = choices.values[0]
    assert lookup[first] == first and bilingual_label(choices, first)


def test_problems_are_bounded():
    result = ValidationResult(limit=2)
    for row in range(5):
        result.add("Tasks", row, "", "bad")
    assert (len(result.problems), result.more_problems, result.problem_count, result.ok) == (2, 3, 5, False)


def _sheet_file(rows: int, *, write_only: bool) -> BytesIO:
    workbook = Workbook(write_only=write_only)
    ws = workbook.create_sheet("S") if write_only else workbook.active
    ws.append(["code", "title"])
    for number in range(rows):
        ws.append([f"C{number}", f"Row {number}"])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer


COLUMNS = (Column("code", "Mã", "Code", required=True), Column("title", "Tên", "Title"))


def test_a_declared_size_beyond_the_limit_is_refused_without_reading_rows():
    workbook = open_workbook(_sheet_file(50, write_only=False))
    with pytest.raises(SheetTooLarge) as refused:
        read_sheet(workbook.worksheets[0], COLUMNS, max_rows=20)
    assert refused.value.rows == 51 and refused.value.limit == 20
    assert count_rows(workbook.worksheets[0], stop_after=5) == 51


def test_a_sheet_without_a_declared_size_is_counted_first_by_a_bare_pass():
    workbook = open_workbook(_sheet_file(50, write_only=True))
    assert workbook.worksheets[0].max_row is None  # write-only files declare no size
    with translation.override("en"), pytest.raises(SheetTooLarge) as refused:
        read_sheet(workbook.worksheets[0], COLUMNS, max_rows=20)
    assert refused.value.rows is None and "more than 20" in str(refused.value)
    assert count_rows(workbook.worksheets[0], stop_after=5) == 6


def test_rows_are_streamed_and_counted_against_the_limit():
    workbook = open_workbook(_sheet_file(25, write_only=True))  # within the bare count's allowance
    sheet = read_sheet(workbook.worksheets[0], COLUMNS, max_rows=20)
    assert sheet.found and sheet.declared_last_row is None
    streamed = sheet.rows()
    assert next(streamed) == (2, {1: "C0", 2: "Row 0"})
    with pytest.raises(SheetTooLarge):
        for _row in streamed:
            pass
    assert sheet.count == 21


def test_the_row_limit_is_written_with_grouped_digits():
    with translation.override("vi"):
        message = str(SheetTooLarge("Nhiệm vụ", 20_000, 31_250))
    assert "có 31.250 dòng" in message and "tối đa 20.000" in message
    with translation.override("en"):
        assert "more than 20,000 rows" in str(SheetTooLarge("Tasks", 20_000))


@pytest.mark.parametrize(
    "text, amount",
    [("1.250.000", 1_250_000), ("1 250 000", 1_250_000), ("12,000 ₫", 12_000), ("0.004", 0), (42, 42)],
)
def test_amounts_in_vnd_are_read_with_their_grouping(text, amount):
    assert read_money(text) == amount


@pytest.mark.parametrize("text", ["1e5000", "1e100000000", "1000000000000000000", 1e300])
def test_an_amount_too_large_is_a_cell_problem_whatever_its_form(text):
    with translation.override("en"), pytest.raises(CellError, match="too large"):
        read_money(text)
