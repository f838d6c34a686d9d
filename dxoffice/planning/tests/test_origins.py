"""Task origins are generic: a module registers a kind and links the task to the record behind it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dxoffice.core.registry import OriginKind, registry
from dxoffice.planning import selectors, services
from dxoffice.planning.tests.factories import DirectiveFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directive_origin():
    """A kind that links to a record, as a meeting conclusion or an indicator gap would; registered
    for the test (the directive stands in for a module's own record)."""
    kind = OriginKind(
        "test.directive", "From a directive", model="planning.Directive", url=lambda d: f"/directives/#{d.pk}"
    )
    registry._origins[kind.code] = kind
    yield kind
    del registry._origins[kind.code]


def _create(world, **extra):
    return services.task_create(
        by=world.coordinator,
        plan=world.plan,
        code=extra.pop("code", "KL-01"),
        title="Triển khai kết luận",
        pillar=world.pillar,
        lead_unit=extra.pop("lead_unit", world.commune_a),
        due_date=date(2026, 12, 31),
        **extra,
    )


def test_a_task_keeps_the_record_that_caused_it_and_links_back(client, world, directive_origin):
    conclusion = DirectiveFactory(number="12-KL/TU")
    task = _create(world, origin="test.directive", origin_object=conclusion)

    assert task.origin == "test.directive" and task.origin_object == conclusion
    client.force_login(world.focal_a)
    body = client.get(reverse("planning:task_detail", args=[task.pk])).content.decode()
    assert (
        "From a directive" in body and f'href="/directives/#{conclusion.pk}"' in body and "12-KL/TU" in body
    )


def test_the_origin_record_lists_its_tasks_with_their_tracking_as_each_person_may_see_them(
    world, directive_origin
):
    conclusion = DirectiveFactory()
    mine = _create(world, code="A", origin="test.directive", origin_object=conclusion)
    _create(world, code="B", origin="test.directive", origin_object=conclusion, lead_unit=world.commune_b)
    _create(world, code="C")  # another origin

    assert [t.code for t in selectors.tasks_of_origin(world.leader, conclusion)] == ["A", "B"]
    seen = list(selectors.tasks_of_origin(world.focal_a, conclusion))
    assert seen == [mine] and seen[0].tracking == "in_progress_on_time"


def test_an_unknown_origin_or_a_record_of_the_wrong_kind_is_refused(world, directive_origin):
    with pytest.raises(ValidationError) as error:
        _create(world, origin="meeting")
    assert "origin" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(world, origin="plan", origin_object=DirectiveFactory())  # "plan" links to nothing
    assert "origin" in error.value.message_dict
    with pytest.raises(ValidationError):
        _create(world, origin="test.directive", origin_object=world.commune_a)


def test_a_linked_origin_cannot_be_changed_by_hand_but_a_manual_one_can(world, directive_origin):
    linked = _create(world, code="L", origin="test.directive", origin_object=DirectiveFactory())
    with pytest.raises(ValidationError):
        services.task_update(by=world.coordinator, task=linked, origin="other")
    manual = _create(world, code="M")
    services.task_update(by=world.coordinator, task=manual, origin="direction")
    manual.refresh_from_db()
    assert manual.origin == "direction"


def test_the_task_form_offers_only_origins_chosen_by_hand(client, world, directive_origin):
    client.force_login(world.coordinator)
    body = client.get(reverse("planning:task_create")).content.decode()
    assert 'value="direction"' in body and 'value="test.directive"' not in body


def test_the_register_filters_by_any_registered_origin(client, world):
    TaskFactory(plan=world.plan, lead_unit=world.commune_a, origin="direction", code="D-1")
    TaskFactory(plan=world.plan, lead_unit=world.commune_a, origin="plan", code="P-1")
    client.force_login(world.leader)
    response = client.get(reverse("planning:task_list"), {"origin": "direction"})
    codes = [task.code for task in response.context["page"].object_list]
    assert codes == ["D-1"]
    assert client.get(reverse("planning:task_list"), {"origin": "nonsense"}).status_code in (200, 400)
