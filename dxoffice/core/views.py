from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from dxoffice.core import health
from dxoffice.core.audit import history_of, history_workbook
from dxoffice.core.models import ApiToken, Attachment, OrgUnit, UnitKind
from dxoffice.core.permissions import Action, units_in_scope
from dxoffice.core.registry import registry
from dxoffice.core.services import (
    TOKEN_DEFAULT_DAYS,
    TOKEN_LIFETIME_CHOICES,
    token_create,
    token_lifetime_days,
    token_revoke,
)
from dxoffice.core.ui import flash_errors


@login_required
def home(request):
    """The person's own start: what waits for them now across modules, and each module's card."""
    user = request.user
    today = timezone.localdate()
    cards = []
    for card in registry.cards_for(user):
        data = card.context(request)
        if data is not None:
            cards.append((card, data))
    return render(
        request, "core/home.html", {"work": registry.work_for(user, today), "cards": cards, "today": today}
    )


@require_safe
@never_cache
def healthz(request):
    database_ok, report = health.check_all()
    status = "ok" if all(part["ok"] for part in report.values()) else ("degraded" if database_ok else "down")
    return JsonResponse({"status": status, **report}, status=200 if database_ok else 503)


@require_POST
def set_language(request):
    """Django's language switch, remembered on the profile too (reminder e-mails use it)."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response


@login_required
def unit_list(request):
    kind = request.GET.get("kind", "")
    units = units_in_scope(request.user, Action.VIEW).select_related("parent")
    if kind:
        units = units.filter(kind=kind)
    return render(request, "core/unit_list.html", {"units": units, "kinds": UnitKind.choices, "kind": kind})


@login_required
def token_list(request):
    tokens = ApiToken.objects.filter(user=request.user)
    new_token = None
    if request.method == "POST":
        try:
            days = token_lifetime_days(request.POST.get("expires_in"))
            _token, new_token = token_create(
                user=request.user,
                name=request.POST.get("name", ""),
                expires_at=timezone.now() + timedelta(days=days),
            )
        except ValidationError as exc:
            flash_errors(request, exc)
    context = {
        "tokens": tokens,
        "new_token": new_token,
        "lifetimes": TOKEN_LIFETIME_CHOICES,
        "default_lifetime": TOKEN_DEFAULT_DAYS,
    }
    return render(request, "core/token_list.html", context)


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token_revoke(by=request.user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("core:token_list")


@login_required
def attachment_download(request, pk: int):
    """Files are served only to those who may see what they are attached to."""
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    if (
        attachment is None
        or attachment.target is None
        or not registry.is_visible(request.user, attachment.target)
    ):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


@login_required
def history(request, label: str, pk: int):
    """The History tab of any audited record: who changed what, when; also as .xlsx."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    manager = getattr(model, "all_objects", model._default_manager)
    obj = manager.filter(pk=pk).first()
    if obj is None or not hasattr(model, "history") or not registry.is_visible(request.user, obj):
        raise Http404
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            history_workbook(obj),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="history-{model._meta.model_name}-{pk}.xlsx"'
        return response
    context = {"object": obj, "history": history_of(obj), "verbose_name": model._meta.verbose_name}
    template = "core/_history.html" if request.GET.get("partial") else "core/history.html"
    return render(request, template, context)


def unit_or_404(user, code: str) -> OrgUnit:
    unit = units_in_scope(user, Action.VIEW).filter(code=code).first()
    if unit is None:
        raise Http404
    return unit
