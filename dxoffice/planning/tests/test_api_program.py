"""Directives, plans and objectives through the API."""

from decimal import Decimal

import pytest

from dxoffice.core.tests.api_client import ApiClient
from dxoffice.planning.models import Directive, ObjectiveActual, ObjectiveTarget
from dxoffice.planning.tests.factories import DirectiveFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


def directive_body(**overrides):
    body = {
        "number": "57-NQ/TW",
        "title": "Nghị quyết về đột phá phát triển khoa học, công nghệ",
        "kind": "resolution",
        "level": "central_party",
        "issuer": "Bộ Chính trị",
        "issued_on": "2024-12-22",
    }
    body.update(overrides)
    return body


def test_directives(world):
    coordinator = ApiClient(world.admin, bearer=True)
    created = coordinator.post("/directives", directive_body())
    assert created.status_code == 201, created.content
    directive_id = created.json()["id"]
    assert Directive.objects.get(pk=directive_id).history.first().history_user == world.admin

    duplicate = coordinator.post("/directives", directive_body())
    assert duplicate.status_code == 400 and "number" in duplicate.json()["errors"]
    bad_level = coordinator.post("/directives", directive_body(number="1", level="galactic"))
    assert bad_level.status_code == 422 and "level" in bad_level.json()["errors"]
    updated = coordinator.patch(f"/directives/{directive_id}", {"summary": "Tóm tắt"})
    assert updated.status_code == 200 and updated.json()["summary"] == "Tóm tắt"

    focal = ApiClient(world.focal_a)
    assert focal.post("/directives", directive_body(number="2")).status_code == 403
    assert focal.patch(f"/directives/{directive_id}", {"summary": "x"}).status_code == 403
    assert focal.get("/directives", {"q": "57"}).json()["count"] == 1
    assert focal.get(f"/directives/{directive_id}").status_code == 200
    # Partners see only the tasks they are party to.
    assert ApiClient(world.partner).get("/directives").json()["count"] == 0
    assert ApiClient(world.partner).get(f"/directives/{directive_id}").status_code == 404


def test_plans(world):
    api = ApiClient(world.viewer)
    listed = api.get("/plans", {"year": 2026}).json()
    assert [plan["code"] for plan in listed["items"]] == ["KH-2026"]
    assert listed["items"][0]["program"] == "CDS-2026-2030"
    assert api.get(f"/plans/{world.plan.pk}").json()["year"] == 2026
    assert ApiClient(world.outsider).get(f"/plans/{world.plan.pk}").status_code == 404


def test_objectives_with_targets_actuals_and_performance(world):
    objective = ObjectiveFactory(
        program=world.program,
        code="MT-01",
        pillar=world.pillar,
        baseline_value=Decimal(0),
        baseline_year=2025,
    )
    ObjectiveTarget.objects.create(objective=objective, year=2030, value=Decimal(100))
    ObjectiveActual.objects.create(objective=objective, period="2026", value=Decimal(20))

    listed = ApiClient(world.viewer).get("/objectives", {"pillar": "CQS"}).json()
    item = listed["items"][0]
    assert item["code"] == "MT-01" and item["pillar"] == "CQS"
    assert item["targets"] == [{"year": 2030, "value": "100.0000"}]
    assert item["actuals"][0]["period"] == "2026"
    assert item["performance"]["target_year"] == 2030
    assert Decimal(item["performance"]["percent_achieved"]) == Decimal("20.0")

    coordinator = ApiClient(world.coordinator)
    recorded = coordinator.post(f"/objectives/{objective.pk}/actuals", {"period": "2026q4", "value": "45"})
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["performance"]["actual_period"] == "2026Q4"
    bad = coordinator.post(f"/objectives/{objective.pk}/actuals", {"period": "năm 2027", "value": "1"})
    assert bad.status_code == 422 and "period" in bad.json()["errors"]
    assert (
        ApiClient(world.focal_a)
        .post(f"/objectives/{objective.pk}/actuals", {"period": "2026Q4", "value": "1"})
        .status_code
        == 403
    )
    assert ApiClient(world.partner).get(f"/objectives/{objective.pk}").status_code == 404
    DirectiveFactory()  # unrelated directives do not disturb the listing
    assert ApiClient(world.viewer).get("/objectives").json()["count"] == 1


def test_numbers_out_of_range_are_422s_naming_the_field(world):
    objective = ObjectiveFactory(program=world.program, code="MT-02", pillar=world.pillar)
    coordinator = ApiClient(world.coordinator)

    for value in (1e30, -1e30, 10**30, 1e15):
        answer = coordinator.post(f"/objectives/{objective.pk}/actuals", {"period": "2027", "value": value})
        assert answer.status_code == 422, (value, answer.content)
        assert "value" in answer.json()["errors"]
    assert not ObjectiveActual.objects.filter(objective=objective).exists()
