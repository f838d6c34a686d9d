"""The fixed words of a document (national motto, "Số", "Nơi nhận") and how documents write dates and
periods, in the document's own language rather than the reader's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dxoffice.core.documents.model import Document
from dxoffice.core.periods import MONTH, QUARTER, YEAR, Period, period_label

NUMBER_GAP = "\u00a0" * 8  # the blank the clerk fills with the registered number


@dataclass(frozen=True)
class Labels:
    """Everything a renderer prints around the body, already in the document's language and case."""

    parent: str
    issuer: str
    number_line: str
    country: str
    motto: str
    place_date: str
    kind: str
    recipients: str


def is_vietnamese(language: str) -> bool:
    return language.lower().startswith("vi")


def lower_first(text: str) -> str:
    """A name as it reads inside a sentence: "Quý IV/2026" -> "quý IV/2026", "Tỉnh Cà Mau" -> "tỉnh Cà Mau"."""
    return text[:1].lower() + text[1:]


def place_date(place: str, day: date, language: str) -> str:
    """ "Cà Mau, ngày 01 tháng 12 năm 2026": the decree pads days below 10 and months below 3 with a
    zero. Other languages write the day as their own long date."""
    if is_vietnamese(language):
        day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
        month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
        return f"{place}, ngày {day_text} tháng {month_text} năm {day.year}"
    with translation.override(language):
        return f"{place}, {format_date(day, 'j F Y')}"


def short_date(day: date | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates (and as most English readers outside the US
    read them)."""
    return day.strftime("%d/%m/%Y") if day else ""


def period_phrase(period: Period, language: str | None = None) -> str:
    """ "tháng 11/2026", "quý IV/2026", "năm 2026": a period inside a sentence or a title (its label,
    first letter in lower case)."""
    return lower_first(period_label(period, language))


def begun_period(code: str, today: date) -> Period:
    """A period someone asks a document for: a valid code of a period that has begun by `today`,
    else ValidationError with the reason."""
    if not (code or "").strip():
        raise ValidationError(_("Choose a period."), code="required")
    period = Period.parse(code)
    if period.start > today:
        raise ValidationError(
            _("%(period)s has not begun yet; choose a period up to today.")
            % {"period": period_label(period)},
            code="future",
        )
    return period


def following_period(period: Period) -> Period:
    """The period of the same kind that comes next (2026Q4 -> 2027Q1)."""
    return Period.containing(period.end + timedelta(days=1), period.kind)


def period_name(code: str | None) -> str:
    """The label of a stored period code ("2026Q3" -> "Quý III/2026"); the code itself if it is not one."""
    try:
        return period_label(Period.parse(code or ""))
    except ValidationError:
        return code or ""


def recent_periods(
    today: date, months: int = 6, quarters: int = 4, years: int = 3
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices for a period picker, newest first and grouped: [(group label, [(code, label)])]."""
    groups = []
    for title, kind, how_many in (
        (_("Months"), MONTH, months),
        (_("Quarters"), QUARTER, quarters),
        (_("Years"), YEAR, years),
    ):
        period = Period.containing(today, kind)
        options = []
        for _index in range(how_many):
            options.append((period.code, period_label(period)))
            period = period.previous()
        groups.append((title, options))
    return groups


def labels_for(document: Document) -> Labels:
    body = document.issuing_body
    with translation.override(document.language):
        number = document.number.strip() or NUMBER_GAP
        number_line = pgettext("document number", "No.: %(number)s") % {"number": number}
        if document.symbol:
            number_line += f"/{document.symbol}"
        return Labels(
            parent=body.parent.upper(),
            issuer=(body.heading or body.name).upper(),
            number_line=number_line,
            country=_("SOCIALIST REPUBLIC OF VIETNAM"),
            motto=_("Independence - Freedom - Happiness"),
            place_date=place_date(document.place, document.date, document.language),
            kind=document.kind.upper(),
            recipients=_("Recipients:"),
        )
