"""The screens' wiring and permission edges: entry, review, ranking, scorecard, gaps, frameworks."""

import io
import json

import pytest

from dxoffice.indicators import exchange, services
from dxoffice.indicators.models import DataValue, IndexScore, SubmissionStatus
from dxoffice.indicators.tests.factories import (
    SMALL,
    enter_and_approve,
    open_campaign,
    small_framework,
    submission_of,
)

GOOD = {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "1"}


@pytest.fixture
def campaign(world):
    version = small_framework(world.admin, world.province)
    return open_campaign(world.coordinator, version, [world.commune_a, world.commune_b])


def test_the_entry_grid_saves_a_draft_and_shows_errors_by_indicator(client, world, campaign):
    submission = submission_of(campaign, world.commune_a)
    client.force_login(world.focal_a)
    page = client.get(f"/indicators/entry/{submission.pk}/")
    assert page.status_code == 200 and b"v-DVC_TOTAL" in page.content
    bad = client.post(
        f"/indicators/entry/{submission.pk}/", {"v-HOSO": "140", "v-DVC_TOTAL": "10", "action": "save"}
    )
    assert bad.status_code == 200
    assert "between 0 and 100" in bad.content.decode() or "0 đến 100" in bad.content.decode()
    assert not DataValue.objects.exists()
    ok = client.post(f"/indicators/entry/{submission.pk}/", {"v-HOSO": "40", "action": "save"})
    assert ok.status_code == 302
    assert DataValue.objects.get(indicator__code="HOSO").value == 40


def test_the_browser_autosave_speaks_json(client, world, campaign):
    submission = submission_of(campaign, world.commune_a)
    client.force_login(world.focal_a)
    url = f"/indicators/entry/{submission.pk}/"
    answer = client.post(url, json.dumps({"values": {"DVC_TOTAL": "12"}}), content_type="application/json")
    assert answer.json() == {"saved": True, "errors": {}}
    refused = client.post(url, json.dumps({"values": {"DVC_TOTAL": "-1"}}), content_type="application/json")
    assert refused.status_code == 400 and "DVC_TOTAL" in refused.json()["errors"]
    assert client.post(url, b"[", content_type="application/json").status_code == 400


def test_another_commune_gets_404_and_a_viewer_cannot_write(client, world, campaign):
    submission = submission_of(campaign, world.commune_a)
    client.force_login(world.focal_b)
    assert client.get(f"/indicators/entry/{submission.pk}/").status_code == 404
    client.force_login(world.viewer)
    assert client.post(f"/indicators/entry/{submission.pk}/", {"v-HOSO": "1"}).status_code == 403


def test_submit_then_approve_from_the_screens_updates_the_ranking(client, world, campaign):
    submission = submission_of(campaign, world.commune_a)
    client.force_login(world.focal_a)
    form = {f"v-{k}": v for k, v in GOOD.items()} | {"e-HOSO": "QĐ 5", "action": "submit"}
    assert client.post(f"/indicators/entry/{submission.pk}/", form).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    client.force_login(world.coordinator)
    assert client.post(f"/indicators/entry/{submission.pk}/review/", {"action": "approve"}).status_code == 302
    ranking = client.get(
        "/indicators/", {"version": campaign.version_id, "period": "2026", "kind": "commune"}
    )
    assert b'data-testid="score-XA-A"' in ranking.content
    assert client.get("/indicators/", {"format": "xlsx"}).status_code == 200
    card = client.get(f"/indicators/units/{world.commune_a.code}/", {"version": campaign.version_id})
    assert b'data-testid="unit-index"' in card.content


def test_bulk_approval_from_the_campaign_page(client, world, campaign):
    for unit, focal in ((world.commune_a, world.focal_a), (world.commune_b, world.focal_b)):
        submission = submission_of(campaign, unit)
        services.values_save(by=focal, submission=submission, values=GOOD, evidence={"HOSO": "x"})
        services.submission_submit(by=focal, submission=submission)
    client.force_login(world.coordinator)
    ids = [s.pk for s in campaign.submissions.all()]
    assert (
        client.post(
            f"/indicators/campaigns/{campaign.pk}/", {"action": "approve", "submission": ids}
        ).status_code
        == 302
    )
    assert IndexScore.objects.filter(component__isnull=True).count() == 3  # two units and the province


