"""Vietnamese tax codes (mã số thuế): 10 digits, the last a check digit, or 13 with a branch
suffix of three digits ("0100109106-001"). The rule lives here once; the form, the API and the
services all call `normalise_tax_code`."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_SEPARATORS = re.compile(r"[\s.\-]")


def check_digit(first_nine: str) -> int | None:
    """The tenth digit the first nine call for, or None when no code with them can be issued."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, WEIGHTS, strict=True))
    digit = 10 - total % 11
    return None if digit == 10 else digit


def normalise_tax_code(raw: str) -> str:
    """The canonical form ("0100109106" or "0100109106-001"), or a ValidationError saying what is wrong."""
    digits = _SEPARATORS.sub("", raw or "")
    if not digits:
        raise ValidationError(_("Enter the tax code."))
    if not digits.isdigit() or not digits.isascii():
        raise ValidationError(_("A tax code has only digits (and a dash before the branch number)."))
    if len(digits) not in (10, 13):
        raise ValidationError(
            _("A tax code has 10 digits, or 13 with the branch number; this one has %(count)d.")
            % {"count": len(digits)}
        )
    if check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(_("This tax code is not valid: its check digit does not match."))
    if len(digits) == 13:
        if digits[10:] == "000":
            raise ValidationError(_("A branch number runs from 001 to 999."))
        return f"{digits[:10]}-{digits[10:]}"
    return digits
