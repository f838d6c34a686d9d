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

import hashlib
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dxoffice.core.models import User
from dxoffice.core.notifications import tasks
from dxoffice.core.notifications.channels import (
    Channel,
    Envelope,
    InAppChannel,
    deliver,
    outward_channels,
    reachable,
)
from dxoffice.core.notifications.emails import digest_envelope, guest_envelope
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
    "Guest",
    "Message",
    "Text",
    "email_paused",
    "first_time",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notify",
    "notify_guests",
    "preferences_save",
    "send_digests",
]

logger = logging.getLogger(__name__)

TITLE_LENGTH = Notification._meta.get_field("title").max_length or 300
DIGEST_HORIZON_DAYS = 7  # a digest carries what is newer; older items are no longer e-mailed

_email_paused: ContextVar[bool] = ContextVar("dxoffice_notifications_email_paused", default=False)


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


@contextmanager
def email_paused() -> Iterator[None]:
    """Notifications made inside are stored (the bell shows them) but never e-mailed, neither at
    once nor in a digest: for loads of data nobody waits to hear about (the demo loader). Wrap the
    whole transaction: receivers of signals sent after commit run inside it too."""
    token = _email_paused.set(True)
    try:
        yield
    finally:
        _email_paused.reset(token)


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
    notifications created. A fixed number of queries, however many people are told."""
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
    if _email_paused.get():
        modes = {user.pk: EmailMode.OFF.value for user in people}
    else:
        modes = email_modes(people, registered)
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    texts: dict[str, tuple[str, str]] = {}  # rendered once per language
    notifications = []
    for user in people:
        language = language_of(user)
        if language not in texts:
            with translation.override(language):
                texts[language] = (render(title)[:TITLE_LENGTH], render(body))
        notifications.append(
            Notification(
                recipient=user,
                kind=kind,
                title=texts[language][0],
                body=texts[language][1],
                url=url[:500],
                target_type=target_type,
                target_id=target.pk if target is not None else None,
                actor=by,
                dedupe_key=dedupe_key[:200],
                email_mode=modes[user.pk],
            )
        )
    created = InAppChannel().store(notifications)
    immediate = [n.pk for n in created if n.email_mode == EmailMode.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: _send_immediate_later(immediate))
    return created


@dataclass(frozen=True)
class Guest:
    """Someone told by e-mail who has no account (a meeting's external guest)."""

    email: str
    name: str = ""
    language: str = "vi"


def _guest_key(dedupe_key: str, email: str) -> str:
    key = f"guest:{dedupe_key}:{email.strip().lower()}"
    return key if len(key) <= 200 else "guest:" + hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def notify_guests(
    *,
    kind: str,
    guests: Iterable[Guest],
    title: Text,
    body: Text = "",
    url: str = "",
    target: models.Model | None = None,
    by: User,
    dedupe_key: str,
) -> int:
    """E-mail people without an account, in their language, with the kind's attachments: after
    commit, through the outward channels that reach an address; never twice for the same dedupe key
    and address. Nothing is stored under a bell (they have none). Returns how many were queued."""
    _require_actor(by)
    if registry.notification_kind(kind) is None:
        raise ValueError(f"notification kind {kind!r} is not registered")
    if not dedupe_key:
        raise ValueError("notify_guests needs a dedupe_key")
    wanted: dict[str, Guest] = {}
    for guest in guests:
        if guest.email.strip():
            wanted.setdefault(_guest_key(dedupe_key, guest.email), guest)
    if _email_paused.get() or not wanted:
        return 0
    fresh = first_time(wanted)
    envelopes = []
    for key in sorted(fresh):
        guest = wanted[key]
        with translation.override(guest.language):
            rendered_title, rendered_body = render(title)[:TITLE_LENGTH], render(body)
        envelopes.append(
            guest_envelope(
                address=guest.email.strip(),
                name=guest.name,
                language=guest.language,
                kind=kind,
                title=rendered_title,
                body=rendered_body,
                url=url,
                target=target,
            )
        )
    if envelopes:
        transaction.on_commit(lambda: _send_guests_later(envelopes))
    return len(envelopes)


def _send_guests_later(envelopes: list[Envelope]) -> None:
    try:
        tasks.send_guest_envelopes_task(envelopes)
    except Exception:
        logger.exception("Guests' e-mails could not be queued")


def _send_immediate_later(ids: list[int]) -> None:
    """Queue the e-mails sent at once; if the queue cannot be reached, the digest carries them."""
    try:
        tasks.send_immediate_task(ids)
    except Exception:
        logger.exception("Immediate e-mails could not be queued; they go in the next digest")
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(email_mode=EmailMode.DIGEST)


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


def notifications_settle(*, kind: str, target: models.Model) -> int:
    """The thing a kind of notification asked for is done (a report waiting for review has been
    reviewed, by whoever): everyone's unread copies are marked read and no longer e-mailed, so the
    bell and the digest hold only what still waits."""
    copies = Notification.objects.filter(
        kind=kind,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        read_at__isnull=True,
    )
    copies.filter(emailed_at__isnull=True).exclude(email_mode=EmailMode.IMMEDIATE).update(
        email_mode=EmailMode.OFF
    )
    return copies.update(read_at=timezone.now())


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


def _digest_due() -> models.Q:
    return models.Q(email_mode=EmailMode.DIGEST, emailed_at__isnull=True)


def _horizon() -> datetime:
    return timezone.now() - timedelta(days=DIGEST_HORIZON_DAYS)


def pending_digests() -> list[Digest]:
    """Per person, the digest-mode notifications not yet e-mailed, of the last DIGEST_HORIZON_DAYS."""
    rows = Notification.objects.filter(
        _digest_due(), created_at__gte=_horizon(), recipient__is_active=True
    ).select_related("recipient")
    digests: dict[int, Digest] = {}
    for notification in rows.order_by("recipient_id", "created_at", "pk"):
        digests.setdefault(
            notification.recipient_id, Digest(notification.recipient, [])
        ).notifications.append(notification)
    return sorted(digests.values(), key=lambda digest: digest.user.username)


def send_digests(day: date, *, dry_run: bool = False) -> DigestRun:
    """One e-mail per person per day gathering their digest notifications not yet e-mailed.
    Safe to run again: a person's digest is logged with the send, so nothing goes twice.

    Items older than DIGEST_HORIZON_DAYS (of people without an address, or inactive) are no longer
    e-mailed: they stay under the bell, and the daily run does not carry them for ever."""
    run = DigestRun(day=day, dry_run=dry_run)
    if not dry_run:
        Notification.objects.filter(_digest_due(), created_at__lt=_horizon()).update(email_mode=EmailMode.OFF)
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
