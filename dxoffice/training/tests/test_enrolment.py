"""Enrolment: by the unit's focal point, by the learner when the class is open to it, seats per unit
quota, the waiting list and its promotion when a seat frees."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.notifications.models import Notification
from dxoffice.training import services
from dxoffice.training.models import ClassStatus, EnrolmentStatus
from dxoffice.training.tests.factories import ClassFactory, LearnerFactory, UserFactory, learner_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_class(world, catalogue):
    return ClassFactory(course=catalogue.basic, unit=world.province, capacity=2)


def test_the_focal_point_enrols_their_units_people_only(world, small_class):
    mine = LearnerFactory(unit=world.commune_a)
    theirs = LearnerFactory(unit=world.commune_b)
    assert (
        services.enrol(by=world.focal_a, course_class=small_class, learner=mine).status
        == EnrolmentStatus.ENROLLED
    )
    with pytest.raises(PermissionDenied):
        services.enrol(by=world.focal_a, course_class=small_class, learner=theirs)


def test_a_learner_enrols_themself_only_where_the_class_allows_it(world, small_class):
    user = UserFactory(unit=world.commune_a)
    learner = learner_for(user, world.commune_a)
    with pytest.raises(PermissionDenied):
        services.enrol(by=user, course_class=small_class, learner=learner)
    small_class.self_enrolment = True
    small_class.save()
    enrolment = services.enrol(by=user, course_class=small_class, learner=learner)
    assert enrolment.enrolled_by == user
    assert not Notification.objects.filter(recipient=user).exists()  # one's own act is not news
    other = LearnerFactory(unit=world.commune_a)
    with pytest.raises(PermissionDenied):
        services.enrol(by=user, course_class=small_class, learner=other)


def test_a_full_class_puts_people_on_the_waiting_list_and_a_cancellation_promotes_the_first(
    world, small_class
):
    people = [learner_for(UserFactory(unit=world.commune_a), world.commune_a) for _ in range(4)]
    statuses = [services.enrol(by=world.admin, course_class=small_class, learner=p).status for p in people]
    assert statuses == ["enrolled", "enrolled", "waiting", "waiting"]
    assert Notification.objects.filter(recipient=people[2].user, kind="training.enrolled").count() == 1
    first = small_class.enrolments.get(learner=people[0])
    services.enrolment_cancel(by=world.admin, enrolment=first)
    small_class.refresh_from_db()
    rows = {e.learner_id: e.status for e in small_class.enrolments.all()}
    assert rows[people[0].pk] == "cancelled"
    assert rows[people[2].pk] == "enrolled"
    assert rows[people[3].pk] == "waiting"
    assert Notification.objects.filter(recipient=people[2].user, kind="training.enrolled").count() == 2


def test_quotas_keep_seats_for_a_unit(world, catalogue):
    course_class = ClassFactory(course=catalogue.basic, unit=world.province, capacity=3)
    services.quota_set(by=world.admin, course_class=course_class, unit=world.commune_a, seats=2)
    a1, a2, a3 = (LearnerFactory(unit=world.commune_a) for _ in range(3))
    b1, b2 = (LearnerFactory(unit=world.commune_b) for _ in range(2))
    got = {
        p: services.enrol(by=world.admin, course_class=course_class, learner=p).status
        for p in (a1, a2, a3, b1, b2)
    }
    assert [got[p] for p in (a1, a2, a3)] == ["enrolled", "enrolled", "waiting"]
    assert [got[p] for p in (b1, b2)] == ["enrolled", "waiting"]
    with pytest.raises(ValidationError, match="capacity"):
        services.quota_set(by=world.admin, course_class=course_class, unit=world.commune_b, seats=2)


def test_enrolling_twice_or_in_a_closed_class_is_a_conflict(world, small_class):
    learner = LearnerFactory(unit=world.commune_a)
    services.enrol(by=world.admin, course_class=small_class, learner=learner)
    with pytest.raises(StateConflict, match="already enrolled"):
        services.enrol(by=world.admin, course_class=small_class, learner=learner)
    small_class.status = ClassStatus.HELD
    small_class.save()
    with pytest.raises(StateConflict, match="not open"):
        services.enrol(by=world.admin, course_class=small_class, learner=LearnerFactory(unit=world.commune_a))


def test_a_class_checks_its_dates_and_its_course(world, catalogue):
    from datetime import date

    with pytest.raises(ValidationError) as error:
        services.class_save(
            by=world.admin,
            course=catalogue.basic,
            unit=world.province,
            code="x1",
            starts_on=date(2026, 5, 2),
            ends_on=date(2026, 5, 1),
            capacity=10,
        )
    assert "ends_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.class_save(
            by=world.admin,
            course=catalogue.online,
            unit=world.province,
            code="x2",
            starts_on=date(2026, 5, 2),
            ends_on=date(2026, 5, 2),
            capacity=10,
        )
    assert "course" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.class_save(
            by=world.focal_a,
            course=catalogue.basic,
            unit=world.province,
            code="x3",
            starts_on=date(2026, 5, 2),
            ends_on=date(2026, 5, 2),
            capacity=10,
        )


def test_the_admin_lists_courses_and_classes_for_the_province(client, world, catalogue):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)
    assert client.get("/admin/training/course/").status_code == 200
    assert client.get(f"/admin/training/course/{catalogue.online.pk}/change/").status_code == 200
    assert client.get("/admin/training/courseclass/").status_code == 200


def test_the_class_page_offers_cancel_to_the_learner_and_the_focal_point_and_it_works(
    client, world, small_class
):
    from django.urls import reverse

    small_class.self_enrolment = True
    small_class.save()
    user = UserFactory(unit=world.commune_a)
    learner = learner_for(user, world.commune_a)
    enrolment = services.enrol(by=user, course_class=small_class, learner=learner)
    page = reverse("training:class_detail", args=[small_class.pk])
    cancel = reverse("training:enrolment_cancel", args=[enrolment.pk])
    client.force_login(user)
    assert f'action="{cancel}"' in client.get(page).content.decode()
    client.force_login(world.focal_a)
    assert f'action="{cancel}"' in client.get(page).content.decode()
    stranger = UserFactory(unit=world.commune_b)
    client.force_login(stranger)
    assert f'action="{cancel}"' not in client.get(page).content.decode()
    client.force_login(world.focal_a)
    response = client.post(cancel, {"reason": "Bận công tác"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CANCELLED
    last = enrolment.history.first()
    assert last.history_change_reason == "Bận công tác"
    assert f'action="{cancel}"' not in client.get(page).content.decode()


def _admin_question_post(quiz, kind, choices, accepted="[]"):
    data = {
        "quiz": quiz.pk,
        "kind": kind,
        "text": "Câu hỏi qua trang quản trị",
        "points": 1,
        "accepted_answers": accepted,
        "position": 9,
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
    }
    for n, (text, correct) in enumerate(choices):
        data[f"choices-{n}-text"] = text
        if correct:
            data[f"choices-{n}-correct"] = "on"
    return data


def test_the_admin_refuses_a_question_with_no_right_answer(client, world, catalogue):
    from dxoffice.training.models import Question

    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)
    quiz = catalogue.online.quizzes.get(is_final=True)
    before = Question.objects.count()
    url = "/admin/training/question/add/"
    response = client.post(url, _admin_question_post(quiz, "single", [("Có", False), ("Không", False)]))
    assert response.status_code == 200
    assert "Mark exactly one answer as correct." in response.content.decode() or (
        "Đánh dấu" in response.content.decode()
    )
    response = client.post(url, _admin_question_post(quiz, "short", [], accepted='"AI"x'))
    assert response.status_code == 200
    response = client.post(url, _admin_question_post(quiz, "short", []))
    assert response.status_code == 200
    assert Question.objects.count() == before
    response = client.post(url, _admin_question_post(quiz, "single", [("Có", True), ("Không", False)]))
    assert response.status_code == 302
    assert Question.objects.count() == before + 1


def test_the_admin_applies_the_course_rules(client, world, catalogue):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)
    course = catalogue.online
    url = f"/admin/training/course/{course.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(code="ai-hc-2", min_attendance_percent=70, owner_unit=world.province.pk, provider="")
    for prefix in ("requirements", "lessons"):
        formset = next(f for f in page.context["inline_admin_formsets"] if f.formset.prefix == prefix).formset
        data.update({f"{prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for n, f in enumerate(formset.forms):
            data[f"{prefix}-{n}-id"] = f.instance.pk
            data[f"{prefix}-{n}-course"] = course.pk
            for name in f.fields:
                if name not in ("id", "course", "DELETE"):
                    value = f.initial.get(name)
                    if value is not None and value is not False:
                        data[f"{prefix}-{n}-{name}"] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    course.refresh_from_db()
    assert course.code == "AI-HC-2" and course.min_attendance_percent == 0
