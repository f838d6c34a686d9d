"""Figures as documents print them, in the active language: counts and money grouped in threes,
money in millions of VND, shares with one decimal, quoted text cut to a length, and tables with
their running number (STT)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from dxoffice.core.documents.model import Align, Column, Table
from dxoffice.core.templatetags.dx import grouped, pct, vnd

MILLION = Decimal(1_000_000)
DASH = "—"


def count(n: int) -> str:
    """12.345 (Vietnamese), 12,345 (English)."""
    return grouped(n)


def millions(amount: Decimal | int) -> str:
    """An amount in VND as whole millions, rounded half up (1.250.000.000 -> 1.250)."""
    return vnd((Decimal(amount) / MILLION).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def number(value: Decimal | None) -> str:
    """Up to two decimals, none when the value is whole, grouped in threes (10,12 / 1.234)."""
    if value is None:
        return DASH
    rounded = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    places = 0 if rounded == rounded.to_integral_value() else 2
    return grouped(rounded, places)


def measure(value: Decimal | None, unit: str) -> str:
    """A value with its unit of measure: "10,12%", "45 hệ thống"."""
    if value is None or not unit:
        return number(value)
    return f"{number(value)}{unit}" if unit == "%" else f"{number(value)} {unit}"


def share(part: int, whole: int) -> str:
    """`part` as a percentage of `whole`, one decimal (20,0%)."""
    if not whole:
        return DASH
    return pct((Decimal(part * 100) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP))


def quote(text: str, limit: int = 400) -> str:
    """Free text for a table cell: whitespace folded, cut at `limit` characters with an ellipsis."""
    return Truncator(" ".join(text.split())).chars(limit)


def numbered(rows: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Rows with their running number (STT) in front."""
    return tuple((str(index), *row) for index, row in enumerate(rows, start=1))


def numbered_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    totals: Sequence[Sequence[str]] = (),
    unit_note: str = "",
    note: str = "",
    empty: str = "",
) -> Table:
    """A table of `columns` with the running-number column ("STT") in front: rows are numbered,
    totals rows leave the number blank. Call inside the document's language."""
    return Table(
        columns=(Column(_("No."), Align.CENTER, 0.6), *columns),
        rows=numbered(rows),
        totals=tuple(("", *row) for row in totals),
        unit_note=unit_note,
        note=note,
        empty=empty,
    )
