"""The learner's own page (sessions coming, required courses left, progress and where to resume), the
home page's coverage card (its figures and who sees it), the partner reading the results of the
classes it runs and no others', and coverage pages that show a completion at once."""

from datetime import date, datetime, timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from dxoffice.training import services
from dxoffice.training.models import ClassSession, CompletionSource, EnrolmentStatus
from dxoffice.training.plugin import coverage_card
from dxoffice.training.tests.factories import (
    ClassFactory,
    CourseFactory,
    LearnerFactory,
    UserFactory,
    learner_for,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 10)  # the tests' fixed local day


def vi(text: str, **params: object) -> str:
    """What a screen says, in the Vietnamese the world's people read."""
    with translation.override("vi"):
        return (gettext(text) % params if params else gettext(text)).replace("'", "&#x27;")


def _session(course_class, day: date, hour: int = 8) -> ClassSession:
    start = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=hour)
    return ClassSession.objects.create(
        course_class=course_class,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        topic=f"Buổi {day:%d/%m}",
    )


def _done(world, learner, course, on=date(2026, 6, 1)):
    return services.completion_record(
        by=world.admin, learner=learner, course=course, completed_on=on, source=CompletionSource.EXTERNAL
    )


@pytest.fixture
def me(client, world):
    user = UserFactory(unit=world.commune_a, full_name="Lê Thị Hạnh")
    learner = learner_for(user, world.commune_a)
    client.force_login(user)
    return user, learner


def test_the_learners_page_shows_sessions_coming_required_courses_left_and_where_to_resume(
    client, world, catalogue, me
):
    user, learner = me
    mine = ClassFactory(
        course=catalogue.basic, unit=world.province, starts_on=TODAY, ends_on=TODAY + timedelta(days=3)
    )
    soon = _session(mine, TODAY + timedelta(days=1))
    past = _session(mine, TODAY - timedelta(days=1))
    services.enrol(by=world.focal_a, course_class=mine, learner=learner)
    waiting = ClassFactory(course=catalogue.basic, unit=world.province, capacity=1, code="LOP-DAY")
    services.enrol(by=world.focal_a, course_class=waiting, learner=LearnerFactory(unit=world.commune_a))
    assert (
        services.enrol(by=world.focal_a, course_class=waiting, learner=learner).status
        == EnrolmentStatus.WAITING
    )
    not_mine = _session(waiting, TODAY + timedelta(days=2))
    lessons = list(catalogue.online.lessons.order_by("position"))
    services.lesson_done(by=user, learner=learner, lesson=lessons[0])
    page = client.get(reverse("training:my_learning")).content.decode()
    assert "Lê Thị Hạnh" in page
    assert soon.topic in page and past.topic not in page and not_mine.topic not in page
    assert catalogue.basic.display_title in page  # required of commune officials, not done yet
    assert 'data-testid="my-course-progress"' in page and ">33%<" in page  # 1 of 3 lessons
    resume = reverse("training:lesson_detail", args=[lessons[1].pk])
    assert f'href="{resume}" data-testid="resume"' in page
    assert vi("No course completed yet.") in page
    _done(world, learner, catalogue.basic)
    for lesson in lessons[1:]:
        services.lesson_done(by=user, learner=learner, lesson=lesson)
    page = client.get(reverse("training:my_learning")).content.decode()
    assert vi("Nothing: every required course is done.") in page
    assert ">100%<" in page and 'data-testid="resume"' not in page  # nothing left to resume
    assert 'data-testid="certificate-link"' in page


def test_the_learners_page_of_someone_on_no_staff_list(client, world):
    client.force_login(world.viewer)
    page = client.get(reverse("training:my_learning")).content.decode()
    assert vi("You are not on a unit's staff list yet; ask your unit's focal point to add you.") in page
    assert 'data-testid="my-course-progress"' not in page


