"""Conclusions recorded live per agenda item, and the follow-up tasks they assign."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.ui import form_errors_from
from dxoffice.meetings import planning_refs, services
from dxoffice.meetings.forms import FollowUpForm
from dxoffice.meetings.models import Conclusion
from dxoffice.meetings.views.agenda import _item
from dxoffice.meetings.views.common import attempt, back_to, int_or_none, me, run_meeting


@login_required
@require_POST
def conclusion_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    item = _item(meeting.pk, int_or_none(request.POST.get("item")))
    text = request.POST.get("text", "")[:5000]
    attempt(
        request,
        lambda: services.conclusion_save(by=me(request), meeting=meeting, text=text, item=item),
        _("Conclusion recorded."),
    )
    return back_to(meeting, f"item-{item.pk}" if item else "conclusions")


def _conclusion(meeting_pk: int, conclusion_pk: int) -> Conclusion:
    conclusion = (
        Conclusion.objects.select_related("meeting").filter(pk=conclusion_pk, meeting_id=meeting_pk).first()
    )
    if conclusion is None:
        raise Http404
    return conclusion


@login_required
@require_POST
def conclusion_archive_view(request: HttpRequest, pk: int, conclusion_pk: int) -> HttpResponse:
    meeting = run_meeting(request, pk)
    conclusion = _conclusion(meeting.pk, conclusion_pk)
    attempt(request, lambda: services.conclusion_archive(by=me(request), conclusion=conclusion))
    return back_to(meeting, "conclusions")


@login_required
def follow_up_create_view(request: HttpRequest, pk: int, conclusion_pk: int) -> HttpResponse:
    """Assign a follow-up task of a conclusion in the program register."""
    meeting = run_meeting(request, pk)
    conclusion = _conclusion(meeting.pk, conclusion_pk)
    form = FollowUpForm(
        request.POST or None,
        user=me(request),
        plans=planning_refs.plan_choices(request.user),
        pillars=planning_refs.pillar_choices(),
        initial={"title": conclusion.text[:500]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.conclusion_task_create(
                by=me(request),
                conclusion=conclusion,
                plan=planning_refs.plan_by_id(data["plan"]),
                pillar=planning_refs.pillar_by_id(data["pillar"]),
                title=data["title"],
                lead_unit=data["lead_unit"],
                due_date=data["due_date"],
                coordinating_units=data["coordinating_units"],
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Follow-up task %(code)s created.") % {"code": task.code})
            return back_to(meeting, f"conclusion-{conclusion.pk}")
    return render(
        request, "meetings/follow_up_form.html", {"meeting": meeting, "conclusion": conclusion, "form": form}
    )
