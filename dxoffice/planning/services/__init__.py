"""Writes of the program register.

Each service: checks permission through the one gate, validates, writes inside a transaction and
leaves the audit record (simple-history, attributed to `by`). The UI, the API, imports and other
modules (meetings, indicators, partners) all call these; none writes the models directly.
"""

from dxoffice.planning.services.bulk import tasks_move_deadline, tasks_reassign, tasks_remind
from dxoffice.planning.services.comments import comment_add, may_direct
from dxoffice.planning.services.directive_documents import directive_document_add
from dxoffice.planning.services.extensions import extension_decide, extension_request
from dxoffice.planning.services.program import (
    budget_line_archive,
    budget_line_save,
    directive_save,
    objective_record_actual,
    objective_save,
    plan_save,
)
from dxoffice.planning.services.register_views import saved_filter_archive, saved_filter_save
from dxoffice.planning.services.reports import (
    REPORT_FIELDS,
    report_accept,
    report_return,
    report_save,
    report_submit,
    report_write,
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
    task_code_next,
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
    "comment_add",
    "directive_document_add",
    "directive_save",
    "extension_decide",
    "extension_request",
    "may_direct",
    "milestone_mark_done",
    "milestone_save",
    "objective_record_actual",
    "objective_save",
    "plan_save",
    "report_accept",
    "report_return",
    "report_save",
    "report_write",
    "report_submit",
    "saved_filter_archive",
    "saved_filter_save",
    "task_archive",
    "task_attachment_add",
    "task_change_status",
    "task_code_next",
    "task_create",
    "task_has_evidence",
    "tasks_move_deadline",
    "tasks_reassign",
    "tasks_remind",
    "task_update",
    "validate_task",
]
