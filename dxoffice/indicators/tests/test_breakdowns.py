"""Breakdowns (disaggregations): defined per version as data, a value per option entered, the total
their sum or checked against them, rules applied to every option, parts in their own table while
the value row and the scores keep the total."""

import copy
import io
import json

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from dxoffice.indicators import exchange, services
from dxoffice.indicators.models import DataValue, DataValuePart, Flag, IndicatorScore
from dxoffice.indicators.tests.factories import SEX, SMALL, breakdown_framework, open_campaign, submission_of

OTHERS = {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "1"}


@pytest.fixture
def version(world):
    return services.framework_import(by=world.admin, data=breakdown_framework(), owner_unit=world.province)


@pytest.fixture
def submission(world, version):
    return submission_of(open_campaign(world.coordinator, version, [world.commune_a]), world.commune_a)


def _parts(code):
    value = DataValue.objects.get(indicator__code=code)
    return value.value, {p.option: p.value for p in value.parts.all()}


@pytest.mark.parametrize(
    ("write", "name"),
    [(exchange.to_yaml, "f.yaml"), (exchange.to_json, "f.json"), (exchange.to_xlsx, "f.xlsx")],
)
def test_breakdowns_round_trip_through_every_format(world, version, write, name):
    exported = services.framework_export(version)
    assert exported["breakdowns"] == [SEX]
    content = write(exported)
    data = exchange.read_file(name, io.BytesIO(content if isinstance(content, bytes) else content.encode()))
    again = services.framework_import(by=world.admin, data=data, owner_unit=world.province)
    assert services.framework_export(again) == exported
    staff = again.indicators.get(code="DA_DAO_TAO")
    assert (staff.breakdown.code, staff.breakdown_total) == ("GIOI_TINH", "entered")


@pytest.mark.parametrize(
    ("change", "place"),
    [
        ({"breakdowns": [{**SEX, "options": SEX["options"][:1]}]}, "breakdowns[1].options"),
        (
            {"breakdowns": [{**SEX, "options": [*SEX["options"], {"code": "NU", "name": "Nữ"}]}]},
            "breakdowns[1].options[3]",
        ),
        (
            {"breakdowns": [{**SEX, "options": [{"code": "A B", "name": "x"}, {"code": "C", "name": ""}]}]},
            "breakdowns[1].options[1]",
        ),
    ],
)
def test_a_bad_breakdown_is_refused_naming_its_place(world, change, place):
    with pytest.raises(ValidationError) as error:
        services.framework_import(
            by=world.admin, data=breakdown_framework(**change), owner_unit=world.province
        )
    assert place in error.value.message_dict


def test_a_breakdown_fits_only_entered_numbers_counts_and_money(world):
    data = breakdown_framework()
    data["indicators"][3]["breakdown"] = "GIOI_TINH"  # HOSO, a percentage
    data["indicators"][2]["breakdown"] = "GIOI_TINH"  # DVC_RATE, computed
    data["indicators"][0]["breakdown"] = "NOPE"
    with pytest.raises(ValidationError) as error:
        services.framework_import(by=world.admin, data=data, owner_unit=world.province)
    found = error.value.message_dict
    assert {"indicators[1].breakdown", "indicators[3].breakdown", "indicators[4].breakdown"} <= set(found)


def test_the_total_is_the_sum_of_the_parts_kept_in_their_own_table(world, submission):
    services.values_save(by=world.focal_a, submission=submission, values={},
                         parts={"CAN_BO": {"NAM": "12", "NU": "8"}})  # fmt: skip
    assert _parts("CAN_BO") == (20, {"NAM": 12, "NU": 8})
    services.values_save(by=world.focal_a, submission=submission, values={}, parts={"CAN_BO": {"NU": "10"}})
    assert _parts("CAN_BO") == (22, {"NAM": 12, "NU": 10})
    with pytest.raises(ValidationError) as error:
        services.values_save(by=world.focal_a, submission=submission, values={"CAN_BO": "30"})
    assert "each option" in error.value.message_dict["CAN_BO"][0]
    with pytest.raises(ValidationError) as error:
        services.values_save(by=world.focal_a, submission=submission, values={},
                             parts={"CAN_BO": {"NU": "-1", "KHAC": "1"}})  # fmt: skip
    messages = " ".join(error.value.message_dict["CAN_BO"])
    assert "Female" in messages and "negative" in messages and "KHAC" in messages
    with pytest.raises(ValidationError) as error:
        services.values_save(by=world.focal_a, submission=submission, values={}, parts={"HOSO": {"NAM": "1"}})
    assert "no breakdown" in error.value.message_dict["HOSO"][0]
    services.values_save(by=world.focal_a, submission=submission, values={},
                         parts={"CAN_BO": {"NAM": "", "NU": ""}})  # fmt: skip
    assert _parts("CAN_BO") == (None, {"NAM": None, "NU": None})  # cleared, never deleted
    assert DataValuePart.objects.count() == 2


