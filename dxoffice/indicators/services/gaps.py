"""Gaps become funded tasks: a gap is recorded with what it was when found and its root cause, and a
task is made for it in the program register through planning's service, its origin kept."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import OrgUnit, User
from dxoffice.core.permissions import Action, can
from dxoffice.core.services import save_audited
from dxoffice.indicators.models import Gap, Indicator
from dxoffice.planning import services as planning_services
from dxoffice.planning.selectors import tasks_of_origin

ORIGIN = "indicators.gap"


@transaction.atomic
def gap_record(
    *,
    by: User,
    indicator: Indicator,
    unit: OrgUnit,
    period: str,
    facts: dict[str, float | None],
    root_cause: str = "",
) -> Gap:
    """Record (or update) a unit's gap on an indicator for a period, with its root-cause note."""
    if not (can(by, Action.PLAN, unit) or can(by, Action.REPORT, unit)):
        raise PermissionDenied
    gap = Gap.objects.filter(indicator=indicator, unit=unit, period=period).first()
    if gap is None:
        gap = Gap(indicator=indicator, unit=unit, period=period, created_by=by)
    for name in ("value", "score", "target", "peer_median", "best_peer"):
        setattr(gap, name, facts.get(name))
    gap.gain = facts.get("gain") or 0.0
    gap.root_cause = (root_cause or gap.root_cause or "").strip()
    return save_audited(gap, by=by, event="indicators.gap_recorded")


ROOT_CAUSE_MAX = 4000


@transaction.atomic
def gap_note(*, by: User, gap: Gap, root_cause: str) -> Gap:
    """Write (or clear) a gap's root-cause note; the unit's focal points and planners may."""
    if not (can(by, Action.PLAN, gap.unit) or can(by, Action.REPORT, gap.unit)):
        raise PermissionDenied
    text = (root_cause or "").strip()
    if len(text) > ROOT_CAUSE_MAX:
        raise ValidationError(
            {"root_cause": [_("At most %(limit)s characters.") % {"limit": ROOT_CAUSE_MAX}]}
        )
    gap.root_cause = text
    return save_audited(gap, by=by, event="indicators.gap_noted")


@transaction.atomic
def gap_create_task(*, by: User, gap: Gap, plan: Any, due_date: date, title: str = "", **fields: Any) -> Any:
    """A task in the program register for this gap: the unit leads it, the indicator and target are in
    its description, and the task keeps the gap as its origin."""
    indicator = gap.indicator
    target = "" if gap.target is None else f"{gap.target:g}"
    description = _(
        "Close the gap on %(indicator)s for %(unit)s: value %(value)s in %(period)s, target %(target)s, "
        "peer median %(median)s, best peer %(best)s."
    ) % {
        "indicator": f"{indicator.code} {indicator.localized_name}",
        "unit": gap.unit.name,
        "value": "—" if gap.value is None else f"{gap.value:g}",
        "period": gap.period,
        "target": target or "—",
        "median": "—" if gap.peer_median is None else f"{gap.peer_median:g}",
        "best": "—" if gap.best_peer is None else f"{gap.best_peer:g}",
    }
    if gap.root_cause:
        description += "\n" + _("Root cause: %(cause)s") % {"cause": gap.root_cause}
    if "pillar" not in fields:
        pillars = plan.program.pillars.all()
        fields["pillar"] = (
            pillars.filter(code=indicator.component.code).first() or pillars.order_by("order", "code").first()
        )
    if "code" not in fields:
        fields["code"] = f"GAP-{gap.pk}-{tasks_of_origin(by, gap).count() + 1}"
    return planning_services.task_create(
        by=by,
        plan=plan,
        origin=ORIGIN,
        origin_object=gap,
        title=(
            title
            or _("Improve %(indicator)s in %(unit)s")
            % {"indicator": indicator.localized_name, "unit": gap.unit.display_name}
        )[:500],
        lead_unit=gap.unit,
        due_date=due_date,
        description=description,
        expected_result=_("%(indicator)s reaches %(target)s.")
        % {"indicator": indicator.code, "target": target or "—"},
        **fields,
    )
