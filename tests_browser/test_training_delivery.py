"""The coverage screen's providers' delivery in a browser: the three charts are drawn from the vendored
Chart.js with the table's figures, on a desktop side by side and on a phone one under the other and
within the screen, and the page has no serious accessibility violation."""

import json
from datetime import date
from decimal import Decimal

import pytest

from dxoffice.training import services
from dxoffice.training.models import ClassStatus, CompletionSource
from dxoffice.training.tests.factories import ClassFactory, CourseFactory, LearnerFactory
from tests_browser.conftest import shots_dir
from tests_browser.test_register_journeys import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-test-12345"
CHARTS = ["chart-delivery-classes", "chart-delivery-people", "chart-delivery-hours"]


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _delivered(world):
    today = date.today()
    course = CourseFactory(
        code="KNS-CB", owner_unit=world.province, provider=world.partner_org, hours=Decimal("8")
    )
    short = CourseFactory(code="AT-TT", owner_unit=world.province, hours=Decimal("1.5"))
    for index in range(3):
        ClassFactory(
            code=f"LOP-{index}", course=course, unit=world.province, status=ClassStatus.HELD,
            starts_on=date(today.year, 1, 1), ends_on=date(today.year, 1, 1),
        )  # fmt: skip
    for index in range(7):
        unit = world.commune_a if index % 2 else world.commune_b
        services.completion_record(
            by=world.admin, learner=LearnerFactory(unit=unit), course=course if index < 5 else short,
            completed_on=today, source=CompletionSource.EXTERNAL,
            provider=world.partner_org if index < 6 else world.other_partner,
        )  # fmt: skip
    return today.year


def _drawn(page) -> dict[str, list[float]]:
    """What Chart.js drew on each canvas: its data, read from the chart object itself."""
    page.wait_for_function(
        "ids => ids.every(id => document.querySelector(`canvas[data-chart=${id}]`).chart)", arg=CHARTS
    )
    return page.evaluate(
        """ids => Object.fromEntries(ids.map(id => [id,
            document.querySelector(`canvas[data-chart=${id}]`).chart.data.datasets[0].data]))""",
        CHARTS,
    )


def test_the_delivery_charts_on_a_desktop_and_a_phone(live_server, world, page, phone):
    year = _delivered(world)
    url = f"{live_server.url}/training/coverage/?year={year}"
    table = {
        "chart-delivery-classes": [0, 3],
        "chart-delivery-people": [1, 6],
        "chart-delivery-hours": [1.5, 41.5],
    }

    _login(page, live_server.url, "leader")
    page.goto(url)
    assert _drawn(page) == table
    section = page.locator("[data-testid=delivery]")
    section.scroll_into_view_if_needed()
    boxes = [page.locator(f"canvas[data-chart={c}]").bounding_box() for c in CHARTS]
    assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"]  # side by side
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    section.screenshot(path=shots_dir() / "training-delivery-desktop.png")
    page.screenshot(path=shots_dir() / "training-coverage-desktop.png", full_page=True)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)

    _login(phone, live_server.url, "leader")
    phone.goto(url)
    assert _drawn(phone) == table
    width = phone.viewport_size["width"]
    boxes = [phone.locator(f"canvas[data-chart={c}]").bounding_box() for c in CHARTS]
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]  # one under the other
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= width for box in boxes)
    assert phone.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    labels = phone.evaluate(
        "document.querySelector('canvas[data-chart=chart-delivery-people]').chart.data.labels"
    )
    assert labels == [world.other_partner.code, world.partner_org.code]  # codes on a narrow screen
    phone.locator("[data-testid=delivery]").screenshot(path=shots_dir() / "training-delivery-phone.png")
