"""The plan import as a background job, for files above the job threshold (importer.job_threshold).

The upload page stores the file with the job and sends the person to the job's page; the job runs
`import_job.run_plan_import` on huey as that person. Registered by planning's plugin; the run
function is named by its path so that start-up does not load the importer.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from dxoffice.core.permissions import Action, can_anywhere
from dxoffice.core.registry import JobKind

PLAN_IMPORT = "planning.plan_import"


def _may_plan(user: Any) -> bool:
    return can_anywhere(user, Action.PLAN)


PLAN_IMPORT_JOB = JobKind(
    PLAN_IMPORT,
    gettext_lazy("Annual plan import"),
    run="dxoffice.planning.excel.import_job.run_plan_import",
    result_template="planning/excel/_import_job_result.html",
    can_start=_may_plan,
)
