"""Gaps: a unit's weak indicator against target and peers, which can become a funded task."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail, OrgUnit, User
from dxoffice.core.periods import validate_period_code
from dxoffice.indicators.models.frameworks import Indicator


class Gap(Archivable):
    """A gap someone chose to act on: what it was when found, and the root cause noted."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="gaps")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=8, validators=[validate_period_code])
    value = models.FloatField(_("value"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    peer_median = models.FloatField(_("peer median"), null=True, blank=True)
    best_peer = models.FloatField(_("best peer"), null=True, blank=True)
    gain = models.FloatField(_("gain in the index"), default=0)
    root_cause = models.TextField(_("root cause"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    history = AuditTrail()

    class Meta:
        ordering = ["-gain"]
        verbose_name = _("gap")
        verbose_name_plural = _("gaps")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"],
                condition=models.Q(archived_at__isnull=True),
                name="indicators_unique_gap",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.unit.code} · {self.period}"
