"""The inbox (list, open, mark all read) and the person's e-mail choices. Thin: selectors read,
services write; anyone else's notification is a 404."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from dxoffice.core.models import User
from dxoffice.core.notifications import selectors, services
from dxoffice.core.notifications.models import EmailMode
from dxoffice.core.ui import flash_errors

PAGE_SIZE = 25


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required let only a signed-in person through


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    show = "unread" if request.GET.get("show") == "unread" else "all"
    rows = selectors.notifications_for(_me(request), unread_only=show == "unread")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "show": show})


@login_required
@require_safe
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read."""
    notification = get_object_or_404(selectors.notifications_for(_me(request)), pk=pk)
    services.notification_mark_read(by=_me(request), notification=notification)
    safe = url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notification.url if notification.url and safe else "notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(by=_me(request))
    if count:
        messages.success(request, _("All notifications marked as read."))
    return redirect("notifications:list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    rows = selectors.preferences_of(user)
    if request.method == "POST":
        # Only what changed: a kind left at its default keeps following the default.
        submitted = {row.kind.code: (row, request.POST.get(row.kind.code, row.email)) for row in rows}
        choices = {code: mode for code, (row, mode) in submitted.items() if mode != row.email}
        try:
            services.preferences_save(by=user, user=user, choices=choices)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Your notification choices are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"rows": rows, "modes": EmailMode.choices})
