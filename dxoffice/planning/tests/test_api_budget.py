"""Budget lines and the disbursement summary through the API."""

from decimal import Decimal

import pytest

from dxoffice.core.tests.api_client import ApiClient
from dxoffice.planning.models import BudgetLine
from dxoffice.planning.tests.factories import BudgetLineFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(world):
    def make(unit, code):
        return TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=unit, code=code)

    return {"a": make(world.commune_a, "NV-B1"), "b": make(world.commune_b, "NV-B2")}


def line_body(for_task, **overrides):
    body = {
        "task": for_task.pk,
        "year": 2026,
        "source": "provincial",
        "planned": "1000000000",
        "allocated": "800000000",
        "disbursed": "200000000",
        "note": "",
    }
    body.update(overrides)
    return body


def test_create_update_and_archive(world, tasks):
    api = ApiClient(world.coordinator, bearer=True)
    created = api.post("/budget/lines", line_body(tasks["a"]))
    assert created.status_code == 201, created.content
    line = created.json()
    assert line["task_code"] == "NV-B1" and Decimal(line["allocated"]) == Decimal("800000000")
    assert Decimal(line["disbursement_rate"]) == Decimal("25.0")

    # The same task, year and source updates that line rather than making a second one.
    again = api.post("/budget/lines", line_body(tasks["a"], disbursed=400000000))
    assert again.status_code == 201 and again.json()["id"] == line["id"]
    patched = api.patch(f"/budget/lines/{line['id']}", {"disbursed": "600000000"})
    assert patched.status_code == 200 and Decimal(patched.json()["disbursement_rate"]) == Decimal("75.0")
    listed = api.get(f"/tasks/{tasks['a'].pk}/budget-lines").json()
    assert listed["count"] == 1 and listed["items"][0]["disbursed"] == "600000000"

    archived = api.post(f"/budget/lines/{line['id']}/archive")
    assert archived.status_code == 200 and archived.json()["archived_at"]
    assert api.get(f"/tasks/{tasks['a'].pk}/budget-lines").json()["count"] == 0


def test_disbursed_over_allocated_is_refused_naming_disbursed(world, tasks):
    api = ApiClient(world.coordinator)
    response = api.post("/budget/lines", line_body(tasks["a"], disbursed="900000000"))
    assert response.status_code == 400
    assert "disbursed" in response.json()["errors"]
    assert not BudgetLine.objects.exists()

    line = BudgetLineFactory(task=tasks["a"])
    patched = api.patch(f"/budget/lines/{line.pk}", {"allocated": "100"})
    assert patched.status_code == 400 and "disbursed" in patched.json()["errors"]
    negative = api.post("/budget/lines", line_body(tasks["b"], planned="-5"))
    assert negative.status_code == 422 and "planned" in negative.json()["errors"]
    negative_number = api.post("/budget/lines", line_body(tasks["b"], planned=-5))
    assert negative_number.status_code == 422 and "planned" in negative_number.json()["errors"]
    bad_source = api.post("/budget/lines", line_body(tasks["b"], source="lottery"))
    assert bad_source.status_code == 422 and "source" in bad_source.json()["errors"]
    unknown_task = api.post("/budget/lines", line_body(tasks["b"], task=999999))
    assert unknown_task.status_code == 422 and "task" in unknown_task.json()["errors"]


def test_permissions(world, tasks):
    focal = ApiClient(world.focal_a)
    assert focal.post("/budget/lines", line_body(tasks["a"])).status_code == 403
    # A task the caller cannot see is an unknown task.
    unseen = focal.post("/budget/lines", line_body(tasks["b"]))
    assert unseen.status_code == 422 and "task" in unseen.json()["errors"]
    line_b = BudgetLineFactory(task=tasks["b"])
    assert focal.patch(f"/budget/lines/{line_b.pk}", {"planned": "1"}).status_code == 404
    assert focal.post(f"/budget/lines/{line_b.pk}/archive").status_code == 404
    assert focal.get(f"/tasks/{tasks['b'].pk}/budget-lines").status_code == 404


def test_summary_totals_over_visible_tasks(world, tasks):
    for task, year, source, planned, allocated, disbursed in (
        (tasks["a"], 2026, "provincial", 100, 80, 20),
        (tasks["a"], 2026, "central", 50, 40, 40),
        (tasks["a"], 2027, "provincial", 10, 0, 0),
        (tasks["b"], 2026, "provincial", 1000, 1000, 500),
    ):
        BudgetLineFactory(
            task=task, year=year, source=source, planned=planned, allocated=allocated, disbursed=disbursed
        )

    summary = ApiClient(world.coordinator).get("/budget/summary").json()
    assert summary["total"]["planned"] == "1160" and summary["total"]["lines"] == 4
    assert Decimal(summary["total"]["disbursement_rate"]) == Decimal("50.0")  # 560 / 1120
    rows = {(row["year"], row["source"]): row for row in summary["rows"]}
    assert rows[(2026, "provincial")]["allocated"] == "1080"
    assert rows[(2027, "provincial")]["disbursement_rate"] is None
    by_source = {row["source"]: row for row in summary["by_source"]}
    assert by_source["central"]["disbursed"] == "40"
    assert [row["year"] for row in summary["by_year"]] == [2026, 2027]

    # Commune A's focal point only counts commune A's task.
    own = ApiClient(world.focal_a).get("/budget/summary").json()
    assert own["total"]["planned"] == "160" and own["total"]["lines"] == 3
    year = ApiClient(world.coordinator).get("/budget/summary", {"year": 2026, "unit": "XA-B"}).json()
    assert year["total"]["planned"] == "1000"
    unknown = ApiClient(world.coordinator).get("/budget/summary", {"unit": "NOPE"})
    assert unknown.status_code == 422 and "unit" in unknown.json()["errors"]
    assert ApiClient(world.outsider).get("/budget/summary").json()["total"]["lines"] == 0
