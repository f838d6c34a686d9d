"""Features built earlier and checked here: sub-pillar nesting, reminders, the home-page card, the
full recompute started as a background job, last period's value beside each field, the indicator
page's "not reported" list, and settling flags in the data-quality queue."""

import copy

import pytest
from django.core.exceptions import PermissionDenied

from dxoffice.core.jobs.models import Job, JobState
from dxoffice.core.notifications.models import Notification
from dxoffice.core.tests.factories import OrgUnitFactory
from dxoffice.indicators import services
from dxoffice.indicators.models import Flag, FlagStatus, IndexScore, IndicatorScore
from dxoffice.indicators.tests.factories import (
    SMALL,
    enter_and_approve,
    open_campaign,
    small_framework,
    submission_of,
)

GOOD = {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "1"}
WEAK = {"DVC_TOTAL": "300", "DVC_ONLINE": "30", "HOSO": "30", "CAP_QUANG": "0"}


@pytest.fixture
def campaign(world):
    return open_campaign(
        world.coordinator, small_framework(world.admin, world.province), [world.commune_a, world.commune_b]
    )


def test_sub_pillars_fold_into_their_pillar_with_their_weight(world):
    data = copy.deepcopy(SMALL)
    data["components"].append({"code": "CQS_HS", "name": "Hồ sơ", "parent": "CQS", "weight": "3"})
    data["indicators"][3]["component"] = "CQS_HS"  # HOSO moves into the sub-pillar
    version = services.framework_import(by=world.admin, data=data, owner_unit=world.province)
    other = OrgUnitFactory(code="XA-C", name="Xã Khánh Hưng", kind="commune", parent=world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a, other])
    enter_and_approve(campaign, world.commune_a, GOOD, focal=world.focal_a, reviewer=world.coordinator)
    enter_and_approve(campaign, other, WEAK, focal=world.coordinator, reviewer=world.leader)
    scores = {s.component.code if s.component else None: s.score
              for s in IndexScore.objects.filter(unit=world.commune_a, period="2026").select_related("component")}  # fmt: skip
    assert scores["CQS_HS"] == pytest.approx(1.0)  # HOSO 70 is the best of its peers
    assert scores["CQS"] == pytest.approx(
        (0.6 * 1 + 1.0 * 3) / 4
    )  # DVC_RATE (weight 1) and the sub-pillar (3)
    assert scores[None] == pytest.approx((scores["CQS"] * 2 + 1.0) / 3)
    weak = IndexScore.objects.get(unit=other, period="2026", component__code="CQS")
    assert weak.score == pytest.approx((0.1 * 1 + 0.0 * 3) / 4)


def test_reminders_tell_the_focal_points_of_units_not_yet_submitted_once_a_day(world, campaign):
    enter_and_approve(campaign, world.commune_b, WEAK, focal=world.focal_b, reviewer=world.coordinator)
    told = services.campaign_remind(by=world.coordinator, campaign=campaign)
    assert told == 1
    reminders = Notification.objects.filter(kind="indicators.campaign_reminder")
    assert [n.recipient for n in reminders] == [world.focal_a]
    assert f"/indicators/entry/{submission_of(campaign, world.commune_a).pk}/" in reminders[0].url
    assert services.campaign_remind(by=world.coordinator, campaign=campaign) == 0  # not twice the same day
    with pytest.raises(PermissionDenied):
        services.campaign_remind(by=world.focal_a, campaign=campaign)


def test_the_campaign_page_sends_reminders(client, world, campaign):
    client.force_login(world.coordinator)
    answer = client.post(f"/indicators/campaigns/{campaign.pk}/", {"action": "remind"})
    assert answer.status_code == 302
    assert Notification.objects.filter(kind="indicators.campaign_reminder").count() == 2


def test_the_home_page_card_shows_the_latest_index_and_the_top_units(client, world, campaign):
    client.force_login(world.leader)
    assert b'data-testid="card-assessment"' not in client.get("/").content  # no index yet: no card
    enter_and_approve(campaign, world.commune_a, GOOD, focal=world.focal_a, reviewer=world.coordinator)
    page = client.get("/").content.decode()
    card = page[page.index('data-testid="card-assessment"') :]
    card = card[: card.index("</a>")]
    assert "Bộ chỉ số thử" in card and "Năm 2026" in card
    assert world.province.display_name in card  # the leader's own unit, ranked among its peers
    assert f"version={campaign.version_id}&period=2026" in card
    client.force_login(world.outsider)
    assert b'data-testid="card-assessment"' not in client.get("/").content


