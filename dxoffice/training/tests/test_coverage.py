"""Coverage on hand-computed cases: who must (by position level and unit kind), who completed
everything, per unit with its subtree, per course against its target; expiry and revocation stop a
completion counting; who still must; the published data sources."""

from datetime import date
from decimal import Decimal

import pytest

from dxoffice.core.registry import registry
from dxoffice.training import selectors, services
from dxoffice.training.models import CompletionSource, PositionLevel
from dxoffice.training.tests.factories import CourseFactory, LearnerFactory, RequirementFactory

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 10)


@pytest.fixture
def staff(world, catalogue):
    """Commune A: 3 commune officials and a leader; commune B: 2 commune officials; the department:
    one civil servant. Basic skills is required of commune officials; security of every leader."""
    security = CourseFactory(code="ATTT", owner_unit=world.province, certificate_months=12)
    RequirementFactory(course=security, position_level=PositionLevel.LEADER, target_percent=Decimal("90"))
    a = [LearnerFactory(unit=world.commune_a) for _ in range(3)]
    leader = LearnerFactory(unit=world.commune_a, position_level=PositionLevel.LEADER)
    b = [LearnerFactory(unit=world.commune_b) for _ in range(2)]
    servant = LearnerFactory(unit=world.department, position_level=PositionLevel.CIVIL_SERVANT)
    return {"a": a, "leader": leader, "b": b, "servant": servant, "security": security}


def _done(world, learner, course, on=date(2026, 6, 1)):
    return services.completion_record(
        by=world.admin, learner=learner, course=course, completed_on=on, source=CompletionSource.EXTERNAL
    )


def test_coverage_per_unit_counts_the_subtree_and_requires_every_course(world, catalogue, staff):
    _done(world, staff["a"][0], catalogue.basic)
    _done(world, staff["a"][1], catalogue.basic)
    _done(world, staff["b"][0], catalogue.basic)
    _done(world, staff["servant"], catalogue.basic)  # not required of them: does not count
    counts = selectors.coverage_counts(
        2026, [world.province, world.commune_a, world.commune_b, world.department], ON
    )
    a = counts[world.commune_a.pk]
    assert (a.people.must, a.people.done, a.staff) == (4, 2, 4)
    assert a.people.share == Decimal("50.0")
    assert (a.courses[catalogue.basic.pk].must, a.courses[catalogue.basic.pk].done) == (3, 2)
    assert (a.courses[staff["security"].pk].must, a.courses[staff["security"].pk].done) == (1, 0)
    assert (a.levels["leader"].must, a.levels["commune_official"].done) == (1, 2)
    assert (counts[world.commune_b.pk].people.must, counts[world.commune_b.pk].people.done) == (2, 1)
    province = counts[world.province.pk]
    assert (province.people.must, province.people.done, province.staff) == (6, 3, 7)
    assert counts[world.department.pk].people.must == 0


def test_expired_revoked_and_later_completions_do_not_count(world, catalogue, staff):
    leader = staff["leader"]
    _done(world, leader, staff["security"], on=date(2025, 9, 1))  # valid 12 months: expired in September
    assert (
        selectors.coverage_counts(2026, [world.commune_a], date(2026, 8, 31))[world.commune_a.pk]
        .courses[staff["security"].pk]
        .done
        == 1
    )
    assert (
        selectors.coverage_counts(2026, [world.commune_a], ON)[world.commune_a.pk]
        .courses[staff["security"].pk]
        .done
        == 0
    )
    completion = _done(world, staff["a"][0], catalogue.basic)
    assert (
        selectors.coverage_counts(2026, [world.commune_a], date(2026, 5, 31))[world.commune_a.pk]
        .courses[catalogue.basic.pk]
        .done
        == 0
    )
    services.certificate_revoke(by=world.admin, certificate=completion.certificate, reason="Hồ sơ sai")
    assert (
        selectors.coverage_counts(2026, [world.commune_a], ON)[world.commune_a.pk]
        .courses[catalogue.basic.pk]
        .done
        == 0
    )


def test_the_report_drills_down_and_compares_with_targets(world, catalogue, staff):
    _done(world, staff["a"][0], catalogue.basic)
    report = selectors.coverage_report(world.leader, year=2026, unit=world.province)
    assert [line.unit for line in report.children] == [world.commune_b, world.commune_a, world.department]
    lines = {line.course.code: line for line in report.courses}
    assert lines["ATTT"].target == Decimal("90") and not lines["ATTT"].on_track
    assert lines["KNS-CB"].tally.done == 1
    assert report.trend[-1] == ("11/2026", Decimal("16.7"))
    assert report.trend[4] == ("05/2026", Decimal("0.0"))


def test_who_still_must_lists_each_person_with_their_courses(world, catalogue, staff):
    _done(world, staff["a"][0], catalogue.basic)
    rows, total = selectors.still_must(2026, world.commune_a, ON)
    assert total == 3
    by_person = {row.learner: row.course_ids for row in rows}
    assert by_person[staff["leader"]] == (staff["security"].pk,)
    assert staff["a"][0] not in by_person
    rows, total = selectors.still_must(2026, world.commune_a, ON, course_id=catalogue.basic.pk, limit=1)
    assert total == 2 and len(rows) == 1


def test_the_data_sources_publish_the_same_figures(world, catalogue, staff):
    _done(world, staff["a"][0], catalogue.basic, on=date(2026, 3, 5))
    _done(world, staff["b"][0], catalogue.basic, on=date(2026, 7, 5)).__class__.objects.filter(
        learner=staff["b"][0]
    ).update(provider=world.partner_org)
    coverage = registry.data_source("training.coverage")
    assert coverage is not None and coverage.unit == "%"
    values = coverage.values("2026", [world.province.pk, world.commune_a.pk, world.department.pk])
    assert values == {world.province.pk: Decimal("33.3"), world.commune_a.pk: Decimal("25.0")}
    trained = registry.data_source("training.people_trained")
    assert trained.values("2026Q1", [world.province.pk, world.commune_b.pk]) == {
        world.province.pk: Decimal(1),
        world.commune_b.pk: Decimal(0),
    }
    assert trained.values("2026", [world.partner_org.pk]) == {}
    by_provider = registry.data_source("training.people_trained_by_provider")
    assert by_provider.values("2026", [world.partner_org.pk, world.other_partner.pk]) == {
        world.partner_org.pk: Decimal(1)
    }
    assert coverage.values("not-a-period", [world.province.pk]) == {}


def test_the_trend_follows_completions_and_their_expiry(world, catalogue, staff):
    security = staff["security"]
    security.certificate_months = 3
    security.save()
    leader = staff["leader"]
    _done(world, leader, security, on=date(2026, 3, 10))  # valid until 10 June
    _done(world, leader, catalogue.basic, on=date(2026, 2, 1))
    _done(world, leader, security, on=date(2026, 9, 1))  # taken again
    counts = selectors.coverage_counts
    shares = dict(selectors.coverage_report(world.leader, year=2026, unit=world.commune_a).trend)
    assert shares["02/2026"] == Decimal("0.0")
    assert shares["03/2026"] == shares["05/2026"] == Decimal("25.0")  # 1 of the 4 who must
    assert shares["06/2026"] == shares["08/2026"] == Decimal("0.0")
    assert shares["09/2026"] == shares["11/2026"] == Decimal("25.0")
    assert counts(2026, [world.commune_a], ON)[world.commune_a.pk].people.done == 1
