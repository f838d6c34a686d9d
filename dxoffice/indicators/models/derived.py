"""Derived tables: recomputed from approved values (never edited), so they keep no history of their
own; the audit trail lives on the values and their approval. Kept fresh on every approval."""

from __future__ import annotations

from django.db import models

from dxoffice.core.models import OrgUnit
from dxoffice.indicators.models.frameworks import Component, FrameworkVersion, Indicator


class IndicatorScore(models.Model):
    """A unit's value of one indicator in one period (entered, computed or rolled up from its
    children) and its normalised score (0-1) and points."""

    # The version and the indicator lead composite indexes below, so they need no index of their own
    # (fewer indexes to keep up when a period's rows are written).
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="+", db_index=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="scores", db_index=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    unit_kind = models.CharField(max_length=20)
    value = models.FloatField(null=True)
    score = models.FloatField(null=True)
    points = models.FloatField(null=True)
    rolled_up = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"], name="indicators_unique_indicator_score"
            )
        ]
        indexes = [
            models.Index(fields=["version", "period", "unit"], name="indicators_iscore_unit"),
            # The lowest and highest value among an indicator's peers in a period, one probe each (the
            # incremental recompute after an approval).
            models.Index(fields=["indicator", "period", "unit_kind", "value"], name="indicators_iscore_peers"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.unit_id} · {self.period}: {self.score}"


class IndexScore(models.Model):
    """A unit's pillar sub-index (`component` set) or overall index (`component` empty) in a period,
    with its rank among peers of the same kind."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey(Component, null=True, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    unit_kind = models.CharField(max_length=20)
    score = models.FloatField(null=True)
    rank = models.PositiveIntegerField(null=True)
    peers = models.PositiveIntegerField(default=0)
    coverage = models.FloatField(default=0)  # share of the weight that had data

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "component", "unit", "period"],
                condition=models.Q(component__isnull=False),
                name="indicators_unique_pillar_score",
            ),
            models.UniqueConstraint(
                fields=["version", "unit", "period"],
                condition=models.Q(component__isnull=True),
                name="indicators_unique_index_score",
            ),
        ]
        indexes = [
            models.Index(fields=["version", "period", "unit_kind", "rank"], name="indicators_index_rank"),
            models.Index(fields=["version", "unit", "period"], name="indicators_index_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.component_id or 'index'} · {self.unit_id} · {self.period}: {self.score}"