def test_the_full_recompute_runs_as_a_background_job_with_the_same_numbers(
    client, world, campaign, django_capture_on_commit_callbacks
):
    enter_and_approve(campaign, world.commune_a, GOOD, focal=world.focal_a, reviewer=world.coordinator)
    enter_and_approve(campaign, world.commune_b, WEAK, focal=world.focal_b, reviewer=world.coordinator)
    before = sorted(IndicatorScore.objects.values_list("indicator_id", "unit_id", "period", "score"))
    index = sorted(IndexScore.objects.values_list("component_id", "unit_id", "score", "rank"), key=str)
    IndexScore.objects.all().delete()  # derived rows only: the job writes them again
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/indicators/versions/{campaign.version_id}/recompute/")
    job = Job.objects.get(kind="indicators.recompute")
    assert answer["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.percent == 100
    assert job.result["periods"] == 1
    assert sorted(IndicatorScore.objects.values_list("indicator_id", "unit_id", "period", "score")) == before
    assert (
        sorted(IndexScore.objects.values_list("component_id", "unit_id", "score", "rank"), key=str) == index
    )
    assert client.get(f"/jobs/{job.pk}/").status_code == 200
    client.force_login(world.focal_a)
    assert client.post(f"/indicators/versions/{campaign.version_id}/recompute/").status_code in (
        403,
        400,
        302,
    )
    assert Job.objects.filter(kind="indicators.recompute").count() == 1


def test_last_periods_value_is_shown_beside_each_field(client, world):
    version = small_framework(world.admin, world.province)
    first = open_campaign(world.coordinator, version, [world.commune_a], period="2025")
    enter_and_approve(first, world.commune_a, GOOD, focal=world.focal_a, reviewer=world.coordinator)
    second = open_campaign(world.coordinator, version, [world.commune_a], period="2026")
    client.force_login(world.focal_a)
    page = client.get(f"/indicators/entry/{submission_of(second, world.commune_a).pk}/").content.decode()
    assert 'data-testid="previous-HOSO">70<' in page
    assert 'data-testid="previous-CAP_QUANG">1<' in page
    assert "2025" in page


def test_the_indicator_page_lists_who_has_not_reported(client, world):
    version = small_framework(world.admin, world.province)
    late = OrgUnitFactory(code="XA-C", name="Xã Khánh Hưng", kind="commune", parent=world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a, late])
    enter_and_approve(campaign, world.commune_a, GOOD, focal=world.focal_a, reviewer=world.coordinator)
    hoso = version.indicators.get(code="HOSO")
    client.force_login(world.leader)
    page = client.get(
        f"/indicators/indicator/{hoso.pk}/", {"period": "2026", "kind": "commune"}
    ).content.decode()
    listed = page[page.index('data-testid="not-reported"') :]
    assert "Khánh Hưng" in listed[: listed.index("</ul>")]
    assert world.commune_a.name not in listed[: listed.index("</ul>")]


def test_a_reviewer_settles_flags_in_the_quality_queue_and_the_unit_cannot(client, world, campaign):
    submission = submission_of(campaign, world.commune_a)
    services.values_save(
        by=world.focal_a, submission=submission, values={"DVC_TOTAL": "10", "DVC_ONLINE": "20"}
    )
    flag = Flag.objects.get(submission=submission, code="R_ONLINE")
    url = f"/indicators/quality/{flag.pk}/"
    client.force_login(world.focal_a)
    client.post(url, {"comment": "Số liệu gộp hai năm", "status": ""})
    flag.refresh_from_db()
    assert (flag.comment, flag.status) == ("Số liệu gộp hai năm", FlagStatus.OPEN)
    assert client.post(url, {"comment": "Tự xử lý", "status": "resolved"}).status_code == 403
    client.force_login(world.coordinator)
    queue = client.get("/indicators/quality/").content.decode()
    assert "Online procedures cannot exceed" in queue or "R_ONLINE" in queue or flag.message in queue
    assert client.post(url, {"comment": "Đã xác minh với xã", "status": "resolved"}).status_code == 302
    flag.refresh_from_db()
    assert (flag.status, flag.comment) == (FlagStatus.RESOLVED, "Đã xác minh với xã")
    assert flag.history.first().history_event == "indicators.flag_commented"
    assert flag.message not in client.get("/indicators/quality/").content.decode()  # open flags only
    assert flag.message in client.get("/indicators/quality/", {"status": "resolved"}).content.decode()
    client.force_login(world.focal_b)
    assert client.post(url, {"comment": "x", "status": "resolved"}).status_code == 404
