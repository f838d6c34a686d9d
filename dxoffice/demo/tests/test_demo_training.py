"""The training part of the demo: a realistic catalogue, staff lists across the province, classes
held, an online course, and coverage that shows leaders and laggards."""

import pytest
from django.db import transaction

from dxoffice.core.models import OrgUnit, User
from dxoffice.demo.loader import load_demo
from dxoffice.training import selectors
from dxoffice.training.models import Certificate, Completion, Course, CourseClass, Learner, Quiz
from dxoffice.training.timeutil import local_today


@pytest.fixture
def demo(db):
    with transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def test_the_demo_has_a_catalogue_staff_lists_and_classes(demo):
    assert Course.objects.count() == 12
    assert Course.objects.filter(requirements__year=local_today().year).distinct().count() >= 4
    assert Learner.objects.count() > 900
    assert CourseClass.objects.filter(status="held").count() >= 10
    assert CourseClass.objects.filter(status="open", self_enrolment=True).exists()
    assert Quiz.objects.get(is_final=True).questions.count() == 5
    assert Certificate.objects.count() == Completion.objects.count() > 0
    focal = User.objects.get(username="focal")
    assert Learner.objects.get(user=focal).lesson_progress.count() == 2
    assert not Completion.objects.filter(learner__user=focal).exists()


def test_the_demo_coverage_has_leaders_and_laggards(demo):
    province = OrgUnit.objects.get(code="CAMAU")
    report = selectors.coverage_report(
        User.objects.get(username="leader"), year=local_today().year, unit=province
    )
    shares = [line.tally.share for line in report.children if line.tally.must]
    assert len(shares) > 60
    assert min(shares) < 30 < 70 < max(shares)
    assert 10 < report.counts.people.share < 90
    assert any(d.provider.code == "DOITAC" and d.classes_held >= 10 for d in report.delivery)
