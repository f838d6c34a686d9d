"""Assigning a task of the program register from a commitment or a school project ("Giao nhiệm vụ"):
the form on the commitment's page and the school project's page, and the API. Only those who may
plan on the owner unit assign; a refusal names its field and saves nothing."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dxoffice.core.tests.factories import OrgUnitFactory, Role, UnitKind, user_with_role
from dxoffice.partners import services
from dxoffice.partners.tests.factories import CommitmentFactory, SchoolProjectFactory
from dxoffice.planning.models import Task
from dxoffice.planning.tests.factories import PillarFactory, PlanFactory, ProgramFactory, TaskFactory

pytestmark = pytest.mark.django_db

START = date(2026, 3, 1)
DUE = date(2026, 11, 30)


@pytest.fixture
def commitment(world, agreement, today):
    return CommitmentFactory(
        agreement=agreement,
        party=world.partner_org,
        code="DT-03",
        title="Khảo sát hạ tầng số",
        due_date=today + timedelta(days=20),
    )


@pytest.fixture
def school(world):
    return OrgUnitFactory(code="TRUONG-A", name="Trường THCS A", kind=UnitKind.SCHOOL, parent=world.province)


@pytest.fixture
def project(school):
    return SchoolProjectFactory(school=school, title="Phòng học STEM")


@pytest.fixture
def english(client):
    """Messages in English, whatever the person's saved language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def form_data(world, **changes):
    data = {
        "title": "Khảo sát hiện trạng hạ tầng số tại 64 xã, phường",
        "code": "",
        "plan": str(world.plan.pk),
        "pillar": str(world.pillar.pk),
        "lead_unit": str(world.department.pk),
        "coordinating_units": [str(world.commune_a.pk)],
        "start_date": START.isoformat(),
        "due_date": DUE.isoformat(),
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


# The commitment's page -----------------------------------------------------------------------


def test_a_planner_assigns_a_task_from_the_commitment_page(client, english, world, commitment):
    client.force_login(world.coordinator)
    page = client.get(f"/partners/commitments/{commitment.pk}/").content.decode()
    assert 'data-testid="task-form"' in page
    assert f'action="/partners/commitments/{commitment.pk}/tasks/new/"' in page
    assert 'value="Khảo sát hạ tầng số"' in page  # the title proposed is the commitment's
    assert f'name="due_date" value="{commitment.due_date.isoformat()}"' in page  # and its due date

    answer = client.post(f"/partners/commitments/{commitment.pk}/tasks/new/", form_data(world))

    assert answer.status_code == 302
    assert answer["Location"] == f"/partners/commitments/{commitment.pk}/#tasks"
    task = Task.objects.get()
    assert task.origin == "partners.commitment" and task.origin_object == commitment
    assert task.code == "CK-1"  # the plan's next free code
    assert task.title == "Khảo sát hiện trạng hạ tầng số tại 64 xã, phường"
    assert task.plan == world.plan and task.pillar == world.pillar
    assert task.lead_unit == world.department
    assert list(task.coordinating_units.all()) == [world.commune_a]
    assert (task.start_date, task.due_date) == (START, DUE)
    assert task.partner == world.partner_org  # the partner sees the task carrying its commitment

    shown = client.get(answer["Location"]).content.decode()
    assert "Task CK-1 was assigned." in shown
    assert f'<a href="{reverse("planning:task_detail", args=[task.pk])}">CK-1 · Khảo sát hiện trạng' in shown


def test_a_second_task_takes_the_next_code_or_the_one_given(client, world, commitment):
    client.force_login(world.coordinator)
    url = f"/partners/commitments/{commitment.pk}/tasks/new/"
    client.post(url, form_data(world))
    client.post(url, form_data(world, code="DT03-02"))
    client.post(url, form_data(world))
    assert sorted(Task.objects.values_list("code", flat=True)) == ["CK-1", "CK-2", "DT03-02"]


@pytest.mark.parametrize("who", ["partner", "leader", "viewer"])
def test_who_may_not_plan_for_the_owner_unit_gets_no_form_and_is_refused(client, world, commitment, who):
    client.force_login(getattr(world, who))
    page = client.get(f"/partners/commitments/{commitment.pk}/")
    assert page.status_code == 200 and 'data-testid="task-form"' not in page.content.decode()
    answer = client.post(f"/partners/commitments/{commitment.pk}/tasks/new/", form_data(world))
    assert answer.status_code == 403
    assert not Task.objects.exists()


def test_a_commitment_out_of_sight_is_a_404(client, world, commitment):
    client.force_login(world.focal_a)
    assert (
        client.post(f"/partners/commitments/{commitment.pk}/tasks/new/", form_data(world)).status_code == 404
    )
    client.force_login(world.coordinator)
    assert client.post("/partners/commitments/999999/tasks/new/", form_data(world)).status_code == 404


def test_a_dropped_commitment_offers_no_form(client, world, agreement, today):
    dropped = CommitmentFactory(
        agreement=agreement, party=world.partner_org, status="dropped", due_date=today
    )
    client.force_login(world.coordinator)
    assert (
        'data-testid="task-form"' not in client.get(f"/partners/commitments/{dropped.pk}/").content.decode()
    )
    assert client.post(f"/partners/commitments/{dropped.pk}/tasks/new/", form_data(world)).status_code == 403
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "This field is required."),
        ({"due_date": ""}, "due_date", "This field is required."),
        ({"due_date": "2026-02-01"}, "due_date", "The due date is before the start date."),  # planning's rule
        (
            {"coordinating_units": None, "lead_unit": None},
            "lead_unit",
            "This field is required.",
        ),
        ({"code": "TAKEN-1"}, "code", "The code TAKEN-1 is already used in this plan"),  # planning's rule
        ({"pillar": "OTHER"}, "pillar", "This pillar belongs to another program."),  # planning's rule
        (
            {"coordinating_units": "LEAD"},
            "coordinating_units",
            "The lead unit cannot also be a coordinating unit.",  # planning's rule
        ),
    ],
)
def test_bad_input_is_said_on_its_field_and_saves_nothing(
    client, english, world, commitment, changes, field, message
):
    TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.department, code="TAKEN-1")
    other_program = ProgramFactory(owner_unit=world.province)
    PlanFactory(program=other_program, year=2027, code="KH-KHAC")  # open, so its pillars are offered
    other_pillar = PillarFactory(program=other_program, code="KHAC")
    before = Task.all_objects.count()
    if changes.get("pillar") == "OTHER":
        changes = {**changes, "pillar": str(other_pillar.pk)}
    if changes.get("coordinating_units") == "LEAD":
        changes = {**changes, "coordinating_units": [str(world.department.pk)]}
    client.force_login(world.coordinator)

    answer = client.post(f"/partners/commitments/{commitment.pk}/tasks/new/", form_data(world, **changes))

    assert answer.status_code == 200
    page = answer.content.decode()
    assert 'data-testid="task-form-errors"' in page
    assert f'data-testid="error-{field}">{message}' in page
    assert Task.all_objects.count() == before
    assert Task.all_objects.filter(origin="partners.commitment").count() == 0


