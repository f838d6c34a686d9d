"""The data-entry grid of one unit and campaign: drafts saved as you go (also by the browser when the
link is back), last period's value beside each field, submit; approve or return for reviewers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.periods import Period
from dxoffice.indicators import breakdowns, selectors, services
from dxoffice.indicators.access import may_enter, may_review
from dxoffice.indicators.entry import display_value
from dxoffice.indicators.models import (
    DataValue,
    Flag,
    FlagKind,
    FlagStatus,
    Indicator,
    Submission,
    ValueStatus,
)
from dxoffice.indicators.views.common import actor

MAX_BODY = 512 * 1024


@dataclass
class Field:
    indicator: Indicator
    value: str
    evidence: str
    comment: str
    previous: str
    flags: list[Flag]
    errors: list[str]
    parts: list[tuple[str, str, str]]  # (option code, name, value) when the indicator has a breakdown


def _previous_values(submission: Submission, codes: list[str]) -> dict[str, str]:
    previous = Period.parse(submission.campaign.period).previous().code
    rows = DataValue.objects.filter(
        indicator__version__framework=submission.campaign.version.framework,
        indicator__code__in=codes,
        unit=submission.unit,
        period=previous,
        status=ValueStatus.APPROVED,
    ).select_related("indicator")
    return {v.indicator.code: display_value(v.indicator, v.value, v.choice) for v in rows}


def _fields(
    submission: Submission, posted: dict[str, Any] | None, errors: dict[str, list[str]]
) -> list[Field]:
    indicators = services.campaign_indicators(submission.campaign, submission.unit)
    stored = {
        v.indicator.code: v
        for v in DataValue.objects.filter(
            indicator__in=indicators, unit=submission.unit, period=submission.campaign.period
        ).select_related("indicator")
    }
    previous = _previous_values(submission, [i.code for i in indicators])
    stored_parts = breakdowns.parts_of(stored.values())
    flags: dict[str, list[Flag]] = {}
    for flag in (
        Flag.objects.filter(submission=submission)
        .exclude(status=FlagStatus.RESOLVED)
        .exclude(kind=FlagKind.RULE)
    ):
        flags.setdefault(flag.code, []).append(flag)
    fields = []
    for indicator in indicators:
        value = stored.get(indicator.code)
        shown = display_value(indicator, value.value, value.choice) if value else ""
        fields.append(
            Field(
                indicator=indicator,
                value=str(posted["values"].get(indicator.code, shown)) if posted else shown,
                evidence=str(posted["evidence"].get(indicator.code, value.evidence if value else ""))
                if posted
                else (value.evidence if value else ""),
                comment=str(posted["comments"].get(indicator.code, value.comment if value else ""))
                if posted
                else (value.comment if value else ""),
                previous=previous.get(indicator.code, ""),
                flags=flags.get(indicator.code, []),
                errors=errors.get(indicator.code, []),
                parts=_parts(indicator, stored_parts.get(value.pk, {}) if value else {}, posted),
            )
        )
    return fields


def _parts(
    indicator: Indicator, kept: breakdowns.Parts, posted: dict[str, Any] | None
) -> list[tuple[str, str, str]]:
    if indicator.breakdown is None:
        return []
    typed = posted["parts"].get(indicator.code, {}) if posted else {}
    return [
        (
            code,
            indicator.breakdown.option_label(code),
            str(typed.get(code, display_value(indicator, kept.get(code)))),
        )
        for code in indicator.breakdown.codes
    ]


def _posted(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        if len(request.body) > MAX_BODY:
            raise ValidationError(_("Too much data at once."))
        try:
            body = json.loads(request.body or b"{}")
        except json.JSONDecodeError:
            raise ValidationError(_("The data sent cannot be read.")) from None
        if not isinstance(body, dict):
            raise ValidationError(_("The data sent cannot be read."))
        found_json: dict[str, Any] = {}
        for key in ("values", "evidence", "comments"):
            part = body.get(key) or {}
            if not isinstance(part, dict):
                raise ValidationError(
                    {key: [_("“%(field)s” must map indicator codes to texts or numbers.") % {"field": key}]}
                )
            found_json[key] = {str(k): "" if v is None else str(v) for k, v in part.items()}
        found_json["parts"] = _json_parts(body.get("parts") or {})
        found_json["flags"] = _json_flags(body.get("flags") or {})
        return found_json
    found: dict[str, Any] = {"values": {}, "evidence": {}, "comments": {}, "parts": {}, "flags": {}}
    prefixes = {"v-": "values", "e-": "evidence", "c-": "comments"}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("p-") and "." in key:
            code, option = key[2:].split(".", 1)
            found["parts"].setdefault(code, {})[option] = value
            continue
        for prefix, target in prefixes.items():
            if key.startswith(prefix):
                found[target][key[len(prefix) :]] = value
    found["flags"] = _flag_comments(request)
    return found


def _json_parts(raw: Any) -> dict[str, dict[str, str]]:
    """The parts sent by the browser: indicator code -> option code -> value."""
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise ValidationError(
            {"parts": [_("“parts” must map indicator codes to the values of their options.")]}
        )
    return {
        str(code): {str(o): "" if v is None else str(v) for o, v in options.items()}
        for code, options in raw.items()
    }


def _json_flags(raw: Any) -> dict[int, str]:
    """The explanations of flags sent by the browser: flag id -> comment."""
    if not isinstance(raw, dict):
        raise ValidationError({"flags": [_("“flags” must map flag numbers to comments.")]})
    found: dict[int, str] = {}
    for key, comment in raw.items():
        text = str(key)
        if not text.isdigit() or len(text) > 18 or not isinstance(comment, str) or len(comment) > 5000:
            raise ValidationError({"flags": [_("“flags” must map flag numbers to comments.")]})
        found[int(text)] = comment
    return found


@login_required
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_for(request.user, pk)
    editable = submission.is_editable and may_enter(request.user, submission.unit)
    errors: dict[str, list[str]] = {}
    posted = None
    if request.method == "POST":
        if not may_enter(request.user, submission.unit):
            raise PermissionDenied
        is_json = request.content_type == "application/json"
        try:
            posted = _posted(request)
            submit = request.POST.get("action") == "submit"
            services.entry_save(
                by=actor(request),
                submission=submission,
                values=posted["values"],
                evidence=posted["evidence"],
                comments=posted["comments"],
                flag_comments=posted["flags"],
                submit=submit,
                parts=posted["parts"],
            )
            if submit:
                messages.success(request, _("Values submitted for review."))
                return redirect("indicators:entry", pk=pk)
            if is_json:
                return JsonResponse({"saved": True, "errors": {}})
            messages.success(request, _("Draft saved."))
            return redirect("indicators:entry", pk=pk)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            if is_json:
                return JsonResponse({"saved": False, "errors": errors}, status=400)
    fields = _fields(submission, posted, errors)
    groups: dict[Any, list[Field]] = {}
    for field in fields:
        groups.setdefault(field.indicator.component, []).append(field)
    rule_flags = Flag.objects.filter(submission=submission, kind=FlagKind.RULE).exclude(
        status=FlagStatus.RESOLVED
    )
    return render(
        request,
        "indicators/entry.html",
        {
            "submission": submission,
            "groups": list(groups.items()),
            "editable": editable,
            "errors": errors.get("__all__", [])
            + [
                m
                for code, ms in errors.items()
                if code not in {f.indicator.code for f in fields} and code != "__all__"
                for m in ms
            ],
            "rule_flags": rule_flags,
            "can_review": may_review(request.user, submission.unit)
            and submission.status == "submitted"
            and submission.submitted_by_id != request.user.pk,
            "previous_period": Period.parse(submission.campaign.period).previous().code,
        },
    )


def _flag_comments(request: HttpRequest) -> dict[int, str]:
    """The explanations written beside the rule flags ("flag-<id>" fields), by flag id."""
    return {
        int(key[5:]): request.POST.get(key, "")
        for key in request.POST
        if key.startswith("flag-")
        and key[5:].isdigit()
        and len(key) < 20  # an id, not a number the database cannot hold
        and request.POST.get(key, "").strip()
    }


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_for(request.user, pk)
    try:
        if request.POST.get("action") == "approve":
            services.submission_approve(by=actor(request), submission=submission)
            messages.success(request, _("Values approved: the index and ranks are updated."))
        else:
            services.submission_return(
                by=actor(request), submission=submission, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Values returned to the unit."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("indicators:entry", pk=pk)
