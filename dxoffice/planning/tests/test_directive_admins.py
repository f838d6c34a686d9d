"""Directives are edited by the province's administrators only: in the services, the API and the
admin. A coordinator, even of the whole province, links to them but does not write them."""

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from dxoffice.core.models import Role
from dxoffice.core.tests.api_client import ApiClient
from dxoffice.core.tests.factories import user_with_role
from dxoffice.planning import services
from dxoffice.planning.models import Directive
from dxoffice.planning.tests.factories import DirectiveFactory
from dxoffice.planning.tests.test_api_program import directive_body

pytestmark = pytest.mark.django_db


def test_a_commune_coordinator_cannot_write_directives_through_the_api(world):
    commune_coordinator = user_with_role(Role.COORDINATOR, world.commune_a, username="cn-xa")
    directive = DirectiveFactory()
    api = ApiClient(commune_coordinator)
    assert api.post("/directives", directive_body()).status_code == 403
    assert api.patch(f"/directives/{directive.pk}", {"title": "Sửa"}).status_code == 403
    assert not Directive.objects.filter(number="57-NQ/TW").exists()
    directive.refresh_from_db()
    assert directive.title != "Sửa"


@pytest.mark.parametrize("who", ["coordinator", "leader", "focal_a"])
def test_only_administrators_save_directives(world, who):
    with pytest.raises(PermissionDenied):
        services.directive_save(by=getattr(world, who), **directive_body())
    commune_admin = user_with_role(Role.ADMIN, world.commune_a, username="qtv-xa")
    with pytest.raises(PermissionDenied):
        services.directive_save(by=commune_admin, **directive_body())
    saved = services.directive_save(by=world.admin, **directive_body())
    assert saved.history.first().history_user == world.admin


def test_the_admin_lets_only_administrators_change_directives(world):
    request = RequestFactory().get("/admin/")
    model_admin = site._registry[Directive]
    world.coordinator.is_staff = True
    world.coordinator.save()
    request.user = world.coordinator
    world.coordinator.user_permissions.add(*_directive_permissions())
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    superuser = user_with_role(Role.ADMIN, world.province, username="root")
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    request.user = superuser
    assert model_admin.has_add_permission(request) and model_admin.has_change_permission(request)


def _directive_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="planning", content_type__model="directive")
