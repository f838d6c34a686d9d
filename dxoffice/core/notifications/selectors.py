"""Reads of notifications. A person only ever reads their own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from dxoffice.core.models import User
from dxoffice.core.notifications.models import EmailMode, Notification, NotificationPreference
from dxoffice.core.registry import NotificationKind, registry


def notifications_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-pk")


def notification_for(user: User, pk: int) -> Notification:
    """One of the person's notifications; anyone else's raises Notification.DoesNotExist (a 404)."""
    return notifications_for(user).get(pk=pk)


def unread_count(user: User) -> int:
    """The bell's number: one count over the partial index of unread rows."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def default_mode(kind: NotificationKind) -> str:
    return kind.default_email if kind.default_email in EmailMode.values else EmailMode.DIGEST


def email_modes(users: Iterable[User], kind: NotificationKind) -> dict[int, str]:
    """How each person gets this kind by e-mail, in one query."""
    ids = [user.pk for user in users]
    modes = {pk: default_mode(kind) for pk in ids}
    chosen = NotificationPreference.objects.filter(user_id__in=ids, kind=kind.code).values_list(
        "user_id", "email"
    )
    modes.update(dict(chosen))
    return modes


@dataclass(frozen=True)
class PreferenceRow:
    kind: NotificationKind
    email: str
    is_default: bool


def preferences_of(user: User) -> list[PreferenceRow]:
    """Every registered kind with the person's choice (or the kind's default)."""
    chosen = dict(NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "email"))
    return [
        PreferenceRow(kind, chosen.get(kind.code, default_mode(kind)), kind.code not in chosen)
        for kind in registry.notification_kinds()
    ]


def already_told(keys: Iterable[str]) -> set[tuple[int, str]]:
    """(person id, dedupe key) pairs already notified, for these keys."""
    wanted = list(set(keys))
    if not wanted:
        return set()
    return set(Notification.objects.filter(dedupe_key__in=wanted).values_list("recipient_id", "dedupe_key"))
