"""The messages outward channels carry: one notification at once, or a person's daily digest.
Both are rendered in the recipient's language."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dxoffice.core.models import User
from dxoffice.core.notifications.channels import Attachment, Envelope
from dxoffice.core.notifications.models import Notification
from dxoffice.core.notifications.text import language_of
from dxoffice.core.registry import registry

logger = logging.getLogger(__name__)


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
    return Envelope(
        user, subject, text, html, notifications=(notification,), attachments=attachments_for([notification])
    )


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
    return Envelope(
        user,
        subject,
        text,
        html,
        notifications=tuple(notifications),
        digest=True,
        attachments=attachments_for(notifications),
    )


def kind_attachments(code: str, target: Any) -> tuple[Attachment, ...]:
    """The files a notification kind's e-mails carry for this target (none if the kind names no
    callable or the target is gone). A failing callable is logged: the e-mail goes without them."""
    kind = registry.notification_kind(code)
    if kind is None or kind.attachments is None or target is None:
        return ()
    make = import_string(kind.attachments) if isinstance(kind.attachments, str) else kind.attachments
    try:
        return tuple(make(target))
    except Exception:
        logger.exception("Attachments of %s could not be made", code)
        return ()


def attachments_for(notifications: Sequence[Notification]) -> tuple[Attachment, ...]:
    """Each notification's files, every file name once (a digest with two reminders of one meeting
    carries its .ics once)."""
    files: dict[str, Attachment] = {}
    for notification in notifications:
        kind = registry.notification_kind(notification.kind)
        if kind is None or kind.attachments is None:
            continue  # no query for the target of a kind without files
        for attachment in kind_attachments(notification.kind, notification.target):
            files.setdefault(attachment.filename, attachment)
    return tuple(files.values())


def guest_envelope(
    *, address: str, name: str, language: str, kind: str, title: str, body: str, url: str, target: Any
) -> Envelope:
    """An e-mail to a guest with no account: no inbox or preferences to point to."""
    with translation.override(language):
        context = {
            "name": name or address,
            "kind_label": _kind_label(kind),
            "title": title,
            "body": body,
            "url": absolute_url(url),
            "kind": kind,
        }
        subject = _("[dxoffice] %(title)s") % {"title": title}
        text = render_to_string("notifications/email/guest.txt", context)
        html = render_to_string("notifications/email/guest.html", context)
    return Envelope(None, subject, text, html, address=address, attachments=kind_attachments(kind, target))
