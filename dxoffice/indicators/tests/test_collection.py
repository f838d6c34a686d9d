"""The collection workflow through the services: draft, submit, approve or return, with the gate."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxoffice.core.exceptions import StateConflict
from dxoffice.indicators import services
from dxoffice.indicators.models import DataValue, Flag, FlagKind, IndexScore, SubmissionStatus, ValueStatus
from dxoffice.indicators.tests.factories import (
    enter_and_approve,
    open_campaign,
    small_framework,
    submission_of,
)

GOOD = {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "có"}


@pytest.fixture
def campaign(world):
    version = small_framework(world.admin, world.province)
    return open_campaign(world.coordinator, version, [world.commune_a, world.commune_b])


def test_opening_a_campaign_freezes_the_version_and_opens_a_draft_per_unit(world, campaign):
    assert campaign.version.is_frozen
    assert sorted(s.unit.code for s in campaign.submissions.all()) == ["XA-A", "XA-B"]
    assert {s.status for s in campaign.submissions.all()} == {SubmissionStatus.DRAFT}


def test_only_a_planner_of_the_owner_unit_opens_a_campaign(world):
    version = small_framework(world.admin, world.province)
    with pytest.raises(PermissionDenied):
        open_campaign(world.focal_a, version, [world.commune_a])


def test_a_campaign_refuses_closing_before_opening_and_a_second_one_for_the_period(world, campaign):
    with pytest.raises(ValidationError) as error:
        services.campaign_create(
            by=world.coordinator, version=campaign.version, period="2026", title="x",
            opens_on=date(2026, 5, 1), closes_on=date(2026, 4, 1), units=[world.commune_a],
        )  # fmt: skip
    assert set(error.value.message_dict) == {"closes_on", "period"}


def test_a_focal_point_saves_drafts_and_values_keep_their_key(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    services.values_save(by=world.focal_a, submission=submission, values={"DVC_TOTAL": "100"})
    services.values_save(by=world.focal_a, submission=submission, values={"DVC_TOTAL": "120"})
    value = DataValue.objects.get(unit=world.commune_a, indicator__code="DVC_TOTAL", period="2026")
    assert value.value == 120
    assert value.status == ValueStatus.DRAFT
    assert value.history.first().history_event == "indicators.value_saved"


def test_bad_values_save_nothing_and_each_error_names_its_indicator(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    with pytest.raises(ValidationError) as error:
        services.values_save(
            by=world.focal_a, submission=submission,
            values={"DVC_TOTAL": "100", "HOSO": "140", "CAP_QUANG": "maybe", "DVC_ONLINE": "2.5", "NOPE": "1"},
        )  # fmt: skip
    errors = error.value.message_dict
    assert set(errors) == {"HOSO", "CAP_QUANG", "DVC_ONLINE", "NOPE"}
    assert "HOSO" in errors["HOSO"][0] and "between 0 and 100" in errors["HOSO"][0]
    assert "yes or no" in errors["CAP_QUANG"][0]
    assert "whole number" in errors["DVC_ONLINE"][0]
    assert not DataValue.objects.exists()


def test_another_commune_cannot_enter_values(world, campaign):
    with pytest.raises(PermissionDenied):
        services.values_save(
            by=world.focal_b, submission=submission_of(campaign, world.commune_a), values={"HOSO": "1"}
        )


def test_submitting_needs_every_value_and_the_required_evidence(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    services.values_save(by=world.focal_a, submission=submission, values={"DVC_TOTAL": "10", "HOSO": "50"})
    with pytest.raises(ValidationError) as error:
        services.submission_submit(by=world.focal_a, submission=submission)
    errors = error.value.message_dict
    assert "evidence is required" in errors["HOSO"][0]
    assert "enter a value" in errors["DVC_ONLINE"][0]


def test_a_rule_violation_is_flagged_not_refused_and_needs_a_comment(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    services.values_save(
        by=world.focal_a, submission=submission, values={**GOOD, "DVC_ONLINE": "150"}, evidence={"HOSO": "QĐ"}
    )
    flag = Flag.objects.get(submission=submission, kind=FlagKind.RULE)
    assert flag.code == "R_ONLINE"
    with pytest.raises(ValidationError) as error:
        services.submission_submit(by=world.focal_a, submission=submission)
    assert "Explain it in a comment" in error.value.message_dict["R_ONLINE"][0]
    services.flag_comment(by=world.focal_a, flag=flag, comment="Có thủ tục liên thông tính hai lần")
    services.submission_submit(by=world.focal_a, submission=submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_a_rule_that_holds_again_clears_its_flag(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    services.values_save(
        by=world.focal_a, submission=submission, values={"DVC_TOTAL": "10", "DVC_ONLINE": "20"}
    )
    services.values_save(by=world.focal_a, submission=submission, values={"DVC_ONLINE": "5"})
    assert Flag.objects.get(submission=submission).status == "resolved"


def test_nobody_approves_what_they_submitted(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    services.values_save(by=world.coordinator, submission=submission, values=GOOD, evidence={"HOSO": "QĐ"})
    services.submission_submit(by=world.coordinator, submission=submission)
    with pytest.raises(StateConflict):
        services.submission_approve(by=world.coordinator, submission=submission)
    services.submission_approve(by=world.leader, submission=submission)


def test_a_focal_point_cannot_approve(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    services.values_save(by=world.focal_a, submission=submission, values=GOOD, evidence={"HOSO": "QĐ"})
    services.submission_submit(by=world.focal_a, submission=submission)
    with pytest.raises(PermissionDenied):
        services.submission_approve(by=world.focal_a, submission=submission)


def test_approval_makes_the_values_count_in_the_index_at_once(world, campaign):
    assert not IndexScore.objects.exists()
    enter_and_approve(campaign, world.commune_a, GOOD, focal=world.focal_a, reviewer=world.coordinator)
    overall = IndexScore.objects.get(unit=world.commune_a, component__isnull=True)
    assert overall.rank == 1
    assert DataValue.objects.filter(unit=world.commune_a, status=ValueStatus.APPROVED).count() == 4


def test_submitted_values_cannot_change_until_returned(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    services.values_save(by=world.focal_a, submission=submission, values=GOOD, evidence={"HOSO": "QĐ"})
    services.submission_submit(by=world.focal_a, submission=submission)
    with pytest.raises(StateConflict):
        services.values_save(by=world.focal_a, submission=submission, values={"HOSO": "10"})
    with pytest.raises(ValidationError) as error:
        services.submission_return(by=world.coordinator, submission=submission, reason=" ")
    assert "reason" in error.value.message_dict
    services.submission_return(by=world.coordinator, submission=submission, reason="Thiếu minh chứng")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    assert submission.history.first().history_change_reason == "Thiếu minh chứng"
    services.values_save(by=world.focal_a, submission=submission, values={"HOSO": "10"})


def test_bulk_approval_is_all_or_nothing(world, campaign):
    first = submission_of(campaign, world.commune_a)
    second = submission_of(campaign, world.commune_b)
    services.values_save(by=world.focal_a, submission=first, values=GOOD, evidence={"HOSO": "QĐ"})
    services.submission_submit(by=world.focal_a, submission=first)
    with pytest.raises(ValidationError) as error:
        services.submissions_approve(by=world.coordinator, submissions=[first, second])
    assert "XA-B" in error.value.message_dict
    first.refresh_from_db()
    assert first.status == SubmissionStatus.SUBMITTED
    services.values_save(by=world.focal_b, submission=second, values=GOOD, evidence={"HOSO": "QĐ"})
    services.submission_submit(by=world.focal_b, submission=second)
    services.submissions_approve(by=world.coordinator, submissions=[first, second])
    assert IndexScore.objects.filter(component__isnull=True, unit_kind="commune").count() == 1
    assert IndexScore.objects.filter(component__isnull=True, unit_kind="ward").count() == 1


def _submitted(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    services.values_save(by=world.focal_a, submission=submission, values=GOOD, evidence={"HOSO": "QĐ"})
    services.submission_submit(by=world.focal_a, submission=submission)
    return submission


@pytest.mark.parametrize("first", ["approve", "return"])
def test_the_second_of_two_reviewers_gets_a_state_conflict(world, campaign, first):
    submission = _submitted(world, campaign)
    stale = submission_of(campaign, world.commune_a)  # the second reviewer's screen, loaded before
    if first == "approve":
        services.submission_approve(by=world.coordinator, submission=submission)
    else:
        services.submission_return(by=world.coordinator, submission=submission, reason="Thiếu minh chứng")
    with pytest.raises(StateConflict):
        services.submission_approve(by=world.leader, submission=stale)
    with pytest.raises(StateConflict):
        services.submission_return(by=world.leader, submission=submission_of(campaign, world.commune_a)
                                   if first == "approve" else stale, reason="Sai số liệu")  # fmt: skip
    submission.refresh_from_db()
    assert submission.status == (
        SubmissionStatus.APPROVED if first == "approve" else SubmissionStatus.RETURNED
    )
    assert submission.reviewed_by == world.coordinator


def test_bulk_approval_reads_each_submission_again(world, campaign):
    submission = _submitted(world, campaign)
    stale = submission_of(campaign, world.commune_a)
    services.submission_return(by=world.coordinator, submission=submission, reason="Thiếu minh chứng")
    with pytest.raises(ValidationError) as error:
        services.submissions_approve(by=world.leader, submissions=[stale])
    assert "XA-A" in error.value.message_dict
    assert submission_of(campaign, world.commune_a).status == SubmissionStatus.RETURNED


def test_a_refused_submit_through_entry_save_keeps_nothing(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    with pytest.raises(ValidationError) as error:
        services.entry_save(by=world.focal_a, submission=submission, values={"DVC_TOTAL": "10"}, submit=True)
    assert "enter a value" in error.value.message_dict["DVC_ONLINE"][0]
    assert not DataValue.objects.exists()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
