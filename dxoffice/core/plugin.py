"""Core's own entries in the registry: the units list, unit visibility, its audit events."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import OrgUnit
from dxoffice.core.permissions import Action, can
from dxoffice.core.registry import AuditEvent, Module, NavEntry


def unit_is_visible(user: Any, unit: OrgUnit) -> bool:
    return can(user, Action.VIEW, unit)


MODULE = Module(
    name="core",
    label=_("Core"),
    nav=[NavEntry("units", _("Units"), "core:unit_list", icon="diagram-3", order=80)],
    visibility={"core.orgunit": unit_is_visible},
    events=[
        AuditEvent("record.archived", _("archived")),
        AuditEvent("unit.created", _("unit created")),
        AuditEvent("unit.changed", _("unit changed")),
        AuditEvent("role.granted", _("role granted")),
        AuditEvent("role.revoked", _("role revoked")),
        AuditEvent("account.password_reset", _("password set through the e-mailed link")),
        AuditEvent("file.attached", _("file attached")),
        AuditEvent("token.created", _("API token created")),
        AuditEvent("token.revoked", _("API token revoked")),
    ],
)
