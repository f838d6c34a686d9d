"""`dxoffice meeting_reminders`: remind participants of tomorrow's meetings and close written
consultations past their deadline (run it hourly or with the daily job)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dxoffice.meetings.reminders import run_daily


class Command(BaseCommand):
    help = "Remind participants of meetings starting within a day; close written consultations past their deadline."

    def handle(self, *args: Any, **options: Any) -> None:
        told, closed = run_daily()
        self.stdout.write(f"{told} reminders, {closed} consultations closed")
