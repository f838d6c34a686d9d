"""`dxoffice partners_reminders`: the day's notices of commitments due soon or late."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dxoffice.partners.reminders import send_commitment_reminders
from dxoffice.partners.services.common import local_today


class Command(BaseCommand):
    help = "Notify commitments due within two weeks or late (once per commitment and due date)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = send_commitment_reminders(local_today())
        self.stdout.write(f"{created} notifications")
