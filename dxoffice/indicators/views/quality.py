"""The data-quality queue: every flag and rule violation of the units in the person's scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dxoffice.indicators import selectors, services
from dxoffice.indicators.models import FlagStatus
from dxoffice.indicators.views.common import actor

PAGE = 100


@login_required
def quality(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", FlagStatus.OPEN)
    if status not in FlagStatus.values and status != "":
        status = FlagStatus.OPEN
    flags = selectors.quality_queue(request.user, status)
    page = Paginator(flags, PAGE).get_page(request.GET.get("page"))
    return render(
        request, "indicators/quality.html", {"page": page, "status": status, "statuses": FlagStatus.choices}
    )


@login_required
@require_POST
def flag_update(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(selectors.quality_queue(request.user, ""), pk=pk)
    try:
        services.flag_comment(
            by=actor(request),
            flag=flag,
            comment=request.POST.get("comment", ""),
            status=request.POST.get("status") or None,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("indicators:quality")
