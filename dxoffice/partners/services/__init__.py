"""Writes of the partners module. Each checks permission through the one gate, validates, writes
in one transaction and leaves the audit record; views, the API, the public form and the demo call them."""

from dxoffice.partners.services.agreements import (
    COMMITMENT_ORIGIN,
    agreement_document_add,
    agreement_save,
    amendment_add,
    carrying_tasks,
    commitment_evidence_add,
    commitment_save,
    commitment_set_status,
    commitment_task_create,
    has_evidence,
)
from dxoffice.partners.services.cases import (
    case_decline,
    case_note_add,
    case_open,
    case_rate,
    case_resolve,
    case_start,
    case_triage,
)
from dxoffice.partners.services.catalogue import solution_retire, solution_save
from dxoffice.partners.services.enterprises import (
    assessment_save,
    enterprise_password_issue,
    enterprise_profile_update,
    enterprise_register,
    enterprise_reject,
    enterprise_verify,
    priority_list_add,
    priority_list_remove,
)
from dxoffice.partners.services.partners import (
    partner_contact_retire,
    partner_contact_save,
    partner_profile_save,
)
from dxoffice.partners.services.reviews import DecisionInput, review_record
from dxoffice.partners.services.schools import SCHOOL_ORIGIN, school_project_save, school_project_task_create

__all__ = [
    "COMMITMENT_ORIGIN",
    "SCHOOL_ORIGIN",
    "DecisionInput",
    "agreement_document_add",
    "agreement_save",
    "amendment_add",
    "assessment_save",
    "carrying_tasks",
    "case_decline",
    "case_note_add",
    "case_open",
    "case_rate",
    "case_resolve",
    "case_start",
    "case_triage",
    "commitment_evidence_add",
    "commitment_save",
    "commitment_set_status",
    "commitment_task_create",
    "enterprise_register",
    "enterprise_password_issue",
    "enterprise_profile_update",
    "enterprise_reject",
    "enterprise_verify",
    "has_evidence",
    "partner_contact_retire",
    "partner_contact_save",
    "partner_profile_save",
    "priority_list_add",
    "priority_list_remove",
    "review_record",
    "school_project_save",
    "school_project_task_create",
    "solution_retire",
    "solution_save",
]
