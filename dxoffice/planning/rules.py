"""Business rules of the register that more than one write path or screen applies: one definition
each, used by the services, the Excel import, the API and the screens alike."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

ONE_DECIMAL = Decimal("0.1")


def disbursement_rate(disbursed: Decimal | int | None, allocated: Decimal | int | None) -> Decimal | None:
    """Disbursed as a percentage of allocated, rounded half up to one decimal; None when nothing is
    allocated. Every screen, export, report and the API show this figure."""
    if not allocated:
        return None
    rate = Decimal(disbursed or 0) * 100 / Decimal(allocated)
    return rate.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def budget_line_errors(
    *,
    year: int | None,
    program_years: range,
    planned: Decimal | None,
    allocated: Decimal | None,
    disbursed: Decimal | None,
) -> dict[str, list[str]]:
    """The rules of a budget line beyond its fields' own: {field: [messages]} (empty when valid)."""
    errors: dict[str, list[str]] = {}
    if year is not None and year not in program_years:
        errors.setdefault("year", []).append(_("%(year)s is outside the program years.") % {"year": year})
    for name, value in (("planned", planned), ("allocated", allocated), ("disbursed", disbursed)):
        if value is not None and value < 0:
            errors.setdefault(name, []).append(_("The amount cannot be negative."))
    if disbursed is not None and allocated is not None and disbursed > allocated:
        errors.setdefault("disbursed", []).append(_("Disbursed cannot exceed allocated."))
    return errors
