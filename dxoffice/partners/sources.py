"""The figures the partners module publishes for its siblings (core.registry.DataSource)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q

from dxoffice.core.models import OrgUnit
from dxoffice.core.periods import Period
from dxoffice.partners.figures import SME_SIZES
from dxoffice.partners.models import (
    Commitment,
    CommitmentStatus,
    Enterprise,
    EnterpriseStatus,
    SupportCase,
)


def _period(code: str) -> Period | None:
    try:
        return Period.parse(code)
    except ValidationError:
        return None


def enterprises_supported(period: str, unit_ids: Sequence[int]) -> Mapping[int, Decimal]:
    """Verified enterprises with a support case resolved in the period, per unit (its subtree
    included: a commune counts its own, the province all)."""
    parsed = _period(period)
    if parsed is None or not unit_ids:
        return {}
    paths = dict(OrgUnit.objects.filter(pk__in=list(unit_ids)).values_list("pk", "path"))
    closed = (
        SupportCase.objects.filter(
            status="resolved",
            enterprise__status="verified",
            enterprise__archived_at__isnull=True,
            closed_on__gte=parsed.start,
            closed_on__lte=parsed.end,
        )
        .values_list("enterprise_id", "enterprise__commune__path")
        .distinct()
    )
    pairs = list(closed)
    values: dict[int, Decimal] = {}
    for pk, path in paths.items():
        found = {enterprise for enterprise, commune_path in pairs if commune_path.startswith(path)}
        if found:
            values[pk] = Decimal(len(found))
    return values


def commitments_met_share(period: str, unit_ids: Sequence[int]) -> Mapping[int, Decimal]:
    """% of a party's commitments due by the period's end (dropped ones left out) that were met by
    then, per party unit, rounded half up to one decimal. A party with none due is left out."""
    parsed = _period(period)
    if parsed is None or not unit_ids:
        return {}
    due = (
        Commitment.objects.filter(party_id__in=list(unit_ids), due_date__lte=parsed.end)
        .exclude(status=CommitmentStatus.DROPPED)
        .values_list("party_id", "status", "met_on")
    )
    totals: dict[int, list[int]] = {}
    for party, status, met_on in due:
        entry = totals.setdefault(party, [0, 0])
        entry[0] += 1
        if status == CommitmentStatus.MET and met_on is not None and met_on <= parsed.end:
            entry[1] += 1
    return {
        party: (Decimal(100) * met / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        for party, (total, met) in totals.items()
    }


def smes_supported_share(period: str, unit_ids: Sequence[int]) -> Mapping[int, Decimal]:
    """% of the verified SMEs (micro, small, medium) of a unit's subtree, verified by the period's
    end, that had a support case resolved by then, rounded half up to one decimal. A unit with no
    such SME is left out."""
    parsed = _period(period)
    if parsed is None or not unit_ids:
        return {}
    paths = dict(OrgUnit.objects.filter(pk__in=list(unit_ids)).values_list("pk", "path"))
    smes = Enterprise.objects.filter(
        Q(verified_on__lte=parsed.end) | Q(verified_on__isnull=True),
        status=EnterpriseStatus.VERIFIED,
        size__in=SME_SIZES,
    )
    helped = set(
        SupportCase.objects.filter(
            enterprise__in=smes.values("pk"), status="resolved", closed_on__lte=parsed.end
        ).values_list("enterprise_id", flat=True)
    )
    rows = list(smes.values_list("pk", "commune__path"))
    values: dict[int, Decimal] = {}
    for pk, path in paths.items():
        own = [enterprise for enterprise, commune_path in rows if commune_path.startswith(path)]
        if own:
            share = Decimal(100) * sum(1 for e in own if e in helped) / len(own)
            values[pk] = share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return values
