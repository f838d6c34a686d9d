"""Dates read the same way to everyone: "1 Dec 2026" in English (never the US 12/01/2026) and
"01/12/2026" in Vietnamese, wherever a template or a form uses the language's formats."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import translation
from django.utils.formats import date_format

DAY = date(2026, 12, 1)
MOMENT = datetime(2026, 12, 1, 14, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.mark.parametrize(
    ("language", "short", "long", "moment"),
    [
        ("en", "1 Dec 2026", "1 Dec 2026", "1 Dec 2026 14:30"),
        ("vi", "01/12/2026", "01/12/2026", "14:30 01/12/2026"),
    ],
)
def test_each_language_writes_dates_unambiguously(language, short, long, moment):
    with translation.override(language):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == short
        assert date_format(DAY) == long
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == moment


def test_english_forms_do_not_read_dates_the_us_way():
    class Form(forms.Form):
        day = forms.DateField()

    with translation.override("en"):
        for typed in ("01/12/2026", "2026-12-01", "1 Dec 2026"):
            form = Form({"day": typed})
            assert form.is_valid() and form.cleaned_data["day"] == DAY, typed  # 1 December, not 12 January


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_date_field_renders_its_value_as_the_browsers_date_input_needs(language):
    class Form(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    with translation.override(language):
        assert 'value="2026-12-01"' in str(Form(initial={"day": DAY})["day"])
