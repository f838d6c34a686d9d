"""A person's saved views of the register: a name and the filter query it stands for. Models of the
planning app (imported by planning.models)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail, User

SAVED_FILTER_QUERY_MAX = 1000


class SavedFilter(Archivable):
    owner = models.ForeignKey(User, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=SAVED_FILTER_QUERY_MAX)
    history = AuditTrail()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"],
                condition=models.Q(archived_at__isnull=True),
                name="planning_saved_filter_unique_name",
            )
        ]

    def __str__(self) -> str:
        return self.name
