"""The partners API: wiring and the permission edges (404 out of scope, 403 for writes)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.partners import services
from dxoffice.partners.tests.factories import CaseFactory, CommitmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(world, agreement, today):
    return CommitmentFactory(
        agreement=agreement, party=world.partner_org, code="C1", due_date=today + timedelta(days=20)
    )


def test_a_partner_lists_its_agreements_and_reads_the_scorecard(client, world, agreement, commitment):
    client.force_login(world.partner)
    listed = client.get("/api/v1/partners/agreements").json()
    assert [a["number"] for a in listed["items"]] == [agreement.number]
    card = client.get(f"/api/v1/partners/agreements/{agreement.pk}/scorecard").json()
    assert card["counts"]["not_started"] == 1
    rows = client.get(f"/api/v1/partners/agreements/{agreement.pk}/commitments").json()
    assert rows[0]["code"] == "C1" and rows[0]["state"] == "not_started"


def test_another_agreement_is_a_404(client, world, agreement):
    client.force_login(world.focal_a)
    assert client.get("/api/v1/partners/agreements").json()["count"] == 0
    assert client.get(f"/api/v1/partners/agreements/{agreement.pk}").status_code == 404


def test_status_changes_follow_the_rules(client, world, commitment):
    client.force_login(world.partner)
    url = f"/api/v1/partners/commitments/{commitment.pk}/status"
    assert client.post(url, {"status": "met"}, content_type="application/json").status_code == 403
    client.force_login(world.coordinator)
    assert client.post(url, {"status": "met"}, content_type="application/json").status_code == 409
    refused = client.post(url, {"status": "dropped"}, content_type="application/json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    services.commitment_evidence_add(
        by=world.partner, commitment=commitment, upload=SimpleUploadedFile("a.pdf", b"%PDF")
    )
    done = client.post(url, {"status": "met"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "met"


def test_cases_are_triaged_and_resolved_through_the_api(client, world, today):
    case = CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_a), opened_on=today)
    client.force_login(world.coordinator)
    triaged = client.post(
        f"/api/v1/partners/cases/{case.pk}/triage",
        {"partner": world.partner_org.code, "due_date": (today + timedelta(days=7)).isoformat()},
        content_type="application/json",
    )
    assert triaged.status_code == 200 and triaged.json()["partner"] == world.partner_org.code
    unknown = client.post(
        f"/api/v1/partners/cases/{case.pk}/triage",
        {"partner": "NOPE", "due_date": today.isoformat()},
        content_type="application/json",
    )
    assert unknown.status_code == 422 and "partner" in unknown.json()["errors"]

    client.force_login(world.partner)
    assert [c["id"] for c in client.get("/api/v1/partners/cases").json()["items"]] == [case.pk]
    resolved = client.post(
        f"/api/v1/partners/cases/{case.pk}/resolve",
        {"note": "Đã hỗ trợ", "satisfaction": 4},
        content_type="application/json",
    )
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"


def test_verification_is_the_dx_offices(client, world):
    enterprise = EnterpriseFactory(commune=world.commune_a, status="pending")
    client.force_login(world.focal_a)  # sees its commune's enterprises, may not verify them
    assert client.post(f"/api/v1/partners/enterprises/{enterprise.pk}/verify").status_code == 403
    client.force_login(world.coordinator)
    assert client.post(f"/api/v1/partners/enterprises/{enterprise.pk}/verify").json()["status"] == "verified"
    assert client.post(f"/api/v1/partners/enterprises/{enterprise.pk}/verify").status_code == 409
    client.force_login(world.partner)
    assert client.post(f"/api/v1/partners/enterprises/{enterprise.pk}/verify").status_code == 404
