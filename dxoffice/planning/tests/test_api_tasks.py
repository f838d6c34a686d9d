"""The task register through the API: filters, pagination, create/update validation, status moves
and the permission edges (invisible is 404, visible but not allowed is 403)."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.core.tests.api_client import BASE, ApiClient
from dxoffice.planning.models import ReportStatus, Task, TaskStatus
from dxoffice.planning.selectors import local_today
from dxoffice.planning.tests.factories import DirectiveFactory, ReportFactory, TaskFactory

pytestmark = pytest.mark.django_db


def make_task(world, unit, code, **fields):
    return TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=unit, code=code, **fields)


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


@pytest.fixture
def register(world):
    today = local_today()
    return {
        "late": make_task(
            world,
            world.commune_a,
            "NV-01",
            due_date=today - timedelta(days=5),
            title="Chuyển đổi số trong y tế cơ sở",
        ),
        "soon": make_task(
            world, world.commune_a, "NV-02", due_date=today + timedelta(days=3), status=TaskStatus.IN_PROGRESS
        ),
        "ward": make_task(world, world.commune_b, "NV-03", due_date=today + timedelta(days=40)),
        "dept": make_task(
            world,
            world.department,
            "NV-04",
            due_date=today + timedelta(days=40),
            partner=world.partner_org,
            sector=world.sector,
        ),
        "done": make_task(
            world,
            world.department,
            "NV-05",
            due_date=today - timedelta(days=10),
            status=TaskStatus.COMPLETED,
            completed_on=today - timedelta(days=12),
        ),
    }


def test_list_filters(world, register):
    api = ApiClient(world.coordinator, bearer=True)
    assert codes(api.get("/tasks")) == ["NV-01", "NV-02", "NV-03", "NV-04", "NV-05"]
    assert codes(api.get("/tasks", {"overdue": "true"})) == ["NV-01"]
    assert codes(api.get("/tasks", {"due_soon": "true"})) == ["NV-02"]
    assert codes(api.get("/tasks", {"status": "in_progress,completed"})) == ["NV-02", "NV-05"]
    assert codes(api.get("/tasks", {"unit": "XA-A"})) == ["NV-01", "NV-02"]
    assert codes(api.get("/tasks", {"unit": "CMU"})) == ["NV-01", "NV-02", "NV-03", "NV-04", "NV-05"]
    assert codes(api.get("/tasks", {"q": "chuyen doi so"})) == ["NV-01"]
    assert codes(api.get("/tasks", {"q": "CHUYỂN ĐỔI"})) == ["NV-01"]
    assert codes(api.get("/tasks", {"sector": "YTE"})) == ["NV-04"]
    assert codes(api.get("/tasks", {"tracking": "completed_on_time"})) == ["NV-05"]
    assert codes(api.get("/tasks", {"sort": "-code", "year": "2026"}))[0] == "NV-05"


def test_list_items_carry_codes_tracking_and_progress(world, register):
    item = ApiClient(world.coordinator).get("/tasks", {"unit": "XA-A"}).json()["items"][0]
    assert item["lead_unit"] == "XA-A" and item["pillar"] == "CQS" and item["plan"] == "KH-2026"
    assert item["tracking"] == "overdue" and item["progress"] is None and item["year"] == 2026


def test_bad_filters_name_the_field(world, register):
    api = ApiClient(world.coordinator)
    for params, field in (
        ({"status": "finished"}, "status"),
        ({"overdue": "maybe"}, "overdue"),
        ({"unit": "NOPE"}, "unit"),
        ({"pillar": "NOPE"}, "pillar"),
        ({"sort": "size"}, "sort"),
        ({"year": "twenty"}, "year"),
    ):
        response = api.get("/tasks", params)
        assert response.status_code == 422, params
        assert field in response.json()["errors"], response.json()


def test_pagination(world, register):
    api = ApiClient(world.coordinator)
    first = api.get("/tasks", {"page_size": 2}).json()
    assert first["count"] == 5 and first["page"] == 1 and first["page_size"] == 2
    assert [i["code"] for i in first["items"]] == ["NV-01", "NV-02"]
    third = api.get("/tasks", {"page_size": 2, "page": 3}).json()
    assert [i["code"] for i in third["items"]] == ["NV-05"]
    assert api.get("/tasks").json()["page_size"] == 50
    too_big = api.get("/tasks", {"page_size": 501})
    assert too_big.status_code == 422 and "page_size" in too_big.json()["errors"]
    assert api.get("/tasks", {"page": 0}).status_code == 422
    assert api.get("/tasks", {"page_size": 500}).status_code == 200


def test_visibility_edges(world, register):
    focal = ApiClient(world.focal_a, bearer=True)
    assert codes(focal.get("/tasks")) == ["NV-01", "NV-02"]
    assert focal.get(f"/tasks/{register['ward'].pk}").status_code == 404
    assert focal.patch(f"/tasks/{register['ward'].pk}", {"title": "x"}).status_code == 404
    assert focal.get("/tasks/999999").status_code == 404
    own = focal.patch(f"/tasks/{register['late'].pk}", {"title": "Đổi tên"})
    assert own.status_code == 403
    assert Task.objects.get(pk=register["late"].pk).title != "Đổi tên"

    partner = ApiClient(world.partner, bearer=True)
    assert codes(partner.get("/tasks")) == ["NV-04"]
    assert partner.get(f"/tasks/{register['late'].pk}").status_code == 404
    assert codes(ApiClient(world.outsider, bearer=True).get("/tasks")) == []


def test_detail_shows_transitions_and_coordination(world, register):
    task = register["late"]
    task.coordinating_units.set([world.department])
    task.directives.set([DirectiveFactory(number="57-NQ/TW")])
    detail = ApiClient(world.focal_a).get(f"/tasks/{task.pk}").json()
    assert detail["coordinating_units"] == ["SKHCN"] and detail["directives"] == ["57-NQ/TW"]
    assert detail["allowed_transitions"] == ["in_progress", "completed"]
    assert detail["permissions"] == {"edit": False, "report": True, "review": False}
    # The coordinating department's focal point sees it too.
    assert ApiClient(world.dept_focal).get(f"/tasks/{task.pk}").status_code == 200
    coordinator = ApiClient(world.coordinator).get(f"/tasks/{task.pk}").json()
    assert "cancelled" in coordinator["allowed_transitions"]


def task_payload(**overrides):
    payload = {
        "plan": "KH-2026",
        "code": "NV-API-1",
        "title": "Số hoá hồ sơ một cửa",
        "pillar": "CQS",
        "lead_unit": "XA-A",
        "coordinating_units": ["SKHCN"],
        "sector": "YTE",
        "start_date": "2026-01-01",
        "due_date": "2026-12-31",
        "priority": "high",
    }
    payload.update(overrides)
    return payload


def test_coordinator_creates_a_task_with_codes(world):
    DirectiveFactory(number="57-NQ/TW")
    api = ApiClient(world.coordinator, bearer=True)
    response = api.post("/tasks", task_payload(directives=["57-NQ/TW"]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["lead_unit"] == "XA-A" and body["coordinating_units"] == ["SKHCN"]
    assert body["sector"] == "YTE" and body["directives"] == ["57-NQ/TW"] and body["priority"] == "high"
    task = Task.objects.get(pk=body["id"])
    assert task.created_by == world.coordinator
    assert task.history.first().history_user == world.coordinator
    by_year = api.post("/tasks", task_payload(plan=None, year=2026, code="NV-API-2"))
    assert by_year.status_code == 201 and by_year.json()["plan"] == "KH-2026"


def test_create_validation_names_fields(world):
    api = ApiClient(world.coordinator)
    missing = api.post("/tasks", {"plan": "KH-2026", "code": "X"})
    assert missing.status_code == 422
    assert {"title", "pillar", "lead_unit"} <= set(missing.json()["errors"])

    unknown = api.post(
        "/tasks", task_payload(lead_unit="NOPE", pillar="ZZ", coordinating_units=["XA-B", "Q"])
    )
    assert unknown.status_code == 422
    assert {"lead_unit", "pillar", "coordinating_units"} <= set(unknown.json()["errors"])
    assert "NOPE" in unknown.json()["errors"]["lead_unit"][0]

    no_due = api.post("/tasks", task_payload(due_date=None))
    assert no_due.status_code == 400 and "due_date" in no_due.json()["errors"]
    assert "due_date" in no_due.json()["detail"]
    bad_kind = api.post("/tasks", task_payload(kind="epic"))
    assert bad_kind.status_code == 422 and "kind" in bad_kind.json()["errors"]
    assert api.post("/tasks", task_payload(plan="KH-1999")).json()["errors"]["plan"]
    assert api.post("/tasks", task_payload()).status_code == 201
    duplicate = api.post("/tasks", task_payload())
    assert duplicate.status_code == 400 and duplicate.json()["errors"]
    assert not Task.objects.filter(code="NV-API-1").exclude(pk=Task.objects.get(code="NV-API-1").pk).exists()


def test_focal_cannot_create_tasks(world):
    response = ApiClient(world.focal_a).post("/tasks", task_payload())
    assert response.status_code == 403
    assert not Task.objects.filter(code="NV-API-1").exists()


def test_update(world, register):
    api = ApiClient(world.coordinator, bearer=True)
    task = register["ward"]
    response = api.patch(f"/tasks/{task.pk}", {"title": "Tên mới", "coordinating_units": ["XA-A"]})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Tên mới" and response.json()["coordinating_units"] == ["XA-A"]
    assert response.json()["lead_unit"] == "XA-B"
    task.refresh_from_db()
    assert task.history.first().history_user == world.coordinator

    bad = api.patch(f"/tasks/{task.pk}", {"due_date": "2025-01-01", "start_date": "2026-01-01"})
    assert bad.status_code == 400 and "due_date" in bad.json()["errors"]
    # Moving the task to a unit outside the coordinator's scope is not allowed.
    assert api.patch(f"/tasks/{task.pk}", {"lead_unit": "DOITAC"}).status_code == 403
    assert api.patch(f"/tasks/{task.pk}", {"lead_unit": "NOPE"}).json()["errors"]["lead_unit"]
    assert api.patch(f"/tasks/{task.pk}", {"sector": "NOPE"}).json()["errors"]["sector"]
    assert api.patch(f"/tasks/{task.pk}", {"due_date": "31/12/2026"}).status_code == 422
    task.refresh_from_db()
    assert task.title == "Tên mới" and task.start_date == date(2026, 1, 1)


def test_status_moves(world, register):
    task = register["late"]
    focal = ApiClient(world.focal_a, bearer=True)
    started = focal.post(f"/tasks/{task.pk}/status", {"status": "in_progress"})
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    assert focal.post(f"/tasks/{task.pk}/status", {"status": "cancelled", "reason": "x"}).status_code == 403
    no_evidence = focal.post(f"/tasks/{task.pk}/status", {"status": "completed"})
    assert no_evidence.status_code == 400 and "evidence" in no_evidence.json()["errors"]

    upload = focal.client.post(
        f"{BASE}/tasks/{task.pk}/attachments",
        {"file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test"), "description": "Biên bản"},
        headers=focal.headers,
    )
    assert upload.status_code == 201, upload.content
    assert focal.get(f"/tasks/{task.pk}/attachments").json()["items"][0]["name"] == "bien-ban.pdf"
    done = focal.post(f"/tasks/{task.pk}/status", {"status": "completed"})
    assert done.status_code == 200 and done.json()["tracking"] == "completed_late"
    assert done.json()["progress"] == 100

    coordinator = ApiClient(world.coordinator)
    reopen = coordinator.post(f"/tasks/{task.pk}/status", {"status": "in_progress"})
    assert reopen.status_code == 400 and "reason" in reopen.json()["errors"]
    bogus = coordinator.post(f"/tasks/{task.pk}/status", {"status": "finished"})
    assert bogus.status_code == 422 and "status" in bogus.json()["errors"]
    # The choices are listed with commas only: no English word in the Vietnamese message.
    in_vietnamese = ApiClient(world.coordinator, language="vi")
    message = in_vietnamese.post(f"/tasks/{task.pk}/status", {"status": "finished"}).json()["errors"][
        "status"
    ][0]
    assert message.startswith("Hãy chọn một trong các giá trị: 'not_started', ") and " or " not in message
    assert "'in_progress'" in message


def test_only_who_reports_on_or_plans_the_lead_unit_attaches_files(world, register):
    task = register["late"]

    def attach(user):
        api = ApiClient(user)
        document = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 test")
        return api.client.post(f"{BASE}/tasks/{task.pk}/attachments", {"file": document}, headers=api.headers)

    assert attach(world.viewer).status_code == 403
    assert attach(world.leader).status_code == 403  # reviews, but neither reports nor plans
    assert attach(world.coordinator).status_code == 201
    assert attach(world.focal_a).status_code == 201
    assert ApiClient(world.viewer).get(f"/tasks/{task.pk}/attachments").json()["count"] == 2


def test_archive(world, register):
    task = register["ward"]
    assert ApiClient(world.focal_b).post(f"/tasks/{task.pk}/archive", {"reason": "x"}).status_code == 403
    api = ApiClient(world.coordinator)
    response = api.post(f"/tasks/{task.pk}/archive", {"reason": "Trùng lặp"})
    assert response.status_code == 200 and response.json()["archived_at"]
    assert api.get(f"/tasks/{task.pk}").status_code == 404
    assert Task.all_objects.get(pk=task.pk).is_archived


def test_lists_do_not_query_per_row(world, django_assert_max_num_queries):
    for number in range(25):
        task = make_task(
            world, world.commune_a, f"NV-{number:03d}", sector=world.sector, partner=world.partner_org
        )
        ReportFactory(task=task, status=ReportStatus.SUBMITTED, created_by=world.focal_a)
    api = ApiClient(world.coordinator, bearer=True)
    with django_assert_max_num_queries(8):
        assert api.get("/tasks").json()["count"] == 25
    with django_assert_max_num_queries(10):
        assert api.get("/reports/awaiting-review").json()["count"] == 25


def test_patch_without_a_lead_unit_and_absurd_pages_are_400s_not_crashes(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    api = ApiClient(world.coordinator)
    for value in (None, ""):
        response = api.patch(f"/tasks/{task.pk}", {"lead_unit": value})
        assert response.status_code in (400, 422) and "lead_unit" in response.json()["errors"]
    assert api.get("/tasks", {"page": "99999999999999999999"}).status_code == 422
