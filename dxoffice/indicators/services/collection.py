"""Collection: campaigns, a unit's values (saved as drafts), submission, approval and return.

Approval recomputes the period's scores, indices and ranks in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import OrgUnit, User
from dxoffice.core.periods import Period
from dxoffice.core.services import save_audited
from dxoffice.indicators import breakdowns
from dxoffice.indicators.access import may_enter, may_review, may_run_campaigns
from dxoffice.indicators.entry import Parsed, parse_value
from dxoffice.indicators.models import (
    BreakdownTotal,
    Campaign,
    DataValue,
    Flag,
    FlagStatus,
    FrameworkVersion,
    Indicator,
    Submission,
    SubmissionStatus,
    ValueStatus,
)
from dxoffice.indicators.models.frameworks import PERIOD_KIND
from dxoffice.indicators.services.incremental import recompute_units
from dxoffice.indicators.services.quality import check_submission, flag_comment
from dxoffice.indicators.services.reminders import submission_returned_notice

MAX_UNITS = 5000
MAX_VALUES = 2000


def campaign_indicators(campaign: Campaign, unit: OrgUnit | None = None) -> list[Indicator]:
    """What the campaign collects (from `unit`): entered indicators of the period's type."""
    kind = PERIOD_KIND_OF.get(Period.parse(campaign.period).kind)
    found = Indicator.objects.filter(version=campaign.version, period_type=kind).select_related(
        "component", "breakdown"
    )
    return [
        i
        for i in found.order_by("component__order", "order", "code")
        if i.is_entered and (unit is None or i.reported_by(unit.kind))
    ]


PERIOD_KIND_OF = {letter: kind for kind, letter in PERIOD_KIND.items()}


@transaction.atomic
def campaign_create(
    *,
    by: User,
    version: FrameworkVersion,
    period: str,
    title: str,
    opens_on: date,
    closes_on: date,
    units: Iterable[OrgUnit],
) -> Campaign:
    """Open a campaign; the version it uses is frozen from now on."""
    if not may_run_campaigns(by, version.framework):
        raise PermissionDenied
    chosen = list(dict.fromkeys(units))
    errors: dict[str, list[str]] = {}
    if not chosen:
        errors["units"] = [_("Choose the units that report.")]
    if len(chosen) > MAX_UNITS:
        errors["units"] = [_("At most %(limit)s units per campaign.") % {"limit": MAX_UNITS}]
    if closes_on < opens_on:
        errors["closes_on"] = [_("The closing date is before the opening date.")]
    code = (period or "").strip().upper()
    try:
        code = Period.parse(code).code
    except ValidationError as exc:
        errors["period"] = exc.messages
    if Campaign.objects.filter(version=version, period=code).exists():
        errors["period"] = [_("This framework version already has a campaign for this period.")]
    if errors:
        raise ValidationError(errors)
    campaign = save_audited(
        Campaign(version=version, period=code, title=title, opens_on=opens_on, closes_on=closes_on),
        by=by,
        event="indicators.campaign_opened",
    )
    campaign.units.set(chosen)
    if version.frozen_at is None:
        version.frozen_at = timezone.now()
        save_audited(version, by=by, event="indicators.version_frozen")
    bulk_create_with_history(
        [Submission(campaign=campaign, unit=unit) for unit in chosen],
        Submission,
        batch_size=1000,
        default_user=by,
        custom_historical_attrs={"history_event": "indicators.submission_opened"},
    )
    return campaign


@dataclass
class SaveResult:
    saved: int = 0
    errors: dict[str, list[str]] = field(default_factory=dict)


def _require_editable(by: User, submission: Submission) -> None:
    if not may_enter(by, submission.unit):
        raise PermissionDenied
    if not submission.is_editable:
        raise StateConflict(_("These values were submitted; they can be changed only if returned."))