def test_a_gap_becomes_a_task_from_the_scorecard(client, world, campaign):
    enter_and_approve(
        campaign, world.commune_a, {**GOOD, "CAP_QUANG": "0"}, focal=world.focal_a, reviewer=world.coordinator
    )
    client.force_login(world.coordinator)
    cap = campaign.version.indicators.get(code="CAP_QUANG")
    opened = client.post(
        "/indicators/gaps/open/", {"indicator": cap.pk, "unit": world.commune_a.pk, "period": "2026"}
    )
    assert opened.status_code == 302
    gap_url = opened["Location"]
    made = client.post(
        gap_url, {"action": "task", "plan": world.plan.pk, "due_date": "2026-12-31", "title": ""}
    )
    assert made.status_code == 302
    page = client.get(gap_url)
    assert b"GAP-" in page.content


def test_frameworks_import_export_and_the_open_data(client, world, campaign):
    client.force_login(world.admin)
    upload = io.BytesIO(exchange.to_yaml({**SMALL, "code": "UPLOADED"}).encode())
    upload.name = "f.yaml"
    assert client.post("/indicators/frameworks/", {"file": upload}).status_code == 302
    assert client.get(f"/indicators/versions/{campaign.version_id}/export.xlsx").status_code == 200
    bad = io.BytesIO(b"code: X\nindicators: [1]\n")
    bad.name = "bad.yaml"
    assert b"import-errors" in client.post("/indicators/frameworks/", {"file": bad}).content
    enter_and_approve(campaign, world.commune_a, GOOD, focal=world.focal_a, reviewer=world.coordinator)
    client.logout()
    data = client.get("/indicators/open/TEST/2026.json").json()
    assert {v["unit"] for v in data["values"]} == {"XA-A"}
    assert client.get("/indicators/open/TEST/2026.csv").status_code == 200
    assert client.get("/indicators/open/NOPE/2026.csv").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/indicators/",
        "/indicators/campaigns/",
        "/indicators/quality/",
        "/indicators/gaps/",
        "/indicators/frameworks/",
    ],
)
def test_each_screen_opens_for_a_coordinator(client, world, campaign, path):
    client.force_login(world.coordinator)
    assert client.get(path).status_code == 200


def test_program_screens_are_refused_to_an_outsider(client, world, campaign):
    client.force_login(world.outsider)
    assert client.get("/indicators/").status_code == 403


def test_values_round_trip_through_an_xlsx_sheet_with_the_same_validation(client, world, campaign):
    from openpyxl import load_workbook

    submission = submission_of(campaign, world.commune_a)
    client.force_login(world.focal_a)
    sheet = client.get(f"/indicators/entry/{submission.pk}/values.xlsx")
    book = load_workbook(io.BytesIO(sheet.content))
    ws = book.active
    codes = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=codes["HOSO"], column=4, value="150")
    buffer = io.BytesIO()
    book.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "values.xlsx"
    client.post(f"/indicators/entry/{submission.pk}/upload/", {"file": upload})
    assert not DataValue.objects.exists()  # HOSO out of range: nothing saved
    ws.cell(row=codes["HOSO"], column=4, value=55)
    ws.cell(row=codes["DVC_TOTAL"], column=4, value=120)
    buffer = io.BytesIO()
    book.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "values.xlsx"
    client.post(f"/indicators/entry/{submission.pk}/upload/", {"file": upload})
    assert {v.indicator.code: v.value for v in DataValue.objects.all()} == {"HOSO": 55, "DVC_TOTAL": 120}


