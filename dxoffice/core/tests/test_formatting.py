from decimal import Decimal

from django.utils import translation

from dxoffice.core.templatetags.dx import billions, pct, vnd


def test_money_is_grouped_in_threes_as_each_language_writes_it():
    with translation.override("vi"):
        assert vnd(Decimal("1250000000")) == "1.250.000.000"
        assert billions(Decimal("1250000000")) == "1,2"
        assert pct(60.9) == "60,9%"
    with translation.override("en"):
        assert vnd(Decimal("1250000000")) == "1,250,000,000"
    assert vnd(None) == "—"
