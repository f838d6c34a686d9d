"""Coverage: of the officials who must take a year's required courses, who has completed them, per
unit (its subtree included), position level and course, against the year's targets; and who still
must. Counted from three narrow reads (the year's requirements, the learners of the units asked
about, the completions that count on the day), aggregated once in memory per request.

A completion counts on a day when it was completed by then, has not expired by then and its
certificate is not revoked. A learner who must take several courses counts as covered when every
one of them is done.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet

from dxoffice.core.models import OrgUnit
from dxoffice.training.models import Completion, Learner, PositionLevel, Requirement
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


def coverage_trend(year: int, unit: OrgUnit, days: Sequence[date], needs: Sequence[Need]) -> list[Tally]:
    """The unit's people tally on each of `days`, from one read of the completions and one count of
    the learners by unit and level. Each completion counts from its day until it expires, unless
    revoked; a learner is covered on a day when every required course has a completion counting then.
    The days a completion counts on are a bit mask over `days`, so a learner's covered days are the AND
    of their courses' masks."""
    tallies = [Tally() for _day in days]
    course_ids = {n.course_id for n in needs}
    if not days or not course_ids:
        return tallies
    order = sorted(range(len(days)), key=lambda i: days[i])
    ordered = [days[i] for i in order]
    masks: dict[int, dict[int, int]] = defaultdict(dict)  # learner -> course -> days it counts on
    owners: dict[int, tuple[int, str]] = {}
    rows = Completion.objects.filter(
        course_id__in=course_ids,
        completed_on__lte=max(days),
        learner__unit__path__startswith=unit.path,
        learner__archived_at__isnull=True,
    ).exclude(certificate__revoked_at__isnull=False)
    fields = (
        "learner_id",
        "course_id",
        "completed_on",
        "expires_on",
        "learner__unit_id",
        "learner__position_level",
    )
    for learner_id, course_id, start, end, unit_id, level in rows.values_list(*fields).order_by():
        first = bisect_left(ordered, start)  # the days on or after it was completed...
        last = len(ordered) if end is None else bisect_left(ordered, end)  # ...and before it expired
        bits = sum(1 << order[i] for i in range(first, last))
        by_course = masks[learner_id]
        by_course[course_id] = by_course.get(course_id, 0) | bits
        owners[learner_id] = (unit_id, level)
    kinds = {pk: kind for pk, (_path, kind) in _subtree_units([unit]).items()}
    cache: dict[tuple[str, str], frozenset[int]] = {}

    def required(level: str, kind: str) -> frozenset[int]:
        if (level, kind) not in cache:
            cache[(level, kind)] = required_courses(needs, level, kind)
        return cache[(level, kind)]

    must = sum(
        count
        for unit_id, level, count in learner_groups(unit.path)
        if required(level, kinds.get(unit_id, ""))
    )
    covered: dict[int, int] = defaultdict(int)  # mask of covered days -> learners
    everyday = (1 << len(days)) - 1
    for learner_id, by_course in masks.items():
        unit_id, level = owners[learner_id]
        courses = required(level, kinds.get(unit_id, ""))
        if not courses:
            continue
        mask = everyday
        for course_id in courses:
            mask &= by_course.get(course_id, 0)
            if not mask:
                break
        if mask:
            covered[mask] += 1
    for index, tally in enumerate(tallies):
        tally.must = must
        tally.done = sum(n for mask, n in covered.items() if mask >> index & 1)
    return tallies


def learner_groups(path: str) -> list[tuple[int, str, int]]:
    """(unit id, position level, active learners) of the subtree at `path`."""
    rows = Learner.objects.filter(unit__path__startswith=path).order_by()
    return list(
        rows.values("unit_id", "position_level")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "position_level", "n")
    )


def coverage_counts(
    year: int, units: Sequence[OrgUnit], on: date, needs: Sequence[Need] | None = None
) -> dict[int, Counts]:
    """{unit id: Counts} for each of `units`, each counting its whole subtree, as of `on`.

    Two reads: the learners counted by unit and level (who must, how many on the staff lists), and
    the completions that count, by learner and course (who has done what); a learner without one
    has done nothing. Each unit's figures are then added up the tree to the units asked about."""
    needs = needs_of_year(year) if needs is None else needs
    result = {unit.pk: Counts() for unit in units}
    if not units:
        return result
    asked = set(result)
    tree = _subtree_units(units)
    cache: dict[tuple[str, str], frozenset[int]] = {}

    def required(level: str, unit_id: int) -> frozenset[int]:
        key = (level, tree[unit_id][1])
        if key not in cache:
            cache[key] = required_courses(needs, *key)
        return cache[key]

    def targets(unit_id: int) -> list[Counts]:
        return [result[int(part)] for part in tree[unit_id][0].strip("/").split("/") if int(part) in asked]

    groups = Learner.objects.filter(subtree_filter(units)).order_by().values("unit_id", "position_level")
    for unit_id, level, count in groups.annotate(n=Count("pk")).values_list("unit_id", "position_level", "n"):
        courses = required(level, unit_id)
        for counts in targets(unit_id):
            counts.staff += count
            if not courses:
                continue
            counts.people.must += count
            counts.levels[level].must += count
            for course_id in courses:
                counts.courses[course_id].must += count
    course_ids = {n.course_id for n in needs}
    if not course_ids:
        return result
    done: dict[int, set[int]] = defaultdict(set)
    owners: dict[int, tuple[int, str]] = {}
    rows = counting_completions(on, course_ids).filter(
        subtree_filter(units, "learner__"), learner__archived_at__isnull=True
    )
    rows = rows.order_by()
    fields = ("learner_id", "course_id", "learner__unit_id", "learner__position_level")
    for learner_id, course_id, unit_id, level in rows.values_list(*fields).distinct():
        done[learner_id].add(course_id)
        owners[learner_id] = (unit_id, level)
    for learner_id, completed in done.items():
        unit_id, level = owners[learner_id]
        courses = required(level, unit_id)
        if not courses:
            continue
        completed &= courses
        all_done = len(completed) == len(courses)
        for counts in targets(unit_id):
            counts.people.done += all_done
            counts.levels[level].done += all_done
            for course_id in completed:
                counts.courses[course_id].done += 1
    return result


