"""The messages outward channels carry: one notification at once, or a person's daily digest.
Both are rendered in the recipient's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dxoffice.core.models import User
from dxoffice.core.notifications.channels import Envelope
from dxoffice.core.notifications.models import Notification
from dxoffice.core.notifications.text import language_of
from dxoffice.core.registry import registry


def absolute_url(url: str) -> str:
    if not url or "://" in url:
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


@dataclass(frozen=True)
class Item:
    notification: Notification
    url: str


@dataclass(frozen=True)
class Group:
    kind: str
    title: str
    items: list[Item]


def _kind_label(code: str) -> str:
    kind = registry.notification_kind(code)
    return str(kind.label) if kind else code


def _kind_order() -> dict[str, int]:
    """Groups follow the order in which modules registered their kinds (most urgent first)."""
    return {kind.code: index for index, kind in enumerate(registry.notification_kinds())}


def group(notifications: Sequence[Notification]) -> list[Group]:
    order = _kind_order()
    by_kind: dict[str, list[Item]] = {}
    for notification in sorted(
        notifications, key=lambda n: (order.get(n.kind, len(order)), n.created_at, n.pk)
    ):
        by_kind.setdefault(notification.kind, []).append(Item(notification, absolute_url(notification.url)))
    return [Group(kind, _kind_label(kind), items) for kind, items in by_kind.items()]


def _context(user: User) -> dict[str, object]:
    return {
        "user": user,
        "site_url": settings.SITE_URL,
        "inbox_url": absolute_url(reverse("notifications:list")),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
    }


def immediate_envelope(notification: Notification) -> Envelope:
    user = notification.recipient
    with translation.override(language_of(user)):
        context = {
            **_context(user),
            "notification": notification,
            "kind_label": _kind_label(notification.kind),
            "url": absolute_url(notification.url),
        }
        subject = _("[dxoffice] %(title)s") % {"title": notification.title}
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    return Envelope(user, subject, text, html, notifications=(notification,))


def digest_envelope(user: User, notifications: Sequence[Notification], day: date) -> Envelope:
    with translation.override(language_of(user)):
        count = len(notifications)
        subject = ngettext(
            "[dxoffice] %(count)d notification for %(day)s",
            "[dxoffice] %(count)d notifications for %(day)s",
            count,
        ) % {"count": count, "day": date_format(day, "SHORT_DATE_FORMAT")}
        context = {**_context(user), "groups": group(notifications), "count": count, "day": day}
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    return Envelope(user, subject, text, html, notifications=tuple(notifications), digest=True)