@transaction.atomic
def values_save(
    *,
    by: User,
    submission: Submission,
    values: Mapping[str, object],
    evidence: Mapping[str, str] | None = None,
    comments: Mapping[str, str] | None = None,
    parts: Mapping[str, Mapping[str, object]] | None = None,
) -> SaveResult:
    """Save a unit's draft values, all or nothing: any value in error saves none, and the error list
    names each indicator. Blank clears a value. An indicator with a breakdown takes its `parts`
    (option code -> value): the total is their sum, or is entered and they must add up to it.
    Flags (rules, outliers) are refreshed."""
    _require_editable(by, submission)
    evidence, comments, parts = evidence or {}, comments or {}, parts or {}
    if len(values) > MAX_VALUES or len(parts) > MAX_VALUES:
        raise ValidationError(_("At most %(limit)s values at once.") % {"limit": MAX_VALUES})
    indicators = {i.code: i for i in campaign_indicators(submission.campaign, submission.unit)}
    existing = {
        v.indicator.code: v
        for v in DataValue.objects.filter(
            indicator__in=indicators.values(), unit=submission.unit, period=submission.campaign.period
        ).select_related("indicator")
    }
    stored_parts = breakdowns.parts_of(existing.values())
    result = SaveResult()
    new: list[DataValue] = []
    changed: list[DataValue] = []
    split: dict[str, breakdowns.Parts] = {}  # the parts to write, by indicator code
    for code in sorted(set(values) | set(evidence) | set(comments) | set(parts)):
        indicator = indicators.get(code)
        if indicator is None:
            result.errors[code] = [_("%(code)s is not collected from this unit.") % {"code": code}]
            continue
        try:
            parsed = parse_value(indicator, values[code]) if code in values else None
            if indicator.breakdown_id:
                old = existing.get(code)
                parsed = _with_parts(indicator, parsed, parts.get(code), old, stored_parts, split)
            elif code in parts:
                breakdowns.parse_parts(indicator, parts[code])  # says the indicator has no breakdown
        except ValidationError as exc:
            result.errors[code] = exc.messages
            continue
        if (
            parsed is not None
            and parsed.is_blank
            and code not in existing
            and not evidence.get(code)
            and not comments.get(code)
            and breakdowns.total_of(split.get(code, {})) is None
        ):
            split.pop(code, None)
            continue  # nothing to keep for a field left blank
        record = existing.get(code) or DataValue(
            indicator=indicator, unit=submission.unit, period=submission.campaign.period
        )
        if parsed is not None:
            record.value, record.choice = parsed.value, parsed.choice
        if code in evidence:
            record.evidence = str(evidence[code] or "").strip()[:500]
        if code in comments:
            record.comment = str(comments[code] or "").strip()[:1000]
        record.status = ValueStatus.DRAFT
        (changed if record.pk else new).append(record)
    if result.errors:
        raise ValidationError(result.errors)
    attrs = {"history_event": "indicators.value_saved"}
    if new:
        bulk_create_with_history(
            new, DataValue, batch_size=1000, default_user=by, custom_historical_attrs=attrs
        )
    if changed:
        bulk_update_with_history(
            changed,
            DataValue,
            ["value", "choice", "evidence", "comment", "status"],
            batch_size=1000,
            default_user=by,
            custom_historical_attrs=attrs,
        )
    result.saved = len(new) + len(changed)
    if split:
        ids = dict(
            DataValue.objects.filter(
                indicator__code__in=list(split),
                indicator__version=submission.campaign.version,
                unit=submission.unit,
                period=submission.campaign.period,
            ).values_list("indicator__code", "pk")
        )
        breakdowns.save_parts(
            {ids[code]: p for code, p in split.items() if code in ids}, by=by, event=attrs["history_event"]
        )
    check_submission(submission, by=by)
    return result


