"""Background tasks of the partners module (huey): the daily commitment notices at 07:00 local
time, the hour of the program's reminders. Huey hands periodic checks a naive UTC timestamp (its
default), so it is converted to the project's time zone first."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from dxoffice.partners.reminders import send_commitment_reminders
from dxoffice.partners.services.common import local_today

_at_seven = crontab(minute="0", hour="7")


def at_seven_local(timestamp: datetime) -> bool:
    if HUEY.utc:
        timestamp = timestamp.replace(tzinfo=UTC).astimezone(ZoneInfo(settings.TIME_ZONE))
    return bool(_at_seven(timestamp))


@db_periodic_task(at_seven_local)
def daily_commitment_reminders() -> int:
    return send_commitment_reminders(local_today())
