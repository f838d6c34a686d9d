"""The task form's unit lists (grouped, sorted, searchable) and money fields the browser and the
server agree on; dates written unambiguously in English."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from dxoffice.core.models import UnitKind
from dxoffice.core.tests.factories import OrgUnitFactory
from dxoffice.planning.forms import BudgetLineForm, TaskForm
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def groups_of(field) -> dict[str, list[str]]:
    return {
        str(group): [str(label) for _value, label in options]
        for group, options in field.choices
        if isinstance(options, (list, tuple))
    }


def test_unit_lists_are_grouped_and_sorted_the_vietnamese_way(world):
    OrgUnitFactory(code="XA-DM", name="Xã Đất Mũi", kind=UnitKind.COMMUNE, parent=world.province)
    OrgUnitFactory(code="XA-AB", name="Xã An Bình", kind=UnitKind.COMMUNE, parent=world.province)
    form = TaskForm(user=world.coordinator)
    groups = groups_of(form.fields["coordinating_units"])
    assert list(groups) == ["Sở, ban, ngành tỉnh", "Xã, phường, đặc khu"]
    assert groups["Xã, phường, đặc khu"] == [
        "Phường An Xuyên",
        "Xã An Bình",
        "Xã Đất Mũi",
        "Xã Tân Thuận",
    ]
    assert "Tỉnh Cà Mau" in groups["Sở, ban, ngành tỉnh"]
    assert list(groups_of(form.fields["partner"])) == ["Đối tác"]
    assert form.fields["lead_unit"].widget.attrs["data-searchable"] == "true"


def test_grouped_unit_choice_still_validates_against_the_scope(client, world):
    form = TaskForm(user=world.focal_a, data={"lead_unit": world.commune_b.pk})
    form.is_valid()
    assert "lead_unit" in form.errors


def test_the_task_form_page_loads_the_searchable_lists(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("planning:task_create")).content.decode()
    assert "tom-select.complete.min.js" in page and 'data-searchable="true"' in page
    assert '<optgroup label="Xã, phường, đặc khu">' in page


def test_money_fields_take_whole_dong_in_the_browser_as_the_server_does(world):
    form = BudgetLineForm()
    for name in ("planned", "allocated", "disbursed"):
        assert form.fields[name].widget.attrs["step"] == 1
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    bound = BudgetLineForm(
        data={
            "year": 2026,
            "source": "provincial",
            "planned": "1500000",
            "allocated": "1250500",
            "disbursed": "0",
        },
        instance=task.budget_lines.model(task=task),
    )
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["allocated"] == Decimal("1250500")


@pytest.mark.parametrize(("language", "expected"), [("en", "1 Dec 2026"), ("vi", "01/12/2026")])
def test_dates_are_unambiguous_in_each_language(language, expected):
    with translation.override(language):
        rendered = Template("{% load dx %}{{ day|day }}").render(Context({"day": date(2026, 12, 1)}))
    assert rendered == expected


def test_history_values_in_iso_form_read_as_local_dates():
    with translation.override("en"):
        rendered = Template("{% load dx %}{{ v|readable }}").render(Context({"v": "2026-12-01"}))
    assert rendered == "1 Dec 2026"
