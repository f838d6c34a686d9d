"""Imports: a unit's staff list (all or nothing, rows named), a class's participants, completions
from elsewhere with unmatched rows listed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dxoffice.training.imports.completions import import_completions
from dxoffice.training.imports.participants import import_participants
from dxoffice.training.imports.staff import import_staff
from dxoffice.training.models import Completion, EnrolmentStatus, Learner
from dxoffice.training.tests.factories import (
    ClassFactory,
    LearnerFactory,
    UserFactory,
    csv_upload,
    workbook_upload,
)

pytestmark = pytest.mark.django_db
STAFF = ["staff_code", "full_name", "position_level", "position", "email", "username"]


def test_the_staff_list_replaces_the_units_list(world):
    leaving = LearnerFactory(unit=world.commune_a, staff_code="OLD1")
    kept = LearnerFactory(
        unit=world.commune_a, staff_code="K1", full_name="Võ Văn Kiệt", position_level="leader"
    )
    account = UserFactory(username="hoa", unit=world.commune_a)
    upload = workbook_upload(
        STAFF,
        [
            ["k1", "Võ Văn Kiệt", "Lãnh đạo", "", "", ""],
            ["N2", "Lê Thị Hoa", "commune_official", "Công chức văn phòng", "hoa@example.test", "hoa"],
        ],
    )
    result = import_staff(upload, by=world.focal_a, unit=world.commune_a)
    assert result.ok, result.problems
    assert (result.created, result.unchanged, result.left) == (1, 1, 0 + 1)
    assert Learner.objects.get(staff_code="N2").user == account
    assert (
        not Learner.objects.filter(pk=leaving.pk).exists()
        and Learner.all_objects.get(pk=leaving.pk).is_archived
    )
    assert Learner.objects.get(pk=kept.pk).unit == world.commune_a


def test_a_bad_row_saves_nothing_and_every_problem_names_its_row(world):
    UserFactory(username="taken", unit=world.commune_b)
    LearnerFactory(unit=world.commune_b, user=UserFactory(username="linked"))
    upload = workbook_upload(
        STAFF,
        [
            ["A1", "Một", "commune_official", "", "", ""],
            ["A1", "Hai", "commune_official", "", "", ""],
            ["A3", "", "general", "", "not-an-email", "nobody"],
            ["A4", "Bốn", "manager", "", "", "linked"],
        ],
    )
    result = import_staff(upload, by=world.focal_a, unit=world.commune_a)
    assert not result.ok
    problems = {(p.row, p.column.split(" / ")[1] if p.column else "") for p in result.problems}
    assert (3, "Staff code") in problems  # duplicate
    assert (4, "Full name") in problems and (4, "Position level") in problems and (4, "E-mail") in problems
    assert not Learner.objects.filter(unit=world.commune_a).exists()


def test_the_staff_list_needs_its_columns_and_a_keeper(world):
    result = import_staff(
        workbook_upload(["full_name", "position"], [["x", "y"]]), by=world.focal_a, unit=world.commune_a
    )
    assert "Staff code" in str(result.problems[0])
    with pytest.raises(PermissionDenied):
        import_staff(workbook_upload(STAFF, []), by=world.focal_b, unit=world.commune_a)
    result = import_staff(csv_upload("not a workbook"), by=world.focal_a, unit=world.commune_a)
    assert not result.ok


def test_participants_are_checked_per_row_then_enrolled(world, catalogue):
    course_class = ClassFactory(course=catalogue.basic, unit=world.province, capacity=1)
    a = LearnerFactory(unit=world.commune_a, staff_code="P1")
    b = LearnerFactory(unit=world.commune_a, staff_code="P2")
    bad = workbook_upload(
        ["unit_code", "staff_code"], [["XA-A", "P1"], ["XA-A", "P1"], ["NOPE", "P9"], ["XA-A", "P404"]]
    )
    result = import_participants(bad, by=world.focal_a, course_class=course_class)
    rows = {p.row: p.message for p in result.problems}
    assert set(rows) == {3, 4, 5}
    assert "NOPE" in rows[4] and "P404" in rows[5]
    assert not course_class.enrolments.exists()
    good = workbook_upload(["unit_code", "staff_code"], [["XA-A", "P1"], ["xa-a", "p2"]])
    result = import_participants(good, by=world.focal_a, course_class=course_class)
    assert (result.created, result.updated) == (1, 1)
    assert {e.learner_id: e.status for e in course_class.enrolments.all()} == {
        a.pk: EnrolmentStatus.ENROLLED,
        b.pk: EnrolmentStatus.WAITING,
    }
    theirs = LearnerFactory(unit=world.commune_b, staff_code="Q1")
    result = import_participants(
        workbook_upload(["unit_code", "staff_code"], [["XA-B", "Q1"]]),
        by=world.focal_a,
        course_class=course_class,
    )
    assert result.problems[0].row == 2 and not theirs.enrolments.exists()


def test_completions_from_elsewhere_count_and_unmatched_rows_are_listed(world, catalogue):
    a = LearnerFactory(unit=world.commune_a, staff_code="C1")
    b = LearnerFactory(unit=world.commune_a, staff_code="C2", email="b@example.test")
    text = (
        "unit_code;staff_code;email;full_name;course_code;completed_on;provider\n"
        "XA-A;C1;;A;KNS-CB;15/03/2026;Nền tảng Bình dân học vụ số\n"
        ";;B@example.test;B;kns-cb;2026-04-01;\n"
        "XA-A;C9;;Không có;KNS-CB;01/04/2026;\n"
    )
    result = import_completions(csv_upload(text), by=world.focal_a)
    assert result.ok and result.created == 2
    assert [(u.row, u.name) for u in result.unmatched] == [(4, "Không có")]
    assert Completion.objects.get(learner=a).external_provider == "Nền tảng Bình dân học vụ số"
    assert Completion.objects.get(learner=b).completed_on == date(2026, 4, 1)
    again = import_completions(csv_upload(text), by=world.focal_a)
    assert again.created == 0 and again.unchanged == 2


def test_completions_with_bad_cells_save_nothing(world, catalogue):
    LearnerFactory(unit=world.commune_a, staff_code="C1")
    upload = workbook_upload(
        ["unit_code", "staff_code", "course_code", "completed_on"],
        [
            ["XA-A", "C1", "KNS-CB", "31/02/2026"],
            ["XA-A", "C1", "NOPE", "01/01/2026"],
            ["XA-A", "C1", "KNS-CB", "01/01/2027"],
        ],
    )
    result = import_completions(upload, by=world.focal_a)
    found = [(p.row, p.column.split(" / ")[1]) for p in result.problems]
    assert found == [(2, "Completed on"), (3, "Course code"), (4, "Completed on")]
    assert not Completion.objects.exists()


def test_the_import_page_credits_the_chosen_provider(client, world, catalogue):
    from django.urls import reverse

    a = LearnerFactory(unit=world.commune_a, staff_code="C1")
    text = "unit_code;staff_code;full_name;course_code;completed_on\nXA-A;C1;A;KNS-CB;15/03/2026\n"
    url = reverse("training:completions_import")
    client.force_login(world.focal_a)  # may not credit another commune: refused, nothing saved
    page = client.get(url).content.decode()
    assert f'value="{world.commune_b.pk}"' not in page
    response = client.post(url, {"file": csv_upload(text), "provider": world.commune_b.pk}, follow=True)
    assert response.status_code == 200 and not Completion.objects.exists()
    assert f'value="{world.partner_org.pk}"' in page and f'value="{world.commune_a.pk}"' in page
    response = client.post(url, {"file": csv_upload(text), "provider": world.partner_org.pk})
    assert response.status_code == 200
    completion = Completion.objects.get(learner=a)
    assert completion.provider == world.partner_org
    assert completion.certificate.issuer == catalogue.basic.owner_unit
