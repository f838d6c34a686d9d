"""Values by breakdown (sex, age group, area): reading the parts typed for an indicator, their total,
the check that they add up, and keeping them in their own table keyed to the value row. The value
row keeps the total, so scores and everything that reads values need no change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dxoffice.core.models import User
from dxoffice.indicators.entry import display_value, parse_value
from dxoffice.indicators.models import BreakdownTotal, DataValue, DataValuePart, Indicator

Parts = dict[str, Decimal | None]


def _name(indicator: Indicator) -> str:
    return f"{indicator.code} {indicator.localized_name}"


def parse_parts(indicator: Indicator, raw: object) -> Parts:
    """The parts typed for `indicator`, option code -> value (None when blank), read as its values
    are; an unknown option or a bad value is an error naming the indicator and the option."""
    breakdown = indicator.breakdown
    if breakdown is None:
        raise ValidationError(_("%(indicator)s has no breakdown.") % {"indicator": _name(indicator)})
    if not isinstance(raw, Mapping):
        raise ValidationError(
            _("%(indicator)s: the parts map each option's code to its value.")
            % {"indicator": _name(indicator)}
        )
    found: Parts = {}
    errors: list[str] = []
    for option, value in raw.items():
        if option not in breakdown.codes:
            errors.append(
                _("%(indicator)s: %(option)s is not an option of %(breakdown)s (%(options)s).")
                % {
                    "indicator": _name(indicator),
                    "option": str(option)[:20],
                    "breakdown": breakdown.localized_name,
                    "options": ", ".join(breakdown.codes),
                }
            )
            continue
        try:
            found[option] = parse_value(indicator, value).value
        except ValidationError as exc:
            errors.extend(
                _("%(option)s: %(message)s") % {"option": breakdown.option_label(option), "message": message}
                for message in exc.messages
            )
    if errors:
        raise ValidationError(errors)
    return found


def total_of(parts: Parts) -> Decimal | None:
    """The sum of the parts given; None when none is."""
    given = [value for value in parts.values() if value is not None]
    return sum(given, Decimal(0)) if given else None


def check_total(indicator: Indicator, total: Decimal | None, parts: Parts) -> None:
    """An entered total and a complete set of parts must agree."""
    if indicator.breakdown is None or indicator.breakdown_total != BreakdownTotal.ENTERED or total is None:
        return
    if any(parts.get(code) is None for code in indicator.breakdown.codes):
        return  # checked once every part is there (and on submit)
    added = total_of(parts)
    if added != total:
        raise ValidationError(
            _("%(indicator)s: the parts add up to %(sum)s, not to the total %(total)s.")
            % {
                "indicator": _name(indicator),
                "sum": display_value(indicator, added),
                "total": display_value(indicator, total),
            }
        )


def missing_parts(indicator: Indicator, parts: Parts) -> list[str]:
    """The options of the indicator's breakdown with no value yet, by name."""
    if indicator.breakdown is None:
        return []
    return [
        indicator.breakdown.option_label(code)
        for code in indicator.breakdown.codes
        if parts.get(code) is None
    ]


def parts_of(values: Iterable[DataValue]) -> dict[int, Parts]:
    """{value id: {option: value}} of the given value rows, in one query."""
    found: dict[int, Parts] = {}
    ids = [v.pk for v in values if v.pk]
    for value_id, option, number in DataValuePart.objects.filter(data_value_id__in=ids).values_list(
        "data_value_id", "option", "value"
    ):
        found.setdefault(value_id, {})[option] = number
    return found


def save_parts(records: Mapping[int, Parts], *, by: User, event: str) -> None:
    """Write the parts of each value row (id -> parts): changed ones updated, new ones created, each
    with its history row; a part cleared is kept empty, never deleted."""
    existing = {
        (p.data_value_id, p.option): p for p in DataValuePart.objects.filter(data_value_id__in=list(records))
    }
    new: list[DataValuePart] = []
    changed: list[DataValuePart] = []
    for value_id, parts in records.items():
        for option, number in parts.items():
            part = existing.get((value_id, option))
            if part is None:
                if number is not None:
                    new.append(DataValuePart(data_value_id=value_id, option=option, value=number))
            elif part.value != number:
                part.value = number
                changed.append(part)
    attrs = {"history_event": event}
    if new:
        bulk_create_with_history(
            new, DataValuePart, batch_size=1000, default_user=by, custom_historical_attrs=attrs
        )
    if changed:
        bulk_update_with_history(
            changed, DataValuePart, ["value"], batch_size=1000, default_user=by, custom_historical_attrs=attrs
        )
