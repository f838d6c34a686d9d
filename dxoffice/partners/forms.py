"""Forms of the partners screens: the public registration form (an enterprise registers and, if it
wishes, asks for help) and the task assigned from a commitment or a school project."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import LOCAL_KINDS, OrgUnit
from dxoffice.core.permissions import AnyUser
from dxoffice.partners import planning_refs
from dxoffice.partners.models import EnterpriseSize, PrioritySector, SupportNeed
from dxoffice.partners.services.enterprises import clean_tax_code

HONEYPOT = "website"  # hidden from people; a robot filling it is refused


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Enterprise name"), max_length=255)
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        help_text=_("10 digits, or 13 with the branch number (0100109106-001)."),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=PrioritySector.choices)
    size = forms.ChoiceField(label=_("Size"), choices=EnterpriseSize.choices)
    commune = forms.ModelChoiceField(
        label=_("Commune or ward"), queryset=OrgUnit.objects.filter(kind__in=LOCAL_KINDS).order_by("name")
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    on_digital_platform = forms.BooleanField(
        label=_("We already sell or manage our business on a digital platform"), required=False
    )
    need = forms.ChoiceField(
        label=_("What help do you need?"),
        choices=[("", _("No request for now")), *SupportNeed.choices],
        required=False,
    )
    description = forms.CharField(
        label=_("Describe what you need"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            elif name != HONEYPOT:
                widget.attrs["class"] = "form-control"

    def clean_tax_code(self) -> str:
        try:
            return clean_tax_code(self.cleaned_data["tax_code"])
        except ValidationError as error:
            raise ValidationError(error.message_dict.get("tax_code", error.messages)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("need") and not (data.get("description") or "").strip():
            self.add_error("description", _("Describe what you need."))
        if data.get(HONEYPOT):
            raise ValidationError(_("The form could not be accepted."))
        return data


class TaskAssignForm(forms.Form):
    """A task of the program register carrying a commitment or a school project out. It parses and
    presents; the partners service and planning decide (their refusals come back on the fields)."""

    title = forms.CharField(label=_("Task"), max_length=500)
    code = forms.CharField(
        label=_("Task code"),
        max_length=40,
        required=False,
        help_text=_("Leave it empty to take the plan's next free code."),
    )
    plan = forms.ChoiceField(label=_("Annual plan"))
    pillar = forms.ChoiceField(label=_("Pillar"))
    lead_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Lead unit"))
    coordinating_units = forms.ModelMultipleChoiceField(
        queryset=OrgUnit.objects.none(), label=_("Coordinating units"), required=False
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["plan"]).choices = planning_refs.plan_choices(user)
        cast(forms.ChoiceField, self.fields["pillar"]).choices = planning_refs.pillar_choices()
        cast(forms.ModelChoiceField, self.fields["lead_unit"]).queryset = planning_refs.lead_units(user)
        cast(
            forms.ModelMultipleChoiceField, self.fields["coordinating_units"]
        ).queryset = planning_refs.coordinating_units(user)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.SelectMultiple):
                widget.attrs.update({"class": "form-select form-select-sm", "size": 4})
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"

    def task_fields(self) -> dict[str, Any]:
        """What the service passes on to `planning.services.task_create` (a valid form only)."""
        data = self.cleaned_data
        fields: dict[str, Any] = {
            "title": data["title"].strip(),
            "pillar": planning_refs.pillar_by_id(data["pillar"]),
            "lead_unit": data["lead_unit"],
            "coordinating_units": list(data["coordinating_units"]),
            "start_date": data["start_date"],
            "due_date": data["due_date"],
        }
        if data["code"].strip():
            fields["code"] = data["code"].strip()
        return fields

    def chosen_plan(self) -> Any:
        return planning_refs.plan_by_id(self.cleaned_data["plan"])
