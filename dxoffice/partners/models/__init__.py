"""The partners module's records: partner profiles, agreements and their commitments, enterprises
and their support cases, school projects."""

from dxoffice.partners.models.agreements import (
    Agreement,
    AgreementReview,
    Amendment,
    Commitment,
    CommitmentArea,
    CommitmentState,
    CommitmentStatus,
    PartnerContact,
    PartnerProfile,
    ReviewDecision,
    ReviewDecisionKind,
    SchoolLevel,
)
from dxoffice.partners.models.enterprises import (
    CaseNote,
    CaseStatus,
    Enterprise,
    EnterpriseSize,
    EnterpriseStatus,
    MaturityAssessment,
    PriorityListing,
    PrioritySector,
    Solution,
    SupportCase,
    SupportNeed,
)
from dxoffice.partners.models.schools import SchoolProject

__all__ = [
    "Agreement",
    "AgreementReview",
    "Amendment",
    "CaseNote",
    "CaseStatus",
    "Commitment",
    "CommitmentArea",
    "CommitmentState",
    "CommitmentStatus",
    "Enterprise",
    "EnterpriseSize",
    "EnterpriseStatus",
    "MaturityAssessment",
    "PartnerContact",
    "PartnerProfile",
    "PriorityListing",
    "PrioritySector",
    "ReviewDecision",
    "ReviewDecisionKind",
    "SchoolLevel",
    "SchoolProject",
    "Solution",
    "SupportCase",
    "SupportNeed",
]
