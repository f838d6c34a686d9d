"""The full recompute of a framework version, as a background job with visible progress. It calls the
same function approval does, period by period, so both give the same numbers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dxoffice.core.periods import Period
from dxoffice.indicators.models import DataValue, FrameworkVersion, ValueStatus
from dxoffice.indicators.services.recompute import recompute_period


def periods_with_values(version: FrameworkVersion) -> list[str]:
    found = (
        DataValue.objects.filter(indicator__version=version, status=ValueStatus.APPROVED)
        .values_list("period", flat=True)
        .distinct()
    )
    return sorted(set(found), key=Period.parse)


def full_recompute(version: FrameworkVersion, progress: Any = None) -> dict[str, int]:
    periods = periods_with_values(version)
    scores = 0
    for n, period in enumerate(periods, start=1):
        scores += recompute_period(version, period).index_scores
        if progress is not None:
            progress.update(int(100 * n / len(periods)), _("Period %(period)s done") % {"period": period})
    return {"periods": len(periods), "index_scores": scores}


def run_full_recompute(job: Any, progress: Any) -> dict[str, int]:
    version = FrameworkVersion.objects.get(pk=job.params["version"])
    return full_recompute(version, progress)
