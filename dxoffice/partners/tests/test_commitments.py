"""Agreements and commitments: who may write them, the status rules, evidence, and the tasks that
carry a commitment out."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.core.exceptions import StateConflict
from dxoffice.partners import services
from dxoffice.partners.models import CommitmentState, CommitmentStatus
from dxoffice.partners.selectors import commitment_state, commitments_of
from dxoffice.partners.tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def commitment_of(agreement, party, today, **kwargs):
    kwargs.setdefault("due_date", today + timedelta(days=90))
    return CommitmentFactory(agreement=agreement, party=party, **kwargs)


def test_a_coordinator_creates_an_agreement_with_its_parties(world, today):
    agreement = services.agreement_save(
        by=world.coordinator,
        owner_unit=world.province,
        parties=[world.partner_org],
        number="01/2025/TTHT",
        title="Thỏa thuận hợp tác toàn diện",
        signed_on=today,
        valid_from=today,
    )
    assert set(agreement.parties.all()) == {world.province, world.partner_org}
    assert "agreement.created" in {h.history_event for h in agreement.history.all()}


@pytest.mark.parametrize("who", ["focal_a", "viewer", "partner", "leader"])
def test_only_planners_of_the_owner_unit_write_an_agreement(world, today, who):
    with pytest.raises(PermissionDenied):
        services.agreement_save(
            by=getattr(world, who),
            owner_unit=world.province,
            parties=[world.partner_org],
            number="02/2025",
            title="T",
            signed_on=today,
            valid_from=today,
        )


def test_an_agreement_needs_another_party_and_sensible_dates(world, today):
    with pytest.raises(ValidationError) as error:
        services.agreement_save(
            by=world.coordinator,
            owner_unit=world.province,
            parties=[],
            number="03",
            title="T",
            signed_on=today,
            valid_from=today,
        )
    assert "parties" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.agreement_save(
            by=world.coordinator,
            owner_unit=world.province,
            parties=[world.partner_org],
            number="04",
            title="T",
            signed_on=today,
            valid_from=today - timedelta(days=1),
        )
    assert "valid_from" in error.value.message_dict


def test_a_commitment_belongs_to_a_party_of_the_agreement(world, agreement, today):
    with pytest.raises(ValidationError) as error:
        services.commitment_save(
            by=world.coordinator,
            agreement=agreement,
            party=world.other_partner,
            code="C1",
            title="Đào tạo",
            measure="1.000 người",
            due_date=today,
        )
    assert "party" in error.value.message_dict
    commitment = services.commitment_save(
        by=world.coordinator,
        agreement=agreement,
        party=world.partner_org,
        code="C1",
        title="Đào tạo",
        measure="1.000 người",
        due_date=today,
    )
    with pytest.raises(ValidationError) as error:
        services.commitment_save(
            by=world.coordinator,
            agreement=agreement,
            party=world.partner_org,
            code="C1",
            title="Trùng",
            measure="x",
            due_date=today,
        )
    assert "code" in error.value.message_dict
    assert commitment.status == CommitmentStatus.NOT_STARTED


def test_met_needs_evidence_or_all_its_tasks_completed(world, agreement, today):
    commitment = commitment_of(agreement, world.partner_org, today)
    with pytest.raises(StateConflict):
        services.commitment_set_status(by=world.coordinator, commitment=commitment, status="met")

    services.commitment_evidence_add(by=world.partner, commitment=commitment, upload=pdf())
    met = services.commitment_set_status(by=world.coordinator, commitment=commitment, status="met")

    assert met.status == CommitmentStatus.MET and met.met_on == today
    assert met.history.first().history_event == "commitment.status_changed"


def test_at_risk_and_dropped_need_a_reason_and_dropped_is_final(world, agreement, today):
    commitment = commitment_of(agreement, world.partner_org, today)
    for status in ("at_risk", "dropped"):
        with pytest.raises(ValidationError) as error:
            services.commitment_set_status(by=world.coordinator, commitment=commitment, status=status)
        assert "reason" in error.value.message_dict
    dropped = services.commitment_set_status(
        by=world.coordinator, commitment=commitment, status="dropped", reason="Không còn phù hợp"
    )
    assert dropped.status_reason == "Không còn phù hợp"
    with pytest.raises(StateConflict):
        services.commitment_set_status(by=world.coordinator, commitment=dropped, status="in_progress")


def test_reopening_a_met_commitment_needs_a_reason_and_clears_the_date(world, agreement, today):
    commitment = commitment_of(agreement, world.partner_org, today)
    services.commitment_evidence_add(by=world.coordinator, commitment=commitment, upload=pdf())
    services.commitment_set_status(by=world.coordinator, commitment=commitment, status="met")
    with pytest.raises(ValidationError):
        services.commitment_set_status(by=world.coordinator, commitment=commitment, status="in_progress")
    reopened = services.commitment_set_status(
        by=world.coordinator, commitment=commitment, status="in_progress", reason="Nghiệm thu lại"
    )
    assert reopened.met_on is None


def test_the_date_met_cannot_be_in_the_future_or_before_signing(world, agreement, today):
    commitment = commitment_of(agreement, world.partner_org, today)
    services.commitment_evidence_add(by=world.coordinator, commitment=commitment, upload=pdf())
    for day in (today + timedelta(days=1), agreement.signed_on - timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            services.commitment_set_status(
                by=world.coordinator, commitment=commitment, status="met", met_on=day
            )
        assert "met_on" in error.value.message_dict


def test_the_partner_adds_evidence_to_its_own_commitments_only(world, agreement, today):
    own = commitment_of(agreement, world.partner_org, today)
    provinces = commitment_of(agreement, world.province, today)
    services.commitment_evidence_add(by=world.partner, commitment=own, upload=pdf())
    with pytest.raises(PermissionDenied):
        services.commitment_evidence_add(by=world.partner, commitment=provinces, upload=pdf())
    with pytest.raises(PermissionDenied):
        services.commitment_set_status(by=world.partner, commitment=own, status="met")


def test_an_unsafe_evidence_file_is_refused(world, agreement, today):
    commitment = commitment_of(agreement, world.partner_org, today)
    with pytest.raises(ValidationError):
        services.commitment_evidence_add(
            by=world.partner, commitment=commitment, upload=SimpleUploadedFile("x.exe", b"MZ")
        )


def test_state_is_late_past_the_due_date_unless_met_or_dropped(world, agreement, today):
    late = commitment_of(agreement, world.partner_org, today, due_date=today - timedelta(days=1))
    assert commitment_state(late, today) == CommitmentState.LATE
    late.status = CommitmentStatus.MET
    assert commitment_state(late, today) == CommitmentState.MET
    late.status = CommitmentStatus.AT_RISK
    late.due_date = today
    assert commitment_state(late, today) == CommitmentState.AT_RISK


def test_tasks_carry_a_commitment_and_its_progress_follows_them(
    world, agreement, today, django_capture_on_commit_callbacks
):
    commitment = commitment_of(agreement, world.partner_org, today)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.commitment_task_create(
            by=world.coordinator,
            commitment=commitment,
            plan=world.plan,
            code="NV-C1",
            pillar=world.pillar,
            lead_unit=world.department,
        )
        services.commitment_task_create(
            by=world.coordinator,
            commitment=commitment,
            plan=world.plan,
            code="NV-C2",
            pillar=world.pillar,
            lead_unit=world.department,
            title="Bước hai",
        )
    assert first.origin == "partners.commitment" and first.origin_object == commitment
    assert first.partner == world.partner_org  # the partner sees the task
    assert first.due_date == commitment.due_date and first.title == commitment.title

    from dxoffice.planning.services import task_change_status

    with django_capture_on_commit_callbacks(execute=True):
        task_change_status(by=world.coordinator, task=first, status="completed", evidence=[pdf()])
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.IN_PROGRESS  # started by its task
    assert commitment.history.first().history_event == "commitment.started_by_task"

    [row] = commitments_of(world.partner, agreement, today)
    assert [t.code for t in row.tasks] == ["NV-C1", "NV-C2"]
    assert row.progress == 50  # one completed (100%), one with no accepted report (0%)
    assert row.state == CommitmentState.IN_PROGRESS


def test_a_commitment_whose_tasks_are_all_completed_can_be_met_without_a_file(
    world, agreement, today, django_capture_on_commit_callbacks
):
    commitment = commitment_of(agreement, world.partner_org, today)
    task = services.commitment_task_create(
        by=world.coordinator,
        commitment=commitment,
        plan=world.plan,
        code="NV-X",
        pillar=world.pillar,
        lead_unit=world.department,
    )
    from dxoffice.planning.services import task_change_status

    with django_capture_on_commit_callbacks(execute=True):
        task_change_status(by=world.coordinator, task=task, status="completed", evidence=[pdf()])
    met = services.commitment_set_status(by=world.coordinator, commitment=commitment, status="met")
    assert met.status == CommitmentStatus.MET


def test_a_dropped_commitment_takes_no_new_task(world, agreement, today):
    commitment = commitment_of(agreement, world.partner_org, today, status="dropped")
    with pytest.raises(StateConflict):
        services.commitment_task_create(
            by=world.coordinator,
            commitment=commitment,
            plan=world.plan,
            code="NV-D",
            pillar=world.pillar,
            lead_unit=world.department,
        )
