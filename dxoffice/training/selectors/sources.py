"""The figures training publishes for its siblings (core.registry.DataSource), per unit and period:
coverage of the year's required courses, people trained, people trained by a provider."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q

from dxoffice.core.models import OrgUnit
from dxoffice.core.periods import Period
from dxoffice.training.models import Completion, CourseClass, Learner
from dxoffice.training.selectors.coverage import coverage_counts, subtree_filter


def _period(code: str) -> Period | None:
    try:
        return Period.parse(code)
    except ValidationError:
        return None


def _units(unit_ids: Sequence[int]) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(pk__in=list(unit_ids)))


def coverage_values(period: str, unit_ids: Sequence[int]) -> Mapping[int, Decimal]:
    """Share (%) of the officials of each unit's subtree who must take the period's year's required
    courses and completed all of them by the period's end. Units with nobody required are left out."""
    found = _period(period)
    if found is None:
        return {}
    counts = coverage_counts(found.year, _units(unit_ids), found.end)
    return {pk: c.people.share for pk, c in counts.items() if c.people.must}


def trained_in(start: date, end: date) -> Q:
    return Q(
        completions__completed_on__gte=start,
        completions__completed_on__lte=end,
        completions__archived_at__isnull=True,
    ) & ~Q(completions__certificate__revoked_at__isnull=False)


def people_trained_values(period: str, unit_ids: Sequence[int]) -> Mapping[int, Decimal]:
    """People of each unit's subtree who completed at least one course in the period. Units with
    nobody on their staff lists are left out."""
    found = _period(period)
    if found is None:
        return {}
    values: dict[int, Decimal] = {}
    for unit in _units(unit_ids):
        learners = Learner.objects.filter(unit__path__startswith=unit.path)
        if not learners.exists():
            continue
        completed = Completion.objects.filter(
            learner__unit__path__startswith=unit.path,
            completed_on__gte=found.start,
            completed_on__lte=found.end,
        ).exclude(certificate__revoked_at__isnull=False)
        values[unit.pk] = Decimal(completed.values("learner_id").distinct().count())
    return values


def people_trained_by_provider_values(period: str, unit_ids: Sequence[int]) -> Mapping[int, Decimal]:
    """People who completed, in the period, a course delivered by each provider (keyed by the
    provider's unit id). Providers with neither completions nor classes in the period are left out."""
    found = _period(period)
    if found is None:
        return {}
    ids = list(unit_ids)
    rows = (
        Completion.objects.filter(
            provider_id__in=ids, completed_on__gte=found.start, completed_on__lte=found.end
        )
        .exclude(certificate__revoked_at__isnull=False)
        .values("provider_id")
        .annotate(people=Count("learner_id", distinct=True))
    )
    values = {row["provider_id"]: Decimal(row["people"]) for row in rows}
    active = CourseClass.objects.filter(
        Q(provider_id__in=ids) | Q(provider__isnull=True, course__provider_id__in=ids),
        starts_on__lte=found.end,
        ends_on__gte=found.start,
    ).values_list("provider_id", "course__provider_id")
    for provider_id, course_provider_id in active:
        values.setdefault(provider_id or course_provider_id, Decimal(0))
    return values


__all__ = ["coverage_values", "people_trained_by_provider_values", "people_trained_values", "subtree_filter"]
