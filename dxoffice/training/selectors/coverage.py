"""Coverage: of the officials who must take a year's required courses, who has completed them, per
unit (its subtree included), position level and course, against the year's targets; and who still
must. Counted from three narrow reads (the year's requirements, the learners of the units asked
about, the completions that count on the day), aggregated once in memory per request.

A completion counts on a day when it was completed by then, has not expired by then and its
certificate is not revoked. A learner who must take several courses counts as covered when every
one of them is done.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from dxoffice.core.models import OrgUnit
from dxoffice.training.models import Completion, Learner, Requirement
from dxoffice.training.rules import percent


@dataclass(frozen=True)
class Need:
    course_id: int
    position_level: str
    unit_kind: str
    target: Decimal


@dataclass
class Tally:
    must: int = 0
    done: int = 0

    @property
    def share(self) -> Decimal:
        return percent(self.done, self.must)

    @property
    def missing(self) -> int:
        return self.must - self.done


@dataclass
class Counts:
    """One unit's figures (its subtree included)."""

    people: Tally = field(default_factory=Tally)  # people with a required course; done: all of them
    courses: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    levels: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    staff: int = 0  # every learner on the staff lists


def needs_of_year(year: int) -> list[Need]:
    rows = Requirement.objects.filter(year=year, required=True, course__archived_at__isnull=True).values_list(
        "course_id", "position_level", "unit_kind", "target_percent"
    )
    return [Need(*row) for row in rows]


def required_courses(needs: Sequence[Need], position_level: str, unit_kind: str) -> frozenset[int]:
    return frozenset(
        n.course_id
        for n in needs
        if n.position_level in ("", position_level) and n.unit_kind in ("", unit_kind)
    )


def course_targets(needs: Sequence[Need]) -> dict[int, Decimal]:
    """The target of each required course (the highest its audiences set)."""
    targets: dict[int, Decimal] = {}
    for need in needs:
        targets[need.course_id] = max(targets.get(need.course_id, Decimal(0)), need.target)
    return targets


def subtree_filter(units: Iterable[OrgUnit], prefix: str = "") -> Q:
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(**{f"{prefix}unit__path__startswith": unit.path})
    return q


def counting_completions(on: date, course_ids: Iterable[int] | None = None) -> QuerySet[Completion]:
    rows = Completion.objects.filter(completed_on__lte=on).exclude(expires_on__lte=on)
    rows = rows.exclude(certificate__revoked_at__isnull=False)
    if course_ids is not None:
        rows = rows.filter(course_id__in=list(course_ids))
    return rows


def learner_rows(units: Sequence[OrgUnit]) -> QuerySet[Learner, tuple[int, str, str, str]]:
    """(id, unit path, unit kind, position level) of the active learners of the units' subtrees."""
    rows = Learner.objects.filter(subtree_filter(units)).order_by()
    return rows.values_list("pk", "unit__path", "unit__kind", "position_level")


def coverage_trend(year: int, unit: OrgUnit, days: Sequence[date], needs: Sequence[Need]) -> list[Tally]:
    """The unit's people tally on each of `days`, from one read of the learners and one of the
    completions (each completion counting from its day until it expires, unless revoked)."""
    tallies = [Tally() for _day in days]
    course_ids = {n.course_id for n in needs}
    if not days or not course_ids:
        return tallies
    spans: dict[tuple[int, int], list[tuple[date, date | None]]] = defaultdict(list)
    rows = Completion.objects.filter(
        course_id__in=course_ids, completed_on__lte=max(days), learner__unit__path__startswith=unit.path
    ).exclude(certificate__revoked_at__isnull=False)
    for learner_id, course_id, start, end in rows.values_list(
        "learner_id", "course_id", "completed_on", "expires_on"
    ).order_by():
        spans[(learner_id, course_id)].append((start, end))
    cache: dict[tuple[str, str], frozenset[int]] = {}
    for learner_id, _path, kind, level in learner_rows([unit]):
        required = cache.get((level, kind))
        if required is None:
            required = cache[(level, kind)] = required_courses(needs, level, kind)
        if not required:
            continue
        for tally, day in zip(tallies, days, strict=True):
            tally.must += 1
            tally.done += all(
                any(
                    start <= day and (end is None or end > day)
                    for start, end in spans.get((learner_id, c), ())
                )
                for c in required
            )
    return tallies