def _with_parts(
    indicator: Indicator,
    parsed: Parsed | None,
    raw: Mapping[str, object] | None,
    old: DataValue | None,
    stored: dict[int, breakdowns.Parts],
    split: dict[str, breakdowns.Parts],
) -> Parsed | None:
    """The total of an indicator with a breakdown, from the parts given now and those kept: their sum,
    or the total entered, which a complete set of parts must add up to."""
    given = breakdowns.parse_parts(indicator, raw) if raw is not None else {}
    merged = {**(stored.get(old.pk, {}) if old else {}), **given}
    if raw is not None:
        split[indicator.code] = given
    if indicator.breakdown_total == BreakdownTotal.SUM:
        if parsed is not None and not parsed.is_blank and raw is None:
            raise ValidationError(
                _("%(indicator)s: enter a value for each option of %(breakdown)s; the total is their sum.")
                % {"indicator": f"{indicator.code} {indicator.localized_name}",
                   "breakdown": indicator.breakdown.localized_name}  # type: ignore[union-attr]
            )  # fmt: skip
        return Parsed(breakdowns.total_of(merged)) if raw is not None else parsed
    total = parsed.value if parsed is not None else (old.value if old else None)
    breakdowns.check_total(indicator, total, merged)
    return parsed


@transaction.atomic
def entry_save(
    *,
    by: User,
    submission: Submission,
    values: Mapping[str, object],
    evidence: Mapping[str, str] | None = None,
    comments: Mapping[str, str] | None = None,
    flag_comments: Mapping[int, str] | None = None,
    submit: bool = False,
    parts: Mapping[str, Mapping[str, object]] | None = None,
) -> SaveResult:
    """What the entry grid and the API send in one go, all or nothing: the explanations of flags,
    the values (`values_save`) and, when asked, the submission. A refused value or a refused submit
    leaves nothing saved, not even the flags' comments."""
    for pk, comment in (flag_comments or {}).items():
        flag = Flag.objects.filter(submission=submission, pk=pk).first()
        if flag is not None and comment.strip() and flag.comment != comment.strip():
            flag_comment(by=by, flag=flag, comment=comment)
    result = values_save(
        by=by, submission=submission, values=values, evidence=evidence, comments=comments, parts=parts
    )
    if submit:
        submission_submit(by=by, submission=submission)
    return result


def _lock(submission: Submission) -> Submission:
    """Lock the submission's row and read it again inside the transaction: a decision is taken on
    the submission as it is now, not as the screen loaded it (two reviewers cannot both decide)."""
    list(Submission.all_objects.select_for_update().filter(pk=submission.pk).values_list("pk", flat=True))
    submission.refresh_from_db()
    return submission


def _unit_values(submission: Submission) -> list[DataValue]:
    return list(
        DataValue.objects.filter(
            indicator__version=submission.campaign.version,
            unit=submission.unit,
            period=submission.campaign.period,
        ).select_related("indicator")
    )


@transaction.atomic
def submission_submit(*, by: User, submission: Submission) -> Submission:
    """Send the unit's values for review. Every required value present, required evidence given, and
    every data-quality flag explained by a comment."""
    _lock(submission)
    _require_editable(by, submission)
    values = {v.indicator.code: v for v in _unit_values(submission)}
    parts = breakdowns.parts_of(values.values())
    errors: dict[str, list[str]] = {}
    for indicator in campaign_indicators(submission.campaign, submission.unit):
        value = values.get(indicator.code)
        name = f"{indicator.code} {indicator.localized_name}"
        if value is None or (value.value is None and not value.choice):
            errors[indicator.code] = [_("%(indicator)s: enter a value.") % {"indicator": name}]
        elif indicator.evidence_required and not value.evidence:
            errors[indicator.code] = [_("%(indicator)s: evidence is required.") % {"indicator": name}]
        elif indicator.breakdown_id:
            _check_parts(indicator, value, parts.get(value.pk, {}), errors)
    for flag in check_submission(submission, by=by):
        if flag.status == FlagStatus.OPEN and not flag.comment:
            value = values.get(flag.code)
            if value is None or not value.comment:
                errors.setdefault(flag.code, []).append(
                    _("%(message)s Explain it in a comment.") % {"message": flag.message}
                )
    if errors:
        raise ValidationError(errors)
    _set_values_status(submission, ValueStatus.SUBMITTED, by, "indicators.value_submitted")
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_by, submission.submitted_at = by, timezone.now()
    submission.return_reason = ""
    return save_audited(submission, by=by, event="indicators.submission_submitted")


