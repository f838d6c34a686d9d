"""Forgotten passwords, through Django's reset views: a person gives the e-mail address of their
account and receives a link with a one-time token (Django's `default_token_generator`: it stops
working once the password changed or after PASSWORD_RESET_TIMEOUT). The page answers the same
whatever address was given, so it tells nobody which addresses have accounts, and one client
address may ask only a few times an hour. The new password is recorded in the account's history
as set by the person; as with every new password, their API tokens end (core.accounts)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from dxoffice.core.ratelimit import within_limit


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, refused with 429 after `rate_limit` requests within `rate_window`
    seconds from one client address."""

    rate_key = "core.password_reset"
    rate_limit = 5
    rate_window = 3600

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not within_limit(
            f"{self.rate_key}:{request.META.get('REMOTE_ADDR', '')}", self.rate_limit, self.rate_window
        ):
            context = {
                "form": self.get_form(),
                "refused": _("Too many requests from your address; try again later."),
            }
            return render(request, str(self.template_name), context, status=429)
        return super().post(request, *args, **kwargs)


class AuditedSetPasswordForm(SetPasswordForm):
    """The new password, recorded in the account's history as set by the person themselves."""

    history_event = "account.password_reset"

    def save(self, commit: bool = True) -> Any:
        self.user._history_user = self.user
        self.user._history_event = self.history_event
        return super().save(commit=commit)


password_reset = RateLimitedPasswordResetView.as_view(
    template_name="registration/password_reset_form.html",
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="registration/password_reset_confirm.html",
    form_class=AuditedSetPasswordForm,
    success_url=reverse_lazy("password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
)
