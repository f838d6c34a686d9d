import pytest
from django.urls import reverse

from dxoffice.core.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(world):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    return world.admin


@pytest.mark.parametrize(
    "name",
    [
        "core_orgunit",
        "core_user",
        "planning_directive",
        "planning_program",
        "planning_pillar",
        "planning_sector",
        "planning_objective",
        "planning_annualplan",
    ],
)
def test_reference_lists_are_editable_by_administrators(client, superuser, name):
    client.force_login(superuser)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_nothing_is_deleted_in_the_admin_it_is_archived(client, superuser, world):
    client.force_login(superuser)
    unit = world.commune_b
    assert client.get(reverse("admin:core_orgunit_delete", args=[unit.pk])).status_code == 403
    client.post(
        reverse("admin:core_orgunit_changelist"),
        {"action": "archive_selected", "_selected_action": [unit.pk]},
    )
    unit = OrgUnit.all_objects.get(pk=unit.pk)
    assert unit.archived_at is not None
    assert unit.history.first().history_user == superuser


def test_the_admin_is_closed_to_other_roles(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("admin:planning_directive_changelist")).status_code == 302
