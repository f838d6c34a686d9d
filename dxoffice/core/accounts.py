"""What follows from a change to a person's account: a new password or a deactivation ends every
API token they hold, so a leaked token does not outlive the password it was made with."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from dxoffice.core.models import User

_WAS_ACTIVE = "_dxoffice_was_active"


def remember_active(sender: type[User], instance: User, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "is_active" not in update_fields:
        return
    was = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    setattr(instance, _WAS_ACTIVE, was)


def _actor(user: User) -> User:
    """Who made the change: the person signed in to the request, else the system actor."""
    request = getattr(HistoricalRecords.context, "request", None)
    actor = getattr(request, "user", None)
    if actor is not None and getattr(actor, "is_authenticated", False) and actor.pk:
        return actor
    from dxoffice.core.actors import system_actor

    return system_actor()


def revoke_tokens_on_account_change(
    sender: type[User], instance: User, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    if raw or created:
        return
    # Django sets `_password` only when the password is set anew (not on a hash upgrade at sign-in).
    password_changed = getattr(instance, "_password", None) is not None
    deactivated = getattr(instance, _WAS_ACTIVE, None) is True and not instance.is_active
    if hasattr(instance, _WAS_ACTIVE):
        delattr(instance, _WAS_ACTIVE)
    if not (password_changed or deactivated):
        return
    from dxoffice.core.services import tokens_revoke_all

    reason = _("Password changed.") if password_changed else _("Account deactivated.")
    with transaction.atomic():
        tokens_revoke_all(user=instance, by=_actor(instance), reason=reason)


def connect() -> None:
    pre_save.connect(remember_active, sender=User, dispatch_uid="dxoffice.core.remember_active")
    post_save.connect(
        revoke_tokens_on_account_change, sender=User, dispatch_uid="dxoffice.core.revoke_tokens"
    )
