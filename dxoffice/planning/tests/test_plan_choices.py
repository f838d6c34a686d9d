"""The plans offered to a person creating a task from another module (a meeting's conclusion, a
partner's commitment): the open plans of programs their planning rights reach."""

from datetime import UTC, datetime

import pytest

from dxoffice.core.models import Role, UnitKind
from dxoffice.core.tests.factories import OrgUnitFactory, UserFactory, user_with_role
from dxoffice.planning.selectors import plan_choices
from dxoffice.planning.tests.factories import PlanFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def offered(user):
    return {label.split(" ")[0] for _pk, label in plan_choices(user)}


def test_a_person_is_offered_the_open_plans_of_the_programs_their_rights_reach():
    ca_mau = OrgUnitFactory(code="CM", kind=UnitKind.PROVINCE)
    bac_lieu = OrgUnitFactory(code="BL", kind=UnitKind.PROVINCE)
    commune = OrgUnitFactory(code="CM-X", kind=UnitKind.COMMUNE, parent=ca_mau)
    PlanFactory(code="KH-CM", program=ProgramFactory(owner_unit=ca_mau))
    PlanFactory(code="KH-BL", program=ProgramFactory(owner_unit=bac_lieu))
    PlanFactory(code="KH-XA", program=ProgramFactory(owner_unit=commune))
    PlanFactory(
        code="KH-OLD", program=ProgramFactory(owner_unit=ca_mau), archived_at=datetime(2026, 1, 1, tzinfo=UTC)
    )

    province_coordinator = user_with_role(Role.COORDINATOR, ca_mau)
    commune_coordinator = user_with_role(Role.COORDINATOR, commune)
    other_province = user_with_role(Role.COORDINATOR, bac_lieu)

    assert offered(province_coordinator) == {"KH-CM", "KH-XA"}  # its program and those below it
    assert offered(commune_coordinator) == {"KH-CM", "KH-XA"}  # the province's program holds its commune
    assert offered(other_province) == {"KH-BL"}
    assert offered(UserFactory(is_superuser=True)) == {"KH-CM", "KH-BL", "KH-XA"}  # never an archived plan


def test_no_plan_is_offered_to_someone_who_may_plan_nowhere():
    province = OrgUnitFactory(code="CM", kind=UnitKind.PROVINCE)
    PlanFactory(program=ProgramFactory(owner_unit=province))
    assert plan_choices(user_with_role(Role.VIEWER, province)) == []
