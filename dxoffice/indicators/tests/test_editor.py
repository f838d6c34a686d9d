"""The framework editor: every field of an indicator, pillars and their weights, rules, retiring
(never deleting), errors on the field they are about, and frozen versions edited in a new draft."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxoffice.indicators import services
from dxoffice.indicators.models import Component, FrameworkVersion, Indicator, Rule
from dxoffice.indicators.tests.factories import open_campaign, small_framework

CHOICE = {
    "code": "QUY_CHE", "name": "Quy chế chuyển đổi số", "name_en": "DX regulation", "component": "HT",
    "definition": "Đã ban hành quy chế", "unit_of_measure": "", "value_type": "choice",
    "options": [{"code": "CO", "label": "Đã ban hành", "points": "30"}, {"code": "CHUA", "label": "Chưa", "points": "0"}],
    "source": "entered", "source_code": "", "formula": "", "parent_rule": "inputs", "polarity": "higher",
    "aggregation": "share", "threshold": "30", "weight_by": "", "scoring": "bands", "lower_bound": None,
    "upper_bound": None, "target": None, "bands": [{"min": "30", "points": "30"}], "weight": "30",
    "max_points": "30", "period_type": "quarter", "unit_kinds": ["commune", "ward"], "evidence_required": True,
    "objective": "", "order": 9, "breakdown": "", "breakdown_total": "sum",
}  # fmt: skip


@pytest.fixture
def version(world):
    return small_framework(world.admin, world.province)


def _item(version, code):
    return next(i for i in services.framework_export(version)["indicators"] if i["code"] == code)


def test_an_indicator_is_added_with_every_field_and_exported(world, version):
    edited = services.indicator_save(by=world.admin, version=version, code=None, data=CHOICE)
    assert not edited.drafted and edited.version == version
    exported = _item(version, "QUY_CHE")
    assert exported["options"] == CHOICE["options"] and exported["bands"] == CHOICE["bands"]
    assert (exported["period_type"], exported["unit_kinds"], exported["weight"]) == (
        "quarter",
        ["commune", "ward"],
        "30",
    )
    assert exported["evidence_required"] is True and exported["component"] == "HT"


def test_every_field_of_an_existing_indicator_changes_but_its_code(world, version):
    data = {**_item(version, "HOSO"), "code": "OTHER", "name": "Hồ sơ", "period_type": "month",
            "unit_kinds": ["ward"], "component": "HT", "scoring": "target", "target": "80", "polarity": "lower"}  # fmt: skip
    services.indicator_save(by=world.admin, version=version, code="HOSO", data=data)
    hoso = Indicator.objects.get(version=version, code="HOSO")
    assert (hoso.name, hoso.period_type, hoso.unit_kinds, hoso.component.code) == (
        "Hồ sơ",
        "month",
        ["ward"],
        "HT",
    )
    assert (hoso.scoring, hoso.target, hoso.polarity) == ("target", 80, "lower")
    assert not Indicator.objects.filter(code="OTHER").exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"weight": "nhiều"}, "weight", "not a number"),
        ({"formula": "DVC_TOTAL ** 2"}, "formula", "not allowed"),
        ({"formula": "NO_SUCH + 1"}, "formula", "NO_SUCH"),
        ({"formula": "__import__('os')"}, "formula", ""),
        ({"options": [{"code": "", "points": "x"}]}, "options", "Line 1"),
        ({"bands": [{"points": "3"}]}, "bands", "Line 1"),
        ({"scoring": "fixed", "lower_bound": None}, "lower_bound", "lower bound"),
        ({"value_type": "choice", "options": []}, "options", "options"),
        ({"period_type": "decade"}, "period_type", "decade"),
        ({"weight_by": "NOBODY"}, "weight_by", "NOBODY"),
        ({"component": "NOWHERE"}, "component", "pillars"),
    ],
)
def test_a_bad_field_is_refused_on_that_field(world, version, change, field, words):
    data = {**_item(version, "HOSO"), **change}
    with pytest.raises(ValidationError) as error:
        services.indicator_save(by=world.admin, version=version, code="HOSO", data=data)
    assert field in error.value.message_dict, error.value.message_dict
    assert words in " ".join(error.value.message_dict[field])


def test_a_circular_formula_is_refused_on_the_formula_field(world, version):
    data = {**_item(version, "DVC_TOTAL"), "source": "computed", "formula": "DVC_RATE + 1"}
    with pytest.raises(ValidationError) as error:
        services.indicator_save(by=world.admin, version=version, code="DVC_TOTAL", data=data)
    assert "Circular" in error.value.message_dict["formula"][0]


def test_retiring_archives_and_is_refused_while_something_uses_the_indicator(world, version):
    with pytest.raises(ValidationError) as error:
        services.indicator_retire(by=world.admin, version=version, code="DVC_ONLINE")
    assert "DVC_ONLINE" in error.value.messages[0] and "R_ONLINE" in error.value.messages[0]
    services.indicator_retire(by=world.admin, version=version, code="CAP_QUANG", reason="Không còn dùng")
    retired = Indicator.all_objects.get(version=version, code="CAP_QUANG")
    assert retired.is_archived
    assert "CAP_QUANG" not in [i["code"] for i in services.framework_export(version)["indicators"]]
    with pytest.raises(ValidationError) as again:
        services.indicator_save(
            by=world.admin, version=version, code=None, data={**CHOICE, "code": "CAP_QUANG"}
        )
    assert "code" in again.value.message_dict


def test_pillars_nest_change_weight_and_refuse_circles(world, version):
    services.component_save(by=world.admin, version=version, code=None,
                            data={"code": "CQS_DVC", "name": "Dịch vụ công", "parent": "CQS", "weight": "3"})  # fmt: skip
    sub = Component.objects.get(version=version, code="CQS_DVC")
    assert (sub.parent.code, sub.weight) == ("CQS", 3)
    services.component_save(by=world.admin, version=version, code="HT",
                            data={"code": "HT", "name": "Hạ tầng số", "parent": "", "weight": "4"})  # fmt: skip
    assert Component.objects.get(version=version, code="HT").weight == 4
    with pytest.raises(ValidationError) as error:
        services.component_save(by=world.admin, version=version, code="CQS",
                                data={"code": "CQS", "name": "Chính quyền số", "parent": "CQS_DVC", "weight": "2"})  # fmt: skip
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.component_save(
            by=world.admin, version=version, code="HT", data={"code": "HT", "name": "", "weight": "-1"}
        )
    assert {"name", "weight"} <= set(error.value.message_dict)


def test_a_pillar_with_indicators_or_sub_pillars_is_not_retired(world, version):
    with pytest.raises(ValidationError) as error:
        services.component_retire(by=world.admin, version=version, code="HT")
    assert "CAP_QUANG" in error.value.messages[0]
    services.component_save(
        by=world.admin, version=version, code=None, data={"code": "EMPTY", "name": "Trống"}
    )
    services.component_retire(by=world.admin, version=version, code="EMPTY")
    assert Component.all_objects.get(version=version, code="EMPTY").is_archived


def test_rules_are_added_checked_and_retired(world, version):
    with pytest.raises(ValidationError) as error:
        services.rule_save(by=world.admin, version=version, code=None,
                           data={"code": "R_X", "expression": "HOSO <= NOPE", "message": "x"})  # fmt: skip
    assert "NOPE" in error.value.message_dict["expression"][0]
    with pytest.raises(ValidationError) as error:
        services.rule_save(by=world.admin, version=version, code=None,
                           data={"code": "R_X", "expression": "HOSO <=", "message": "x"})  # fmt: skip
    assert "expression" in error.value.message_dict
    services.rule_save(by=world.admin, version=version, code=None,
                       data={"code": "R_HOSO", "expression": "HOSO <= 100", "message": "Tối đa 100"})  # fmt: skip
    services.rule_save(by=world.admin, version=version, code="R_HOSO",
                       data={"expression": "HOSO >= 0", "message": "Không âm"})  # fmt: skip
    assert Rule.objects.get(version=version, code="R_HOSO").expression == "HOSO >= 0"
    services.rule_retire(by=world.admin, version=version, code="R_HOSO")
    assert Rule.all_objects.get(version=version, code="R_HOSO").is_archived


def test_editing_a_frozen_version_makes_a_draft_and_a_refused_edit_makes_none(world, version):
    open_campaign(world.coordinator, version, [world.commune_a])
    version.refresh_from_db()
    bad = {**_item(version, "HOSO"), "weight": "x"}
    with pytest.raises(ValidationError):
        services.indicator_save(by=world.admin, version=version, code="HOSO", data=bad)
    assert FrameworkVersion.objects.filter(framework=version.framework).count() == 1
    edited = services.indicator_save(by=world.admin, version=version, code="HOSO",
                                     data={**_item(version, "HOSO"), "name": "Tên mới"})  # fmt: skip
    assert edited.drafted and edited.version.number == 2 and not edited.version.is_frozen
    assert Indicator.objects.get(version=edited.version, code="HOSO").name == "Tên mới"
    assert Indicator.objects.get(version=version, code="HOSO").name != "Tên mới"
    settings = services.version_settings_save(by=world.admin, version=version,
                                              data={"missing_rule": "zero", "index_mean": "geometric"})  # fmt: skip
    assert settings.drafted and settings.version.number == 3 and settings.version.missing_rule == "zero"


def test_only_an_administrator_of_the_owner_edits(world, version):
    with pytest.raises(PermissionDenied):
        services.indicator_save(by=world.coordinator, version=version, code=None, data=CHOICE)
    with pytest.raises(PermissionDenied):
        services.rule_retire(by=world.coordinator, version=version, code="R_ONLINE")


# The screens ---------------------------------------------------------------------------------------


def _form(item):
    form = {
        k: ("" if v is None else v) for k, v in item.items() if k not in ("options", "bands", "unit_kinds")
    }
    form["options"] = "\n".join(f"{o['code']} | {o['label']} | {o['points']}" for o in item["options"])
    form["bands"] = "\n".join(f"{b.get('min')} | {b['points']}" for b in item["bands"])
    form["unit_kinds"] = item["unit_kinds"]
    form["evidence_required"] = "on" if item["evidence_required"] else ""
    return form


def test_the_editor_screens_add_an_indicator_and_show_errors_on_their_fields(client, world, version):
    client.force_login(world.admin)
    page = client.get(f"/indicators/versions/{version.pk}/editor/")
    assert page.status_code == 200 and b'data-testid="pillar-CQS"' in page.content
    url = f"/indicators/versions/{version.pk}/editor/indicator/new/"
    assert client.get(url, {"pillar": "HT"}).status_code == 200
    bad = client.post(url, _form({**CHOICE, "max_points": "x"}) | {"options": "CO | Đã ban hành"})
    assert bad.status_code == 200
    assert b'data-testid="error-options"' in bad.content
    done = client.post(url, _form(CHOICE))
    assert done.status_code == 302 and done["Location"] == f"/indicators/versions/{version.pk}/editor/"
    assert Indicator.objects.get(version=version, code="QUY_CHE").options[0]["points"] == "30"
    edit = f"/indicators/versions/{version.pk}/editor/indicator/QUY_CHE/"
    circular = client.post(edit, _form({**CHOICE, "formula": "QUY_CHE + 1", "source": "computed"}))
    assert b'data-testid="error-formula"' in circular.content
    assert client.post(edit + "retire/").status_code == 302
    assert Indicator.all_objects.get(version=version, code="QUY_CHE").is_archived


def test_the_screens_of_a_frozen_version_go_on_in_the_draft(client, world, version):
    open_campaign(world.coordinator, version, [world.commune_a])
    client.force_login(world.admin)
    assert b'data-testid="frozen-note"' in client.get(f"/indicators/versions/{version.pk}/editor/").content
    answer = client.post(
        f"/indicators/versions/{version.pk}/editor/pillar/HT/",
        {"code": "HT", "name": "Hạ tầng", "weight": "5"},
    )
    draft = FrameworkVersion.objects.get(framework=version.framework, number=2)
    assert answer["Location"] == f"/indicators/versions/{draft.pk}/editor/"
    assert Component.objects.get(version=draft, code="HT").weight == 5
    assert Component.objects.get(version=version, code="HT").weight == 1


def test_the_editor_is_for_administrators_and_the_old_address_leads_there(client, world, version):
    hoso = version.indicators.get(code="HOSO")
    client.force_login(world.coordinator)
    assert client.get(f"/indicators/versions/{version.pk}/editor/").status_code == 403
    assert client.get(f"/indicators/versions/{version.pk}/editor/rule/new/").status_code == 403
    client.force_login(world.admin)
    assert client.get(f"/indicators/versions/{version.pk}/editor/thing/new/").status_code == 404
    assert client.get(f"/indicators/versions/{version.pk}/editor/indicator/NOPE/").status_code == 404
    old = client.get(f"/indicators/indicator/{hoso.pk}/edit/")
    assert old["Location"] == f"/indicators/versions/{version.pk}/editor/indicator/HOSO/"
