"""Data quality: cross-indicator rules and robust outlier checks on a unit's values. Problems are
flagged, not refused: each flag needs a comment before the values can be submitted, and every flag
is listed in the data-quality queue until resolved."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import User
from dxoffice.core.periods import Period
from dxoffice.core.services import save_audited
from dxoffice.indicators.access import may_enter, may_review
from dxoffice.indicators.breakdowns import parts_of
from dxoffice.indicators.formulas import parse
from dxoffice.indicators.models import (
    Breakdown,
    DataValue,
    Flag,
    FlagKind,
    FlagStatus,
    Rule,
    Submission,
    ValueStatus,
)
from dxoffice.indicators.scoring import robust_outlier

HISTORY_PERIODS = 12


@dataclass(frozen=True)
class Problem:
    indicator_id: int | None
    message: str
    breakdown: Breakdown | None = None  # a rule failed on one option's parts
    option: str = ""


def _rule_problems(
    version_id: int, mine: dict[str, DataValue], numbers: dict[str, float]
) -> dict[tuple[str, str], Problem]:
    """Each rule on the totals, and, when every indicator it names has the same breakdown, on each
    option's parts too (written once, applied to every unit and every breakdown option)."""
    found: dict[tuple[str, str], Problem] = {}
    parts = parts_of(mine.values())
    for rule in Rule.objects.filter(version_id=version_id):
        formula = parse(rule.expression)
        if formula.references <= set(numbers) and formula.evaluate(numbers) == 0:
            found[(FlagKind.RULE, rule.code)] = Problem(None, rule.message)
        named = [mine[code] for code in formula.references if code in mine]
        shared = {v.indicator.breakdown_id for v in named}
        if len(named) != len(formula.references) or len(shared) != 1 or None in shared:
            continue
        breakdown = named[0].indicator.breakdown
        assert breakdown is not None
        for option in breakdown.codes:
            values = {v.indicator.code: parts.get(v.pk, {}).get(option) for v in named}
            if any(number is None for number in values.values()):
                continue
            if formula.evaluate({code: float(n) for code, n in values.items() if n is not None}) == 0:
                label = f"{breakdown.localized_name}: {breakdown.option_label(option)}"
                found[(FlagKind.RULE, f"{rule.code}:{option}")] = Problem(
                    None, f"{rule.message} ({label})", breakdown, option
                )
    return found


def _problems(submission: Submission) -> dict[tuple[str, str], Problem]:
    """(kind, code) -> the problem, of every problem the unit's values have now."""
    campaign, unit = submission.campaign, submission.unit
    mine = {
        v.indicator.code: v
        for v in DataValue.objects.filter(
            indicator__version=campaign.version, unit=unit, period=campaign.period, value__isnull=False
        ).select_related("indicator__breakdown")
    }
    numbers = {code: float(v.value) for code, v in mine.items() if v.value is not None}
    found = _rule_problems(campaign.version_id, mine, numbers)
    if not mine:
        return found
    ids = [v.indicator_id for v in mine.values()]
    kind = Period.parse(campaign.period).kind
    history: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for code, period, value in DataValue.objects.filter(
        indicator__version__framework=campaign.version.framework,
        indicator__code__in=list(mine),
        unit=unit,
        status=ValueStatus.APPROVED,
        period__lt=campaign.period,
        value__isnull=False,
    ).values_list("indicator__code", "period", "value"):
        if Period.parse(period).kind == kind:
            history[code].append((period, float(value)))
    peers: dict[int, list[float]] = defaultdict(list)
    for indicator_id, value in (
        DataValue.objects.filter(
            indicator_id__in=ids, period=campaign.period, unit__kind=unit.kind, value__isnull=False
        )
        .exclude(unit=unit)
        .exclude(status=ValueStatus.DRAFT)
        .values_list("indicator_id", "value")
    ):
        peers[indicator_id].append(float(value))
    for code, record in mine.items():
        if record.indicator.value_type in ("boolean", "choice") or record.value is None:
            continue
        value = float(record.value)
        past = [number for _period, number in sorted(history.get(code, []))[-HISTORY_PERIODS:]]
        name = f"{code} {record.indicator.localized_name}"
        if robust_outlier(value, past):
            found[(FlagKind.OUTLIER_HISTORY, code)] = Problem(
                record.indicator_id,
                _("%(indicator)s: %(value)s is unusual against this unit's previous periods.")
                % {"indicator": name, "value": _plain(value)},
            )
        if robust_outlier(value, peers.get(record.indicator_id, [])):
            found[(FlagKind.OUTLIER_PEERS, code)] = Problem(
                record.indicator_id,
                _("%(indicator)s: %(value)s is unusual against other units of the same kind.")
                % {"indicator": name, "value": _plain(value)},
            )
    return found


def _plain(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def check_submission(submission: Submission, *, by: User) -> list[Flag]:
    """Refresh the submission's flags: new problems are opened, problems gone are resolved. Returns
    the flags still standing."""
    problems = _problems(submission)
    standing: list[Flag] = []
    existing = {(f.kind, f.code): f for f in Flag.objects.filter(submission=submission)}
    for key, flag in existing.items():
        if key not in problems and flag.status != FlagStatus.RESOLVED:
            flag.status = FlagStatus.RESOLVED
            save_audited(flag, by=by, event="indicators.flag_cleared")
    for (kind, code), problem in problems.items():
        flag = existing.get((kind, code))
        message = problem.message
        if flag is None:
            flag = Flag(
                submission=submission,
                kind=kind,
                code=code,
                indicator_id=problem.indicator_id,
                message=message[:600],
                breakdown=problem.breakdown,
                breakdown_option=problem.option,
            )
            save_audited(flag, by=by, event="indicators.flag_raised")
        elif flag.status == FlagStatus.RESOLVED or flag.message != message[:600]:
            flag.status, flag.message = FlagStatus.OPEN, message[:600]
            save_audited(flag, by=by, event="indicators.flag_raised")
        standing.append(flag)
    return standing


@transaction.atomic
def flag_comment(*, by: User, flag: Flag, comment: str, status: str | None = None) -> Flag:
    """Explain a flag (the unit) or settle it (a reviewer: explained or resolved)."""
    unit = flag.submission.unit
    if status and status != FlagStatus.OPEN:
        if not may_review(by, unit):
            raise PermissionDenied
        if status not in FlagStatus.values:
            raise ValidationError({"status": _("Unknown status.")})
        flag.status = status
    elif not (may_enter(by, unit) or may_review(by, unit)):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Write a comment.")})
    flag.comment = comment
    return save_audited(flag, by=by, event="indicators.flag_commented")
