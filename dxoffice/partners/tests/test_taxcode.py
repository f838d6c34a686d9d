"""Vietnamese tax codes: 10 digits with a check digit, or 13 with a branch number."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dxoffice.partners.taxcode import check_digit, normalise_tax_code


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_the_check_digit_follows_the_weights_by_hand():
    # 0,1,0,0,1,0,9,1,0 weighted 31,29,23,19,17,13,7,5,3: 29 + 17 + 63 + 5 = 114; 114 mod 11 = 4; 10 - 4 = 6
    assert check_digit("010010910") == 6
    assert normalise_tax_code("0100109106") == "0100109106"


def test_a_branch_code_is_kept_with_its_dash_however_it_was_typed():
    assert normalise_tax_code("0100109106-001") == "0100109106-001"
    assert normalise_tax_code(" 0100109106 001 ") == "0100109106-001"
    assert normalise_tax_code("0100109106001") == "0100109106-001"


def test_nine_digits_whose_weighted_sum_divides_by_eleven_have_no_valid_code():
    # 0,0,0,0,0,0,0,1,2 weighted ... 5, 3: 5 + 6 = 11, remainder 0, 10 - 0 = 10: never issued
    assert check_digit("000000012") is None
    assert check_digit("000000011") == 2  # 5 + 3 = 8, 10 - 8 = 2


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("", "Enter the tax code."),
        ("01001091O6", "only digits"),
        ("010010910", "this one has 9"),
        ("01001091061", "this one has 11"),
        ("0100109107", "check digit"),
        ("0100109106-000", "001 to 999"),
        ("０１００１０９１０６", "only digits"),
    ],
)
def test_malformed_codes_are_refused_saying_why(raw, says):
    with pytest.raises(ValidationError) as error:
        normalise_tax_code(raw)
    assert says in error.value.messages[0]
