"""Writes of the program register.

Each service: checks permission through the one gate, validates, writes inside a transaction and
leaves the audit record (simple-history, attributed to `by`). The UI, the API, imports and other
modules (meetings, indicators, partners) all call these; none writes the models directly.
"""

from dxoffice.planning.services.program import (
    budget_line_archive,
    budget_line_save,
    directive_save,
    objective_record_actual,
    objective_save,
    plan_save,
)
from dxoffice.planning.services.reports import (
    REPORT_FIELDS,
    report_accept,
    report_return,
    report_save,
    report_submit,
)
from dxoffice.planning.services.tasks import (
    REPORTER_MOVES,
    TASK_FIELDS,
    TASK_RELATIONS,
    allowed_transitions,
    milestone_mark_done,
    milestone_save,
    task_archive,
    task_attachment_add,
    task_change_status,
    task_create,
    task_has_evidence,
    task_update,
    validate_task,
)

__all__ = [
    "REPORTER_MOVES",
    "REPORT_FIELDS",
    "TASK_FIELDS",
    "TASK_RELATIONS",
    "allowed_transitions",
    "budget_line_archive",
    "budget_line_save",
    "directive_save",
    "milestone_mark_done",
    "milestone_save",
    "objective_record_actual",
    "objective_save",
    "plan_save",
    "report_accept",
    "report_return",
    "report_save",
    "report_submit",
    "task_archive",
    "task_attachment_add",
    "task_change_status",
    "task_create",
    "task_has_evidence",
    "task_update",
    "validate_task",
]
