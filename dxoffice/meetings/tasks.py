"""Background tasks of the meetings module (huey): the daily reminders of meetings starting within a
day and the closing of written consultations past their deadline, at 07:00 local time, the hour of
the program's reminders (as planning and partners register theirs). Huey hands periodic checks a
naive UTC timestamp (its default), so it is converted to the project's time zone first. Embedded
installations run `dxoffice meeting_reminders` from cron instead."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from dxoffice.meetings.reminders import run_daily

_at_seven = crontab(minute="0", hour="7")


def at_seven_local(timestamp: datetime) -> bool:
    if HUEY.utc:
        timestamp = timestamp.replace(tzinfo=UTC).astimezone(ZoneInfo(settings.TIME_ZONE))
    return bool(_at_seven(timestamp))


@db_periodic_task(at_seven_local)
def daily_meeting_reminders() -> str:
    told, closed = run_daily()
    return f"{told} reminders, {closed} consultations closed"
