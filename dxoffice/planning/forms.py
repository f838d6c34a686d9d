"""Forms of the program register. They parse and present; services decide."""

from __future__ import annotations

from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dxoffice.core.documents.labels import period_name, recent_periods
from dxoffice.core.models import GOVERNMENT_KINDS, LOCAL_KINDS, PARTNER_KINDS, OrgUnit
from dxoffice.core.periods import MONTH, QUARTER, YEAR, Period, canonical_period, period_label
from dxoffice.core.permissions import Action, units_in_scope
from dxoffice.core.text import fold
from dxoffice.planning.models import (
    AnnualPlan,
    BudgetLine,
    Directive,
    FundingSource,
    Objective,
    Pillar,
    ProgressReport,
    Sector,
    Task,
    TaskStatus,
)
from dxoffice.planning.origins import DEFAULT_ORIGIN, manual_origin_choices, origin_kind
from dxoffice.planning.selectors import tasks_visible_to


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


UNIT_GROUPS = (
    (_("Provincial departments and agencies"), GOVERNMENT_KINDS - LOCAL_KINDS),
    (_("Communes, wards and special zones"), LOCAL_KINDS),
    (_("Partners"), PARTNER_KINDS),
)


class GroupedUnitIterator(forms.models.ModelChoiceIterator):
    """Units grouped as people look for them (departments, communes and wards, partners), each group
    sorted by name the way Vietnamese reads it (accents folded first)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        units = sorted(self.queryset, key=lambda unit: (fold(unit.name), unit.name))
        for label, kinds in UNIT_GROUPS:
            members = [self.choice(unit) for unit in units if unit.kind in kinds]
            if members:
                yield (str(label), members)

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class GroupedUnitChoiceField(forms.ModelChoiceField):
    iterator = GroupedUnitIterator


class GroupedUnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = GroupedUnitIterator


SEARCHABLE = {"data-searchable": "true", "data-no-results": _("No match")}


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class VersionField(forms.IntegerField):
    """The version of the record the form was loaded with (hidden): the service refuses to save
    over a change someone else made meanwhile."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, required=False, min_value=1, **kwargs)


class TaskForm(BootstrapMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Task
        fields = [
            "plan",
            "code",
            "title",
            "description",
            "kind",
            "pillar",
            "sector",
            "lead_unit",
            "coordinating_units",
            "partner",
            "parent",
            "directives",
            "objectives",
            "start_date",
            "due_date",
            "is_recurring",
            "reporting_cycle",
            "priority",
            "origin",
            "origin_ref",
            "expected_result",
        ]
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            "directives": forms.SelectMultiple(attrs={"size": 4, **SEARCHABLE}),
            "objectives": forms.SelectMultiple(attrs={"size": 4, **SEARCHABLE}),
            "parent": forms.Select(attrs=SEARCHABLE),
        }
        field_classes = {
            "lead_unit": GroupedUnitChoiceField,
            "coordinating_units": GroupedUnitMultipleChoiceField,
            "partner": GroupedUnitChoiceField,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        government = OrgUnit.objects.filter(kind__in=GOVERNMENT_KINDS)
        self.fields["lead_unit"].queryset = units_in_scope(user, Action.PLAN).filter(
            kind__in=GOVERNMENT_KINDS
        )
        self.fields["coordinating_units"].queryset = government
        self.fields["coordinating_units"].required = False
        self.fields["partner"].queryset = OrgUnit.objects.filter(kind__in=PARTNER_KINDS)
        for name in ("lead_unit", "coordinating_units", "partner"):
            self.fields[name].widget.attrs.update({"size": 6} if name == "coordinating_units" else {})
            self.fields[name].widget.attrs.update(SEARCHABLE)
        self.fields["plan"].queryset = AnnualPlan.objects.select_related("program")
        self.fields["pillar"].queryset = Pillar.objects.all()
        self.fields["sector"].queryset = Sector.objects.all()
        self.fields["directives"].queryset = Directive.objects.all()
        self.fields["objectives"].queryset = Objective.objects.all()
        self.fields["parent"].queryset = (
            tasks_visible_to(user).filter(parent__isnull=True).only("code", "title")
        )
        self.fields["origin"] = forms.ChoiceField(
            label=_("Origin"), choices=manual_origin_choices(), initial=DEFAULT_ORIGIN
        )
        if self.instance.pk and self.instance.origin_id is not None:
            kind = origin_kind(self.instance.origin)
            self.fields["origin"].choices = [
                (self.instance.origin, kind.label if kind else self.instance.origin)
            ]
            self.fields["origin"].disabled = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["plan"].disabled = True
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)
        self._style()

    def _post_clean(self):
        # Model validation happens in the service (one set of rules for UI, API and imports).
        pass


class StatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=TaskStatus.choices)
    reason = forms.CharField(
        label=_("Reason / note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DateInput())
    evidence = MultipleFileField(label=_("Evidence files"))

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [(v, TaskStatus(v).label) for v in allowed]
        self._style()


PERIODS_OFFERED = {MONTH: 6, QUARTER: 4, YEAR: 3}


def cycle_period_choices(cycle: str, today: date, keep: str = "") -> list[tuple[str, str]]:
    """The periods a task of this reporting cycle reports on, written as people write them
    ("Tháng 12/2026", "Quý IV/2026", "Năm 2026"), the current one first; `keep` (the period of a
    report being edited) stays offered even when it is older."""
    kind = cycle if cycle in PERIODS_OFFERED else QUARTER
    period = Period.containing(today, kind)
    choices = []
    for _index in range(PERIODS_OFFERED[kind]):
        choices.append((period.code, period_label(period)))
        period = period.previous()
    if keep and keep not in dict(choices):
        choices.append((keep, period_name(keep)))
    return choices


class ReportForm(BootstrapMixin, forms.ModelForm):
    evidence = MultipleFileField(label=_("Evidence files"))
    version = VersionField()

    class Meta:
        model = ProgressReport
        fields = ["period", "percent_complete", "work_done", "blockers", "proposals"]
        widgets = {
            "work_done": forms.Textarea(attrs={"rows": 4}),
            "blockers": forms.Textarea(attrs={"rows": 2}),
            "proposals": forms.Textarea(attrs={"rows": 2}),
            "percent_complete": forms.NumberInput(
                attrs={"min": 0, "max": 100, "step": 5, "inputmode": "numeric"}
            ),
        }

    def __init__(self, *args, task: Task | None = None, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if task is not None and today is not None:
            keep = self.instance.period if self.instance.pk else ""
            self.fields["period"] = forms.ChoiceField(
                label=_("Reporting period"),
                choices=cycle_period_choices(task.reporting_cycle, today, keep),
                help_text=_("The periods of this task's reporting cycle, the current one first."),
            )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self._style()

    def clean_period(self) -> str:
        """Whatever the field offers or a person types, the one canonical code (2026Q1, 2026M03)."""
        return canonical_period(self.cleaned_data.get("period") or "")


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BudgetLineForm(BootstrapMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = BudgetLine
        fields = ["year", "source", "planned", "allocated", "disbursed", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["source"].choices = FundingSource.choices
        for name in ("planned", "allocated", "disbursed"):
            # Whole đồng, as the server takes them: the browser must not ask for whole millions.
            self.fields[name].widget.attrs.update({"min": 0, "step": 1, "inputmode": "numeric"})
        self._style()


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))
        self.fields["description"].widget.attrs.setdefault(
            "placeholder", str(self.fields["description"].label)
        )
        self._style()


class ActualForm(BootstrapMixin, forms.Form):
    period = forms.CharField(label=_("Period"), max_length=8, help_text=_("2026, 2026Q1 or 2026M03"))
    value = forms.DecimalField(label=_("Actual value"), max_digits=20, decimal_places=4)
    note = forms.CharField(label=_("Note"), required=False, max_length=400)

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if today is not None:
            # Chosen from a list of periods that have begun, written the Vietnamese way.
            self.fields["period"] = forms.ChoiceField(
                label=_("Period"), choices=[("", "—"), *recent_periods(today, months=12, quarters=8, years=5)]
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))
        self._style()

    def clean_period(self) -> str:
        return canonical_period(self.cleaned_data.get("period") or "")


class MilestoneForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Milestone / deliverable"), max_length=300)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))
        self.fields["title"].widget.attrs.setdefault("placeholder", str(self.fields["title"].label))
        self._style()


class CommentForm(BootstrapMixin, forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("comment", _("Comment")), ("direction", _("Direction"))],
    )

    def __init__(self, *args, may_direct: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_direct:
            del self.fields["kind"]
        self._style()


class ExtensionRequestForm(BootstrapMixin, forms.Form):
    proposed_due_date = forms.DateField(label=_("Proposed deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
