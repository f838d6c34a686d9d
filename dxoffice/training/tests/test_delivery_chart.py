"""The providers' delivery on the coverage screen: three small charts (classes held, people trained,
hours), each titled and described by the table beside it, whose figures are the table's; the screen
opens for those who see a unit and not for anyone else."""

import json
import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from dxoffice.training import services
from dxoffice.training.models import ClassStatus, CompletionSource
from dxoffice.training.tests.factories import ClassFactory, CourseFactory, LearnerFactory

pytestmark = pytest.mark.django_db

MEASURES = ("classes", "people", "hours")


@pytest.fixture
def delivered(world, catalogue):
    """The partner held two classes and trained three people (16 h each on the 8 h course, one of
    them on a 1.5 h course too); another enterprise trained one on the 1.5 h course."""
    short = CourseFactory(code="AT-TT", owner_unit=world.province, hours=Decimal("1.5"))
    for code in ("LOP-A", "LOP-B"):
        ClassFactory(code=code, course=catalogue.basic, unit=world.province, status=ClassStatus.HELD)
    learners = [LearnerFactory(unit=unit) for unit in (world.commune_a, world.commune_a, world.commune_b)]
    for learner in learners:
        services.completion_record(
            by=world.admin,
            learner=learner,
            course=catalogue.basic,
            completed_on=date(2026, 5, 1),
            source=CompletionSource.EXTERNAL,
            provider=world.partner_org,
        )
    services.completion_record(
        by=world.admin,
        learner=learners[0],
        course=short,
        completed_on=date(2026, 6, 1),
        source=CompletionSource.EXTERNAL,
        provider=world.partner_org,
    )
    services.completion_record(
        by=world.admin,
        learner=learners[1],
        course=short,
        completed_on=date(2026, 6, 2),
        source=CompletionSource.EXTERNAL,
        provider=world.other_partner,
    )
    return world


def charts_of(page: str) -> dict[str, dict]:
    found = re.findall(
        r'<script id="chart-delivery-(\w+)" type="application/json">(.*?)</script>', page, re.S
    )
    return {key: json.loads(unescape(body)) for key, body in found}


def table_of(page: str) -> list[list[str]]:
    table = re.search(r'<table[^>]*data-testid="delivery-table".*?<tbody>(.*?)</tbody>', page, re.S)
    assert table
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    return [
        [unescape(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def number(cell: str) -> float:
    """A figure as the table writes it in Vietnamese (1.234,5)."""
    return float(cell.replace(".", "").replace(",", "."))


def test_the_charts_figures_are_the_tables(client, delivered):
    world = delivered
    client.force_login(world.leader)
    page = client.get(reverse("training:coverage"), {"year": 2026}).content.decode()
    charts, rows = charts_of(page), table_of(page)
    assert set(charts) == set(MEASURES)
    # Providers by name: "Doanh nghiệp khác", then "Tập đoàn Công nghệ".
    assert [row[0] for row in rows] == [world.other_partner.name, world.partner_org.name]
    assert [row[1:] for row in rows] == [["0", "1", "1,5"], ["2", "3", "25,5"]]
    for index, key in enumerate(MEASURES, start=1):
        spec = charts[key]
        assert spec["titles"] == [row[0] for row in rows]  # the same providers, in the same order
        assert spec["shortLabels"] == [world.other_partner.code, world.partner_org.code]
        assert spec["datasets"][0]["data"] == [number(row[index]) for row in rows]
        assert spec["integer"] is (key != "hours")  # counts are whole on the axis
    for key in MEASURES:  # each chart is titled, and described by the table
        canvas = re.search(rf'<canvas data-chart="chart-delivery-{key}"[^>]*>', page)
        assert canvas and 'role="img"' in canvas.group(0)
        assert f'aria-labelledby="chart-delivery-{key}-title"' in canvas.group(0)
        assert 'aria-describedby="delivery-table"' in canvas.group(0)
        assert re.search(rf'id="chart-delivery-{key}-title">[^<]+<', page)
    assert "vendor/chartjs/chart.umd.min.js" in page and "//cdn" not in page


def test_the_charts_speak_the_readers_language(client, delivered):
    world = delivered
    world.leader.language = "en"
    world.leader.save()
    client.force_login(world.leader)
    page = client.get(reverse("training:coverage"), {"year": 2026}).content.decode()
    assert [charts_of(page)[key]["datasets"][0]["label"] for key in MEASURES] == [
        "Classes held",
        "People trained",
        "Hours",
    ]
    world.leader.language = "vi"
    world.leader.save()
    page = client.get(reverse("training:coverage"), {"year": 2026}).content.decode()
    with translation.override("vi"):
        expected = [
            translation.gettext("Classes held"),
            translation.pgettext("training", "People trained"),
            translation.gettext("Hours"),
        ]
    assert [charts_of(page)[key]["datasets"][0]["label"] for key in MEASURES] == expected
    assert all(label and label not in ("Classes held", "People trained", "Hours") for label in expected)


def test_without_delivery_there_is_no_chart_only_the_table_saying_so(client, world, catalogue):
    client.force_login(world.leader)
    page = client.get(reverse("training:coverage"), {"year": 2026}).content.decode()
    assert charts_of(page) == {} and 'data-testid="delivery-table"' in page
    assert len(table_of(page)) == 1  # "None this year."


@pytest.mark.parametrize(
    "who, unit, status",
    [
        ("leader", None, 200),
        ("coordinator", None, 200),
        ("viewer", None, 200),
        ("admin", None, 200),
        ("focal_a", None, 200),  # their commune
        ("focal_a", "XA-A", 200),
        ("focal_a", "CMU", 404),  # above their unit
        ("focal_a", "XA-B", 404),  # another commune
        ("dept_focal", None, 200),
        ("partner", None, 200),  # the partner's own unit
        ("partner", "CMU", 404),
        ("outsider", None, 404),  # sees no unit
    ],
)
def test_who_sees_the_screen(client, delivered, who, unit, status):
    client.force_login(getattr(delivered, who))
    params = {"year": 2026, **({"unit": unit} if unit else {})}
    response = client.get(reverse("training:coverage"), params)
    assert response.status_code == status
    if status == 200:
        assert 'data-testid="delivery-table"' in response.content.decode()


def test_the_screen_asks_to_sign_in(client, delivered):
    response = client.get(reverse("training:coverage"), {"year": 2026})
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_a_commune_sees_the_delivery_to_its_own_people_only(client, delivered):
    world = delivered
    client.force_login(world.focal_a)
    page = client.get(reverse("training:coverage"), {"year": 2026}).content.decode()
    rows = {row[0]: row[1:] for row in table_of(page)}
    # Two of the partner's three learners are in the commune (one with the short course too); the
    # classes were the province's, with nobody of the commune enrolled.
    assert rows == {world.other_partner.name: ["0", "1", "1,5"], world.partner_org.name: ["0", "2", "17,5"]}
    charts = charts_of(page)
    assert charts["people"]["datasets"][0]["data"] == [1, 2]
    assert charts["hours"]["datasets"][0]["data"] == [1.5, 17.5]
