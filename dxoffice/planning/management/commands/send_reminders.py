"""`dxoffice send_reminders [--date YYYY-MM-DD] [--dry-run]`: send today's reminder digests.

Production runs this daily through the huey worker (planning.tasks.daily_reminders); embedded
installations run this command by hand or from cron. Running it twice a day sends nothing twice.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from dxoffice.planning.reminders import send_reminders


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date: “{value}” is not a date; use YYYY-MM-DD, e.g. 2026-03-31.") from exc


class Command(BaseCommand):
    help = "E-mail each lead unit's focal points and coordinators their daily reminder digest."

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", help="The day to remind for (YYYY-MM-DD); default today.")
        parser.add_argument("--dry-run", action="store_true", help="Show who would get what; send nothing.")

    def handle(self, *args, day=None, dry_run=False, **options):
        run = send_reminders(_parse_day(day) if day else None, dry_run=dry_run)
        if dry_run or options["verbosity"] > 1:
            for digest in run.digests:
                kinds = ", ".join(f"{title}: {len(items)}" for title, items in digest.groups())
                self.stdout.write(f"  {digest.user.username} <{digest.user.email}>: {kinds}")
        self.stdout.write(run.summary())
        if run.failed:
            raise CommandError(f"{run.failed} digest(s) could not be sent; see the log. Run again to retry.")
