"""Frameworks are data: YAML, JSON and .xlsx round trips without loss, and imports that say what is wrong."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxoffice.core.exceptions import StateConflict
from dxoffice.indicators import exchange, services
from dxoffice.indicators.models import Framework, Indicator
from dxoffice.indicators.tests.factories import SMALL, open_campaign, small_framework

SHIPPED = sorted((Path(__file__).resolve().parents[1] / "frameworks").glob("*.yaml"))


def _round_trip(version, write, name):
    exported = services.framework_export(version)
    content = write(exported)
    data = exchange.read_file(name, io.BytesIO(content if isinstance(content, bytes) else content.encode()))
    again = services.framework_import(
        by=version.history.first().history_user, data=data, owner_unit=version.framework.owner_unit
    )
    assert again.number == version.number + 1
    return exported, services.framework_export(again)


@pytest.mark.parametrize(
    ("write", "name"),
    [(exchange.to_yaml, "f.yaml"), (exchange.to_json, "f.json"), (exchange.to_xlsx, "f.xlsx")],
)
def test_a_framework_round_trips_without_loss(world, write, name):
    version = small_framework(world.admin, world.province)
    exported, again = _round_trip(version, write, name)
    assert again == exported


def test_a_formula_like_text_survives_the_xlsx_round_trip_as_text(world):
    data = {**SMALL, "description": '=HYPERLINK("http://x")'}
    version = small_framework(world.admin, world.province, **data)
    exported, again = _round_trip(version, exchange.to_xlsx, "f.xlsx")
    assert again["description"] == '=HYPERLINK("http://x")'


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_shipped_framework_imports_and_round_trips(world, path):
    data = exchange.read_file(path.name, io.BytesIO(path.read_bytes()))
    data["indicators"] = [dict(i, objective="") for i in data["indicators"]]
    version = services.framework_import(by=world.admin, data=data, owner_unit=world.province)
    assert version.indicators.count() >= 8
    exported, again = _round_trip(version, exchange.to_xlsx, "f.xlsx")
    assert again == exported


def test_an_import_with_errors_saves_nothing_and_names_each_place(world):
    data = {**SMALL, "indicators": [dict(i) for i in SMALL["indicators"]]}
    data["indicators"][2]["formula"] = "PCT(DVC_ONLINE, NOPE)"
    data["indicators"][3]["scoring"] = "magic"
    data["indicators"][4]["component"] = "XX"
    with pytest.raises(ValidationError) as error:
        services.framework_import(by=world.admin, data=data, owner_unit=world.province)
    errors = error.value.message_dict
    assert "indicators[4].scoring" in errors
    assert "indicators[5].component" in errors
    assert any("NOPE" in m for m in errors["indicators"])
    assert not Framework.objects.exists()


def test_circular_formulas_are_refused_when_saved(world):
    data = {**SMALL, "indicators": [dict(i) for i in SMALL["indicators"]]}
    data["indicators"][0].update(source="computed", formula="DVC_RATE * 2")
    with pytest.raises(ValidationError) as error:
        services.framework_import(by=world.admin, data=data, owner_unit=world.province)
    assert any("Circular" in m for m in error.value.message_dict["indicators"])
    version = small_framework(world.admin, world.province)
    total = Indicator.objects.get(version=version, code="DVC_TOTAL")
    with pytest.raises(ValidationError) as error:
        services.indicator_update(by=world.admin, indicator=total, formula="DVC_RATE + 1")
    assert "Circular" in error.value.message_dict["formula"][0]


def test_a_version_used_by_a_campaign_is_frozen_and_edits_make_a_new_version(world):
    version = small_framework(world.admin, world.province)
    open_campaign(world.coordinator, version, [world.commune_a])
    indicator = Indicator.objects.get(version=version, code="HOSO")
    with pytest.raises(StateConflict):
        services.indicator_update(by=world.admin, indicator=indicator, name="Đổi tên")
    new = services.version_copy(by=world.admin, version=version)
    assert (new.number, new.is_frozen) == (2, False)
    changed = services.indicator_update(
        by=world.admin, indicator=new.indicators.get(code="HOSO"), name="Đổi tên"
    )
    assert changed.name == "Đổi tên"
    assert Indicator.objects.get(version=version, code="HOSO").name != "Đổi tên"


def test_only_an_administrator_imports(world):
    with pytest.raises(PermissionDenied):
        small_framework(world.coordinator, world.province)


def test_an_unreadable_file_is_a_clear_error():
    with pytest.raises(ValidationError) as error:
        exchange.read_file("f.yaml", io.BytesIO(b"a: [unclosed"))
    assert "cannot be read" in error.value.message_dict["file"][0]
    with pytest.raises(ValidationError):
        exchange.read_file("f.xlsx", io.BytesIO(b"not a workbook"))


@pytest.mark.parametrize(
    "broken",
    [
        {"components": "CQS"},
        {"indicators": [{"code": "X", "component": "CQS", "order": "first"}]},
        {"rules": ["X > 1"]},
        {"indicators": [dict(SMALL["indicators"][0], value_type="choice", options=[{"label": "?"}])]},
        {"indicators": [dict(SMALL["indicators"][0], scoring="bands", bands=[{"points": "a lot"}])]},
        {"indicators": [dict(SMALL["indicators"][0], unit_kinds=[{"kind": "commune"}])]},
        {"missing_rule": "sometimes"},
    ],
)
def test_a_malformed_framework_is_refused_with_a_message_never_a_crash(world, broken):
    with pytest.raises(ValidationError):
        services.framework_import(by=world.admin, data={**SMALL, **broken}, owner_unit=world.province)
    assert not Framework.objects.exists()


@pytest.mark.parametrize("order", ["first", 2.5, "1,5"])
def test_an_xlsx_order_that_is_not_a_whole_number_names_the_sheet_row_and_column(world, order):
    from openpyxl import load_workbook

    version = small_framework(world.admin, world.province)
    book = load_workbook(io.BytesIO(exchange.to_xlsx(services.framework_export(version))))
    sheet = book["indicators"]
    column = [c.value for c in sheet[1]].index("order") + 1
    sheet.cell(row=3, column=column, value=order)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    with pytest.raises(ValidationError) as error:
        exchange.read_file("f.xlsx", buffer)
    errors = error.value.message_dict
    assert list(errors) == ["indicators[3].order"]
    assert "row 3" in errors["indicators[3].order"][0] and "“order”" in errors["indicators[3].order"][0]


def test_a_whole_number_order_written_as_text_or_float_is_read(world):
    from openpyxl import load_workbook

    version = small_framework(world.admin, world.province)
    book = load_workbook(io.BytesIO(exchange.to_xlsx(services.framework_export(version))))
    sheet = book["indicators"]
    column = [c.value for c in sheet[1]].index("order") + 1
    sheet.cell(row=2, column=column, value=" 7 ")
    sheet.cell(row=3, column=column, value=8.0)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    data = exchange.read_file("f.xlsx", buffer)
    assert [i["order"] for i in data["indicators"][:2]] == [7, 8]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scoring": "fixed", "lower_bound": None, "upper_bound": "100"}, "lower_bound"),
        ({"scoring": "fixed", "lower_bound": "0", "upper_bound": ""}, "upper_bound"),
        ({"scoring": "target", "target": None}, "target"),
    ],
)
def test_a_scoring_method_without_its_parameters_is_refused_naming_indicator_and_field(world, changes, field):
    data = {**SMALL, "indicators": [dict(i) for i in SMALL["indicators"]]}
    data["indicators"][3].update(changes)  # HOSO, a percentage
    with pytest.raises(ValidationError) as error:
        services.framework_import(by=world.admin, data=data, owner_unit=world.province)
    errors = error.value.message_dict
    assert list(errors) == [f"indicators[4].{field}"]
    assert "HOSO" in errors[f"indicators[4].{field}"][0]
    assert not Framework.objects.exists()


def test_an_indicator_saved_without_its_scoring_parameters_is_refused(world):
    version = small_framework(world.admin, world.province)
    rate = Indicator.objects.get(version=version, code="DVC_RATE")
    with pytest.raises(ValidationError) as error:
        services.indicator_update(by=world.admin, indicator=rate, upper_bound=None)
    assert "DVC_RATE" in error.value.message_dict["upper_bound"][0]
    hoso = Indicator.objects.get(version=version, code="HOSO")
    with pytest.raises(ValidationError) as error:
        services.indicator_update(by=world.admin, indicator=hoso, scoring="target")
    assert "HOSO" in error.value.message_dict["target"][0]
    services.indicator_update(by=world.admin, indicator=hoso, scoring="target", target=80)
    cap = Indicator.objects.get(version=version, code="CAP_QUANG")  # yes/no scores by its points
    services.indicator_update(by=world.admin, indicator=cap, scoring="fixed")
