"""A unit moves under any unit but itself or its own descendants: in the admin and the services
that would corrupt the tree's paths."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dxoffice.core.models import OrgUnit, UnitKind
from dxoffice.core.services import unit_update
from dxoffice.core.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_a_unit_cannot_move_under_its_descendant(world):
    hamlet = OrgUnitFactory(code="AP-1", kind=UnitKind.COMMUNE, parent=world.commune_a)
    with pytest.raises(ValidationError) as refused:
        unit_update(by=world.admin, unit=world.commune_a, parent=hamlet)
    assert "parent" in refused.value.message_dict
    with pytest.raises(ValidationError):
        unit_update(by=world.admin, unit=world.commune_a, parent=world.commune_a)
    world.commune_a.refresh_from_db()
    hamlet.refresh_from_db()
    assert world.commune_a.parent == world.province and hamlet.path.startswith(world.commune_a.path)


def test_the_admin_refuses_the_move(client, world):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    hamlet = OrgUnitFactory(code="AP-2", kind=UnitKind.COMMUNE, parent=world.commune_a)
    client.force_login(world.admin)
    url = reverse("admin:core_orgunit_change", args=[world.commune_a.pk])
    answer = client.post(
        url, {"code": "XA-A", "name": world.commune_a.name, "kind": UnitKind.COMMUNE, "parent": hamlet.pk}
    )
    assert answer.status_code == 200 and "parent" in answer.context["adminform"].form.errors
    assert OrgUnit.objects.get(pk=world.commune_a.pk).parent_id == world.province.pk


def test_a_unit_still_moves_elsewhere(world):
    unit_update(by=world.admin, unit=world.commune_a, parent=world.department)
    world.commune_a.refresh_from_db()
    assert world.commune_a.path.startswith(world.department.path)
