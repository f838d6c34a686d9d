"""School projects created and edited on the module's screens, with their tasks listed and
"assign a task"; kept by the owner unit of the agreement they fulfil, else by the province."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxoffice.core.models import Role
from dxoffice.core.tests.factories import OrgUnitFactory, user_with_role
from dxoffice.partners import services
from dxoffice.partners.models import SchoolProject
from dxoffice.partners.tests.factories import AgreementFactory, CommitmentFactory, SchoolProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(world):
    return OrgUnitFactory(code="THCS-A", name="Trường THCS Tân Thuận", kind="school", parent=world.province)


def test_the_dx_office_creates_a_project_that_fulfils_a_commitment(client, world, agreement, school):
    commitment = CommitmentFactory(agreement=agreement, party=world.partner_org, area="education")
    client.force_login(world.coordinator)
    assert 'data-testid="project-new"' in client.get("/partners/schools/").content.decode()
    form = client.get("/partners/schools/new/").content.decode()
    assert commitment.title in form
    response = client.post(
        "/partners/schools/new/",
        {
            "school": school.pk,
            "title": "Phòng STEM",
            "commitment": commitment.pk,
            "students_in_it": 300,
            "teachers_trained": 12,
            "classrooms_equipped": 3,
        },
    )
    project = SchoolProject.objects.get(title="Phòng STEM")
    assert response.url == f"/partners/schools/#project-{project.pk}"
    assert (project.commitment, project.students_in_it) == (commitment, 300)
    assert project.history.first().history_event == "school_project.created"


def test_the_edit_page_lists_its_tasks_and_offers_assign_a_task(client, world, school, today):
    project = SchoolProjectFactory(school=school)
    services.school_project_task_create(
        by=world.coordinator,
        project=project,
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.department,
        due_date=today,
    )
    client.force_login(world.coordinator)
    page = client.get(f"/partners/schools/{project.pk}/edit/").content.decode()
    assert "TH-1" in page and f"/partners/schools/{project.pk}/tasks/new/" in page
    data = {
        "school": school.pk,
        "title": project.title,
        "students_in_it": 150,
        "teachers_trained": 9,
        "classrooms_equipped": 2,
    }
    assert client.post(f"/partners/schools/{project.pk}/edit/", data).status_code == 302
    project.refresh_from_db()
    assert project.students_in_it == 150
    assert project.history.first().history_event == "school_project.changed"


def test_refusals_come_back_on_the_fields(client, world, agreement, school):
    client.force_login(world.coordinator)
    not_a_school = client.post(
        "/partners/schools/new/",
        {
            "school": world.commune_a.pk,
            "title": "x",
            "students_in_it": -1,
            "teachers_trained": 0,
            "classrooms_equipped": 0,
        },
    ).content.decode()
    assert (
        'data-testid="error-school"' in not_a_school and 'data-testid="error-students_in_it"' in not_a_school
    )
    dropped = CommitmentFactory(agreement=agreement, party=world.partner_org, status="dropped")
    with pytest.raises(ValidationError) as refused:
        services.school_project_save(by=world.coordinator, school=school, title="x", commitment=dropped)
    assert "commitment" in refused.value.message_dict
    assert not SchoolProject.objects.exists()


def test_others_may_not_keep_projects(client, world, school):
    project = SchoolProjectFactory(school=school)
    client.force_login(world.leader)  # reads the province's projects
    page = client.get("/partners/schools/").content.decode()
    assert project.title in page and 'data-testid="project-new"' not in page
    assert client.get(f"/partners/schools/{project.pk}/edit/").status_code == 403
    assert client.get("/partners/schools/new/").status_code == 403
    client.force_login(world.focal_a)
    assert client.get(f"/partners/schools/{project.pk}/edit/").status_code == 404


def test_a_project_of_another_owners_agreement_is_that_owners(world, school, today):
    """A commune's planner keeps the projects of the agreement its commune keeps, not the
    province's; the province's coordinator plans on the commune too."""
    planner = user_with_role(Role.COORDINATOR, world.commune_a, username="xa-coordinator")
    local = AgreementFactory(owner_unit=world.commune_a, parties=[world.partner_org])
    commitment = CommitmentFactory(agreement=local, party=world.partner_org)
    project = services.school_project_save(
        by=planner, school=school, title="Phòng tin học xã", commitment=commitment
    )
    assert project.pk
    province_project = SchoolProjectFactory(school=school)
    with pytest.raises(PermissionDenied):
        services.school_project_save(by=planner, project=province_project, title="x")
    with pytest.raises(PermissionDenied):  # nor moves its own to the province's keeping
        services.school_project_save(by=planner, project=project, commitment=None)
