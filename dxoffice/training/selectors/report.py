"""The coverage screen leaders read: a unit's figures against the year's targets, by course,
position level and child unit (drill-down), the trend by month, and the providers' delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from dxoffice.core.models import OrgUnit
from dxoffice.core.periods import MONTH, Period
from dxoffice.core.permissions import Action, AnyUser, can, scope_paths, units_in_scope
from dxoffice.training import timeutil
from dxoffice.training.models import ClassStatus, Completion, Course, CourseClass, PositionLevel
from dxoffice.training.selectors.coverage import (
    Counts,
    Need,
    Tally,
    course_targets,
    coverage_counts,
    coverage_trend,
    needs_of_year,
)


@dataclass(frozen=True)
class CourseLine:
    course: Course
    tally: Tally
    target: Decimal

    @property
    def on_track(self) -> bool:
        return self.tally.share >= self.target


@dataclass(frozen=True)
class UnitLine:
    unit: OrgUnit
    tally: Tally
    staff: int


@dataclass(frozen=True)
class LevelLine:
    level: str
    label: str
    tally: Tally


@dataclass(frozen=True)
class Delivery:
    provider: OrgUnit
    classes_held: int
    people: int
    hours: Decimal


@dataclass
class CoverageReport:
    year: int
    unit: OrgUnit
    on: date
    counts: Counts
    courses: list[CourseLine]
    levels: list[LevelLine]
    children: list[UnitLine]
    trend: list[tuple[str, Decimal]]
    delivery: list[Delivery]


def home_unit(user: AnyUser) -> OrgUnit | None:
    """The unit a person's coverage screen opens on: the outermost unit they may see."""
    paths = scope_paths(user, Action.VIEW)
    units = (
        OrgUnit.objects.filter(parent__isnull=True, kind="province")
        if paths is None
        else units_in_scope(user)
    )
    return units.order_by("depth", "path").first()


def report_day(year: int) -> date:
    today = timeutil.local_today()
    return min(today, date(year, 12, 31)) if year >= today.year else date(year, 12, 31)


def coverage_report(user: AnyUser, *, year: int, unit: OrgUnit) -> CoverageReport:
    """Raises PermissionError-free: the caller checked `can(user, VIEW, unit)`."""
    on = report_day(year)
    needs = needs_of_year(year)
    children = list(OrgUnit.objects.filter(parent=unit).order_by("kind", "name"))
    children = [child for child in children if can(user, Action.VIEW, child)]
    counts = coverage_counts(year, [unit, *children], on, needs)
    targets = course_targets(needs)
    courses = {c.pk: c for c in Course.objects.filter(pk__in=list(targets))}
    own = counts[unit.pk]
    course_lines = sorted(
        (CourseLine(courses[pk], tally, targets[pk]) for pk, tally in own.courses.items() if pk in courses),
        key=lambda line: line.course.code,
    )
    levels = [
        LevelLine(value, str(label), own.levels[value])
        for value, label in PositionLevel.choices
        if value in own.levels
    ]
    child_lines = [
        UnitLine(child, counts[child.pk].people, counts[child.pk].staff)
        for child in children
        if counts[child.pk].staff
    ]
    return CoverageReport(
        year=year,
        unit=unit,
        on=on,
        counts=own,
        courses=course_lines,
        levels=levels,
        children=sorted(
            child_lines, key=lambda line: (not line.tally.must, line.tally.share, line.unit.name)
        ),
        trend=trend(year, unit, on, needs),
        delivery=delivery(year, unit),
    )


def trend(year: int, unit: OrgUnit, on: date, needs: list[Need] | None = None) -> list[tuple[str, Decimal]]:
    """The share covered at the end of each month of the year so far (the last point: `on`)."""
    months = [Period(year, MONTH, month) for month in range(1, 13) if Period(year, MONTH, month).start <= on]
    days = [min(period.end, on) for period in months]
    tallies = coverage_trend(year, unit, days, needs_of_year(year) if needs is None else needs)
    return [
        (f"{period.index:02d}/{year}", tally.share) for period, tally in zip(months, tallies, strict=True)
    ]


def delivery(year: int, unit: OrgUnit) -> list[Delivery]:
    """Per provider, for the people of `unit`'s subtree in the year: classes held, people trained, hours."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    completions = Completion.objects.filter(
        provider__isnull=False,
        completed_on__gte=start,
        completed_on__lte=end,
        learner__unit__path__startswith=unit.path,
    ).exclude(certificate__revoked_at__isnull=False)
    rows = completions.values("provider_id").annotate(
        people=Count("learner_id", distinct=True), hours=Sum("course__hours")
    )
    figures = {row["provider_id"]: row for row in rows}
    held = (
        CourseClass.objects.filter(status=ClassStatus.HELD, starts_on__gte=start, starts_on__lte=end)
        .filter(
            Q(unit__path__startswith=unit.path) | Q(enrolments__learner__unit__path__startswith=unit.path)
        )
        .exclude(provider__isnull=True, course__provider__isnull=True)
        .values_list("pk", "provider_id", "course__provider_id")
        .distinct()
    )
    classes: dict[int, int] = {}
    for _pk, provider_id, course_provider_id in held:
        key = provider_id or course_provider_id
        classes[key] = classes.get(key, 0) + 1
    providers = OrgUnit.objects.filter(pk__in=set(figures) | set(classes)).order_by("name")
    return [
        Delivery(
            provider=p,
            classes_held=classes.get(p.pk, 0),
            people=figures.get(p.pk, {}).get("people", 0),
            hours=figures.get(p.pk, {}).get("hours") or Decimal(0),
        )
        for p in providers
    ]
