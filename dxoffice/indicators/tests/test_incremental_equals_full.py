"""Approvals one by one (the incremental path) leave exactly the numbers a full recompute gives."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxoffice.core.tests.factories import OrgUnitFactory
from dxoffice.indicators.jobs import full_recompute
from dxoffice.indicators.models import DataValue, IndexScore, IndicatorScore, Submission
from dxoffice.indicators.services import submission_approve, submission_submit, values_save
from dxoffice.indicators.tests.factories import open_campaign, small_framework

VALUE = st.fixed_dictionaries(
    {
        "DVC_TOTAL": st.integers(1, 500),
        "DVC_ONLINE": st.integers(0, 500),
        "HOSO": st.decimals(0, 100, places=1),
        "CAP_QUANG": st.sampled_from(["0", "1"]),
    }
)


def _snapshot():
    scores = sorted(
        IndicatorScore.objects.values_list("indicator_id", "unit_id", "period", "value", "score", "rolled_up")
    )
    index = sorted(
        IndexScore.objects.values_list("component_id", "unit_id", "period", "score", "rank", "peers"),
        key=repr,
    )
    return scores, index


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.lists(VALUE, min_size=2, max_size=5), order=st.randoms(use_true_random=False))
def test_incremental_recompute_equals_the_full_recompute(world, data, order):
    DataValue.objects.all().delete()
    IndexScore.objects.all().delete()
    IndicatorScore.objects.all().delete()
    units = [OrgUnitFactory(kind="commune", parent=world.province) for _ in data]
    version = small_framework(world.admin, world.province, code=f"H{units[0].pk}")
    campaign = open_campaign(world.coordinator, version, units)
    steps = list(zip(units, data, strict=True))
    order.shuffle(steps)
    for unit, values in steps:
        submission = Submission.objects.get(campaign=campaign, unit=unit)
        payload = {k: str(v) for k, v in values.items()}
        values_save(by=world.coordinator, submission=submission, values=payload, evidence={"HOSO": "x"},
                    comments=dict.fromkeys(payload, "ok"))  # fmt: skip
        for flag in submission.flags.all():
            flag.comment = "ok"
            flag.save()
        submission_submit(by=world.coordinator, submission=submission)
        submission_approve(by=world.leader, submission=submission)
    incremental = _snapshot()
    IndexScore.objects.all().delete()
    IndicatorScore.objects.all().delete()
    full_recompute(version)
    assert _snapshot() == incremental