def test_the_home_card_shows_the_coverage_of_the_readers_outermost_unit(client, world, catalogue):
    learners = [LearnerFactory(unit=world.commune_a) for _ in range(3)] + [
        LearnerFactory(unit=world.commune_b)
    ]
    LearnerFactory(unit=world.department, position_level="civil_servant")  # nothing required of them
    _done(world, learners[0], catalogue.basic)
    _done(world, learners[3], catalogue.basic)
    requests = RequestFactory()

    def card(user):
        request = requests.get("/")
        request.user = user
        return coverage_card(request)

    province = card(world.leader)
    assert province["unit"] == world.province and province["year"] == 2026
    assert (province["tally"].must, province["tally"].done, str(province["tally"].share)) == (4, 2, "50.0")
    commune = card(world.focal_a)
    assert commune["unit"] == world.commune_a and (commune["tally"].must, commune["tally"].done) == (3, 1)
    assert card(world.dept_focal) is None  # nobody in the department must take a required course
    assert card(world.outsider) is None  # no unit in view
    client.force_login(world.leader)
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="card-training"' in page
    assert vi("%(done)s of %(must)s officials have completed every required course.", done=2, must=4) in page
    client.force_login(world.outsider)
    assert 'data-testid="card-training"' not in client.get(reverse("core:home")).content.decode()


def test_the_partner_reads_the_results_of_the_classes_it_runs_and_no_others(client, world, catalogue):
    ours = ClassFactory(course=catalogue.basic, unit=world.province, provider=world.partner_org)
    other_course = CourseFactory(code="KHAC", owner_unit=world.province, provider=world.other_partner)
    theirs = ClassFactory(course=other_course, unit=world.province, provider=world.other_partner)
    trained = LearnerFactory(unit=world.commune_a, full_name="Học viên của đối tác")
    elsewhere = LearnerFactory(unit=world.commune_b, full_name="Học viên nơi khác")
    services.enrol(by=world.admin, course_class=ours, learner=trained)
    services.enrol(by=world.admin, course_class=theirs, learner=elsewhere)
    _done(world, trained, catalogue.basic)
    _done(world, elsewhere, catalogue.basic)
    client.force_login(world.partner)
    completions = client.get("/api/v1/training/completions").json()["items"]
    assert [row["learner"] for row in completions] == ["Học viên của đối tác"]
    certificates = client.get("/api/v1/training/certificates").json()["items"]
    assert [row["learner"] for row in certificates] == ["Học viên của đối tác"]
    assert client.get(f"/api/v1/training/classes/{ours.pk}/enrolments").json()["count"] == 1
    assert client.get(f"/api/v1/training/classes/{theirs.pk}/enrolments").json()["count"] == 0
    page = client.get(reverse("training:class_detail", args=[theirs.pk])).content.decode()
    assert "Học viên nơi khác" not in page
    assert (
        "Học viên của đối tác"
        in client.get(reverse("training:class_detail", args=[ours.pk])).content.decode()
    )
    client.force_login(world.focal_b)  # the other learner's unit reads theirs, not the partner's
    completions = client.get("/api/v1/training/completions").json()["items"]
    assert [row["learner"] for row in completions] == ["Học viên nơi khác"]


def test_the_coverage_pages_show_a_completion_at_once(client, world, catalogue):
    learner = LearnerFactory(unit=world.commune_a)
    LearnerFactory(unit=world.commune_a)
    client.force_login(world.leader)
    url = reverse("training:coverage")
    assert 'data-testid="coverage-share">0,0%' in client.get(url, {"year": 2026}).content.decode()
    still = reverse("training:still_must")
    assert learner.full_name in client.get(still, {"unit": "XA-A", "year": 2026}).content.decode()
    _done(world, learner, catalogue.basic)
    assert 'data-testid="coverage-share">50,0%' in client.get(url, {"year": 2026}).content.decode()
    assert learner.full_name not in client.get(still, {"unit": "XA-A", "year": 2026}).content.decode()
