from __future__ import annotations

from typing import Any

from django import template

from dxoffice.core.notifications.selectors import unread_count
from dxoffice.core.registry import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    """The signed-in person's unread count (one indexed count query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_count(user) if user is not None and user.is_authenticated else 0


@register.filter
def kind_label(code: str) -> str:
    """The label a module registered for a notification kind."""
    kind = registry.notification_kind(code)
    return str(kind.label) if kind else code
