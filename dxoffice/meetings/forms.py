"""Forms of the meetings screens. They parse and present; services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import OrgUnit, User
from dxoffice.core.permissions import Action, units_in_scope
from dxoffice.meetings.models import (
    Attendance,
    Majority,
    MajorityBase,
    Meeting,
    ParticipantRole,
    PollKind,
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Organising unit"))
    chair = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Chair"), required=False)
    online_link = forms.URLField(
        label=_("Online link"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "unit",
            "starts_at",
            "ends_at",
            "room",
            "online_link",
            "confidential",
            "quorum_percent",
        ]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args: Any, user: User, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units_in_scope(
            user, Action.PLAN
        ).order_by("path")
        chairs = User.objects.filter(is_active=True).order_by("full_name", "username")
        cast(forms.ModelChoiceField, self.fields["chair"]).queryset = chairs
        if not creating:
            del self.fields["unit"]
            del self.fields["chair"]


class ParticipantForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Person"), required=False)
    guest_name = forms.CharField(label=_("or a guest's name"), max_length=150, required=False)
    guest_email = forms.EmailField(label=_("Guest's e-mail (for the invitation)"), required=False)
    guest_organisation = forms.CharField(label=_("Guest's organisation"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices, initial=ParticipantRole.MEMBER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).order_by("full_name", "username")
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = people


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices)
    reason = forms.CharField(label=_("Reason for absence"), max_length=300, required=False)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=400)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    starts_at = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration_minutes = forms.IntegerField(label=_("Minutes allowed"), min_value=1, max_value=600, initial=15)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, DOCX, XLSX, image)"))
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    document = forms.IntegerField(required=False, widget=forms.HiddenInput)
    is_draft = forms.BooleanField(label=_("Draft for comments"), required=False)


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class PollForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=PollKind.choices)
    options = forms.CharField(
        label=_("Options (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    max_choices = forms.IntegerField(
        label=_("At most this many choices"), min_value=1, max_value=20, initial=1
    )
    secret = forms.BooleanField(label=_("Secret ballot"), required=False)
    majority = forms.ChoiceField(label=_("Majority"), choices=Majority.choices)
    base = forms.ChoiceField(label=_("Majority of"), choices=MajorityBase.choices)
    requires_quorum = forms.BooleanField(label=_("Needs the quorum"), required=False, initial=True)
    deadline = forms.DateTimeField(label=_("Answers until"), required=False, widget=DateTimeInput())
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=500)
    plan = forms.ChoiceField(label=_("Annual plan"))
    pillar = forms.ChoiceField(label=_("Pillar"))
    lead_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Lead unit"))
    coordinating_units = forms.ModelMultipleChoiceField(
        queryset=OrgUnit.objects.none(), label=_("Coordinating units"), required=False
    )
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self,
        *args: Any,
        user: User,
        plans: list[tuple[str, str]],
        pillars: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["plan"]).choices = plans
        cast(forms.ChoiceField, self.fields["pillar"]).choices = pillars
        units = units_in_scope(user, Action.PLAN).order_by("path")
        cast(forms.ModelChoiceField, self.fields["lead_unit"]).queryset = units
        viewed = units_in_scope(user, Action.VIEW).order_by("path")
        cast(forms.ModelMultipleChoiceField, self.fields["coordinating_units"]).queryset = viewed
