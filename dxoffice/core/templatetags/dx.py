"""Template helpers shared by every module: money, percentages, query strings, badges."""

import re
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.utils import numberformat, timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language

register = template.Library()


def grouped(value: Decimal | int, decimal_pos: int = 0) -> str:
    """Digits grouped in threes with the active language's separators (Vietnamese formats do not
    group by default): 12.345,5 / 12,345.5. Every number we print with grouping comes through here."""
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimal_pos,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


# Dates as people of each language read them without doubt: 03/12/2026 in Vietnamese (day first,
# as administrative documents write it), 3 Dec 2026 in English (never 12/03/2026, which an English
# reader takes for 3 December and an American for 12 March).
DAY_FORMATS = {"vi": "d/m/Y", "en": "j M Y"}
MOMENT_FORMATS = {"vi": "H:i d/m/Y", "en": "j M Y, H:i"}


def _language() -> str:
    return (get_language() or "vi").split("-")[0]


def day_text(value: date | datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return format_date(value, DAY_FORMATS.get(_language(), DAY_FORMATS["en"]))


@register.filter
def day(value: date | datetime | None) -> str:
    """A date, unambiguous in the reader's language."""
    return day_text(value)


@register.filter
def moment(value: datetime | None) -> str:
    """A date and time in local time, unambiguous in the reader's language."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_date(value, MOMENT_FORMATS.get(_language(), MOMENT_FORMATS["en"]))


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


@register.filter
def readable(value) -> str:
    """A value as History lists it: an ISO date or timestamp becomes a local date in the reader's way."""
    text = str(value)
    try:
        if _ISO_DAY.match(text):
            return day_text(date.fromisoformat(text))
        if _ISO_MOMENT.match(text):
            moment_value = datetime.fromisoformat(text)
            return moment(moment_value)
    except ValueError:
        return text
    return text


@register.filter
def vnd(value) -> str:
    """Full amount in VND with grouping, as people write it (1.250.000.000)."""
    if value in (None, ""):
        return "—"
    return grouped(Decimal(value), 0)


@register.filter
def billions(value) -> str:
    """Amount in billions of VND with one decimal (tỷ đồng)."""
    if value in (None, ""):
        return "—"
    return grouped(Decimal(value) / Decimal(1_000_000_000), 1)


@register.filter
def pct(value) -> str:
    if value in (None, ""):
        return "—"
    return f"{number_format(value, decimal_pos=1 if isinstance(value, (float, Decimal)) else 0)}%"


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """The current query string with some parameters changed (empty value removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    params.pop("page", None) if "page" not in changes else None
    return "?" + params.urlencode() if params else "?"


@register.simple_tag
def urlparams(base: dict, **changes) -> str:
    params = {**base, **{k: v for k, v in changes.items() if v not in (None, "")}}
    return "?" + urlencode(params) if params else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def unit_url(unit) -> str:
    """The page of a unit, in whichever module registered one (core names none itself)."""
    from django.urls import reverse

    from dxoffice.core.registry import registry

    name = registry.unit_page()
    return reverse(name, args=[unit.code]) if name and unit is not None else ""


@register.filter
def period_name(code: str) -> str:
    """A period code as people write it: "2026Q4" -> "Quý IV/2026"."""
    from dxoffice.core.periods import code_label

    return code_label(code or "")
