"""The partners API under the property-based fuzzer (dxoffice/core/tests/api_fuzz.py), as a
coordinator: schema-valid requests are refused only by the rules the schema cannot express."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dxoffice.core.tests.api_fuzz import fuzz, module_paths
from dxoffice.core.tests.factories import OrgUnitFactory
from dxoffice.partners.maturity import QUESTIONS
from dxoffice.partners.tests.factories import (
    AgreementFactory,
    CaseFactory,
    CommitmentFactory,
    EnterpriseFactory,
    SchoolProjectFactory,
    SolutionFactory,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

RULES: dict[str, dict[int, set[str]]] = {
    "commitment_status_set": {400: {"reason", "met_on"}},
    "case_triage": {400: {"partner", "solution", "due_date"}, 422: {"partner", "solution"}},
    "case_resolve": {400: {"note"}},
    # The enterprise's side: the model's own checks, a rejected enterprise, a case not yet resolved
    # or rated once by the enterprise, every question answered, a year not after this one.
    "enterprise_update": {400: {"contact_email", "contact_name", "address", "contact_phone"}},
    "case_open": {400: {"description"}, 409: {"enterprise"}},
    "case_rate": {409: {"status", "satisfaction"}},
    "assessment_submit": {
        400: {"year", "answers", *(f"answers.{q.code}" for q in QUESTIONS)},
        409: {"enterprise"},
    },
    # The keeping of profiles, contacts and the catalogue: the model's checks (an e-mail, a web
    # address, a phone number), a school level on a school only, a provider that is a partner, the
    # highest price not below the lowest, a retired record.
    "partner_profile_update": {400: {"contact_email", "contact_phone", "website", "school_level"}},
    "partner_contact_add": {400: {"email", "phone"}},
    "partner_contact_update": {400: {"email", "phone"}, 409: {"name"}},
    "partner_contact_retire": {409: {"reason"}},
    "solution_create": {400: {"provider", "price_max", "name"}, 422: {"provider"}},
    "solution_update": {400: {"provider", "price_max", "name"}, 422: {"provider"}, 409: {"name"}},
    "solution_retire": {409: {"reason"}},
    # Planning's task rules, and the codes of plans, pillars and units that name no record.
    "commitment_task_create": {
        400: {"due_date", "lead_unit", "coordinating_units", "code", "pillar"},
        422: {"plan", "pillar", "lead_unit", "coordinating_units"},
    },
    "school_project_task_create": {
        400: {"due_date", "lead_unit", "coordinating_units", "code", "pillar"},
        422: {"plan", "pillar", "lead_unit", "coordinating_units"},
    },
}


@pytest.fixture
def records(world, today):
    agreement = AgreementFactory(
        owner_unit=world.province,
        parties=[world.partner_org],
        signed_on=today - timedelta(days=100),
        valid_from=today - timedelta(days=100),
    )
    CommitmentFactory(agreement=agreement, party=world.partner_org, due_date=today + timedelta(days=10))
    CommitmentFactory(agreement=agreement, party=world.province, due_date=today - timedelta(days=10))
    SolutionFactory(provider=world.partner_org)
    school = OrgUnitFactory(code="TRUONG-A", name="Trường THCS A", kind="school", parent=world.province)
    SchoolProjectFactory(school=school)
    CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_a), opened_on=today - timedelta(days=5))
    CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_b, status="pending"), opened_on=today)
    return world


def test_the_partners_api_under_the_fuzzer(records, monkeypatch):
    figures = fuzz(
        user=records.coordinator, rules=RULES, monkeypatch=monkeypatch, include=module_paths("partners")
    )
    assert figures.operations and not figures.failures, "\n\n".join(sorted(set(figures.failures)))