def test_an_entered_total_must_agree_with_its_parts(world, submission):
    save = services.values_save
    save(
        by=world.focal_a,
        submission=submission,
        values={"DA_DAO_TAO": "10"},
        parts={"DA_DAO_TAO": {"NAM": "4"}},
    )
    with pytest.raises(ValidationError) as error:
        save(by=world.focal_a, submission=submission, values={}, parts={"DA_DAO_TAO": {"NU": "5"}})
    assert "add up to 9, not to the total 10" in error.value.message_dict["DA_DAO_TAO"][0]
    save(by=world.focal_a, submission=submission, values={}, parts={"DA_DAO_TAO": {"NU": "6"}})
    assert _parts("DA_DAO_TAO") == (10, {"NAM": 4, "NU": 6})


def test_submitting_needs_every_part(world, submission):
    services.values_save(
        by=world.focal_a, submission=submission, values={**OTHERS, "DA_DAO_TAO": "3"},
        evidence={"HOSO": "QĐ 1"}, parts={"CAN_BO": {"NAM": "5"}, "DA_DAO_TAO": {"NAM": "1", "NU": "2"}},
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.submission_submit(by=world.focal_a, submission=submission)
    assert "Female" in error.value.message_dict["CAN_BO"][0]
    assert "DA_DAO_TAO" not in error.value.message_dict


def test_a_rule_is_applied_to_every_breakdown_option_and_the_queue_says_which(client, world, submission):
    services.values_save(
        by=world.focal_a, submission=submission, values={"DA_DAO_TAO": "10"},
        parts={"CAN_BO": {"NAM": "8", "NU": "4"}, "DA_DAO_TAO": {"NAM": "4", "NU": "6"}},
    )  # fmt: skip
    flags = {f.code: f for f in Flag.objects.filter(submission=submission)}
    assert "R_DAO_TAO" not in flags  # the totals agree: 10 <= 12
    flag = flags["R_DAO_TAO:NU"]
    assert (flag.breakdown.code, flag.breakdown_option, flag.status) == ("GIOI_TINH", "NU", "open")
    assert "Female" in flag.message
    client.force_login(world.coordinator)
    page = client.get("/indicators/quality/")
    assert 'data-testid="flag-breakdown"' in page.content.decode()
    assert "Giới tính: Nữ" in page.content.decode()
    services.values_save(by=world.focal_a, submission=submission, values={},
                         parts={"CAN_BO": {"NU": "6"}})  # fmt: skip
    flag.refresh_from_db()
    assert flag.status == "resolved"


def test_scores_use_the_total(world, submission):
    services.values_save(
        by=world.focal_a, submission=submission, values={**OTHERS, "DA_DAO_TAO": "3"}, evidence={"HOSO": "QĐ 1"},
        parts={"CAN_BO": {"NAM": "5", "NU": "7"}, "DA_DAO_TAO": {"NAM": "1", "NU": "2"}},
        comments={c: "Đã kiểm tra" for c in OTHERS},
    )  # fmt: skip
    services.submission_submit(by=world.focal_a, submission=submission)
    services.submission_approve(by=world.coordinator, submission=submission)
    score = IndicatorScore.objects.get(indicator__code="CAN_BO", unit=world.commune_a)
    assert score.value == 12


def test_the_grid_takes_parts_and_the_api_shows_them(client, world, submission):
    client.force_login(world.focal_a)
    url = f"/indicators/entry/{submission.pk}/"
    page = client.get(url).content.decode()
    assert (
        'name="p-CAN_BO.NAM"' in page and 'data-total-for="CAN_BO"' in page and 'name="v-CAN_BO"' not in page
    )
    assert 'name="v-DA_DAO_TAO"' in page  # an entered total has its own field
    body = {"values": {}, "parts": {"CAN_BO": {"NAM": "2", "NU": "3"}}}
    assert client.post(url, json.dumps(body), content_type="application/json").json()["saved"] is True
    assert client.post(url, {"p-CAN_BO.NU": "4", "action": "save"}).status_code == 302
    assert _parts("CAN_BO") == (6, {"NAM": 2, "NU": 4})
    bad = client.post(url, json.dumps({"parts": {"CAN_BO": "5"}}), content_type="application/json")
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["parts"]
    listed = client.get("/api/v1/indicators/values", {"indicator": "CAN_BO"}).json()["items"]
    assert listed[0]["parts"] == {"NAM": "2.000000", "NU": "4.000000"} or listed[0]["parts"] == {
        "NAM": 2,
        "NU": 4,
    }


def test_the_api_writes_parts_all_or_nothing(client, world, submission):
    client.force_login(world.focal_a)
    url = f"/api/v1/indicators/submissions/{submission.pk}/values"
    ok = client.put(
        url, {"values": {}, "parts": {"CAN_BO": {"NAM": 1, "NU": 2}}}, content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    bad = client.put(
        url, {"values": {"HOSO": "50"}, "parts": {"CAN_BO": {"NU": "x"}}}, content_type="application/json"
    )
    assert bad.status_code == 400 and "CAN_BO" in bad.json()["errors"]
    assert _parts("CAN_BO") == (3, {"NAM": 1, "NU": 2})
    assert not DataValue.objects.filter(indicator__code="HOSO").exists()


def test_the_xlsx_form_carries_a_row_per_part(client, world, submission):
    services.values_save(by=world.focal_a, submission=submission, values={}, parts={"CAN_BO": {"NAM": "5"}})
    client.force_login(world.focal_a)
    book = load_workbook(io.BytesIO(client.get(f"/indicators/entry/{submission.pk}/values.xlsx").content))
    rows = {row[0]: row for row in book["values"].iter_rows(values_only=True)}
    assert rows["CAN_BO.NAM"][3] == "5" and "Female" not in str(rows["CAN_BO.NU"][1])
    sheet = book["values"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "CAN_BO.NU":
            row[3].value = "9"
    buffer = io.BytesIO()
    book.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "values.xlsx"
    client.post(f"/indicators/entry/{submission.pk}/upload/", {"file": upload})
    assert _parts("CAN_BO") == (14, {"NAM": 5, "NU": 9})


def test_the_editor_defines_breakdowns_and_gives_them_to_indicators(client, world):
    version = services.framework_import(by=world.admin, data=copy.deepcopy(SMALL), owner_unit=world.province)
    services.breakdown_save(by=world.admin, version=version, code=None,
                            data={"code": "khu_vuc", "name": "Khu vực", "options": [
                                {"code": "TT", "name": "Thành thị"}, {"code": "NT", "name": "Nông thôn"}]})  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.breakdown_save(by=world.admin, version=version, code="KHU_VUC",
                                data={"name": "Khu vực", "options": [{"code": "TT", "name": "x"}]})  # fmt: skip
    assert "options" in error.value.message_dict
    item = next(i for i in services.framework_export(version)["indicators"] if i["code"] == "DVC_TOTAL")
    services.indicator_save(
        by=world.admin, version=version, code="DVC_TOTAL", data={**item, "breakdown": "KHU_VUC"}
    )
    assert version.indicators.get(code="DVC_TOTAL").breakdown.code == "KHU_VUC"
    with pytest.raises(ValidationError) as error:
        services.breakdown_retire(by=world.admin, version=version, code="KHU_VUC")
    assert "DVC_TOTAL" in error.value.messages[0]
    client.force_login(world.admin)
    page = client.post(f"/indicators/versions/{version.pk}/editor/breakdown/new/",
                       {"code": "TUOI", "name": "Nhóm tuổi", "options": "DUOI_30 | Dưới 30\nTU_30 | Từ 30 | 30 and over"})  # fmt: skip
    assert page.status_code == 302
    assert version.breakdowns.get(code="TUOI").options[1] == {
        "code": "TU_30",
        "name": "Từ 30",
        "name_en": "30 and over",
    }
    bad = client.post(f"/indicators/versions/{version.pk}/editor/breakdown/new/",
                      {"code": "X", "name": "X", "options": "only one line with | too | many | bars"})  # fmt: skip
    assert b'data-testid="error-options"' in bad.content
