"""Forms of the screens that keep the module's records: agreements (with the signed document and
amendments), school projects, the priority list, partner profiles with their contacts and the
solutions catalogue. They parse and present; the services decide
(their refusals come back on the fields they name)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import GOVERNMENT_KINDS, PARTNER_KINDS, OrgUnit, UnitKind
from dxoffice.core.permissions import Action, AnyUser, unit_filter, units_in_scope
from dxoffice.partners.maturity import QUESTIONS
from dxoffice.partners.models import (
    Commitment,
    CommitmentArea,
    Enterprise,
    EnterpriseStatus,
    PrioritySector,
    SchoolLevel,
    SupportNeed,
)
from dxoffice.partners.permissions import agreements_visible_to

SEARCHABLE = {"data-searchable": "true", "data-no-results": _("No match")}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def styled(form: forms.Form) -> None:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select"
        else:
            widget.attrs["class"] = "form-control"


class AgreementForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=300)
    owner_unit = forms.ModelChoiceField(
        label=_("Owner unit"),
        queryset=OrgUnit.objects.none(),
        help_text=_("The government party that keeps the agreement."),
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Other parties"),
        queryset=OrgUnit.objects.none(),
        help_text=_("The partners and other units that signed it."),
        widget=forms.SelectMultiple(attrs=SEARCHABLE),
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    scope = forms.CharField(
        label=_("Scope"), max_length=8000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = units_in_scope(user, Action.PLAN).filter(kind__in=GOVERNMENT_KINDS).order_by("path")
        cast(forms.ModelChoiceField, self.fields["owner_unit"]).queryset = owners
        parties = OrgUnit.objects.filter(kind__in=[*PARTNER_KINDS, *GOVERNMENT_KINDS]).order_by(
            "kind", "name"
        )
        cast(forms.ModelMultipleChoiceField, self.fields["parties"]).queryset = parties
        styled(self)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Signed document"))
    description = forms.CharField(label=_("Description"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)


class AmendmentForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=60)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    summary = forms.CharField(
        label=_("What it changes"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("Signed amendment"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)


class CommitmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.agreement.number} · {obj.code}. {obj.title}"


class SchoolProjectForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("School or institution"),
        queryset=OrgUnit.objects.filter(kind__in=[UnitKind.SCHOOL, UnitKind.UNIVERSITY]).order_by("name"),
        widget=forms.Select(attrs=SEARCHABLE),
    )
    title = forms.CharField(label=_("Project"), max_length=300)
    commitment = CommitmentChoiceField(
        label=_("Commitment it fulfils"),
        queryset=Commitment.objects.none(),
        required=False,
        help_text=_("A project that fulfils a commitment is kept by that agreement's owner unit."),
    )
    students_in_it = forms.IntegerField(label=_("Students in IT programs"), min_value=0, max_value=10**7)
    teachers_trained = forms.IntegerField(label=_("Teachers trained"), min_value=0, max_value=10**7)
    classrooms_equipped = forms.IntegerField(label=_("Classrooms equipped"), min_value=0, max_value=10**6)

    def __init__(self, *args: Any, user: AnyUser, current: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        managed = agreements_visible_to(user).filter(unit_filter(user, Action.PLAN, "owner_unit"))
        commitments = (
            Commitment.objects.filter(agreement__in=managed.values("pk"))
            .filter(~Q(status="dropped") | Q(pk=current))
            .select_related("agreement")
            .order_by("agreement__number", "code")
        )
        cast(CommitmentChoiceField, self.fields["commitment"]).queryset = commitments
        styled(self)


class PriorityListingForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=Enterprise.objects.none(), widget=forms.Select(attrs=SEARCHABLE)
    )
    program = forms.CharField(label=_("Regional program"), max_length=200)
    rule = forms.CharField(
        label=_("Rule that puts it on the list"),
        max_length=400,
        help_text=_(
            "The criterion of the program it meets, e.g. an SME of a priority sector assessed at level 2 or above."
        ),
    )
    listed_on = forms.DateField(label=_("Listed on"), required=False, widget=DATE)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = unit_filter(user, Action.PLAN, "commune")
        enterprises = Enterprise.objects.filter(Q(status=EnterpriseStatus.VERIFIED) & scope).order_by("name")
        cast(forms.ModelChoiceField, self.fields["enterprise"]).queryset = enterprises
        styled(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=400)


ANSWER_CHOICES = [
    (0, _("0 · not at all")),
    (1, _("1 · started")),
    (2, _("2 · partly")),
    (3, _("3 · mostly")),
    (4, _("4 · fully")),
]


class AssessmentForm(forms.Form):
    """The year's self-assessment: one answer 0–4 per question of `maturity.QUESTIONS`."""

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.TypedChoiceField(
            label=_("Year"), choices=[(y, str(y)) for y in years], coerce=int
        )
        for question in QUESTIONS:
            self.fields[question.code] = forms.TypedChoiceField(
                label=str(question.text),
                choices=ANSWER_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.fields["year"].widget.attrs["class"] = "form-select form-select-sm w-auto"

    def answers(self) -> dict[str, int]:
        return {q.code: self.cleaned_data[q.code] for q in QUESTIONS}


class CommitmentForm(forms.Form):
    """What a party committed to (its status moves on the status form)."""

    party = forms.ModelChoiceField(label=_("Party"), queryset=OrgUnit.objects.none())
    area = forms.ChoiceField(label=_("Area"), choices=CommitmentArea.choices)
    title = forms.CharField(label=_("Commitment"), max_length=300)
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measure = forms.CharField(label=_("Measure of completion"), max_length=400)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)

    def __init__(self, *args: Any, agreement: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = agreement.parties.order_by("kind", "name")
        cast(forms.ModelChoiceField, self.fields["party"]).queryset = parties
        styled(self)


class PartnerProfileForm(forms.Form):
    """What the module keeps of a partner unit; its name and place in the tree are the unit's."""

    contact_name = forms.CharField(label=_("Main contact"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    school_level = forms.ChoiceField(
        label=_("School level"), choices=[("", "—"), *SchoolLevel.choices], required=False
    )
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, partner: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partner.kind not in (UnitKind.SCHOOL, UnitKind.UNIVERSITY):
            del self.fields["school_level"]
        styled(self)


class PartnerContactForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)


PRICE = {"max_digits": 18, "decimal_places": 0, "min_value": 0}


class SolutionForm(forms.Form):
    name = forms.CharField(label=_("Solution"), max_length=200)
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=OrgUnit.objects.filter(kind__in=PARTNER_KINDS).order_by("kind", "name"),
        widget=forms.Select(attrs=SEARCHABLE),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=PrioritySector.choices)
    need = forms.ChoiceField(label=_("Need"), choices=SupportNeed.choices)
    price_min = forms.DecimalField(label=_("Lowest price (VND)"), **PRICE)  # type: ignore[arg-type]
    price_max = forms.DecimalField(label=_("Highest price (VND)"), **PRICE)  # type: ignore[arg-type]
    references = forms.CharField(
        label=_("References"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where it is already in use, with a contact or a link."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)