def _check_parts(
    indicator: Indicator, value: DataValue, parts: breakdowns.Parts, errors: dict[str, list[str]]
) -> None:
    """Submitting needs every part of a value with a breakdown, adding up to an entered total."""
    missing = breakdowns.missing_parts(indicator, parts)
    if missing:
        errors[indicator.code] = [
            _("%(indicator)s: enter the value for %(options)s.")
            % {"indicator": f"{indicator.code} {indicator.localized_name}", "options": ", ".join(missing)}
        ]
        return
    try:
        breakdowns.check_total(indicator, value.value, parts)
    except ValidationError as exc:
        errors[indicator.code] = exc.messages


def _set_values_status(submission: Submission, status: str, by: User, event: str) -> None:
    records = _unit_values(submission)
    for record in records:
        record.status = status
    bulk_update_with_history(
        records,
        DataValue,
        ["status"],
        batch_size=1000,
        default_user=by,
        custom_historical_attrs={"history_event": event},
    )


def _require_reviewable(by: User, submission: Submission) -> None:
    if not may_review(by, submission.unit):
        raise PermissionDenied
    if submission.status != SubmissionStatus.SUBMITTED:
        raise StateConflict(_("Only submitted values can be approved or returned."))
    if submission.submitted_by_id == by.pk:
        raise StateConflict(_("Nobody approves what they submitted."))


@transaction.atomic
def submission_approve(*, by: User, submission: Submission, recompute: bool = True) -> Submission:
    """Approve a unit's values; the period's scores, indices and ranks follow in this transaction.
    The row is locked and its state read again, so the second of two reviewers gets a StateConflict."""
    _lock(submission)
    _require_reviewable(by, submission)
    _set_values_status(submission, ValueStatus.APPROVED, by, "indicators.value_approved")
    submission.status = SubmissionStatus.APPROVED
    submission.reviewed_by, submission.reviewed_at = by, timezone.now()
    save_audited(submission, by=by, event="indicators.submission_approved")
    if recompute:
        recompute_units(submission.campaign.version, submission.campaign.period, [submission.unit_id])
    return submission


@transaction.atomic
def submissions_approve(*, by: User, submissions: Iterable[Submission]) -> list[Submission]:
    """Approve many units at once, all or nothing; one recompute per campaign at the end."""
    chosen = list(submissions)
    errors: dict[str, list[str]] = {}
    for submission in chosen:
        try:
            _lock(submission)
            _require_reviewable(by, submission)
        except (ValidationError, PermissionDenied) as exc:
            message = (
                exc.messages if isinstance(exc, ValidationError) else [_("You may not review this unit.")]
            )
            errors[submission.unit.code] = message
    if errors:
        raise ValidationError(errors)
    for submission in chosen:
        submission_approve(by=by, submission=submission, recompute=False)
    for campaign in {s.campaign_id: s.campaign for s in chosen}.values():
        units = [s.unit_id for s in chosen if s.campaign_id == campaign.pk]
        recompute_units(campaign.version, campaign.period, units)
    return chosen


@transaction.atomic
def submission_return(*, by: User, submission: Submission, reason: str) -> Submission:
    """Send the values back with a reason; they become editable again. The row is locked and its
    state read again, so the second of two reviewers gets a StateConflict."""
    _lock(submission)
    _require_reviewable(by, submission)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the values are returned.")})
    _set_values_status(submission, ValueStatus.DRAFT, by, "indicators.value_returned")
    submission.status = SubmissionStatus.RETURNED
    submission.reviewed_by, submission.reviewed_at = by, timezone.now()
    submission.return_reason = reason
    save_audited(submission, by=by, event="indicators.submission_returned", reason=reason)
    submission_returned_notice(by=by, submission=submission)
    return submission
