"""Channels: the ways a notification reaches a person, adapters behind one interface.

- `InAppChannel` stores the notification; the bell and the list read it. Always on.
- Outward channels carry what the person chose to get by e-mail (at once, or in the daily digest):
  `EmailChannel` is built in; `RecordingChannel` records what it would send (tests, trials);
  SMS and Zalo Official Account are adapters to add (docs/architecture.md, "Notifications").

settings.DXOFFICE_NOTIFICATION_CHANNELS lists the outward channels by dotted path.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from dxoffice.core.models import User
from dxoffice.core.notifications.models import Notification

logger = logging.getLogger(__name__)

DEFAULT_CHANNELS = ["dxoffice.core.notifications.channels.EmailChannel"]


@dataclass(frozen=True)
class Attachment:
    """A file an e-mail carries (an invitation's .ics)."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


@dataclass(frozen=True)
class Envelope:
    """What one channel delivers to one person: one notification, or a day's digest of several.
    A guest without an account has no `recipient`, only an `address`."""

    recipient: User | None
    subject: str
    text: str
    html: str = ""
    notifications: tuple[Notification, ...] = ()
    digest: bool = False
    address: str = ""
    attachments: tuple[Attachment, ...] = ()

    @property
    def to(self) -> str:
        return self.recipient.email if self.recipient is not None else self.address

    @property
    def who(self) -> str:
        return self.recipient.username if self.recipient is not None else self.address


class Channel(ABC):
    code: ClassVar[str]

    def can_reach(self, user: User) -> bool:
        """Does the person have an address on this channel?"""
        return True

    def can_reach_address(self, address: str) -> bool:
        """Can it carry a message to a guest known only by an e-mail address?"""
        return False

    def reaches(self, envelope: Envelope) -> bool:
        if envelope.recipient is not None:
            return self.can_reach(envelope.recipient)
        return bool(envelope.address) and self.can_reach_address(envelope.address)

    @abstractmethod
    def send(self, envelope: Envelope) -> None:
        """Deliver the envelope, or raise."""


class InAppChannel(Channel):
    """Stores notifications: the bell and the list read them. A notification already stored under
    the same dedupe key for the same person (by a concurrent run) is skipped and keeps no primary
    key."""

    code = "in_app"

    def send(self, envelope: Envelope) -> None:
        self.store([n for n in envelope.notifications if n.pk is None])

    def store(self, notifications: Sequence[Notification]) -> list[Notification]:
        """Insert them in one query (however many people are told); only when one clashes with a
        row stored meanwhile, one by one, skipping the clashing ones. Returns those stored."""
        try:
            with transaction.atomic():
                return Notification.objects.bulk_create(notifications)
        except IntegrityError:
            pass
        stored = []
        for notification in notifications:
            notification.pk = None
            try:
                with transaction.atomic():
                    notification.save(force_insert=True)
            except IntegrityError:
                notification.pk = None
            else:
                stored.append(notification)
        return stored


class EmailChannel(Channel):
    code = "email"

    def can_reach(self, user: User) -> bool:
        return bool(user.email)

    def can_reach_address(self, address: str) -> bool:
        return True

    def send(self, envelope: Envelope) -> None:
        message = EmailMultiAlternatives(subject=envelope.subject, body=envelope.text, to=[envelope.to])
        if envelope.html:
            message.attach_alternative(envelope.html, "text/html")
        for attachment in envelope.attachments:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
        message.send()


class RecordingChannel(Channel):
    """Sends nothing; keeps every envelope in `RecordingChannel.sent` (clear it between tests)."""

    code = "recording"
    sent: ClassVar[list[Envelope]] = []

    def can_reach(self, user: User) -> bool:
        return bool(user.email)

    def can_reach_address(self, address: str) -> bool:
        return True

    def send(self, envelope: Envelope) -> None:
        RecordingChannel.sent.append(envelope)

    @classmethod
    def clear(cls) -> None:
        cls.sent.clear()


def outward_channels() -> list[Channel]:
    paths = getattr(settings, "DXOFFICE_NOTIFICATION_CHANNELS", DEFAULT_CHANNELS)
    return [import_string(path)() for path in paths]


def reachable(user: User, channels: list[Channel]) -> bool:
    return any(channel.can_reach(user) for channel in channels)


def deliver(envelope: Envelope, channels: list[Channel]) -> bool:
    """Send through every channel that reaches the person; True when at least one did. A failing
    channel is logged and does not stop the others."""
    delivered = False
    for channel in channels:
        if not channel.reaches(envelope):
            continue
        try:
            channel.send(envelope)
        except Exception:
            logger.exception("Channel %s failed for %s", channel.code, envelope.who)
        else:
            delivered = True
    return delivered
