"""What the services share: the local date and the announcement that published figures changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from dxoffice.core.periods import MONTH, QUARTER, Period
from dxoffice.core.signals import data_source_changed

ENTERPRISES_SUPPORTED = "partners.enterprises_supported"
COMMITMENTS_MET_SHARE = "partners.commitments_met_share"
SMES_SUPPORTED_SHARE = "partners.smes_supported_share"


def unit_and_ancestors(path: str) -> list[int]:
    """The ids on a unit's materialised path ("/1/7/42/"): the unit and every unit above it, whose
    subtree figures a change in the unit moves."""
    return [int(part) for part in path.strip("/").split("/") if part.isdigit()]


def local_today() -> date:
    return timezone.localdate()


def periods_from(day: date, until: date) -> list[str]:
    """The codes of every year, quarter and month from the one holding `day` to the one holding
    `until`: the periods whose figures a change on `day` can move (figures that count up to a
    period's end)."""
    codes: list[str] = []
    for year in range(day.year, max(day.year, until.year) + 1):
        codes.append(str(year))
        for quarter in range(1, 5):
            period = Period(year, QUARTER, quarter)
            if period.end >= day and period.start <= max(day, until):
                codes.append(period.code)
        for month in range(1, 13):
            period = Period(year, MONTH, month)
            if period.end >= day and period.start <= max(day, until):
                codes.append(period.code)
    return codes


def periods_of(day: date) -> list[str]:
    return [str(day.year), Period.containing(day, QUARTER).code, Period.containing(day, MONTH).code]


def announce(
    code: str, unit_ids: Iterable[int | None], days: Iterable[date | None], *, cumulative: bool = False
) -> None:
    """Tell the readers of data source `code`, after commit, whose figures changed and in which
    periods: those holding each day, or (`cumulative`, figures counted up to a period's end) every
    period from each day to today."""
    units = sorted({int(pk) for pk in unit_ids if pk})
    today = local_today()
    periods: set[str] = set()
    for day in days:
        if day is not None:
            periods.update(periods_from(day, today) if cumulative else periods_of(day))
    if not units or not periods:
        return
    ordered = sorted(periods)
    transaction.on_commit(
        lambda: data_source_changed.send(sender=Period, code=code, unit_ids=units, periods=ordered)
    )