def _subtree_units(units: Sequence[OrgUnit]) -> dict[int, tuple[str, str]]:
    """{unit id: (path, kind)} of every unit in the units' subtrees."""
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(path__startswith=unit.path)
    rows = OrgUnit.all_objects.filter(q).values_list("pk", "path", "kind")  # archived units' people count too
    return {pk: (path, kind) for pk, path, kind in rows}


@dataclass(frozen=True)
class Missing:
    learner: Learner
    course_ids: tuple[int, ...]


def still_must(
    year: int, unit: OrgUnit, on: date, *, course_id: int | None = None, limit: int | None = None
) -> tuple[list[Missing], int]:
    """Learners of `unit`'s subtree who have not completed a required course of the year (only
    `course_id`, if given), in unit and name order: the first `limit` of them and how many in all.
    The count is the learners who must (counted by unit and level) less those who did everything
    (counted in the database); for a page, learners are read in order a chunk at a time, with the
    completions of that chunk only, until the page is full."""
    needs = needs_of_year(year)
    if course_id is not None:
        needs = [n for n in needs if n.course_id == course_id]
    course_ids = {n.course_id for n in needs}
    kinds = {pk: kind for pk, (_path, kind) in _subtree_units([unit]).items()}
    cache: dict[tuple[str, str], frozenset[int]] = {}

    def required(level: str, unit_id: int) -> frozenset[int]:
        key = (level, kinds.get(unit_id, ""))
        if key not in cache:
            cache[key] = required_courses(needs, *key)
        return cache[key]

    must = sum(n for unit_id, level, n in learner_groups(unit.path) if required(level, unit_id))
    total = must - _covered(unit, on, needs, set(kinds.values()))
    completed = counting_completions(on, course_ids).filter(learner__archived_at__isnull=True).order_by()
    rows = (
        Learner.objects.filter(unit__path__startswith=unit.path)
        .order_by("unit__path", "full_name", "pk")
        .values_list("pk", "unit_id", "position_level")
    )
    shown: list[tuple[int, tuple[int, ...]]] = []
    if limit is None:
        chunks: Iterable[list[tuple[int, int, str]]] = [list(rows)]
        completed = completed.filter(learner__unit__path__startswith=unit.path)
    else:
        chunks = _chunks(rows.iterator(chunk_size=CHUNK), CHUNK)
    for chunk in chunks if limit is None or limit > 0 else ():
        scoped = completed if limit is None else completed.filter(learner_id__in=[row[0] for row in chunk])
        done: dict[int, set[int]] = defaultdict(set)
        for learner_id, done_course in scoped.values_list("learner_id", "course_id").distinct():
            done[learner_id].add(done_course)
        for learner_id, unit_id, level in chunk:
            left = tuple(sorted(required(level, unit_id) - done.get(learner_id, set())))
            if left:
                shown.append((learner_id, left))
        if limit is not None and len(shown) >= limit:
            shown = shown[:limit]
            break
    learners = Learner.objects.select_related("unit").in_bulk([pk for pk, _left in shown])
    return [Missing(learners[pk], left) for pk, left in shown], total


CHUNK = 1000


def _chunks(rows: Iterable[tuple[int, int, str]], size: int) -> Iterable[list[tuple[int, int, str]]]:
    chunk: list[tuple[int, int, str]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _covered(unit: OrgUnit, on: date, needs: Sequence[Need], unit_kinds: set[str]) -> int:
    """Learners of the subtree who completed every course required of them, counted in the database:
    per learner, the distinct required courses done, against how many their level and unit kind need."""
    which: list[Q] = []
    full: list[Q] = []
    for level in PositionLevel.values:
        for kind in unit_kinds:
            courses = required_courses(needs, level, kind)
            if courses:
                who = {"learner__position_level": level, "learner__unit__kind": kind}
                which.append(Q(**who, course_id__in=list(courses)))
                full.append(Q(**who, n=len(courses)))
    if not full:
        return 0
    rows = counting_completions(on).filter(
        reduce(or_, which), learner__unit__path__startswith=unit.path, learner__archived_at__isnull=True
    )
    groups = rows.order_by().values("learner", "learner__position_level", "learner__unit__kind")
    return groups.annotate(n=Count("course_id", distinct=True)).filter(reduce(or_, full)).count()
