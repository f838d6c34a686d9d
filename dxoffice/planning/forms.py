"""Forms of the program register. They parse and present; services decide."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import GOVERNMENT_KINDS, PARTNER_KINDS, OrgUnit
from dxoffice.core.permissions import Action, units_in_scope
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


class TaskForm(BootstrapMixin, forms.ModelForm):
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
            "coordinating_units": forms.SelectMultiple(attrs={"size": 6}),
            "directives": forms.SelectMultiple(attrs={"size": 4}),
            "objectives": forms.SelectMultiple(attrs={"size": 4}),
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
            self.fields["plan"].disabled = True
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)
        self._style()

    def _post_clean(self):
        # Model validation happens in the service (one set of rules for UI, API and imports).
        pass


class StatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=TaskStatus.choices)
    reason = forms.CharField(
        label=_("Reason / note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DateInput())
    evidence = MultipleFileField(label=_("Evidence files"))

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [(v, TaskStatus(v).label) for v in allowed]
        self._style()


class ReportForm(BootstrapMixin, forms.ModelForm):
    evidence = MultipleFileField(label=_("Evidence files"))

    class Meta:
        model = ProgressReport
        fields = ["period", "percent_complete", "work_done", "blockers", "proposals"]
        widgets = {
            "work_done": forms.Textarea(attrs={"rows": 4}),
            "blockers": forms.Textarea(attrs={"rows": 2}),
            "proposals": forms.Textarea(attrs={"rows": 2}),
            "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }
        help_texts = {"period": _("For example 2026Q3 (quarter), 2026M09 (month) or 2026 (year).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BudgetLineForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "source", "planned", "allocated", "disbursed", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = FundingSource.choices
        for name in ("planned", "allocated", "disbursed"):
            self.fields[name].widget.attrs.update({"min": 0, "step": 1000000})
        self._style()


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ActualForm(BootstrapMixin, forms.Form):
    period = forms.CharField(label=_("Period"), max_length=8, help_text=_("2026, 2026Q1 or 2026M03"))
    value = forms.DecimalField(label=_("Actual value"), max_digits=20, decimal_places=4)
    note = forms.CharField(label=_("Note"), required=False, max_length=400)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class MilestoneForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Milestone / deliverable"), max_length=300)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
