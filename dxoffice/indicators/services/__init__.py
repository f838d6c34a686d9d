"""Writes of the indicators module: frameworks, collection, data quality, scores, gaps and sources.

Each service checks permission through the one gate, validates, writes in one transaction and leaves
the audit record. Views, the API, imports and receivers call these; none writes the models directly.
"""

from dxoffice.indicators.services.collection import (
    SaveResult,
    campaign_create,
    campaign_indicators,
    entry_save,
    submission_approve,
    submission_return,
    submission_submit,
    submissions_approve,
    values_save,
)
from dxoffice.indicators.services.editor import (
    Edited,
    breakdown_retire,
    breakdown_save,
    component_retire,
    component_save,
    indicator_retire,
    indicator_save,
    rule_retire,
    rule_save,
    version_settings_save,
)
from dxoffice.indicators.services.frameworks import (
    framework_export,
    framework_import,
    indicator_update,
    version_copy,
)
from dxoffice.indicators.services.quality import check_submission, flag_comment
from dxoffice.indicators.services.recompute import Recomputed, recompute_period
from dxoffice.indicators.services.reminders import campaign_remind

__all__ = [
    "Edited",
    "breakdown_retire",
    "breakdown_save",
    "component_retire",
    "component_save",
    "indicator_retire",
    "indicator_save",
    "rule_retire",
    "rule_save",
    "version_settings_save",
    "Recomputed",
    "SaveResult",
    "campaign_create",
    "campaign_indicators",
    "campaign_remind",
    "check_submission",
    "entry_save",
    "flag_comment",
    "framework_export",
    "framework_import",
    "indicator_update",
    "recompute_period",
    "submission_approve",
    "submission_return",
    "submission_submit",
    "submissions_approve",
    "values_save",
    "version_copy",
]
