"""The plan import run as a background job (see jobs.py): the file stored with the job is imported
as the person who started it, with the same checks, all-or-nothing saving and audit as the upload
page, and its problems become the job's errors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dxoffice.core.jobs.models import Job
from dxoffice.core.jobs.progress import Progress
from dxoffice.planning.excel.importer import import_plan
from dxoffice.planning.models import AnnualPlan


def run_plan_import(job: Job, progress: Progress) -> dict[str, Any]:
    plan = AnnualPlan.objects.select_related("program").filter(pk=job.params.get("plan")).first()
    if plan is None:
        raise ValidationError(_("The annual plan of this import no longer exists."))
    if not job.input_file:
        raise ValidationError(_("The uploaded file of this import is missing."))
    dry_run = bool(job.params.get("dry_run"))
    try:
        file = job.input_file.open("rb")
    except OSError as error:
        raise ValidationError(_("The uploaded file of this import is missing.")) from error
    with file:
        result = import_plan(file, by=job.started_by, plan=plan, dry_run=dry_run, progress=progress.update)
    for problem in result.problems:
        progress.error(**problem.as_dict())
    progress.count_errors(result.more_problems)
    if not result.ok:
        message = ngettext(
            "%(counter)s problem found; nothing was saved.",
            "%(counter)s problems found; nothing was saved.",
            result.problem_count,
        ) % {"counter": result.problem_count}
    elif dry_run:
        message = _("Check passed: nothing was saved.")
    else:
        message = _("Imported into %(plan)s.") % {"plan": plan.code}
    progress.update(100, message)
    return {
        "plan": plan.code,
        "year": plan.year,
        "dry_run": dry_run,
        "saved": result.saved,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "budget_created": result.budget_created,
        "budget_updated": result.budget_updated,
        "budget_unchanged": result.budget_unchanged,
        "seconds": result.seconds,
        "url": f"{reverse('planning:task_list')}?year={plan.year}" if result.saved else "",
    }
