"""Turning cell values into Python values. Each reader raises CellError with a message the
importer reports against the row and column."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from dxoffice.core.excel.columns import NO_WORDS, YES_WORDS
from dxoffice.core.text import fold

MAX_VND_DIGITS = 18
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u3000]+")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:[., ]\d{3})+$")
_SPLIT = re.compile(r"[,;\n]+")
MIN_YEAR, MAX_YEAR = 1990, 2100


class CellError(ValueError):
    """A cell that cannot be read; the message says why."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not clean_text(value))


def clean_text(value: object, *, multiline: bool = False) -> str:
    """NFC, no invisible characters, no stray whitespace; single-line text has its runs of
    whitespace collapsed, multi-line text keeps its line breaks."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = _("yes") if value else _("no")
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        value = value.strftime("%d/%m/%Y")
    text = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        return " ".join(text.split())
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def read_text(value: object, *, max_length: int | None = None, multiline: bool = False) -> str:
    text = clean_text(value, multiline=multiline)
    if max_length and len(text) > max_length:
        raise CellError(
            _("Too long: %(length)s characters, at most %(max)s.") % {"length": len(text), "max": max_length}
        )
    return text


def read_date(value: object) -> date | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise CellError(_("The date %(date)s is out of range.") % {"date": value.strftime("%d/%m/%Y")})
        return value
    if isinstance(value, str):
        text = clean_text(value)
        match = _DMY.match(text)
        parts: tuple[str, ...] | None = (match.group(3), match.group(2), match.group(1)) if match else None
        if not parts and (match := _YMD.match(text)):
            parts = match.groups()
        if parts:
            try:
                return read_date(date(int(parts[0]), int(parts[1]), int(parts[2])))
            except ValueError:
                raise CellError(_("“%(value)s” is not a valid date.") % {"value": text}) from None
        raise CellError(_("“%(value)s” is not a date; write dd/mm/yyyy.") % {"value": text})
    raise CellError(_("“%(value)s” is not a date; write dd/mm/yyyy.") % {"value": clean_text(value)})


def read_bool(value: object) -> bool:
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    word = fold(clean_text(value))
    if word in YES_WORDS or word == fold(_("yes")):
        return True
    if word in NO_WORDS or word == fold(_("no")):
        return False
    raise CellError(_("“%(value)s” is not yes or no (Có / Không).") % {"value": clean_text(value)})


def read_choice(value: object, lookup: dict[str, str], default: str) -> str:
    if is_blank(value):
        return default
    text = clean_text(value)
    found = lookup.get(fold(text))
    if found is None:
        options = ", ".join(sorted(set(lookup.values())))
        raise CellError(_("“%(value)s” is not one of: %(options)s.") % {"value": text, "options": options})
    return found


def read_codes(value: object) -> list[str]:
    """A list of codes separated by commas, semicolons or line breaks, without repeats."""
    if is_blank(value):
        return []
    text = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE)
    codes: list[str] = []
    for part in _SPLIT.split(text.replace("\r", "\n")):
        code = " ".join(part.split())
        if code and code not in codes:
            codes.append(code)
    return codes


def read_money(value: object) -> Decimal:
    """A whole, non-negative amount in VND; text may group thousands with dots, commas or spaces."""
    if is_blank(value):
        return Decimal(0)
    if isinstance(value, bool):
        raise CellError(_("Not a number."))
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        text = clean_text(value)
        for currency in ("₫", "VND", "vnd", "đ"):
            text = text.replace(currency, "")
        text = text.strip()
        if _GROUPED.match(text):
            text = re.sub(r"[., ]", "", text)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number.") % {"value": clean_text(value)}) from None
    if not amount.is_finite():
        raise CellError(_("Not a number."))
    if amount < 0:
        raise CellError(_("An amount cannot be negative."))
    if abs(amount - amount.to_integral_value()) >= Decimal("0.01"):
        raise CellError(_("Amounts in VND are whole numbers."))
    amount = amount.to_integral_value()
    if amount.adjusted() >= MAX_VND_DIGITS:  # 10^18 or more; never builds the integer ("1e5000")
        raise CellError(_("The amount is too large."))
    return amount


def read_year(value: object, default: int) -> int:
    if is_blank(value):
        return default
    if isinstance(value, bool):
        raise CellError(_("Not a year."))
    text = clean_text(value)
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(_("“%(value)s” is not a year such as 2026.") % {"value": text})
    return int(text)
