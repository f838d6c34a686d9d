"""The notifications app's own entries in the registry: its audit event."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dxoffice.core.registry import AuditEvent, Module

MODULE = Module(
    name="notifications",
    label=_("Notifications"),
    events=[AuditEvent("notification.preference_changed", _("notification preference changed"))],
)
