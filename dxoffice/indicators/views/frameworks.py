"""Frameworks for administrators: the list, a version's indicators, import (YAML, JSON, .xlsx),
export, a new version, and the full recompute as a background job."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.jobs.services import job_start
from dxoffice.core.models import OrgUnit
from dxoffice.core.permissions import Action, can_anywhere, units_in_scope
from dxoffice.indicators import exchange, selectors, services
from dxoffice.indicators.access import may_administer, reviews_anywhere
from dxoffice.indicators.models import Component, Indicator, Rule
from dxoffice.indicators.views.common import XLSX, actor

FORMATS = {
    "yaml": ("application/yaml; charset=utf-8", exchange.to_yaml),
    "json": ("application/json; charset=utf-8", exchange.to_json),
    "xlsx": (XLSX, exchange.to_xlsx),
}


def _owner_for(user: object) -> OrgUnit | None:
    return units_in_scope(user, Action.ADMINISTER).order_by("depth").first()  # type: ignore[arg-type]


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = selectors.frameworks_visible_to(request.user).prefetch_related("versions")
    can_import = can_anywhere(request.user, Action.ADMINISTER)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError({"file": [_("Choose a YAML, JSON or .xlsx file.")]})
            data = exchange.read_file(upload.name or "", upload)
            owner = _owner_for(request.user)
            if owner is None:
                raise PermissionDenied
            version = services.framework_import(by=actor(request), data=data, owner_unit=owner)
            messages.success(
                request, _("Framework imported as version %(number)s.") % {"number": version.number}
            )
            return redirect("indicators:version_detail", pk=version.pk)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"file": exc.messages}
    return render(
        request,
        "indicators/framework_list.html",
        {"frameworks": frameworks, "can_import": can_import, "errors": errors},
    )


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for(request.user, pk)
    return render(
        request,
        "indicators/version_detail.html",
        {
            "version": version,
            "components": Component.objects.filter(version=version).select_related("parent"),
            "indicators": Indicator.objects.filter(version=version).select_related("component"),
            "rules": Rule.objects.filter(version=version),
            "can_administer": may_administer(request.user, version.framework),
            "can_recompute": reviews_anywhere(request.user),
            "periods": selectors.periods_of(version),
        },
    )


@login_required
def version_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    version = selectors.version_for(request.user, pk)
    if fmt not in FORMATS:
        raise Http404
    content_type, write = FORMATS[fmt]
    response = HttpResponse(write(services.framework_export(version)), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{version.framework.code}-v{version.number}.{fmt}"'
    )
    return response


@login_required
@require_POST
def version_copy(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for(request.user, pk)
    try:
        new = services.version_copy(by=actor(request), version=version)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, _("The version cannot be copied: %(error)s") % {"error": message})
        return redirect("indicators:version_detail", pk=version.pk)
    messages.success(
        request, _("Version %(number)s made: edit it before a campaign uses it.") % {"number": new.number}
    )
    return redirect("indicators:version_detail", pk=new.pk)


@login_required
@require_POST
def version_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for(request.user, pk)
    job = job_start(
        by=actor(request), kind="indicators.recompute", params={"version": version.pk}, label=str(version)
    )
    return redirect("jobs:job_detail", pk=job.pk)