def coverage_counts(
    year: int, units: Sequence[OrgUnit], on: date, needs: Sequence[Need] | None = None
) -> dict[int, Counts]:
    """{unit id: Counts} for each of `units`, each counting its whole subtree, as of `on`."""
    needs = needs_of_year(year) if needs is None else needs
    result = {unit.pk: Counts() for unit in units}
    if not units:
        return result
    asked = set(result)
    learners = Learner.objects.filter(subtree_filter(units)).values_list(
        "pk", "unit__path", "unit__kind", "position_level"
    )
    course_ids = {n.course_id for n in needs}
    done: dict[int, set[int]] = defaultdict(set)
    if course_ids:
        rows = counting_completions(on, course_ids).filter(subtree_filter(units, "learner__"))
        for learner_id, course_id in rows.values_list("learner_id", "course_id").distinct():
            done[learner_id].add(course_id)
    cache: dict[tuple[str, str], frozenset[int]] = {}
    for learner_id, path, kind, level in learners:
        key = (level, kind)
        if key not in cache:
            cache[key] = required_courses(needs, level, kind)
        required = cache[key]
        completed = done.get(learner_id, set()) & required
        for unit_id in (int(part) for part in path.strip("/").split("/")):
            if unit_id not in asked:
                continue
            counts = result[unit_id]
            counts.staff += 1
            if not required:
                continue
            all_done = len(completed) == len(required)
            counts.people.must += 1
            counts.people.done += all_done
            counts.levels[level].must += 1
            counts.levels[level].done += all_done
            for course_id in required:
                counts.courses[course_id].must += 1
                counts.courses[course_id].done += course_id in completed
    return result


@dataclass(frozen=True)
class Missing:
    learner: Learner
    course_ids: tuple[int, ...]


def still_must(
    year: int, unit: OrgUnit, on: date, *, course_id: int | None = None, limit: int | None = None
) -> tuple[list[Missing], int]:
    """Learners of `unit`'s subtree who have not completed a required course of the year (only
    `course_id`, if given), in unit and name order: the first `limit` of them and how many in all."""
    needs = needs_of_year(year)
    if course_id is not None:
        needs = [n for n in needs if n.course_id == course_id]
    course_ids = {n.course_id for n in needs}
    done: dict[int, set[int]] = defaultdict(set)
    completed = counting_completions(on, course_ids).filter(learner__unit__path__startswith=unit.path)
    for learner_id, done_course in completed.values_list("learner_id", "course_id").order_by().distinct():
        done[learner_id].add(done_course)
    left_by_learner: list[tuple[int, tuple[int, ...]]] = []
    rows = (
        Learner.objects.filter(unit__path__startswith=unit.path)
        .order_by("unit__path", "full_name", "pk")
        .values_list("pk", "unit__kind", "position_level")
    )
    cache: dict[tuple[str, str], frozenset[int]] = {}
    for learner_id, kind, level in rows.iterator(chunk_size=5000):
        required = cache.get((level, kind))
        if required is None:
            required = cache[(level, kind)] = required_courses(needs, level, kind)
        left = tuple(sorted(required - done.get(learner_id, set())))
        if left:
            left_by_learner.append((learner_id, left))
    total = len(left_by_learner)
    shown = left_by_learner if limit is None else left_by_learner[:limit]
    learners = Learner.objects.select_related("unit").in_bulk([pk for pk, _left in shown])
    missing = [Missing(learners[pk], left) for pk, left in shown]
    return missing, total
