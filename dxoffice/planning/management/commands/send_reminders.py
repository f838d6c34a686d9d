"""`dxoffice send_reminders [--date YYYY-MM-DD] [--dry-run]`: the daily job by hand.

It creates today's reminders and escalations as notifications, then sends the day's digest e-mails
(core.notifications). Production runs it daily at 07:00 through the huey worker
(planning.tasks.daily_reminders); embedded installations run this command by hand or from cron.
Running it twice a day creates and sends nothing twice.
"""

from collections import Counter
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dxoffice.planning.reminders import send_reminders


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date: “{value}” is not a date; use YYYY-MM-DD, e.g. 2026-03-31.") from exc


class Command(BaseCommand):
    help = "Notify lead units of overdue work, deadlines and missing reports; send the daily digest e-mails."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", dest="day", help="The day to remind for (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show who would be told what; change nothing."
        )

    def handle(self, *args: Any, day: str | None = None, dry_run: bool = False, **options: Any) -> None:
        run = send_reminders(_parse_day(day) if day else None, dry_run=dry_run)
        if dry_run or options["verbosity"] > 1:
            for user, notices in sorted(run.told.values(), key=lambda pair: pair[0].username):
                counts = Counter(notice.kind for notice in notices)
                kinds = ", ".join(f"{kind}: {count}" for kind, count in counts.items())
                self.stdout.write(f"  {user.username} <{user.email}>: {kinds}")
        self.stdout.write(run.summary())
        if run.digest and run.digest.failed:
            raise CommandError(
                f"{run.digest.failed} digest(s) could not be sent; see the log. Run again to retry."
            )
