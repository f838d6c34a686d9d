"""An enterprise's own account, made when the DX office verifies it: it sees only its own profile,
assessments and requests, answers its self-assessment and asks for help."""

import pytest
from django.core.exceptions import PermissionDenied

from dxoffice.core.exceptions import StateConflict
from dxoffice.partners import services
from dxoffice.partners.maturity import QUESTIONS
from dxoffice.partners.permissions import cases_visible_to, enterprises_visible_to
from dxoffice.partners.tests.factories import CaseFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified(world):
    enterprise = EnterpriseFactory(commune=world.commune_a, status="pending", tax_code="0100109106-001")
    return services.enterprise_verify(by=world.coordinator, enterprise=enterprise)


def test_verifying_makes_an_account_that_logs_in_with_the_issued_password(world, verified, client):
    account = verified.account
    assert account.username == "dn0100109106001" and not account.has_usable_password()
    assert not account.grants.exists()  # no role: it sees only its own records
    with pytest.raises(PermissionDenied):
        services.enterprise_password_issue(by=world.partner, enterprise=verified)
    password = services.enterprise_password_issue(by=world.coordinator, enterprise=verified)
    account.refresh_from_db()
    assert account.check_password(password)
    client.force_login(account)
    assert client.get("/partners/me/").url == f"/partners/enterprises/{verified.pk}/"


def test_no_account_before_verification(world):
    pending = EnterpriseFactory(commune=world.commune_a, status="pending")
    with pytest.raises(StateConflict):
        services.enterprise_password_issue(by=world.coordinator, enterprise=pending)


def test_the_account_sees_only_its_own_enterprise_and_requests(world, verified, client):
    mine = CaseFactory(enterprise=verified)
    CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_a))
    account = verified.account
    assert list(enterprises_visible_to(account)) == [verified]
    assert list(cases_visible_to(account)) == [mine]
    client.force_login(account)
    other = EnterpriseFactory(commune=world.commune_a)
    assert client.get(f"/partners/enterprises/{other.pk}/").status_code == 404
    assert client.get(f"/partners/enterprises/{verified.pk}/").status_code == 200
    assert client.get("/api/v1/partners/agreements").json()["count"] == 0


def test_the_enterprise_answers_its_assessment_and_asks_for_help(world, verified, client, today):
    client.force_login(verified.account)
    answers = {q.code: "2" for q in QUESTIONS} | {"year": str(today.year)}
    client.post(f"/partners/enterprises/{verified.pk}/assessment/", answers)
    assert str(verified.assessments.get().score) == "50.0"
    client.post(
        f"/partners/enterprises/{verified.pk}/request/",
        {"need": "security", "description": "Bị lừa đảo qua thư"},
    )
    case = verified.cases.get()
    assert (case.need, case.status) == ("security", "new")
    client.post(f"/partners/enterprises/{verified.pk}/request/", {"need": "nonsense", "description": "x"})
    assert verified.cases.count() == 1
    with pytest.raises(PermissionDenied):  # it may not verify anyone, nor triage its own case
        services.case_triage(by=verified.account, case=case, partner=world.partner_org, due_date=today)


def test_another_enterprise_cannot_write_for_this_one(world, verified, today):
    stranger = services.enterprise_verify(
        by=world.coordinator, enterprise=EnterpriseFactory(commune=world.commune_b, status="pending")
    )
    with pytest.raises(PermissionDenied):
        services.assessment_save(by=stranger.account, enterprise=verified, year=today.year, answers={})
    with pytest.raises(PermissionDenied):
        services.case_open(
            by=stranger.account, enterprise=verified, sector="health", need="other", description="x"
        )


def test_the_enterprise_sees_its_own_entry_in_the_navigation(world, verified, client):
    from dxoffice.core.registry import registry

    keys = [entry.key for entry in registry.nav_for(verified.account)]
    assert "my_enterprise" in keys and "partners" not in keys
    assert "my_enterprise" not in [entry.key for entry in registry.nav_for(world.coordinator)]
