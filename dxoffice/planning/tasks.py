"""Background tasks of the planning module (huey).

Periodic tasks only run inside a huey consumer (`dxoffice run_huey`, production). The embedded
set-up uses MemoryHuey in immediate mode, which runs queued tasks in-process but has no scheduler,
so there `dxoffice send_reminders` is run by hand or from cron (see docs/deploy.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from dxoffice.planning.reminders import send_reminders

REMINDER_HOUR = 7  # local time (settings.TIME_ZONE, Asia/Ho_Chi_Minh)
_at_reminder_time = crontab(minute="0", hour=str(REMINDER_HOUR))


def daily_at_reminder_time(timestamp: datetime) -> bool:
    """Huey's crontab test, evaluated in the project's time zone.

    Huey hands periodic checks a naive timestamp in UTC (its default, `utc=True`), or in the
    process's local time when `utc=False`; 07:00 in Cà Mau is 00:00 UTC, so convert first.
    """
    if HUEY.utc:
        timestamp = timestamp.replace(tzinfo=UTC).astimezone(ZoneInfo(settings.TIME_ZONE))
    return _at_reminder_time(timestamp)


@db_periodic_task(daily_at_reminder_time)
def daily_reminders() -> str:
    """Reminders and escalations as notifications, then the day's digest e-mails."""
    return send_reminders().summary()
