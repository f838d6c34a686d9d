"""Figures other modules publish (core.registry DataSources) as indicator values: an indicator whose
data source is "another module" names the source's code; its values are read from the source and
refreshed whenever the source announces a change (core.signals.data_source_changed)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dxoffice.core.actors import system_actor
from dxoffice.core.models import GOVERNMENT_KINDS, OrgUnit
from dxoffice.core.periods import Period
from dxoffice.core.registry import registry
from dxoffice.indicators.models import DataValue, Indicator, PeriodType, SourceKind, ValueStatus
from dxoffice.indicators.models.frameworks import PERIOD_KIND
from dxoffice.indicators.services.incremental import recompute_units

EVENT = "indicators.value_from_source"


def source_registered(indicator: Indicator) -> bool:
    return registry.data_source(indicator.source_code) is not None


def _units_for(indicator: Indicator, unit_ids: Iterable[int] | None) -> list[int]:
    units = OrgUnit.objects.filter(kind__in=indicator.unit_kinds or list(GOVERNMENT_KINDS))
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    return list(units.values_list("pk", flat=True))


@transaction.atomic
def refresh_from_source(
    *, indicator: Indicator, period: str, unit_ids: Iterable[int] | None = None
) -> int | None:
    """Read the indicator's values for `period` from its data source and store them approved (a
    module's figures need no second approval), then recompute the period. None when the source is not
    registered: nothing changes, and the screens say the source is missing."""
    source = registry.data_source(indicator.source_code)
    if source is None:
        return None
    if PERIOD_KIND.get(PeriodType(indicator.period_type)) != Period.parse(period).kind:
        return 0
    ids = _units_for(indicator, unit_ids)
    figures = source.values(period, ids) if ids else {}
    existing = {
        v.unit_id: v for v in DataValue.objects.filter(indicator=indicator, period=period, unit_id__in=ids)
    }
    new, changed = [], []
    for unit_id, figure in figures.items():
        if unit_id not in ids:
            continue
        value = Decimal(str(figure)).quantize(Decimal("0.000001"))
        record = existing.get(unit_id)
        if record is None:
            new.append(
                DataValue(
                    indicator=indicator,
                    unit_id=unit_id,
                    period=period,
                    value=value,
                    status=ValueStatus.APPROVED,
                )
            )
        elif record.value != value or record.status != ValueStatus.APPROVED:
            record.value, record.status = value, ValueStatus.APPROVED
            changed.append(record)
    actor = system_actor()
    attrs = {"history_event": EVENT}
    if new:
        bulk_create_with_history(
            new, DataValue, batch_size=1000, default_user=actor, custom_historical_attrs=attrs
        )
    if changed:
        bulk_update_with_history(
            changed,
            DataValue,
            ["value", "status"],
            batch_size=1000,
            default_user=actor,
            custom_historical_attrs=attrs,
        )
    if new or changed:
        recompute_units(indicator.version, period, {value.unit_id for value in [*new, *changed]})
    return len(new) + len(changed)


def on_data_source_changed(
    sender: Any,
    code: str = "",
    unit_ids: Iterable[int] | None = None,
    periods: Iterable[str] = (),
    **kwargs: Any,
) -> None:
    """Receiver of core.signals.data_source_changed: refresh every indicator fed by that source."""
    indicators = Indicator.objects.filter(
        source=SourceKind.MODULE, source_code=code, version__archived_at__isnull=True
    )
    ids = list(unit_ids) if unit_ids is not None else None
    for indicator in indicators.select_related("version"):
        for period in periods or ():
            refresh_from_source(indicator=indicator, period=period, unit_ids=ids)
