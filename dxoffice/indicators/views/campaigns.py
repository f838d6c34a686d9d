"""Campaigns: the list, opening one, and the live progress of who has and has not submitted, with
bulk approval and reminders."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxoffice.core.models import OrgUnit, UnitKind
from dxoffice.core.permissions import Action, can_anywhere
from dxoffice.core.ui import form_errors_from
from dxoffice.indicators import selectors, services
from dxoffice.indicators.access import may_review, may_run_campaigns
from dxoffice.indicators.models import FrameworkVersion, SubmissionStatus
from dxoffice.indicators.views.common import actor

SMALL = {"class": "form-control form-control-sm"}


class CampaignForm(forms.Form):
    version = forms.ModelChoiceField(
        label=gettext_lazy("Framework version"), queryset=FrameworkVersion.objects.none(),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )  # fmt: skip
    period = forms.CharField(label=gettext_lazy("Period"), max_length=8, widget=forms.TextInput(attrs=SMALL))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300, widget=forms.TextInput(attrs=SMALL))
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on"), widget=forms.DateInput(attrs={**SMALL, "type": "date"})
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Closes on"), widget=forms.DateInput(attrs={**SMALL, "type": "date"})
    )
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Units that report"), choices=UnitKind.choices,
        widget=forms.CheckboxSelectMultiple, initial=["commune", "ward", "special_zone"],
    )  # fmt: skip


def _reporting_units(version: FrameworkVersion, kinds: list[str]) -> QuerySet[OrgUnit]:
    """The units of the chosen kinds under the framework's owner unit (its subtree), never the units
    of the kinds elsewhere in the tree."""
    owner = version.framework.owner_unit
    return OrgUnit.objects.filter(kind__in=kinds, path__startswith=owner.path)


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = list(selectors.campaigns_visible_to(request.user).select_related("version__framework"))
    can_open = can_anywhere(request.user, Action.PLAN)
    form = CampaignForm(request.POST or None)
    version_field: forms.ModelChoiceField = form.fields["version"]  # type: ignore[assignment]
    version_field.queryset = FrameworkVersion.objects.filter(
        framework__in=selectors.frameworks_visible_to(request.user)
    ).select_related("framework")
    if request.method == "POST":
        if not can_open:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                campaign = services.campaign_create(
                    by=actor(request), version=data["version"], period=data["period"], title=data["title"],
                    opens_on=data["opens_on"], closes_on=data["closes_on"],
                    units=_reporting_units(data["version"], data["kinds"]),
                )  # fmt: skip
                messages.success(request, _("Campaign opened."))
                return redirect("indicators:campaign_detail", pk=campaign.pk)
            except ValidationError as exc:
                form_errors_from(form, exc)
    rows = [(c, selectors.campaign_progress(c)) for c in campaigns]
    return render(
        request, "indicators/campaign_list.html", {"rows": rows, "form": form, "can_open": can_open}
    )


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(
        selectors.campaigns_visible_to(request.user).select_related("version__framework"), pk=pk
    )
    submissions = (
        selectors.submissions_visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("unit", "submitted_by")
    )
    status = request.GET.get("status", "")
    if status in SubmissionStatus.values:
        submissions = submissions.filter(status=status)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                chosen = list(submissions.filter(pk__in=request.POST.getlist("submission")))
                if not chosen:
                    raise ValidationError(_("Choose the units to approve."))
                services.submissions_approve(by=actor(request), submissions=chosen)
                messages.success(request, _("%(count)s units approved.") % {"count": len(chosen)})
            elif action == "remind":
                told = services.campaign_remind(by=actor(request), campaign=campaign)
                messages.success(request, _("%(count)s people reminded.") % {"count": told})
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("indicators:campaign_detail", pk=pk)
    rows = list(submissions)
    return render(
        request,
        "indicators/campaign_detail.html",
        {
            "campaign": campaign,
            "rows": rows,
            "progress": selectors.campaign_progress(campaign),
            "status": status,
            "statuses": SubmissionStatus.choices,
            "reviewable": {
                s.pk
                for s in rows
                if s.status == SubmissionStatus.SUBMITTED
                and may_review(request.user, s.unit)
                and s.submitted_by_id != request.user.pk
            },
            "can_remind": may_run_campaigns(request.user, campaign.version.framework),
        },
    )
