"""Input types every module's API shares, so that the OpenAPI schema says exactly what is accepted.

Bodies are JSON: their numbers, booleans and dates are taken only in their JSON form (no "yes" for
true, no 1700000000 for a date). Query and path values arrive as text and are converted. Limits
follow the models (lengths, ranges, digits), so the database never refuses what the schema allows.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.files import UploadedFile
from ninja.params import P, PathEx
from pydantic import BeforeValidator, ConfigDict, Strict, WithJsonSchema

MAX_ID = 2**63 - 1  # the largest id the databases store


class InputSchema(Schema):
    """A request body: fields the schema does not name are refused, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def patch_field(**kwargs: Any) -> Any:
    """A field of a PATCH body: leave it out to keep the value; null is not a value it takes."""
    return Field(None, json_schema_extra=_no_default, **kwargs)


# Ids and numbers ------------------------------------------------------------------------------


def _json_integer(value: Any) -> Any:
    """A JSON integer (2026, or 2026.0, which JSON Schema counts as one), never text or true."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(_("Use a whole number."))


RecordId = PathEx[int, P(ge=1, le=MAX_ID, description="The record's id.")]
# The limits come before the validator, so that the schema shows them.
RefId = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_json_integer)]  # an id in a body
RefIdParam = Annotated[int, Field(ge=1, le=MAX_ID)]  # an id in a query
Year = Annotated[int, Field(ge=1900, le=2200), BeforeValidator(_json_integer)]
YearParam = Annotated[int, Field(ge=1900, le=2200)]
Percent = Annotated[int, Field(ge=0, le=100), BeforeValidator(_json_integer)]
Flag = Annotated[bool, Strict()]

# The fields are DecimalField(max_digits=18, decimal_places=0); SQLite keeps them as a double,
# which holds 15 digits exactly, so an amount in stays within 15 digits (under 10^15 VND).
MAX_VND = 10**15 - 1


def _whole_vnd(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        pass
    elif isinstance(value, int) or (isinstance(value, str) and value.isascii() and value.isdigit()):
        amount = Decimal(value)
        if 0 <= amount <= MAX_VND:
            return amount
    raise ValueError(_("Give a whole number of VND, e.g. 1500000000."))


# Money in, as people write it: a whole number of VND, as a JSON integer or a string of digits.
Money = Annotated[
    Decimal,
    BeforeValidator(_whole_vnd),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": MAX_VND},
                {"type": "string", "pattern": "^[0-9]{1,15}$"},
            ],
            "description": "Whole VND, as an integer or a string of digits.",
        }
    ),
]

# DecimalField(max_digits=20, decimal_places=4), with room for SQLite, which keeps it as a double.
MEASURE_LIMIT = 10**15
_MEASURE_TEXT = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,4})?")


def _measure(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value):
        value = repr(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    elif not (isinstance(value, str) and _MEASURE_TEXT.fullmatch(value)):
        raise ValueError(_("Give a number, e.g. 12.5."))
    number = Decimal(value)
    # Checked before rounding: rounding 1e30 to four decimals overflows the decimal context.
    if abs(number) >= MEASURE_LIMIT:
        raise ValueError(_("The number is too large."))
    return number.quantize(Decimal("0.0001"))


# A measured value (targets, actuals): a number, or a string of digits, kept to four decimals.
Measure = Annotated[
    Decimal,
    BeforeValidator(_measure),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": -MEASURE_LIMIT, "exclusiveMaximum": MEASURE_LIMIT},
                {"type": "string", "pattern": f"^{_MEASURE_TEXT.pattern}$"},
            ],
            "description": "A number (kept to four decimals), as a JSON number or a string.",
        }
    ),
]


# Dates ----------------------------------------------------------------------------------------

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(_("Give a date as YYYY-MM-DD."))


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        try:
            moment = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
            moment.astimezone(UTC)  # stored in UTC: 9999-12-31T23:59:59-01:00 has no UTC time
            return moment
        except (ValueError, OverflowError):
            pass
    raise ValueError(_("Give a date and time with its offset, e.g. 2026-12-31T17:00:00+07:00."))


IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
IsoDateTime = Annotated[
    datetime, BeforeValidator(_iso_datetime), WithJsonSchema({"type": "string", "format": "date-time"})
]


# Files ----------------------------------------------------------------------------------------


class Upload(UploadedFile):
    """A file sent as a part of a multipart form; an empty file is refused."""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        return {"type": "string", "format": "binary", "minLength": 1}


# Texts and codes ------------------------------------------------------------------------------

# Whitespace as Python's str.strip() sees it, spelled out so that the schema's pattern, pydantic and
# the services agree on what a blank text is.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK = f"[^{_SPACE}]"  # a pattern: contains at least one visible character

PERIOD_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2}|2200)([Qq][1-4]|[Mm](0[1-9]|1[0-2]))?$"
PeriodCode = Annotated[
    str,
    Field(
        pattern=PERIOD_PATTERN,
        description="A period code: a year (2026), a quarter (2026Q1) or a month (2026M03).",
    ),
]
UnitCode = Annotated[str, Field(max_length=40, description="A unit code, e.g. SKHCN.")]
RequiredUnitCode = Annotated[
    str, Field(max_length=40, pattern=NOT_BLANK, description="A unit code, e.g. SKHCN.")
]
