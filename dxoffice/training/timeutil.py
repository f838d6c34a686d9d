"""The local date of the province (Asia/Ho_Chi_Minh), which completions and coverage are dated by."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def local_today() -> date:
    return timezone.localdate()


def now() -> datetime:
    """The current moment (a QR check-in is taken only around its session)."""
    return timezone.now()
