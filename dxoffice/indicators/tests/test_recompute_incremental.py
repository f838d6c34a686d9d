"""The incremental recompute after one unit's approval or refreshed values (services.incremental.recompute_units) leaves
exactly the numbers of a full recompute, on random values, orders of approval and revisions, in a
three-level tree (communes under agencies under the province); and it reads only what it needs unless
the peers' range moves."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxoffice.core.models import UnitKind
from dxoffice.core.tests.factories import OrgUnitFactory
from dxoffice.indicators.jobs import full_recompute
from dxoffice.indicators.models import DataValue, IndexScore, IndicatorScore, Submission
from dxoffice.indicators.services import incremental, submission_approve, submission_submit, values_save
from dxoffice.indicators.tests.factories import SMALL, open_campaign, small_framework

VALUE = st.fixed_dictionaries(
    {
        "DVC_TOTAL": st.integers(1, 500),
        "DVC_ONLINE": st.integers(0, 500),
        "HOSO": st.decimals(0, 100, places=1),
        "CAP_QUANG": st.sampled_from(["0", "1"]),
        "DIEM": st.integers(0, 100),
    }
)
EXTRA = [  # a peer-free method beside SMALL's min-max, fixed bounds (computed) and yes/no
    {"code": "DIEM", "name": "Điểm", "component": "HT", "value_type": "number", "source": "entered",
     "scoring": "bands", "bands": [{"min": 30, "points": 2}, {"min": 70, "points": 5}], "max_points": "5",
     "weight": "1", "aggregation": "max"},
]  # fmt: skip


def _snapshot():
    scores = sorted(
        IndicatorScore.objects.values_list(
            "indicator_id", "unit_id", "period", "unit_kind", "value", "score", "points", "rolled_up"
        )
    )
    index = sorted(
        IndexScore.objects.values_list(
            "component_id", "unit_id", "period", "unit_kind", "score", "rank", "peers", "coverage"
        ),
        key=repr,
    )
    return scores, index


def _approve(world, submission, values):
    payload = {k: str(v) for k, v in values.items()}
    values_save(by=world.coordinator, submission=submission, values=payload, evidence={"HOSO": "x"},
                comments=dict.fromkeys(payload, "ok"))  # fmt: skip
    for flag in submission.flags.all():
        flag.comment = "ok"
        flag.save()
    submission_submit(by=world.coordinator, submission=submission)
    submission_approve(by=world.leader, submission=submission, recompute=False)
    incremental.recompute_units(submission.campaign.version, submission.campaign.period, [submission.unit_id])


def _tree(world, count):
    agencies = [OrgUnitFactory(kind=UnitKind.AGENCY, parent=world.province) for _ in range(2)]
    return [OrgUnitFactory(kind=UnitKind.COMMUNE, parent=agencies[n % 2]) for n in range(count)]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.lists(VALUE, min_size=2, max_size=5),
    revisions=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 100), st.integers(0, 100)), max_size=2),
    order=st.randoms(use_true_random=False),
)
def test_incremental_after_each_approval_equals_the_full_recompute(world, data, revisions, order):
    DataValue.objects.all().delete()
    IndexScore.objects.all().delete()
    IndicatorScore.objects.all().delete()
    units = _tree(world, len(data))
    version = small_framework(world.admin, world.province, code=f"I{units[0].pk}",
                              indicators=SMALL["indicators"] + EXTRA)  # fmt: skip
    campaign = open_campaign(world.coordinator, version, units)
    steps = list(zip(units, data, strict=True))
    order.shuffle(steps)
    for unit, values in steps:
        _approve(world, Submission.objects.get(campaign=campaign, unit=unit), values)
    for which, hoso, diem in revisions:  # approved values changed, as a data source's refresh does
        unit = units[which % len(units)]
        for code, value in (("HOSO", hoso), ("DIEM", diem)):
            DataValue.objects.filter(unit=unit, indicator__code=code).update(value=value)
        incremental.recompute_units(version, campaign.period, [unit.pk])
    incremental_result = _snapshot()
    IndexScore.objects.all().delete()
    IndicatorScore.objects.all().delete()
    full_recompute(version)
    assert _snapshot() == incremental_result


@pytest.fixture
def four_communes(world):
    units = _tree(world, 4)
    version = small_framework(world.admin, world.province, indicators=SMALL["indicators"] + EXTRA)
    campaign = open_campaign(world.coordinator, version, units)
    first = {"DVC_TOTAL": 100, "DVC_ONLINE": 10, "HOSO": 10, "CAP_QUANG": 0, "DIEM": 10}
    last = {"DVC_TOTAL": 100, "DVC_ONLINE": 90, "HOSO": 90, "CAP_QUANG": 1, "DIEM": 90}
    for unit, values in zip(units[:2], (first, last), strict=True):
        _approve(world, Submission.objects.get(campaign=campaign, unit=unit), values)
    return campaign, units


def test_a_value_inside_the_peers_range_needs_no_full_recompute(world, four_communes, monkeypatch):
    campaign, units = four_communes

    def refuse(*args, **kwargs):
        raise AssertionError("fell back to the full recompute")

    monkeypatch.setattr(incremental, "recompute_period", refuse)
    middle = {"DVC_TOTAL": 100, "DVC_ONLINE": 50, "HOSO": 50, "CAP_QUANG": 1, "DIEM": 50}
    _approve(world, Submission.objects.get(campaign=campaign, unit=units[2]), middle)
    row = IndexScore.objects.get(unit=units[2], component__isnull=True)
    assert (row.rank, row.peers) == (2, 3)


def test_a_new_extreme_recomputes_the_whole_period(world, four_communes, monkeypatch):
    campaign, units = four_communes
    calls = []
    original = incremental.recompute_period
    monkeypatch.setattr(incremental, "recompute_period", lambda *a: calls.append(a) or original(*a))
    best = {"DVC_TOTAL": 100, "DVC_ONLINE": 95, "HOSO": 99, "CAP_QUANG": 1, "DIEM": 95}
    _approve(world, Submission.objects.get(campaign=campaign, unit=units[2]), best)
    assert len(calls) == 1  # HOSO 99 moves the min-max range: every commune's HOSO score moves
    assert IndexScore.objects.get(unit=units[2], component__isnull=True).rank == 1
