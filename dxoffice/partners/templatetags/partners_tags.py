"""Small helpers of the partners templates: the colour of a commitment's state."""

from __future__ import annotations

from django import template

register = template.Library()

TONES = {
    "met": "success",
    "late": "danger",
    "at_risk": "warning",
    "in_progress": "primary",
    "not_started": "secondary",
    "dropped": "dark",
    "new": "info",
    "triaged": "primary",
    "resolved": "success",
    "declined": "dark",
    "pending": "warning",
    "verified": "success",
    "rejected": "dark",
}


@register.filter
def tone(state: str) -> str:
    return TONES.get(str(state), "secondary")


@register.filter
def get(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key, "")


@register.filter
def sub(value: object, other: object) -> object:
    """`value` minus `other` (two scores)."""
    try:
        return value - other  # type: ignore[operator]
    except TypeError:
        return ""
