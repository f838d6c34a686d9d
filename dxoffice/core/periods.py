"""Periods are first-class: a year, quarter or month with one canonical text form.

    2026      the year 2026
    2026Q1    first quarter of 2026
    2026M03   March 2026

Reports, objective actuals and budgets all speak in these codes, so they line up.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:(?P<kind>[QM])(?P<index>\d{1,2}))?$")

YEAR, QUARTER, MONTH = "Y", "Q", "M"


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str = YEAR
    index: int = 1

    @classmethod
    def parse(cls, code: str) -> Period:
        match = _PATTERN.match((code or "").strip().upper())
        if not match:
            raise ValidationError(
                _("“%(code)s” is not a period; use 2026, 2026Q1 or 2026M03."), params={"code": code}
            )
        year = int(match["year"])
        kind = match["kind"] or YEAR
        index = int(match["index"] or 1)
        limit = {YEAR: 1, QUARTER: 4, MONTH: 12}[kind]
        if not 1 <= index <= limit or not 1900 <= year <= 2200:
            raise ValidationError(_("“%(code)s” is not a valid period."), params={"code": code})
        return cls(year, kind, index)

    @classmethod
    def containing(cls, day: date, kind: str) -> Period:
        if kind == YEAR:
            return cls(day.year)
        if kind == QUARTER:
            return cls(day.year, QUARTER, (day.month - 1) // 3 + 1)
        return cls(day.year, MONTH, day.month)

    @property
    def code(self) -> str:
        if self.kind == YEAR:
            return str(self.year)
        if self.kind == QUARTER:
            return f"{self.year}Q{self.index}"
        return f"{self.year}M{self.index:02d}"

    @property
    def start(self) -> date:
        if self.kind == YEAR:
            return date(self.year, 1, 1)
        if self.kind == QUARTER:
            return date(self.year, 3 * self.index - 2, 1)
        return date(self.year, self.index, 1)

    @property
    def end(self) -> date:
        if self.kind == YEAR:
            return date(self.year, 12, 31)
        last_month = 3 * self.index if self.kind == QUARTER else self.index
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def previous(self) -> Period:
        if self.kind == YEAR:
            return Period(self.year - 1)
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, 4 if self.kind == QUARTER else 12)

    def __str__(self) -> str:
        return self.code


def validate_period_code(value: str) -> None:
    """A stored period is its canonical code: "2026Q1", never "2026Q01"; "2026M03", never "2026M3"."""
    canonical = Period.parse(value).code
    if value != canonical:
        raise ValidationError(
            _("Write the period as %(canonical)s."), params={"canonical": canonical}, code="not_canonical"
        )


def canonical_period(code: str | None) -> str:
    """The one parser every entry point (forms, API, Excel, services) uses: the canonical code of a
    period written in any accepted form ("2026q01", " 2026M3 " -> "2026Q1", "2026M03"). A text that
    is no period raises ValidationError."""
    return Period.parse(code or "").code


QUARTER_NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(period: Period, language: str | None = None) -> str:
    """ "Tháng 11/2026", "Quý IV/2026", "Năm 2026": a period as people write and choose it, in the
    active language (or `language`). Screens, notifications and documents name periods this way."""
    with translation.override(language or translation.get_language()):
        if period.kind == MONTH:
            return gettext("Month %(month)s/%(year)s") % {"month": period.index, "year": period.year}
        if period.kind == QUARTER:
            return gettext("Quarter %(quarter)s/%(year)s") % {
                "quarter": QUARTER_NUMERALS[period.index],
                "year": period.year,
            }
        return gettext("Year %(year)s") % {"year": period.year}


def code_label(code: str) -> str:
    """The label of a period code; a code that does not parse is shown as it is."""
    try:
        return period_label(Period.parse(code))
    except ValidationError:
        return code
