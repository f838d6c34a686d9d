"""Figures of other modules arrive through core.registry DataSources; objectives take actuals from KPIs."""

from decimal import Decimal

import pytest

from dxoffice.core.registry import DataSource, Module, registry
from dxoffice.core.signals import data_source_changed
from dxoffice.indicators import services
from dxoffice.indicators.models import DataValue, IndexScore, ValueStatus
from dxoffice.indicators.services.sources import refresh_from_source, source_registered
from dxoffice.indicators.tests.factories import SMALL, enter_and_approve, open_campaign, small_framework
from dxoffice.planning.tests.factories import ObjectiveFactory

FIGURES = {"2026": {}}


@pytest.fixture
def coverage_source(world):
    """A throwaway module publishing training coverage, registered for the test and removed after."""
    FIGURES["2026"] = {world.commune_a.pk: Decimal("75"), world.commune_b.pk: Decimal("40")}

    def values(period, unit_ids):
        return {pk: v for pk, v in FIGURES.get(period, {}).items() if pk in unit_ids}

    module = Module(
        name="fake_training",
        label="x",
        sources=[DataSource("testing.coverage", "Coverage", values, unit="%")],
    )
    registry.register(module)
    yield FIGURES
    registry.modules.pop("fake_training")
    registry._sources.pop("testing.coverage")


def _with_module_indicator(world):
    indicators = [dict(i) for i in SMALL["indicators"]] + [
        {"code": "DAOTAO", "name": "Tỷ lệ hoàn thành khóa học", "component": "HT", "value_type": "percent",
         "source": "module", "source_code": "testing.coverage", "scoring": "fixed", "lower_bound": "0",
         "upper_bound": "100", "weight": "1"},
    ]  # fmt: skip
    return small_framework(world.admin, world.province, indicators=indicators)


def test_values_are_read_from_a_registered_source_approved_and_scored(world, coverage_source):
    version = _with_module_indicator(world)
    indicator = version.indicators.get(code="DAOTAO")
    assert source_registered(indicator)
    assert refresh_from_source(indicator=indicator, period="2026") == 2
    value = DataValue.objects.get(indicator=indicator, unit=world.commune_a)
    assert (value.value, value.status) == (Decimal("75"), ValueStatus.APPROVED)
    assert value.history.first().history_event == "indicators.value_from_source"
    assert IndexScore.objects.get(unit=world.commune_a, component__code="HT").score == pytest.approx(0.75)


def test_a_change_announced_by_the_source_refreshes_the_values_and_the_index(world, coverage_source):
    version = _with_module_indicator(world)
    indicator = version.indicators.get(code="DAOTAO")
    refresh_from_source(indicator=indicator, period="2026")
    coverage_source["2026"][world.commune_a.pk] = Decimal("90")
    data_source_changed.send(
        sender=None, code="testing.coverage", unit_ids=[world.commune_a.pk], periods=["2026"]
    )
    assert DataValue.objects.get(indicator=indicator, unit=world.commune_a).value == Decimal("90")
    assert IndexScore.objects.get(unit=world.commune_a, component__code="HT").score == pytest.approx(0.9)


def test_an_unregistered_source_changes_nothing_and_is_reported(world):
    version = _with_module_indicator(world)
    indicator = version.indicators.get(code="DAOTAO")
    assert not source_registered(indicator)
    assert refresh_from_source(indicator=indicator, period="2026") is None
    assert not DataValue.objects.exists()


def test_a_source_is_not_asked_for_a_period_of_another_type(world, coverage_source):
    version = _with_module_indicator(world)
    assert refresh_from_source(indicator=version.indicators.get(code="DAOTAO"), period="2026Q1") == 0


def test_an_objective_tied_to_an_indicator_takes_the_provinces_approved_value(world):
    objective = ObjectiveFactory(program=world.program, code="CT02", lead_unit=world.department)
    indicators = [
        dict(i, objective="CT02") if i["code"] == "DVC_RATE" else dict(i) for i in SMALL["indicators"]
    ]
    version = small_framework(world.admin, world.province, indicators=indicators)
    campaign = open_campaign(world.coordinator, version, [world.commune_a, world.commune_b])
    enter_and_approve(
        campaign, world.commune_a, {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "1"},
        focal=world.focal_a, reviewer=world.coordinator,
    )  # fmt: skip
    actual = objective.actuals.get(period="2026")
    assert (actual.value, actual.source) == (Decimal("60.0000"), "indicator")
    enter_and_approve(
        campaign, world.commune_b, {"DVC_TOTAL": "300", "DVC_ONLINE": "30", "HOSO": "70", "CAP_QUANG": "1"},
        focal=world.focal_b, reviewer=world.coordinator,
    )  # fmt: skip
    actual.refresh_from_db()
    assert actual.value == Decimal("22.5000")  # the province's ratio of the sums
    services.recompute_period(version, "2026")
    assert objective.actuals.get(period="2026").history.count() == 2  # unchanged value: not written again


def test_an_approval_for_a_period_not_begun_succeeds_and_records_no_actual(world):
    objective = ObjectiveFactory(program=world.program, code="CT03", lead_unit=world.department)
    indicators = [
        dict(i, objective="CT03") if i["code"] == "DVC_RATE" else dict(i) for i in SMALL["indicators"]
    ]
    version = small_framework(world.admin, world.province, indicators=indicators)
    campaign = open_campaign(world.coordinator, version, [world.commune_a], period="2099")
    submission = enter_and_approve(
        campaign, world.commune_a, {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "1"},
        focal=world.focal_a, reviewer=world.coordinator,
    )  # fmt: skip
    submission.refresh_from_db()
    assert submission.status == "approved"
    assert IndexScore.objects.filter(unit=world.commune_a, period="2099", component__isnull=True).exists()
    assert not objective.actuals.exists()
