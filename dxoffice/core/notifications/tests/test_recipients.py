"""users_with_role_on: who holds a role on a unit or above it (a grant covers the subtree), in one
query."""

from datetime import datetime

from dxoffice.core.models import Role, RoleGrant, UnitKind
from dxoffice.core.selectors import users_with_role_on
from dxoffice.core.tests.factories import OrgUnitFactory, user_with_role


def test_holders_on_the_unit_and_its_ancestors(people, django_assert_num_queries):
    office = OrgUnitFactory(code="C-OFFICE", kind=UnitKind.AGENCY, parent=people.commune)
    own = user_with_role(Role.FOCAL, office, username="own")
    leader = user_with_role(Role.LEADER, people.province, username="leader")
    user_with_role(
        Role.FOCAL, OrgUnitFactory(kind=UnitKind.COMMUNE, parent=people.province), username="sibling"
    )

    with django_assert_num_queries(1):
        found = list(users_with_role_on(office, [Role.FOCAL, Role.COORDINATOR]))

    assert [user.username for user in found] == ["actor", "anna", "binh", "own"]
    assert leader not in found and own in found
    assert list(users_with_role_on(people.province, [Role.FOCAL])) == []


def test_each_person_once_however_many_grants(people):
    RoleGrant.objects.create(user=people.anna, unit=people.province, role=Role.COORDINATOR)
    found = list(users_with_role_on(people.commune, [Role.FOCAL, Role.COORDINATOR]))
    assert [user.username for user in found].count("anna") == 1


def test_skipping_grants_held_on_ancestors_of_a_kind(people):
    found = users_with_role_on(
        people.commune, [Role.COORDINATOR, Role.FOCAL], skip_ancestor_kinds=[UnitKind.PROVINCE]
    )
    assert [user.username for user in found] == ["anna", "binh"]
    # The province's own grants still count for the province itself.
    on_province = users_with_role_on(
        people.province, [Role.COORDINATOR], skip_ancestor_kinds=[UnitKind.PROVINCE]
    )
    assert [user.username for user in on_province] == ["actor"]


def test_inactive_people_archived_grants_and_archived_units_are_left_out(people):
    people.anna.is_active = False
    people.anna.save()
    RoleGrant.objects.filter(user=people.binh).update(archived_at=datetime(2026, 1, 1).astimezone())
    assert list(users_with_role_on(people.commune, [Role.FOCAL])) == []

    people.province.archived_at = datetime(2026, 1, 1).astimezone()
    people.province.save()
    assert list(users_with_role_on(people.commune, [Role.COORDINATOR])) == []
