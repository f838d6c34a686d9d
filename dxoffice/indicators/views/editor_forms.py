"""The framework editor's forms. They read what a person types into the shape `framework_export`
gives (options and bands as one line each), and the editor services check it as an import would."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxoffice.core.models import UnitKind
from dxoffice.indicators.models import (
    Aggregation,
    Breakdown,
    BreakdownTotal,
    Component,
    FrameworkVersion,
    IndexMean,
    MissingRule,
    ParentRule,
    PeriodType,
    Polarity,
    ScoringMethod,
    SourceKind,
    ValueType,
)

SEPARATOR = "|"


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select form-select-sm"
        else:
            widget.attrs["class"] = "form-control form-control-sm"
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 3)


def _number_field(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=30,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


def pillar_choices(version: FrameworkVersion, without: str | None = None) -> list[tuple[str, str]]:
    """The version's pillars as a tree: sub-pillars indented under their parent."""
    components = list(Component.objects.filter(version=version))
    children: dict[int | None, list[Component]] = {}
    for component in components:
        children.setdefault(component.parent_id, []).append(component)
    found: list[tuple[str, str]] = []

    def walk(parent: int | None, depth: int) -> None:
        for component in sorted(children.get(parent, []), key=lambda c: (c.order, c.code)):
            if component.code == without:
                continue
            found.append((component.code, "— " * depth + f"{component.code} {component.localized_name}"))
            walk(component.pk, depth + 1)

    walk(None, 0)
    return found


def _lines(text: str) -> list[tuple[int, list[str]]]:
    return [
        (number, [part.strip() for part in line.split(SEPARATOR)])
        for number, line in enumerate((text or "").splitlines(), start=1)
        if line.strip()
    ]


class IndicatorForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("code"), max_length=40)
    name = forms.CharField(label=gettext_lazy("name"), max_length=300)
    name_en = forms.CharField(label=gettext_lazy("name (English)"), max_length=300, required=False)
    component = forms.ChoiceField(label=gettext_lazy("pillar"))
    order = forms.IntegerField(label=gettext_lazy("order"), min_value=0, max_value=32767, required=False)
    definition = forms.CharField(
        label=gettext_lazy("definition"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    unit_of_measure = forms.CharField(label=gettext_lazy("unit of measure"), max_length=40, required=False)
    value_type = forms.ChoiceField(label=gettext_lazy("value type"), choices=ValueType.choices)
    options = forms.CharField(
        label=gettext_lazy("options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "DA_BAN_HANH | Đã ban hành | 30"}),
        help_text=gettext_lazy("One option a line: code | label | points. For a choice indicator."),
    )
    source = forms.ChoiceField(label=gettext_lazy("data source"), choices=SourceKind.choices)
    source_code = forms.CharField(
        label=gettext_lazy("source code"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("The data source another module publishes, e.g. training.coverage."),
    )
    formula = forms.CharField(
        label=gettext_lazy("formula"),
        max_length=1000,
        required=False,
        help_text=gettext_lazy(
            "Over other indicators' codes, e.g. PCT(DVC_ONLINE, DVC_TOTAL). Blank: entered."
        ),
    )
    parent_rule = forms.ChoiceField(label=gettext_lazy("parent units"), choices=ParentRule.choices)
    polarity = forms.ChoiceField(label=gettext_lazy("polarity"), choices=Polarity.choices)
    aggregation = forms.ChoiceField(label=gettext_lazy("aggregation"), choices=Aggregation.choices)
    threshold = _number_field(gettext_lazy("threshold"))
    weight_by = forms.CharField(
        label=gettext_lazy("weighted by (indicator code)"), max_length=40, required=False
    )
    scoring = forms.ChoiceField(label=gettext_lazy("scoring method"), choices=ScoringMethod.choices)
    lower_bound = _number_field(gettext_lazy("lower bound"))
    upper_bound = _number_field(gettext_lazy("upper bound"))
    target = _number_field(gettext_lazy("target"))
    bands = forms.CharField(
        label=gettext_lazy("score bands"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "50 | 3"}),
        help_text=gettext_lazy(
            "One band a line: threshold | points (the value at least the threshold, or at most when lower is better)."
        ),
    )
    weight = _number_field(gettext_lazy("weight"))
    max_points = _number_field(gettext_lazy("maximum points"))
    period_type = forms.ChoiceField(label=gettext_lazy("period type"), choices=PeriodType.choices)
    unit_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("unit kinds that report it"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every kind reports it."),
    )
    evidence_required = forms.BooleanField(label=gettext_lazy("evidence required"), required=False)
    breakdown = forms.ChoiceField(
        label=gettext_lazy("breakdown"),
        required=False,
        help_text=gettext_lazy(
            "A value per option (sex, age group, area…), for entered numbers, counts and money."
        ),
    )
    breakdown_total = forms.ChoiceField(
        label=gettext_lazy("total of the breakdown"), choices=BreakdownTotal.choices
    )
    objective = forms.CharField(
        label=gettext_lazy("program objective"),
        max_length=40,
        required=False,
        help_text=gettext_lazy(
            "The objective's code; its actual is taken from the province's approved value."
        ),
    )

    def __init__(self, *args: Any, version: FrameworkVersion, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["component"]).choices = pillar_choices(version)
        cast(forms.ChoiceField, self.fields["breakdown"]).choices = [
            ("", "—"),
            *((b.code, f"{b.code} {b.localized_name}") for b in Breakdown.objects.filter(version=version)),
        ]
        if not new:
            self.fields["code"].disabled = True
        _style(self)

    @classmethod
    def initial_from(cls, item: dict[str, Any]) -> dict[str, Any]:
        """A record of `framework_export` as the form's initial values."""
        initial = dict(item)
        initial["options"] = "\n".join(
            f" {SEPARATOR} ".join(str(o.get(k, "")) for k in ("code", "label", "points"))
            for o in item["options"]
        )
        initial["bands"] = "\n".join(
            f"{b.get('min', b.get('max', ''))} {SEPARATOR} {b.get('points', '')}" for b in item["bands"]
        )
        return initial

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def clean_options(self) -> list[dict[str, str]]:
        options = []
        for number, parts in _lines(self.cleaned_data["options"]):
            if len(parts) != 3 or not parts[0]:
                raise forms.ValidationError(
                    _("Line %(line)s: write code | label | points.") % {"line": number}
                )
            options.append({"code": parts[0], "label": parts[1], "points": parts[2]})
        return options

    def clean_bands(self) -> list[list[str]]:
        bands = []
        for number, parts in _lines(self.cleaned_data["bands"]):
            if len(parts) != 2:
                raise forms.ValidationError(_("Line %(line)s: write threshold | points.") % {"line": number})
            bands.append(parts)
        return bands

    def data_item(self) -> dict[str, Any]:
        """The record in the shape of `framework_export`."""
        data = dict(self.cleaned_data)
        key = "max" if data["polarity"] == Polarity.LOWER else "min"
        data["bands"] = [{key: threshold, "points": points} for threshold, points in data["bands"]]
        data["order"] = data.get("order") or 0
        return data


class ComponentForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("code"), max_length=40)
    name = forms.CharField(label=gettext_lazy("name"), max_length=300)
    name_en = forms.CharField(label=gettext_lazy("name (English)"), max_length=300, required=False)
    parent = forms.ChoiceField(
        label=gettext_lazy("parent pillar"), required=False, help_text=gettext_lazy("Blank: a top pillar.")
    )
    weight = _number_field(
        gettext_lazy("weight"), gettext_lazy("Its weight in its parent (or in the index).")
    )
    order = forms.IntegerField(label=gettext_lazy("order"), min_value=0, max_value=32767, required=False)

    def __init__(
        self, *args: Any, version: FrameworkVersion, new: bool, code: str | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["parent"]).choices = [
            ("", "—"),
            *pillar_choices(version, without=code),
        ]
        if not new:
            self.fields["code"].disabled = True
        _style(self)

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def data_item(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["order"] = data.get("order") or 0
        return data


class RuleForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("code"), max_length=40)
    expression = forms.CharField(
        label=gettext_lazy("condition"),
        max_length=1000,
        help_text=gettext_lazy("True when the values are right, e.g. DVC_ONLINE <= DVC_TOTAL."),
    )
    message = forms.CharField(label=gettext_lazy("message"), max_length=400)

    def __init__(self, *args: Any, version: FrameworkVersion, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not new:
            self.fields["code"].disabled = True
        _style(self)

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def data_item(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class BreakdownForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("code"), max_length=40)
    name = forms.CharField(label=gettext_lazy("name"), max_length=300)
    name_en = forms.CharField(label=gettext_lazy("name (English)"), max_length=300, required=False)
    options = forms.CharField(
        label=gettext_lazy("options"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "NAM | Nam | Male"}),
        help_text=gettext_lazy("One option a line: code | name | English name; at least two."),
    )

    def __init__(self, *args: Any, version: FrameworkVersion, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not new:
            self.fields["code"].disabled = True
        _style(self)

    @classmethod
    def initial_from(cls, item: dict[str, Any]) -> dict[str, Any]:
        lines = (
            f" {SEPARATOR} ".join(str(o.get(k, "")) for k in ("code", "name", "name_en"))
            for o in item["options"]
        )
        return {**item, "options": "\n".join(lines)}

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def clean_options(self) -> list[dict[str, str]]:
        options = []
        for number, parts in _lines(self.cleaned_data["options"]):
            if len(parts) not in (2, 3) or not parts[0]:
                raise forms.ValidationError(
                    _("Line %(line)s: write code | name | English name.") % {"line": number}
                )
            options.append(
                {"code": parts[0], "name": parts[1], "name_en": parts[2] if len(parts) > 2 else ""}
            )
        return options

    def data_item(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class VersionForm(forms.Form):
    missing_rule = forms.ChoiceField(label=gettext_lazy("missing data"), choices=MissingRule.choices)
    index_mean = forms.ChoiceField(label=gettext_lazy("index mean"), choices=IndexMean.choices)
    note = forms.CharField(label=gettext_lazy("note"), max_length=400, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
