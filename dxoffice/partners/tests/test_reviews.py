"""The quarterly review of an agreement: notes and one audited decision per commitment, applied
through the commitment rules."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.periods import QUARTER, Period
from dxoffice.partners import services
from dxoffice.partners.models import CommitmentStatus
from dxoffice.partners.services import DecisionInput
from dxoffice.partners.tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter(today):
    return Period.containing(today, QUARTER).code


def test_a_review_records_its_decisions_and_applies_them(world, agreement, today, quarter):
    slipping = CommitmentFactory(
        agreement=agreement, party=world.partner_org, due_date=today + timedelta(days=30)
    )
    extended = CommitmentFactory(
        agreement=agreement, party=world.province, due_date=today + timedelta(days=10)
    )
    done = CommitmentFactory(
        agreement=agreement, party=world.partner_org, due_date=today + timedelta(days=60)
    )
    services.commitment_evidence_add(
        by=world.coordinator, commitment=done, upload=SimpleUploadedFile("bb.pdf", b"%PDF")
    )
    new_due = today + timedelta(days=120)

    review = services.review_record(
        by=world.coordinator,
        agreement=agreement,
        period=quarter.lower(),
        held_on=today,
        notes="Họp Tổ Điều phối",
        decisions=[
            DecisionInput(slipping, "at_risk", "Chậm bàn giao dữ liệu"),
            DecisionInput(extended, "extend", "Lùi hạn theo đề nghị", new_due),
            DecisionInput(done, "met"),
        ],
    )

    assert review.period == quarter
    assert review.decisions.count() == 3
    for commitment in (slipping, extended, done):
        commitment.refresh_from_db()
    assert slipping.status == CommitmentStatus.AT_RISK and slipping.status_reason == "Chậm bàn giao dữ liệu"
    assert extended.due_date == new_due
    assert extended.history.first().history_event == "commitment.extended"
    assert done.status == CommitmentStatus.MET
    assert review.history.first().history_event == "review.recorded"


def test_one_review_per_quarter(world, agreement, today, quarter):
    services.review_record(by=world.coordinator, agreement=agreement, period=quarter, held_on=today)
    with pytest.raises(StateConflict):
        services.review_record(by=world.coordinator, agreement=agreement, period=quarter, held_on=today)


@pytest.mark.parametrize("period", ["2026", "2026M03", "nonsense"])
def test_a_review_covers_a_quarter(world, agreement, today, period):
    with pytest.raises(ValidationError) as error:
        services.review_record(by=world.coordinator, agreement=agreement, period=period, held_on=today)
    assert "period" in error.value.message_dict


def test_a_bad_decision_saves_nothing(world, agreement, today, quarter):
    commitment = CommitmentFactory(
        agreement=agreement, party=world.partner_org, due_date=today + timedelta(days=5)
    )
    with pytest.raises(ValidationError):
        services.review_record(
            by=world.coordinator,
            agreement=agreement,
            period=quarter,
            held_on=today,
            decisions=[DecisionInput(commitment, "extend", "", today)],  # not after the current due date
        )
    assert not agreement.reviews.exists()


def test_only_the_agreements_planners_review_it(world, agreement, today, quarter):
    with pytest.raises(PermissionDenied):
        services.review_record(by=world.partner, agreement=agreement, period=quarter, held_on=today)
