"""E-mails sent at once go out on huey (in process when embedded, a worker in production): a
request that tells many people never waits for the mail server."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from huey.contrib.djhuey import db_task

from dxoffice.core.notifications.channels import Envelope, deliver, outward_channels, reachable
from dxoffice.core.notifications.emails import immediate_envelope
from dxoffice.core.notifications.models import EmailMode, Notification


def send_immediate(ids: Sequence[int]) -> int:
    """E-mail these notifications now; one that cannot go out waits for the next digest. Returns
    how many went out."""
    channels = outward_channels()
    sent: list[int] = []
    failed: list[int] = []
    pending = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("recipient")
    for notification in pending:
        if reachable(notification.recipient, channels):
            (sent if deliver(immediate_envelope(notification), channels) else failed).append(notification.pk)
    if sent:
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    if failed:
        Notification.objects.filter(pk__in=failed).update(email_mode=EmailMode.DIGEST)
    return len(sent)


@db_task(retries=0)
def send_immediate_task(ids: list[int]) -> None:
    send_immediate(ids)  # no result kept: the rows record what went out


def send_guest_envelopes(envelopes: Sequence[Envelope]) -> int:
    """E-mail guests (no account, so no digest to fall back on: a failure is logged)."""
    channels = outward_channels()
    return sum(1 for envelope in envelopes if deliver(envelope, channels))


@db_task(retries=0)
def send_guest_envelopes_task(envelopes: list[Envelope]) -> None:
    send_guest_envelopes(envelopes)
