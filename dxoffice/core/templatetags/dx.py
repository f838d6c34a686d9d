"""Template helpers shared by every module: money, percentages, query strings, badges."""

from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def vnd(value) -> str:
    """Full amount in VND with grouping, as people write it (1.250.000.000)."""
    if value in (None, ""):
        return "—"
    return number_format(Decimal(value), decimal_pos=0, use_l10n=True, force_grouping=True)


@register.filter
def billions(value) -> str:
    """Amount in billions of VND with one decimal (tỷ đồng)."""
    if value in (None, ""):
        return "—"
    return number_format(Decimal(value) / Decimal(1_000_000_000), decimal_pos=1, force_grouping=True)


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
