"""The indicators module's entries in the module registry: navigation, the home card, "my work",
visibility of its records, the gap origin of tasks, audit events, notifications and jobs."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dxoffice.core.registry import (
    AuditEvent,
    HomeCard,
    JobKind,
    Module,
    NavEntry,
    NotificationKind,
    OriginKind,
    PublicPage,
)
from dxoffice.indicators import access, cards, work
from dxoffice.indicators.selectors import record_is_visible


def _reads_results(user: Any) -> bool:
    return access.may_read_results(user) or work.enters_anywhere(user)


def _gap_url(gap: Any) -> str:
    return reverse("indicators:gap_detail", args=[gap.pk])


def _visible(user: Any, record: Any) -> bool:
    return record_is_visible(user, record)


RECOMPUTE_JOB = JobKind(
    "indicators.recompute",
    _("Full recompute of indicator scores"),
    run="dxoffice.indicators.jobs.run_full_recompute",
    result_template="indicators/_recompute_result.html",
    can_start=access.reviews_anywhere,
)

_EVENTS = [
    ("indicators.framework_imported", _("framework imported")),
    ("indicators.version_created", _("framework version created")),
    ("indicators.version_frozen", _("framework version frozen")),
    ("indicators.indicator_changed", _("indicator changed")),
    ("indicators.indicator_added", _("indicator added")),
    ("indicators.indicator_retired", _("indicator retired")),
    ("indicators.pillar_added", _("pillar added")),
    ("indicators.pillar_changed", _("pillar changed")),
    ("indicators.pillar_retired", _("pillar retired")),
    ("indicators.rule_added", _("validation rule added")),
    ("indicators.rule_changed", _("validation rule changed")),
    ("indicators.rule_retired", _("validation rule retired")),
    ("indicators.breakdown_added", _("breakdown added")),
    ("indicators.breakdown_changed", _("breakdown changed")),
    ("indicators.breakdown_retired", _("breakdown retired")),
    ("indicators.version_changed", _("framework version settings changed")),
    ("indicators.campaign_opened", _("campaign opened")),
    ("indicators.submission_opened", _("submission opened")),
    ("indicators.submission_submitted", _("values submitted")),
    ("indicators.submission_approved", _("values approved")),
    ("indicators.submission_returned", _("values returned")),
    ("indicators.value_saved", _("value saved")),
    ("indicators.value_submitted", _("value submitted")),
    ("indicators.value_approved", _("value approved")),
    ("indicators.value_returned", _("value returned")),
    ("indicators.value_from_source", _("value read from another module")),
    ("indicators.flag_raised", _("data-quality flag raised")),
    ("indicators.flag_cleared", _("data-quality flag cleared")),
    ("indicators.flag_commented", _("data-quality flag commented")),
    ("indicators.gap_recorded", _("gap recorded")),
    ("indicators.gap_noted", _("root cause of a gap noted")),
]

MODULE = Module(
    name="indicators",
    label=_("Indicators"),
    nav=[
        NavEntry(
            "indicators",
            _("Indicators"),
            "indicators:overview",
            icon="bar-chart-line",
            order=100,
            visible=_reads_results,
        )
    ],
    cards=[
        HomeCard(
            "indicators", _("Assessment"), "indicators/cards/assessment.html", cards.assessment_card, order=40
        )
    ],
    work=[work.submissions_to_enter, work.submissions_to_review],
    visibility={
        "indicators.framework": _visible,
        "indicators.frameworkversion": _visible,
        "indicators.component": _visible,
        "indicators.indicator": _visible,
        "indicators.rule": _visible,
        "indicators.campaign": _visible,
        "indicators.submission": _visible,
        "indicators.datavalue": _visible,
        "indicators.datavaluepart": _visible,
        "indicators.breakdown": _visible,
        "indicators.flag": _visible,
        "indicators.gap": _visible,
    },
    origins=[OriginKind("indicators.gap", _("Indicator gap"), model="indicators.Gap", url=_gap_url)],
    events=[AuditEvent(code, label) for code, label in _EVENTS],
    notifications=[
        NotificationKind(
            "indicators.campaign_reminder",
            _("Indicator values to enter"),
            _("A campaign your unit reports to is open and your values are not yet submitted."),
        ),
        NotificationKind(
            "indicators.submission_returned",
            _("Indicator values returned to you"),
            _("A reviewer returned your unit's indicator values with a reason."),
            default_email="immediate",
        ),
    ],
    jobs=[RECOMPUTE_JOB],
    public=[PublicPage("indicators", _("Indicator open data"), "indicators:open_data_index", order=40)],
    unit_page="",
)