# School projects ------------------------------------------------------------------------------


def test_a_planner_assigns_a_task_to_a_school_project(client, english, world, project, school):
    client.force_login(world.coordinator)
    listed = client.get("/partners/schools/").content.decode()
    assert f'href="/partners/schools/{project.pk}/tasks/new/"' in listed
    page = client.get(f"/partners/schools/{project.pk}/tasks/new/")
    assert page.status_code == 200 and 'value="Phòng học STEM"' in page.content.decode()

    data = form_data(world, title="Trang bị phòng học STEM", coordinating_units=None)
    answer = client.post(f"/partners/schools/{project.pk}/tasks/new/", data)

    assert answer.status_code == 302
    assert answer["Location"] == f"/partners/schools/#project-{project.pk}"
    task = Task.objects.get()
    assert task.origin == "partners.school_project" and task.origin_object == project
    assert task.code == "TH-1" and task.title == "Trang bị phòng học STEM"
    assert task.lead_unit == world.department and task.due_date == DUE
    assert task.partner == school  # the school is the task's partner
    shown = client.get(answer["Location"]).content.decode()
    assert "Task TH-1 was assigned." in shown and ">TH-1</a>" in shown


def test_a_school_project_task_needs_a_due_date_and_saves_nothing_without(client, english, world, project):
    client.force_login(world.coordinator)
    answer = client.post(f"/partners/schools/{project.pk}/tasks/new/", form_data(world, due_date=""))
    assert answer.status_code == 200
    assert 'data-testid="error-due_date">This field is required.' in answer.content.decode()
    assert not Task.objects.exists()


@pytest.mark.parametrize("who", ["leader", "viewer"])
def test_who_may_not_plan_gets_no_link_and_is_refused_for_a_school_project(client, world, project, who):
    client.force_login(getattr(world, who))
    listed = client.get("/partners/schools/").content.decode()
    assert "Phòng học STEM" in listed  # they read the project
    assert f"/partners/schools/{project.pk}/tasks/new/" not in listed
    assert client.get(f"/partners/schools/{project.pk}/tasks/new/").status_code == 403
    assert client.post(f"/partners/schools/{project.pk}/tasks/new/", form_data(world)).status_code == 403
    assert not Task.objects.exists()


def test_a_school_project_out_of_sight_is_a_404(client, world, project):
    client.force_login(world.focal_a)
    assert client.get(f"/partners/schools/{project.pk}/tasks/new/").status_code == 404


