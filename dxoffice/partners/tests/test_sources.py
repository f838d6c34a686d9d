"""The figures the module publishes for the assessment module, and the announcement when they change."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.core.registry import registry
from dxoffice.core.signals import data_source_changed
from dxoffice.partners import services
from dxoffice.partners.tests.factories import CaseFactory, CommitmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    data_source_changed.connect(receiver, weak=False)
    yield received
    data_source_changed.disconnect(receiver)


def supported(period, ids):
    return registry.data_source("partners.enterprises_supported").values(period, ids)


def share(period, ids):
    return registry.data_source("partners.commitments_met_share").values(period, ids)


def test_enterprises_supported_counts_verified_ones_per_commune_and_subtree(world):
    a = EnterpriseFactory(commune=world.commune_a)
    CaseFactory(enterprise=a, status="resolved", closed_on=date(2026, 2, 10))
    CaseFactory(enterprise=a, status="resolved", closed_on=date(2026, 2, 20))  # the same enterprise once
    CaseFactory(
        enterprise=EnterpriseFactory(commune=world.commune_b), status="resolved", closed_on=date(2026, 5, 1)
    )
    CaseFactory(
        enterprise=EnterpriseFactory(commune=world.commune_b, status="pending"),
        status="resolved",
        closed_on=date(2026, 2, 1),
    )
    CaseFactory(
        enterprise=EnterpriseFactory(commune=world.commune_b), status="declined", closed_on=date(2026, 2, 1)
    )
    ids = [world.commune_a.pk, world.commune_b.pk, world.province.pk, world.department.pk]

    assert supported("2026Q1", ids) == {world.commune_a.pk: Decimal(1), world.province.pk: Decimal(1)}
    assert supported("2026", ids) == {
        world.commune_a.pk: Decimal(1),
        world.commune_b.pk: Decimal(1),
        world.province.pk: Decimal(2),
    }
    assert supported("2026M03", ids) == {}
    assert supported("garbage", ids) == {}


def test_commitments_met_share_of_those_due_by_the_periods_end(world, agreement):
    CommitmentFactory(
        agreement=agreement,
        party=world.partner_org,
        due_date=date(2026, 3, 31),
        status="met",
        met_on=date(2026, 3, 1),
    )
    CommitmentFactory(agreement=agreement, party=world.partner_org, due_date=date(2026, 3, 31))
    CommitmentFactory(
        agreement=agreement,
        party=world.partner_org,
        due_date=date(2026, 2, 1),
        status="met",
        met_on=date(2026, 5, 1),
    )
    CommitmentFactory(
        agreement=agreement, party=world.partner_org, due_date=date(2026, 1, 31), status="dropped"
    )
    CommitmentFactory(agreement=agreement, party=world.partner_org, due_date=date(2026, 9, 30))
    ids = [world.partner_org.pk, world.province.pk]

    # Q1: three due (the dropped one left out), one met by 31 March -> 33.3
    assert share("2026Q1", ids) == {world.partner_org.pk: Decimal("33.3")}
    # the year: four due, two met -> 50.0; the province has none due and is left out
    assert share("2026", ids) == {world.partner_org.pk: Decimal("50.0")}


def test_meeting_a_commitment_is_announced_after_commit(
    world, agreement, today, heard, django_capture_on_commit_callbacks
):
    commitment = CommitmentFactory(
        agreement=agreement, party=world.partner_org, due_date=today + timedelta(days=5)
    )
    services.commitment_evidence_add(
        by=world.partner, commitment=commitment, upload=SimpleUploadedFile("a.pdf", b"%PDF")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.commitment_set_status(by=world.coordinator, commitment=commitment, status="met")
    [event] = [e for e in heard if e["code"] == "partners.commitments_met_share"]
    assert event["unit_ids"] == [world.partner_org.pk]
    assert str(today.year) in event["periods"]


def test_resolving_a_verified_enterprises_case_is_announced(
    world, today, heard, django_capture_on_commit_callbacks
):
    case = CaseFactory(
        enterprise=EnterpriseFactory(commune=world.commune_a), partner=world.partner_org, status="in_progress"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.case_resolve(by=world.partner, case=case, note="Xong")
    [event] = [e for e in heard if e["code"] == "partners.enterprises_supported"]
    assert event["unit_ids"] == [world.commune_a.pk]
    assert set(event["periods"]) == {
        str(today.year),
        f"{today.year}Q{(today.month - 1) // 3 + 1}",
        f"{today.year}M{today.month:02d}",
    }


def smes(period, ids):
    return registry.data_source("partners.smes_supported_share").values(period, ids)


def test_smes_supported_share_of_verified_smes_helped_by_the_periods_end(world):
    a_helped = EnterpriseFactory(commune=world.commune_a, size="micro", verified_on=date(2026, 1, 10))
    CaseFactory(enterprise=a_helped, status="resolved", closed_on=date(2026, 2, 10))
    CaseFactory(enterprise=a_helped, status="resolved", closed_on=date(2026, 5, 10))  # counted once
    EnterpriseFactory(commune=world.commune_a, size="small", verified_on=date(2026, 1, 10))
    a_late = EnterpriseFactory(commune=world.commune_a, size="medium", verified_on=date(2026, 1, 10))
    CaseFactory(enterprise=a_late, status="resolved", closed_on=date(2026, 5, 1))
    EnterpriseFactory(commune=world.commune_a, size="small", verified_on=date(2026, 4, 2))  # from Q2
    large = EnterpriseFactory(commune=world.commune_b, size="large", verified_on=date(2026, 1, 10))
    CaseFactory(enterprise=large, status="resolved", closed_on=date(2026, 2, 1))  # not an SME
    pending = EnterpriseFactory(commune=world.commune_b, size="small", status="pending")
    CaseFactory(enterprise=pending, status="resolved", closed_on=date(2026, 2, 1))  # not verified
    b_declined = EnterpriseFactory(commune=world.commune_b, size="small", verified_on=date(2026, 1, 10))
    CaseFactory(enterprise=b_declined, status="declined", closed_on=date(2026, 2, 1))
    ids = [world.commune_a.pk, world.commune_b.pk, world.province.pk, world.department.pk]

    # Q1: commune A has three SMEs verified by 31 March, one helped -> 33.3; B one SME, none helped
    assert smes("2026Q1", ids) == {
        world.commune_a.pk: Decimal("33.3"),
        world.commune_b.pk: Decimal("0.0"),
        world.province.pk: Decimal("25.0"),
    }
    # the year: A four SMEs, two helped -> 50.0; the province five, two -> 40.0
    assert smes("2026", ids) == {
        world.commune_a.pk: Decimal("50.0"),
        world.commune_b.pk: Decimal("0.0"),
        world.province.pk: Decimal("40.0"),
    }
    assert smes("2025", ids) == {}  # no SME verified yet
    assert smes("garbage", ids) == {} and smes("2026", []) == {}


def test_resolving_an_smes_case_is_announced_for_its_commune_and_above(
    world, today, heard, django_capture_on_commit_callbacks
):
    case = CaseFactory(
        enterprise=EnterpriseFactory(commune=world.commune_a, size="small"),
        partner=world.partner_org,
        status="in_progress",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.case_resolve(by=world.partner, case=case, note="Xong")
    [event] = [e for e in heard if e["code"] == "partners.smes_supported_share"]
    assert world.commune_a.pk in event["unit_ids"] and world.province.pk in event["unit_ids"]
    assert str(today.year) in event["periods"]


def test_verifying_an_sme_is_announced_but_not_a_large_enterprise(
    world, heard, django_capture_on_commit_callbacks
):
    small = EnterpriseFactory(commune=world.commune_b, size="small", status="pending")
    large = EnterpriseFactory(commune=world.commune_b, size="large", status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        services.enterprise_verify(by=world.coordinator, enterprise=small)
        services.enterprise_verify(by=world.coordinator, enterprise=large)
    events = [e for e in heard if e["code"] == "partners.smes_supported_share"]
    assert len(events) == 1 and world.commune_b.pk in events[0]["unit_ids"]
