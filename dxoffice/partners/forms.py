"""The public registration form: an enterprise registers and, if it wishes, asks for help."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import LOCAL_KINDS, OrgUnit
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
