"""Reading one entered value the same way on every path (the form, the .xlsx upload, the API):
type and range, with a message naming the indicator."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dxoffice.core.text import fold
from dxoffice.indicators.models import Indicator, ValueType

YES = {"1", "yes", "y", "true", "x", "co", "dat", "đạt", "có"}
NO = {"0", "no", "n", "false", "khong", "không", "chua", "chưa"}
LIMIT = Decimal("1e17")


@dataclass(frozen=True)
class Parsed:
    value: Decimal | None
    choice: str = ""

    @property
    def is_blank(self) -> bool:
        return self.value is None and not self.choice


def parse_value(indicator: Indicator, raw: object) -> Parsed:
    """The value of `raw` for `indicator`, or a ValidationError naming the indicator. Blank is None."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Parsed(None)
    kind = indicator.value_type
    if kind == ValueType.CHOICE:
        return _choice(indicator, raw)
    if kind == ValueType.BOOLEAN:
        return _boolean(indicator, raw)
    number = _number(indicator, raw)
    if kind == ValueType.PERCENT and not Decimal(0) <= number <= Decimal(100):
        raise _error(indicator, _("a percentage is between 0 and 100"))
    if kind in (ValueType.COUNT, ValueType.MONEY):
        if number < 0:
            raise _error(indicator, _("it cannot be negative"))
        if number != number.to_integral_value():
            raise _error(indicator, _("it must be a whole number"))
    return Parsed(number)


def _error(indicator: Indicator, reason: str) -> ValidationError:
    return ValidationError(
        _("%(code)s %(name)s: %(reason)s.")
        % {"code": indicator.code, "name": indicator.localized_name, "reason": reason}
    )


def _number(indicator: Indicator, raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise _error(indicator, _("enter a number"))
    if isinstance(raw, int | float | Decimal):
        text = str(raw)
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        elif "," in text:
            text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _error(indicator, _("“%(value)s” is not a number") % {"value": str(raw)[:40]}) from None
    if not number.is_finite() or abs(number) >= LIMIT:
        raise _error(indicator, _("the number is out of range"))
    return number.quantize(Decimal("0.000001")) if number.as_tuple().exponent < -6 else number  # type: ignore[operator]


def _boolean(indicator: Indicator, raw: object) -> Parsed:
    text = fold(str(raw)).strip().lower() if not isinstance(raw, bool) else ("1" if raw else "0")
    if text in {fold(word) for word in YES}:
        return Parsed(Decimal(1))
    if text in {fold(word) for word in NO}:
        return Parsed(Decimal(0))
    raise _error(indicator, _("answer yes or no"))


def _choice(indicator: Indicator, raw: object) -> Parsed:
    text = str(raw).strip()
    for option in indicator.options or []:
        if text == str(option.get("code")) or fold(text) == fold(str(option.get("label", ""))):
            return Parsed(Decimal(str(option.get("points", 0))), str(option["code"]))
    codes = ", ".join(str(option.get("code")) for option in indicator.options or [])
    raise _error(indicator, _("choose one of %(codes)s") % {"codes": codes})


def display_value(indicator: Indicator, value: Decimal | None, choice: str = "") -> str:
    """A stored value as the entry form shows it (the option code of a choice)."""
    if choice:
        return choice
    if value is None:
        return ""
    return format(value.normalize(), "f")
