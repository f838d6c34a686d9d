from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dxoffice.core.periods import MONTH, QUARTER, YEAR, Period
from dxoffice.core.text import fold, nfc


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2028M02", date(2028, 2, 1), date(2028, 2, 29)),
    ],
)
def test_period_codes_parse_to_their_dates(code, start, end):
    period = Period.parse(code)
    assert (period.start, period.end) == (start, end)
    assert Period.parse(period.code) == period


@pytest.mark.parametrize("code", ["", "26", "2026Q5", "2026M13", "2026M00", "Q1-2026", "2026-03"])
def test_bad_period_codes_are_rejected_with_the_code_in_the_message(code):
    with pytest.raises(ValidationError) as error:
        Period.parse(code)
    assert code in str(error.value) or code == ""


def test_period_containing_a_day_and_previous_period():
    day = date(2026, 1, 15)
    assert Period.containing(day, YEAR).code == "2026"
    assert Period.containing(day, QUARTER).code == "2026Q1"
    assert Period.containing(day, MONTH).code == "2026M01"
    assert Period.containing(day, QUARTER).previous().code == "2025Q4"
    assert Period.containing(day, MONTH).previous().code == "2025M12"


def test_fold_removes_vietnamese_accents_and_case():
    assert fold("Chuyển đổi SỐ tỉnh Cà Mau") == "chuyen doi so tinh ca mau"
    assert fold("Đặc khu  Hòn Khoai") == "dac khu hon khoai"


def test_nfc_composes_decomposed_text():
    decomposed = "Ca\u0300 Mau"
    assert nfc(decomposed) == "Cà Mau"
    assert fold(decomposed) == fold("Cà Mau")
