"""Writes of learners: one official at a time (the staff-list import uses the same rule)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import OrgUnit, User
from dxoffice.core.services import archive, save_audited
from dxoffice.training.models import Learner
from dxoffice.training.permissions import manages_staff

LEARNER_FIELDS = {"staff_code", "full_name", "position_level", "position", "email", "user"}


def validate_learner(learner: Learner) -> None:
    """A person's account is linked to one learner, of the account's own unit or below it."""
    if learner.user_id is None:
        return
    taken = Learner.objects.filter(user_id=learner.user_id).exclude(pk=learner.pk).first()
    if taken is not None:
        raise ValidationError(
            {
                "user": _("This account is already linked to %(name)s (%(unit)s).")
                % {"name": taken, "unit": taken.unit}
            }
        )


@transaction.atomic
def learner_save(
    *, by: User, unit: OrgUnit | None = None, learner: Learner | None = None, event: str = "", **fields: Any
) -> Learner:
    """Add an official to `unit`'s staff list, or change `learner` (moving them is giving `unit`)."""
    unknown = set(fields) - LEARNER_FIELDS
    if unknown:
        raise TypeError(f"unknown learner fields: {sorted(unknown)}")
    if learner is None:
        if unit is None or not manages_staff(by, unit):
            raise PermissionDenied
        learner = Learner(unit=unit, **fields)
        validate_learner(learner)
        return save_audited(learner, by=by, event=event or "training.learner_added")
    if not manages_staff(by, learner.unit) or (unit is not None and not manages_staff(by, unit)):
        raise PermissionDenied
    if unit is not None:
        learner.unit = unit
    for name, value in fields.items():
        setattr(learner, name, value)
    validate_learner(learner)
    return save_audited(learner, by=by, event=event or "training.learner_changed")


@transaction.atomic
def learner_leave(*, by: User, learner: Learner, reason: str = "") -> Learner:
    """The official left the unit's staff list: out of coverage from now, their record kept."""
    if not manages_staff(by, learner.unit):
        raise PermissionDenied
    return archive(learner, by=by, reason=reason, event="training.learner_left")


def learner_of(user: User) -> Learner | None:
    """The learner profile of a signed-in person, if the staff list has one linked to them."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Learner.objects.select_related("unit").filter(user=user).first()
