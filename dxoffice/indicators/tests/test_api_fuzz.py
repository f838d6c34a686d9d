"""The indicators API under the property-based fuzzer (dxoffice/core/tests/api_fuzz.py): bad ids,
bad periods, wrong types and huge payloads are refused with a documented status, never a 500, and a
schema-valid request is refused only by the rules below."""

from __future__ import annotations

import pytest

from dxoffice.core.tests.api_fuzz import fuzz, module_paths
from dxoffice.indicators.analysis import gap_analysis
from dxoffice.indicators.services.gaps import gap_record
from dxoffice.indicators.tests.factories import enter_and_approve, open_campaign, small_framework

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

FRAMEWORK_PLACES = {"code", "name", "name_en", "description", "file", "components", "breakdowns",
                    "indicators", "rules", "__all__"}  # fmt: skip


class AnyCode(set):
    """values_write names, in its 400, each indicator code the caller sent that is wrong (any code)."""

    def __ge__(self, other: object) -> bool:
        return True


# 400: a rule of the records themselves (the framework's places, the values' codes); 422: a code
# naming no record the caller may use.
RULES: dict[str, dict[int, set[str]]] = {
    "framework_import": {400: FRAMEWORK_PLACES, 422: {"owner_unit"}},
    "values_write": {400: AnyCode()},
}


@pytest.fixture
def data(world):
    version = small_framework(world.admin, world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a, world.commune_b])
    enter_and_approve(campaign, world.commune_b, {"DVC_TOTAL": "300", "DVC_ONLINE": "30", "HOSO": "30",
                      "CAP_QUANG": "0"}, focal=world.focal_b, reviewer=world.coordinator)  # fmt: skip
    _base, gaps = gap_analysis(version, world.commune_b, "2026")
    gap_record(by=world.focal_b, indicator=gaps[0].indicator, unit=world.commune_b, period="2026",
               facts={"gain": gaps[0].gain}, root_cause="Thiếu kinh phí")  # fmt: skip
    return world


def test_the_indicators_api_under_the_fuzzer_as_an_administrator(data, monkeypatch):
    figures = fuzz(user=data.admin, rules=RULES, monkeypatch=monkeypatch, include=module_paths("indicators"))
    assert figures.operations and not figures.failures, "\n\n".join(sorted(set(figures.failures)))


def test_the_indicators_api_under_the_fuzzer_as_a_commune_focal_point(data, monkeypatch):
    figures = fuzz(
        user=data.focal_a, rules=RULES, monkeypatch=monkeypatch, include=module_paths("indicators")
    )
    assert figures.operations and not figures.failures, "\n\n".join(sorted(set(figures.failures)))
