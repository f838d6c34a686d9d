"""Template helpers shared by every module: money, percentages, query strings, badges."""

from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.utils import numberformat
from django.utils.formats import get_format, number_format

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
