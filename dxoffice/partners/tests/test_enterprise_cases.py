"""Enterprises and their support cases: verification, the self-assessment, the case workflow,
who may do what, and the notification when a case is assigned."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dxoffice.core.actors import system_actor
from dxoffice.core.exceptions import StateConflict
from dxoffice.core.notifications.models import Notification
from dxoffice.partners import services
from dxoffice.partners.models import CaseStatus, EnterpriseStatus
from dxoffice.partners.permissions import cases_visible_to, enterprises_visible_to
from dxoffice.partners.tests.factories import CaseFactory, EnterpriseFactory, SolutionFactory, valid_tax_code

pytestmark = pytest.mark.django_db


def register(world, **overrides):
    fields = {
        "name": "Hợp tác xã Tôm sạch Năm Căn",
        "tax_code": "0100109106",
        "sector": "agriculture",
        "size": "micro",
        "commune": world.commune_a,
        "contact_name": "Lê Văn C",
        "contact_email": "htx@example.test",
    }
    fields.update(overrides)
    return services.enterprise_register(by=system_actor(), **fields)


def test_a_registration_waits_for_verification_and_duplicates_are_refused(world):
    enterprise = register(world)
    assert enterprise.status == EnterpriseStatus.PENDING
    with pytest.raises(ValidationError) as error:
        register(world, tax_code="0100109106", name="Khác")
    assert "0100109106" in error.value.message_dict["tax_code"][0]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        register(world, tax_code="0100109107")
    assert "check digit" in error.value.message_dict["tax_code"][0]
    with pytest.raises(ValidationError) as error:  # Vietnamese first
        register(world, tax_code="0100109107")
    assert "chữ số kiểm tra" in error.value.message_dict["tax_code"][0]


def test_the_branch_of_a_registered_enterprise_may_register(world):
    register(world)
    branch = register(world, tax_code="0100109106-002", name="Chi nhánh")
    assert branch.tax_code == "0100109106-002"


def test_the_dx_office_verifies_or_rejects_once(world):
    enterprise = register(world)
    with pytest.raises(PermissionDenied):
        services.enterprise_verify(by=world.partner, enterprise=enterprise)
    verified = services.enterprise_verify(by=world.coordinator, enterprise=enterprise)
    assert verified.status == EnterpriseStatus.VERIFIED and verified.verified_on is not None
    with pytest.raises(StateConflict):
        services.enterprise_reject(by=world.coordinator, enterprise=verified, reason="Trùng")
    other = register(world, tax_code=valid_tax_code(77))
    with pytest.raises(ValidationError):
        services.enterprise_reject(by=world.coordinator, enterprise=other, reason="  ")


def test_a_commune_must_be_local(world):
    with pytest.raises(ValidationError) as error:
        register(world, commune=world.department)
    assert "commune" in error.value.message_dict


def test_assessments_are_yearly_and_a_second_one_replaces_the_answers(world, today):
    enterprise = EnterpriseFactory(commune=world.commune_a)
    answers = {
        code: 2
        for code in ("s1", "s2", "s3", "c1", "c2", "c3", "o1", "o2", "o3", "t1", "t2", "d1", "d2", "p1", "p2")
    }
    first = services.assessment_save(
        by=world.coordinator, enterprise=enterprise, year=today.year, answers=answers
    )
    assert (str(first.score), first.level) == ("50.0", 3)
    again = services.assessment_save(
        by=world.coordinator,
        enterprise=enterprise,
        year=today.year,
        answers=answers | {"s1": 4, "s2": 4, "s3": 4},
    )
    assert again.pk == first.pk and str(again.score) == "58.3"  # strategy 100: (100 + 5 x 50) / 6
    with pytest.raises(ValidationError):
        services.assessment_save(
            by=world.coordinator, enterprise=enterprise, year=today.year + 1, answers=answers
        )


def test_the_case_workflow_from_request_to_satisfaction(world, today, django_capture_on_commit_callbacks):
    enterprise = EnterpriseFactory(commune=world.commune_a)
    case = services.case_open(
        by=system_actor(),
        enterprise=enterprise,
        sector="agriculture",
        need="e_invoice",
        description="Hóa đơn",
    )
    solution = SolutionFactory(provider=world.partner_org)
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_triage(
            by=world.coordinator,
            case=case,
            partner=world.partner_org,
            solution=solution,
            due_date=today + timedelta(days=10),
        )
    assert case.status == CaseStatus.TRIAGED
    told = Notification.objects.get(kind="partners.case_assigned")
    assert told.recipient == world.partner
    assert enterprise.name in told.title

    case = services.case_start(by=world.partner, case=case)
    with pytest.raises(ValidationError):
        services.case_resolve(by=world.partner, case=case, note="")
    case = services.case_resolve(by=world.partner, case=case, note="Đã cài đặt hóa đơn điện tử")
    case = services.case_rate(by=world.coordinator, case=case, satisfaction=5)
    assert (case.status, case.closed_on, case.satisfaction) == (CaseStatus.RESOLVED, today, 5)
    assert case.notes.count() == 1
    with pytest.raises(StateConflict):
        services.case_decline(by=world.coordinator, case=case, reason="Muộn")


def test_a_case_is_declined_with_a_reason_by_the_dx_office_only(world):
    case = CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_a))
    with pytest.raises(PermissionDenied):
        services.case_decline(by=world.partner, case=case, reason="x")
    with pytest.raises(ValidationError):
        services.case_decline(by=world.coordinator, case=case, reason="")
    declined = services.case_decline(by=world.coordinator, case=case, reason="Ngoài phạm vi hỗ trợ")
    assert declined.status == CaseStatus.DECLINED


def test_the_assigned_partner_alone_works_on_a_case(world, today):
    case = CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_a))
    services.case_triage(by=world.coordinator, case=case, partner=world.other_partner, due_date=today)
    with pytest.raises(PermissionDenied):
        services.case_start(by=world.partner, case=case)
    with pytest.raises(PermissionDenied):
        services.case_note_add(by=world.partner, case=case, text="Xin nhận")


def test_triage_checks_the_partner_solution_and_deadline(world, today):
    case = CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_a), opened_on=today)
    other_solution = SolutionFactory(provider=world.other_partner)
    with pytest.raises(ValidationError) as error:
        services.case_triage(by=world.coordinator, case=case, partner=world.department, due_date=today)
    assert "partner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.case_triage(
            by=world.coordinator,
            case=case,
            partner=world.partner_org,
            solution=other_solution,
            due_date=today,
        )
    assert "solution" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.case_triage(
            by=world.coordinator, case=case, partner=world.partner_org, due_date=today - timedelta(days=1)
        )
    assert "due_date" in error.value.message_dict


def test_a_partner_sees_only_the_cases_assigned_to_it_and_their_enterprises(world, today):
    mine = CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_a), partner=world.partner_org)
    CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_b), partner=world.other_partner)
    CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_b))
    assert list(cases_visible_to(world.partner)) == [mine]
    assert list(enterprises_visible_to(world.partner)) == [mine.enterprise]
    assert set(cases_visible_to(world.focal_a)) == {mine}  # the commune sees its own enterprises' cases
    assert cases_visible_to(world.coordinator).count() == 3
    assert not cases_visible_to(world.outsider).exists()


def test_a_catalogue_solution_is_kept_by_the_dx_office(world):
    solution = services.solution_save(
        by=world.coordinator,
        name="Hóa đơn điện tử",
        provider=world.partner_org,
        sector="agriculture",
        need="e_invoice",
        price_min=500_000,
        price_max=2_000_000,
    )
    assert solution.pk
    with pytest.raises(PermissionDenied):
        services.solution_save(by=world.partner, solution=solution, name="Đổi tên")
    with pytest.raises(ValidationError):
        services.solution_save(by=world.coordinator, solution=solution, price_max=100)


def test_only_verified_enterprises_go_on_the_priority_list(world):
    pending = EnterpriseFactory(commune=world.commune_a, status="pending")
    with pytest.raises(StateConflict):
        services.priority_list_add(
            by=world.coordinator, enterprise=pending, program="Chương trình vùng", rule="SME nông nghiệp"
        )
    listing = services.priority_list_add(
        by=world.coordinator,
        enterprise=EnterpriseFactory(commune=world.commune_a),
        program="Chương trình vùng",
        rule="SME nông nghiệp có đánh giá mức độ sẵn sàng",
    )
    assert listing.pk
