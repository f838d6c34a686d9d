"""Shared fixtures: a small province with every role, so tests read as stories."""

from dataclasses import dataclass

import pytest

from dxoffice.core.models import OrgUnit, Role, UnitKind, User
from dxoffice.core.tests.factories import OrgUnitFactory, UserFactory, user_with_role
from dxoffice.planning.models import AnnualPlan, Pillar, Program, Sector
from dxoffice.planning.tests.factories import PillarFactory, PlanFactory, ProgramFactory, SectorFactory


@pytest.fixture(autouse=True)
def _fast_passwords_and_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: shared figures (core.cache) of one test's database never
    serve another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _api_answers_keep_the_contract(monkeypatch):
    """Every API response in any test must be documented by its operation and match its schema
    (dxoffice/core/tests/api_contract.py)."""
    from dxoffice.core.tests.api_contract import check_client_responses

    check_client_responses(monkeypatch)


@dataclass
class World:
    province: OrgUnit
    commune_a: OrgUnit
    commune_b: OrgUnit
    department: OrgUnit
    partner_org: OrgUnit
    other_partner: OrgUnit
    admin: User
    leader: User
    coordinator: User
    focal_a: User
    focal_b: User
    dept_focal: User
    viewer: User
    partner: User
    outsider: User
    program: Program
    plan: AnnualPlan
    pillar: Pillar
    sector: Sector


@pytest.fixture
def world(db) -> World:
    province = OrgUnitFactory(code="CMU", name="Tỉnh Cà Mau", kind=UnitKind.PROVINCE)
    commune_a = OrgUnitFactory(code="XA-A", name="Xã Tân Thuận", kind=UnitKind.COMMUNE, parent=province)
    commune_b = OrgUnitFactory(code="XA-B", name="Phường An Xuyên", kind=UnitKind.WARD, parent=province)
    department = OrgUnitFactory(
        code="SKHCN", name="Sở Khoa học và Công nghệ", kind=UnitKind.DEPARTMENT, parent=province
    )
    partner_org = OrgUnitFactory(code="DOITAC", name="Tập đoàn Công nghệ", kind=UnitKind.TECH_PARTNER)
    other_partner = OrgUnitFactory(code="DN-KHAC", name="Doanh nghiệp khác", kind=UnitKind.ENTERPRISE)
    program = ProgramFactory(code="CDS-2026-2030", owner_unit=province)
    return World(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        department=department,
        partner_org=partner_org,
        other_partner=other_partner,
        admin=user_with_role(Role.ADMIN, province, username="admin"),
        leader=user_with_role(Role.LEADER, province, username="leader"),
        coordinator=user_with_role(Role.COORDINATOR, province, username="coordinator"),
        focal_a=user_with_role(Role.FOCAL, commune_a, username="focal"),
        focal_b=user_with_role(Role.FOCAL, commune_b, username="focal2"),
        dept_focal=user_with_role(Role.FOCAL, department, username="dept"),
        viewer=user_with_role(Role.VIEWER, province, username="viewer"),
        partner=user_with_role(Role.FOCAL, partner_org, username="partner"),
        outsider=UserFactory(username="outsider"),
        program=program,
        plan=PlanFactory(program=program, year=2026, code="KH-2026"),
        pillar=PillarFactory(
            program=program, code="CQS", name="Chính quyền số", name_en="Digital government"
        ),
        sector=SectorFactory(program=program, code="YTE", name="Y tế", name_en="Health"),
    )