def test_an_administrator_edits_an_indicator_of_an_unused_version_and_circles_are_refused(client, world):
    version = small_framework(world.admin, world.province)
    item = next(i for i in services.framework_export(version)["indicators"] if i["code"] == "DVC_TOTAL")
    client.force_login(world.admin)
    url = f"/indicators/versions/{version.pk}/editor/indicator/DVC_TOTAL/"
    form = {
        k: ("" if v is None else v) for k, v in item.items() if k not in ("options", "bands", "unit_kinds")
    }
    form["name"] = "Tổng số thủ tục hành chính"
    assert client.post(url, form).status_code == 302
    assert version.indicators.get(code="DVC_TOTAL").name == "Tổng số thủ tục hành chính"
    circular = client.post(url, {**form, "formula": "DVC_RATE + 1"})
    assert circular.status_code == 200 and "DVC_RATE" in circular.content.decode()
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "body", [{"values": [1]}, {"values": "x"}, {"evidence": 5}, {"comments": [["a", "b"]]}]
)
def test_autosave_with_a_part_that_is_not_a_mapping_is_400_naming_it(client, world, campaign, body):
    submission = submission_of(campaign, world.commune_a)
    client.force_login(world.focal_a)
    answer = client.post(
        f"/indicators/entry/{submission.pk}/", json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 400
    assert answer.json()["saved"] is False
    assert list(answer.json()["errors"]) == list(body)
    assert not DataValue.objects.exists()


def test_flag_comments_are_not_kept_when_the_values_are_refused(client, world, campaign):
    from dxoffice.indicators.models import Flag, FlagKind

    submission = submission_of(campaign, world.commune_a)
    services.values_save(
        by=world.focal_a, submission=submission, values={"DVC_TOTAL": "10", "DVC_ONLINE": "20"}
    )
    flag = Flag.objects.get(submission=submission, kind=FlagKind.RULE)
    client.force_login(world.focal_a)
    refused = client.post(
        f"/indicators/entry/{submission.pk}/",
        {f"flag-{flag.pk}": "Có thủ tục liên thông", "v-HOSO": "140", "action": "save"},
    )
    assert refused.status_code == 200
    flag.refresh_from_db()
    assert flag.comment == ""
    assert not DataValue.objects.filter(indicator__code="HOSO").exists()
    saved = client.post(
        f"/indicators/entry/{submission.pk}/",
        {f"flag-{flag.pk}": "Có thủ tục liên thông", "v-HOSO": "40", "action": "save"},
    )
    assert saved.status_code == 302
    flag.refresh_from_db()
    assert flag.comment == "Có thủ tục liên thông"


def test_opening_a_gap_with_bad_ids_is_404_and_a_bad_period_is_a_message(client, world, campaign):
    enter_and_approve(
        campaign, world.commune_a, {**GOOD, "CAP_QUANG": "0"}, focal=world.focal_a, reviewer=world.coordinator
    )
    client.force_login(world.coordinator)
    cap = campaign.version.indicators.get(code="CAP_QUANG")
    for form in (
        {"indicator": "abc", "unit": world.commune_a.pk, "period": "2026"},
        {"indicator": cap.pk, "unit": "1; DROP", "period": "2026"},
        {"indicator": "9" * 40, "unit": world.commune_a.pk, "period": "2026"},
    ):
        assert client.post("/indicators/gaps/open/", form).status_code == 404
    bad = client.post(
        "/indicators/gaps/open/", {"indicator": cap.pk, "unit": world.commune_a.pk, "period": "someday"},
        follow=True,
    )  # fmt: skip
    assert bad.status_code == 200
    assert bad.redirect_chain[0][0].startswith(f"/indicators/units/{world.commune_a.code}/")
    assert [str(m) for m in bad.context["messages"]]
    spelled = client.post(
        "/indicators/gaps/open/", {"indicator": cap.pk, "unit": world.commune_a.pk, "period": " 2026 "}
    )
    assert spelled.status_code == 302 and "/indicators/gaps/" in spelled["Location"]


def test_an_unknown_export_format_is_404(client, world, campaign):
    client.force_login(world.admin)
    assert client.get(f"/indicators/versions/{campaign.version_id}/export.exe").status_code == 404
    assert client.get(f"/indicators/versions/{campaign.version_id}/export.json").status_code == 200


def test_a_version_that_cannot_be_copied_says_why(client, world, campaign):
    from dxoffice.indicators.models import FrameworkVersion, Indicator

    Indicator.objects.filter(version=campaign.version, code="DVC_RATE").update(upper_bound=None)
    before = FrameworkVersion.objects.count()
    client.force_login(world.admin)
    answer = client.post(f"/indicators/versions/{campaign.version_id}/copy/", follow=True)
    assert answer.status_code == 200
    assert answer.redirect_chain[-1][0] == f"/indicators/versions/{campaign.version_id}/"
    shown = " ".join(str(m) for m in answer.context["messages"])
    assert "DVC_RATE" in shown
    assert FrameworkVersion.objects.count() == before


def test_a_campaign_takes_only_units_under_the_framework_owner(client, world):
    from datetime import date

    from dxoffice.core.models import UnitKind
    from dxoffice.core.tests.factories import OrgUnitFactory
    from dxoffice.indicators.models import Campaign

    elsewhere = OrgUnitFactory(code="XA-KHAC", name="Xã tỉnh khác", kind=UnitKind.COMMUNE)
    version = small_framework(world.admin, world.province)
    client.force_login(world.coordinator)
    answer = client.post(
        "/indicators/campaigns/",
        {"version": version.pk, "period": "2026", "title": "Đánh giá 2026", "opens_on": date(2026, 1, 1),
         "closes_on": date(2026, 12, 31), "kinds": ["commune", "ward"]},
    )  # fmt: skip
    assert answer.status_code == 302, answer.content
    campaign = Campaign.objects.get(version=version)
    units = {s.unit.code for s in campaign.submissions.all()}
    assert units == {"XA-A", "XA-B"}
    assert elsewhere.code not in units


def _sheet(response):
    from openpyxl import load_workbook

    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    return [
        list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]


def test_every_chart_has_its_xlsx_and_the_scorecard_states_the_missing_data_rule(client, world, campaign):
    from dxoffice.indicators.tests.factories import open_campaign as another

    enter_and_approve(campaign, world.commune_a, GOOD, focal=world.focal_a, reviewer=world.coordinator)
    later = another(world.coordinator, campaign.version, [world.commune_a], period="2027")
    enter_and_approve(
        later, world.commune_a, {**GOOD, "HOSO": "90"}, focal=world.focal_a, reviewer=world.coordinator
    )
    client.force_login(world.leader)
    query = {"version": campaign.version_id, "period": "2027", "kind": "commune", "format": "xlsx"}
    trend = _sheet(client.get("/indicators/", {**query, "chart": "trend"}))
    assert trend[0][:2] == ["Đơn vị", "Mã"] and len(trend[0]) == 4
    assert trend[1][:2] == [world.commune_a.name, "XA-A"] and all(isinstance(v, float) for v in trend[1][2:])
    ranking = _sheet(client.get("/indicators/", query))
    assert ranking[1][1] == world.commune_a.name
    unit = f"/indicators/units/{world.commune_a.code}/"
    unit_trend = _sheet(client.get(unit, {**query, "chart": "trend"}))
    assert [row[1] for row in unit_trend[1:]] == ["2026", "2027"]
    radar = _sheet(client.get(unit, {**query, "chart": "radar"}))
    assert [row[0] for row in radar[1:]] == ["CQS", "HT"] and radar[1][2] is not None
    page = client.get(unit, {"version": campaign.version_id, "period": "2027"}).content.decode()
    assert 'data-testid="missing-rule"' in page and "re-normalised" not in page  # said in Vietnamese
    assert 'data-testid="radar-xlsx"' in page and 'data-testid="unit-trend-xlsx"' in page
    overview = client.get("/indicators/", {"version": campaign.version_id, "period": "2027"}).content.decode()
    assert 'data-testid="trend-xlsx"' in overview


def test_the_autosave_keeps_the_explanations_of_rule_flags(client, world, campaign):
    from dxoffice.indicators.models import Flag

    submission = submission_of(campaign, world.commune_a)
    services.values_save(
        by=world.focal_a, submission=submission, values={"DVC_TOTAL": "10", "DVC_ONLINE": "20"}
    )
    flag = Flag.objects.get(submission=submission, code="R_ONLINE")
    client.force_login(world.focal_a)
    url = f"/indicators/entry/{submission.pk}/"
    body = {"values": {}, "flags": {str(flag.pk): "Số liệu cộng dồn hai năm"}}
    assert client.post(url, json.dumps(body), content_type="application/json").json()["saved"] is True
    flag.refresh_from_db()
    assert flag.comment == "Số liệu cộng dồn hai năm"
    for bad in ({"flags": ["x"]}, {"flags": {"abc": "x"}}, {"flags": {str(flag.pk): 5}}):
        answer = client.post(url, json.dumps(bad), content_type="application/json")
        assert answer.status_code == 400 and list(answer.json()["errors"]) == ["flags"]
    other = submission_of(campaign, world.commune_b)
    services.values_save(by=world.focal_b, submission=other, values={"DVC_TOTAL": "1", "DVC_ONLINE": "2"})
    theirs = Flag.objects.get(submission=other, code="R_ONLINE")
    client.post(
        url, json.dumps({"flags": {str(theirs.pk): "không phải của tôi"}}), content_type="application/json"
    )
    theirs.refresh_from_db()
    assert theirs.comment == ""  # a flag of another submission is not touched
    assert 'name="flag-' in client.get(url).content.decode()
