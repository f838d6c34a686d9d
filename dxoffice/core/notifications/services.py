"""The one way to tell people something: `notify(...)`, and the writes around it (mark read,
preferences, the daily digest).

    from dxoffice.core.notifications.services import Message, notify

    notify(
        kind="report.returned",  # registered by the module (core.registry.NotificationKind)
        recipients=[report.submitted_by],
        title=Message(gettext_lazy("Report %(period)s returned"), period=report.period),
        body=report.review_comment,
        url=reverse("planning:report_edit", args=[report.pk]),
        target=report,
        by=reviewer,
        dedupe_key=f"report.returned:{report.pk}:{report.reviewed_at:%s}",
    )
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dxoffice.core.models import User
from dxoffice.core.notifications.channels import (
    Channel,
    Envelope,
    InAppChannel,
    deliver,
    outward_channels,
    reachable,
)
from dxoffice.core.notifications.emails import digest_envelope, immediate_envelope
from dxoffice.core.notifications.models import (
    DigestLog,
    EmailMode,
    Notification,
    NotificationPreference,
    OnceMark,
)
from dxoffice.core.notifications.selectors import email_modes
from dxoffice.core.notifications.text import Message, Text, language_of, render
from dxoffice.core.registry import registry
from dxoffice.core.services import save_audited

__all__ = [
    "DigestRun",
    "Message",
    "Text",
    "first_time",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notify",
    "preferences_save",
    "send_digests",
]

logger = logging.getLogger(__name__)

TITLE_LENGTH = Notification._meta.get_field("title").max_length or 300


def _require_actor(by: User | None) -> None:
    if by is None or not getattr(by, "pk", None):
        raise ValueError("notify needs an actor: pass by=<user> or by=system_actor()")


def _people(recipients: Iterable[User], by: User) -> list[User]:
    """Each active person once, without the one who acted (nobody is told of their own action)."""
    people: dict[int, User] = {}
    for user in recipients:
        if user is not None and user.pk and user.is_active and user.pk != by.pk:
            people.setdefault(user.pk, user)
    return list(people.values())


@transaction.atomic
def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    title: Text,
    body: Text = "",
    url: str = "",
    target: models.Model | None = None,
    by: User,
    dedupe_key: str = "",
) -> list[Notification]:
    """Store one in-app notification per recipient (never twice for the same dedupe key and
    person), with its texts in that person's language, and send it on per their choice for this
    kind: e-mail at once (after commit), in the next daily digest, or not at all. Returns the
    notifications created."""
    _require_actor(by)
    registered = registry.notification_kind(kind)
    if registered is None:
        raise ValueError(f"notification kind {kind!r} is not registered")
    people = _people(recipients, by)
    if dedupe_key and people:
        told = set(
            Notification.objects.filter(recipient__in=people, dedupe_key=dedupe_key).values_list(
                "recipient_id", flat=True
            )
        )
        people = [user for user in people if user.pk not in told]
    if not people:
        return []
    modes = email_modes(people, registered)
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    in_app = InAppChannel()
    created: list[Notification] = []
    for user in people:
        with translation.override(language_of(user)):
            notification = Notification(
                recipient=user,
                kind=kind,
                title=render(title)[:TITLE_LENGTH],
                body=render(body),
                url=url[:500],
                target_type=target_type,
                target_id=target.pk if target is not None else None,
                actor=by,
                dedupe_key=dedupe_key[:200],
                email_mode=modes[user.pk],
            )
        in_app.send(Envelope(user, notification.title, notification.body, notifications=(notification,)))
        if notification.pk is not None:
            created.append(notification)
    immediate = [n.pk for n in created if n.email_mode == EmailMode.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: send_immediate(immediate))
    return created


def send_immediate(ids: Sequence[int]) -> int:
    """E-mail these notifications now; one that cannot go out waits for the next digest."""
    channels = outward_channels()
    sent = 0
    pending = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("recipient")
    for notification in pending:
        if not reachable(notification.recipient, channels):
            continue
        if deliver(immediate_envelope(notification), channels):
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
        else:
            Notification.objects.filter(pk=notification.pk).update(email_mode=EmailMode.DIGEST)
    return sent


# Reading ---------------------------------------------------------------------------------------


def notification_mark_read(*, by: User, notification: Notification) -> Notification:
    if notification.recipient_id != by.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, by: User) -> int:
    return Notification.objects.filter(recipient_id=by.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# Preferences -----------------------------------------------------------------------------------


@transaction.atomic
def preferences_save(*, by: User, user: User, choices: Mapping[str, str]) -> list[NotificationPreference]:
    """Save a person's e-mail choice per kind ("immediate", "digest" or "off"). People choose for
    themselves only."""
    if by.pk != user.pk:
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    for code, mode in choices.items():
        if registry.notification_kind(code) is None:
            errors.setdefault("kind", []).append(_("Unknown notification kind “%(kind)s”.") % {"kind": code})
        elif mode not in EmailMode.values:
            errors.setdefault(code, []).append(_("Choose at once, daily digest or no e-mail."))
    if errors:
        raise ValidationError(errors)
    current = {
        pref.kind: pref for pref in NotificationPreference.objects.filter(user=user, kind__in=list(choices))
    }
    saved = []
    for code, mode in choices.items():
        preference = current.get(code) or NotificationPreference(user=user, kind=code)
        if preference.pk is None or preference.email != mode:
            preference.email = mode
            save_audited(preference, by=by, event="notification.preference_changed")
        saved.append(preference)
    return saved


# Once marks ------------------------------------------------------------------------------------


def first_time(keys: Iterable[str]) -> set[str]:
    """Mark these keys; return those never marked before (in two queries)."""
    wanted = set(keys)
    if not wanted:
        return set()
    known = set(OnceMark.objects.filter(key__in=wanted).values_list("key", flat=True))
    new = wanted - known
    OnceMark.objects.bulk_create([OnceMark(key=key) for key in sorted(new)], ignore_conflicts=True)
    return new


# The daily digest ------------------------------------------------------------------------------


@dataclass
class Digest:
    user: User
    notifications: list[Notification]


@dataclass
class DigestRun:
    """What one digest run did (or, with dry_run, would do)."""

    day: date
    dry_run: bool = False
    digests: list[Digest] = field(default_factory=list)  # sent, or that would be sent
    already_sent: int = 0  # people who had today's digest already
    no_email: int = 0  # people with something to hear but no address
    failed: int = 0  # sends that raised; nothing recorded, so the next run retries them

    @property
    def sent(self) -> int:
        return len(self.digests)

    @property
    def items(self) -> int:
        return sum(len(digest.notifications) for digest in self.digests)

    def summary(self) -> str:
        verb = "would send" if self.dry_run else "sent"
        return (
            f"{verb} {self.sent} digest(s) with {self.items} item(s); {self.already_sent} already sent "
            f"today, {self.no_email} without an e-mail address, {self.failed} failed"
        )


def pending_digests() -> list[Digest]:
    """Per person, the digest-mode notifications not yet e-mailed."""
    rows = Notification.objects.filter(
        email_mode=EmailMode.DIGEST, emailed_at__isnull=True, recipient__is_active=True
    ).select_related("recipient")
    digests: dict[int, Digest] = {}
    for notification in rows.order_by("recipient_id", "created_at", "pk"):
        digests.setdefault(
            notification.recipient_id, Digest(notification.recipient, [])
        ).notifications.append(notification)
    return sorted(digests.values(), key=lambda digest: digest.user.username)


def send_digests(day: date, *, dry_run: bool = False) -> DigestRun:
    """One e-mail per person per day gathering their digest notifications not yet e-mailed.
    Safe to run again: a person's digest is logged with the send, so nothing goes twice."""
    run = DigestRun(day=day, dry_run=dry_run)
    channels = outward_channels()
    already = set(DigestLog.objects.filter(day=day).values_list("user_id", flat=True))
    for digest in pending_digests():
        if digest.user.pk in already:
            run.already_sent += 1
        elif not reachable(digest.user, channels):
            run.no_email += 1
        elif dry_run:
            run.digests.append(digest)
        else:
            _send_digest(run, digest, channels)
    return run


class _NotDelivered(Exception):
    pass


def _send_digest(run: DigestRun, digest: Digest, channels: list[Channel]) -> None:
    envelope = digest_envelope(digest.user, digest.notifications, run.day)
    try:
        with transaction.atomic():
            DigestLog.objects.create(user=digest.user, day=run.day, item_count=len(digest.notifications))
            Notification.objects.filter(pk__in=[n.pk for n in digest.notifications]).update(
                emailed_at=timezone.now()
            )
            if not deliver(envelope, channels):
                raise _NotDelivered
    except IntegrityError:
        run.already_sent += 1  # another run sent it in the meantime
    except _NotDelivered:
        logger.error("The digest for %s could not be sent", digest.user.username)
        run.failed += 1
    else:
        run.digests.append(digest)
