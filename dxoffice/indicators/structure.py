"""The pillar tree of a framework version, folding one unit's indicator scores into pillar
sub-indices and the overall index with the version's weights, mean and missing-data rule."""

from __future__ import annotations

from collections import defaultdict

from dxoffice.indicators import scoring
from dxoffice.indicators.models import Component, FrameworkVersion, Indicator


class Structure:
    """The pillar tree of a version, to fold one unit's indicator scores into sub-indices and the
    overall index. Recompute and the gap analysis ("the index if this gap closed") share it."""

    def __init__(self, version: FrameworkVersion, components: list[Component], indicators: list[Indicator]):
        self.missing = version.missing_rule
        self.geometric = version.index_mean == "geometric"
        self.by_parent: dict[int | None, list[Component]] = defaultdict(list)
        for component in components:
            self.by_parent[component.parent_id].append(component)
        self.indicators_of: dict[int, list[Indicator]] = defaultdict(list)
        for indicator in indicators:
            self.indicators_of[indicator.component_id].append(indicator)
        # Per component: (code, weight, reported by every kind or the kinds that report it), with the
        # weights as floats once, since the fold runs for every unit of a period.
        self._parts: dict[int, list[tuple[str, float, frozenset[str] | None]]] = {
            pk: [(i.code, float(i.weight), frozenset(i.unit_kinds) if i.unit_kinds else None) for i in found]
            for pk, found in self.indicators_of.items()
        }
        self._weights = {component.pk: float(component.weight) for component in components}

    def composites(
        self, scores: dict[str, float], present: set[str] | dict[str, float], kind: str
    ) -> dict[int | None, scoring.Composite]:
        """{component id: sub-index, None: overall} of one unit: its `scores` by indicator code,
        `present` the codes it has values for, `kind` its unit kind."""
        found: dict[int | None, scoring.Composite] = {}

        def visit(component: Component) -> scoring.Composite | None:
            parts: list[tuple[float | None, float]] = []
            covered: list[tuple[float, float]] = []  # (coverage, weight) of each part
            for code, weight, kinds in self._parts.get(component.pk, ()):
                if code in present or kinds is None or kind in kinds:
                    score = scores.get(code)
                    parts.append((score, weight))
                    covered.append((0.0 if score is None else 1.0, weight))
            for child in self.by_parent[component.pk]:
                sub = visit(child)
                if sub is not None:
                    parts.append((sub.score, self._weights[child.pk]))
                    covered.append((sub.coverage, self._weights[child.pk]))
            if not parts:
                return None
            found[component.pk] = _with_coverage(scoring.weighted_mean(parts, missing=self.missing), covered)
            return found[component.pk]

        top: list[tuple[float | None, float]] = []
        covered: list[tuple[float, float]] = []
        for component in self.by_parent[None]:
            sub = visit(component)
            if sub is not None:
                top.append((sub.score, self._weights[component.pk]))
                covered.append((sub.coverage, self._weights[component.pk]))
        overall = scoring.weighted_mean(top, missing=self.missing, geometric=self.geometric)
        found[None] = _with_coverage(overall, covered)
        return found


def _with_coverage(composite: scoring.Composite, covered: list[tuple[float, float]]) -> scoring.Composite:
    """The share of the weight with data, all the way down: a pillar half covered counts half."""
    total = sum(w for _, w in covered if w > 0)
    share = sum(c * w for c, w in covered if w > 0) / total if total > 0 else 0.0
    return scoring.Composite(composite.score, share)
