"""Send training's daily reminders: sessions starting tomorrow, certificates expiring soon."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dxoffice.training import timeutil
from dxoffice.training.reminders import class_reminders, expiry_reminders


class Command(BaseCommand):
    help = "Send training's daily reminders (class sessions tomorrow, certificates expiring within 30 days)."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timeutil.local_today()
        sessions = class_reminders(today)
        expiring = expiry_reminders(today)
        self.stdout.write(f"class reminders: {sessions}; expiry reminders: {expiring}")
