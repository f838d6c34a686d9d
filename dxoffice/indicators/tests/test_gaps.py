"""Gaps: weakest indicators against target and peers, the gain if closed, and a task in the register."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dxoffice.core.tests.factories import OrgUnitFactory
from dxoffice.indicators import selectors
from dxoffice.indicators.analysis import gap_analysis
from dxoffice.indicators.services.gaps import gap_create_task, gap_record
from dxoffice.indicators.tests.factories import enter_and_approve, open_campaign, small_framework
from dxoffice.planning.selectors import tasks_of_origin


@pytest.fixture
def assessed(world):
    version = small_framework(world.admin, world.province)
    extra = OrgUnitFactory(code="XA-C", name="Xã Khánh Hưng", kind="commune", parent=world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a, extra])
    enter_and_approve(
        campaign, world.commune_a, {"DVC_TOTAL": "100", "DVC_ONLINE": "20", "HOSO": "90", "CAP_QUANG": "0"},
        focal=world.focal_a, reviewer=world.coordinator,
    )  # fmt: skip
    enter_and_approve(
        campaign, extra, {"DVC_TOTAL": "100", "DVC_ONLINE": "80", "HOSO": "50", "CAP_QUANG": "1"},
        focal=world.coordinator, reviewer=world.leader,
    )  # fmt: skip
    return version


def test_the_gaps_are_sorted_by_the_gain_in_the_index_if_closed(world, assessed):
    base, gaps = gap_analysis(assessed, world.commune_a, "2026")
    # A: rate 0.2, HOSO 1 -> CQS 0.6; HT 0 -> index (0.6 * 2 + 0) / 3 = 0.4
    assert base == pytest.approx(0.4)
    codes = [g.indicator.code for g in gaps]
    assert codes[0] == "CAP_QUANG"  # closing HT (weight 1 of 3, from 0 to 1) gains 1/3
    assert gaps[0].gain == pytest.approx(1 / 3)
    rate = next(g for g in gaps if g.indicator.code == "DVC_RATE")
    # rate to the best peer's score 0.8: CQS (0.8 + 1) / 2 = 0.9 -> index 0.6, gain 0.2
    assert rate.gain == pytest.approx(0.2)
    assert (rate.peer_median, rate.best_peer) == (pytest.approx(50.0), pytest.approx(80.0))
    assert "HOSO" not in codes  # already at full score


def test_a_gap_becomes_a_task_in_the_register_with_its_origin(world, assessed):
    _, gaps = gap_analysis(assessed, world.commune_a, "2026")
    row = gaps[0]
    gap = gap_record(
        by=world.coordinator, indicator=row.indicator, unit=world.commune_a, period="2026",
        facts={"value": row.value, "score": row.score, "gain": row.gain, "best_peer": row.best_peer},
        root_cause="Chưa có tuyến cáp quang đến trụ sở ấp",
    )  # fmt: skip
    task = gap_create_task(by=world.coordinator, gap=gap, plan=world.plan, due_date=date(2026, 12, 31))
    assert (task.origin, task.origin_id, task.lead_unit) == ("indicators.gap", gap.pk, world.commune_a)
    assert "CAP_QUANG" in task.description and "Chưa có tuyến cáp quang" in task.description
    assert list(tasks_of_origin(world.coordinator, gap)) == [task]
    assert gap.history.first().history_event == "indicators.gap_recorded"


def test_a_focal_point_may_note_a_gap_of_its_unit_but_not_create_the_task(world, assessed):
    _, gaps = gap_analysis(assessed, world.commune_a, "2026")
    gap = gap_record(
        by=world.focal_a, indicator=gaps[0].indicator, unit=world.commune_a, period="2026", facts={}
    )
    with pytest.raises(PermissionDenied):
        gap_create_task(by=world.focal_a, gap=gap, plan=world.plan, due_date=date(2026, 12, 31))
    with pytest.raises(PermissionDenied):
        gap_record(
            by=world.focal_b, indicator=gaps[0].indicator, unit=world.commune_a, period="2026", facts={}
        )


def test_the_measured_change_shows_once_the_next_period_is_approved(world, assessed):
    _, gaps = gap_analysis(assessed, world.commune_a, "2026")
    gap = gap_record(
        by=world.coordinator,
        indicator=gaps[0].indicator,
        unit=world.commune_a,
        period="2026",
        facts={"value": 0.0},
    )
    assert selectors.later_value(gap) is None
    campaign = open_campaign(world.coordinator, assessed, [world.commune_a], period="2027")
    enter_and_approve(
        campaign, world.commune_a, {"DVC_TOTAL": "100", "DVC_ONLINE": "30", "HOSO": "90", "CAP_QUANG": "1"},
        focal=world.focal_a, reviewer=world.coordinator,
    )  # fmt: skip
    assert selectors.later_value(gap) == ("2027", 1.0)
