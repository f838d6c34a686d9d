import pytest

from dxoffice.core.models import OrgUnit, UnitKind
from dxoffice.core.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_units_hold_a_materialised_path_and_subtree_is_a_prefix_query():
    province = OrgUnitFactory(code="P1", kind=UnitKind.PROVINCE)
    commune = OrgUnitFactory(code="C1", parent=province)
    hamlet = OrgUnitFactory(code="H1", parent=commune)
    other = OrgUnitFactory(code="P2", kind=UnitKind.PROVINCE)
    assert commune.path == f"/{province.pk}/{commune.pk}/"
    assert hamlet.depth == 2
    subtree = set(OrgUnit.objects.filter(path__startswith=province.path).values_list("code", flat=True))
    assert subtree == {"P1", "C1", "H1"}
    assert other.path not in subtree


def test_moving_a_unit_moves_its_subtree():
    a = OrgUnitFactory(code="A", kind=UnitKind.PROVINCE)
    b = OrgUnitFactory(code="B", kind=UnitKind.PROVINCE)
    child = OrgUnitFactory(code="CH", parent=a)
    grandchild = OrgUnitFactory(code="GC", parent=child)
    child.parent = b
    child.save()
    grandchild.refresh_from_db()
    assert grandchild.path == f"/{b.pk}/{child.pk}/{grandchild.pk}/"


def test_prefix_of_an_id_does_not_leak_into_other_subtrees():
    units = [OrgUnitFactory(code=f"R{i}", kind=UnitKind.PROVINCE) for i in range(12)]
    first = units[0]
    OrgUnitFactory(code="UNDER-FIRST", parent=first)
    codes = set(OrgUnit.objects.filter(path__startswith=first.path).values_list("code", flat=True))
    assert codes == {first.code, "UNDER-FIRST"}


def test_unit_names_are_normalised_and_searchable_without_accents():
    unit = OrgUnitFactory(code="XTT", name="Xa\u0303 Tân Thuận")
    assert unit.name == "Xã Tân Thuận"
    assert "xa tan thuan" in unit.search_text