def test_the_service_asks_for_planning_on_the_projects_owner_unit(world, project, commitment):
    commune_coordinator = user_with_role(Role.COORDINATOR, world.commune_a, username="coord-xa")
    # May plan for the commune (the lead unit) but not on the province, which keeps the project.
    with pytest.raises(PermissionDenied):
        services.school_project_task_create(
            by=commune_coordinator,
            project=project,
            plan=world.plan,
            pillar=world.pillar,
            lead_unit=world.commune_a,
            due_date=DUE,
        )
    assert not Task.objects.exists()
    # A project fulfilling a commitment is kept by the agreement's owner unit.
    project.commitment = commitment
    project.save()
    task = services.school_project_task_create(
        by=world.coordinator,
        project=project,
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        due_date=DUE,
    )
    assert task.code == "TH-1" and task.title == project.title


# The API ------------------------------------------------------------------------------------


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def api_body(**changes):
    body = {"plan": "KH-2026", "pillar": "CQS", "lead_unit": "SKHCN"}
    body.update(changes)
    return body


def test_the_api_creates_a_task_from_a_commitment(client, world, commitment):
    client.force_login(world.coordinator)
    answer = post(
        client,
        f"/api/v1/partners/commitments/{commitment.pk}/tasks",
        api_body(coordinating_units=["XA-A"], start_date="2026-03-01"),
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["code"] == "CK-1" and body["title"] == commitment.title  # defaults: the commitment's
    assert body["due_date"] == commitment.due_date.isoformat()
    assert (body["plan"], body["year"], body["pillar"], body["lead_unit"]) == (
        "KH-2026",
        2026,
        "CQS",
        "SKHCN",
    )
    assert body["coordinating_units"] == ["XA-A"] and body["partner"] == "DOITAC"
    assert (body["origin"], body["origin_id"]) == ("partners.commitment", commitment.pk)
    assert body["status"] == "not_started" and body["progress"] is None
    task = Task.objects.get(pk=body["id"])
    assert task.origin_object == commitment
    listed = client.get(f"/api/v1/partners/agreements/{commitment.agreement_id}/commitments").json()
    assert listed[0]["tasks"] == [task.pk]


def test_the_api_refuses_who_may_not_plan_and_hides_what_they_do_not_see(client, world, commitment):
    url = f"/api/v1/partners/commitments/{commitment.pk}/tasks"
    client.force_login(world.partner)  # a party: reads the commitment, may not plan
    refused = post(client, url, api_body())
    assert refused.status_code == 403 and refused.json()["detail"]
    client.force_login(world.focal_a)  # not in the agreement's scope
    assert post(client, url, api_body()).status_code == 404
    client.force_login(world.coordinator)
    assert post(client, "/api/v1/partners/commitments/999999/tasks", api_body()).status_code == 404
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("changes", "status", "fields"),
    [
        ({"plan": "KH-1999"}, 422, {"plan"}),
        ({"pillar": "NOPE", "lead_unit": "NOPE"}, 422, {"pillar", "lead_unit"}),
        ({"coordinating_units": ["NOPE"]}, 422, {"coordinating_units"}),
        ({"lead_unit": " "}, 422, {"lead_unit"}),  # the schema: a unit code is required
        ({"start_date": "2026-12-01", "due_date": "2026-11-01"}, 400, {"due_date"}),  # planning's rule
        ({"lead_unit": "DOITAC"}, 403, set()),  # not a unit the coordinator plans for
        ({"coordinating_units": ["SKHCN"]}, 400, {"coordinating_units"}),  # planning's rule
    ],
)
def test_the_api_names_the_field_at_fault(client, world, commitment, changes, status, fields):
    client.force_login(world.coordinator)
    answer = post(client, f"/api/v1/partners/commitments/{commitment.pk}/tasks", api_body(**changes))
    assert answer.status_code == status, answer.content
    assert set(answer.json()["errors"]) == fields
    assert not Task.objects.exists()


def test_the_api_gives_no_task_to_a_dropped_commitment(client, world, agreement, today):
    dropped = CommitmentFactory(
        agreement=agreement, party=world.partner_org, status="dropped", due_date=today
    )
    client.force_login(world.coordinator)
    answer = post(client, f"/api/v1/partners/commitments/{dropped.pk}/tasks", api_body())
    assert answer.status_code == 409 and "commitment" in answer.json()["errors"]
    assert not Task.objects.exists()


def test_the_api_creates_a_task_from_a_school_project(client, world, project, school):
    url = f"/api/v1/partners/school-projects/{project.pk}/tasks"
    client.force_login(world.coordinator)
    missing = post(client, url, api_body())
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"due_date"}
    assert not Task.objects.exists()

    answer = post(client, url, api_body(due_date="2026-12-31", code="GD-01"))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["code"] == "GD-01" and body["title"] == "Phòng học STEM" and body["partner"] == "TRUONG-A"
    assert (body["origin"], body["origin_id"]) == ("partners.school_project", project.pk)

    client.force_login(world.leader)  # reads the project, may not plan
    assert post(client, url, api_body(due_date="2026-12-31")).status_code == 403
    client.force_login(world.focal_a)
    assert post(client, url, api_body(due_date="2026-12-31")).status_code == 404
    assert Task.objects.count() == 1
