"""The enterprise's own sign-in page and its password reset, through Django's views: the enterprise
gives the e-mail address it registered with and receives a link with a one-time token (Django's
`default_token_generator`: it no longer works once the password changed or after
PASSWORD_RESET_TIMEOUT). Only the accounts of verified enterprises get the e-mail, also the first
time, when the account has no usable password yet; the page says the same whatever address was
given, and an address may ask a few times an hour."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.urls import reverse, reverse_lazy

from dxoffice.core.models import User
from dxoffice.core.password_reset import RateLimitedPasswordResetView
from dxoffice.partners.models import Enterprise, EnterpriseStatus
from dxoffice.partners.permissions import own_enterprise


class EnterprisePasswordResetForm(PasswordResetForm):
    def get_users(self, email: str) -> Iterator[Any]:
        """The active accounts of verified enterprises registered with this e-mail address, with a
        password or not yet (the reset sets the first one); never a staff account."""
        accounts = Enterprise.objects.filter(
            status=EnterpriseStatus.VERIFIED, contact_email__iexact=email, account__isnull=False
        ).values("account_id")
        users = User.objects.filter(
            pk__in=accounts, is_active=True, is_staff=False, is_superuser=False, email__iexact=email
        )
        return iter(list(users))


class EnterpriseSetPasswordForm(SetPasswordForm):
    """The new password, recorded in the account's history as set by the enterprise itself."""

    def save(self, commit: bool = True) -> Any:
        self.user._history_user = self.user
        self.user._history_event = "enterprise.password_reset"
        return super().save(commit=commit)


class EnterpriseLoginView(auth_views.LoginView):
    template_name = "partners/account/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        if own_enterprise(self.request.user) is not None:
            return reverse("partners:my_enterprise")
        return super().get_default_redirect_url()


class EnterprisePasswordResetView(RateLimitedPasswordResetView):
    """Core's reset request (a few an hour per client address), for enterprise accounts only."""

    rate_key = "partners.password_reset"
    form_class = EnterprisePasswordResetForm
    template_name = "partners/account/password_reset_form.html"
    email_template_name = "partners/account/password_reset_email.txt"
    subject_template_name = "partners/account/password_reset_subject.txt"
    success_url = reverse_lazy("partners:password_reset_done")


login = EnterpriseLoginView.as_view()
password_reset = EnterprisePasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="partners/account/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="partners/account/password_reset_confirm.html",
    form_class=EnterpriseSetPasswordForm,
    success_url=reverse_lazy("partners:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="partners/account/password_reset_complete.html"
)
