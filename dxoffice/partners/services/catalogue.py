"""The solutions catalogue: what each provider offers, for which sector and need, at what price.
Kept by the DX office (those who plan for the province); a solution no longer offered is retired
(archived with a reason), never deleted, so the cases that used it keep it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import PARTNER_KINDS, User
from dxoffice.core.services import archive, save_audited
from dxoffice.partners.models import Solution
from dxoffice.partners.permissions import may_keep_partners

SOLUTION_FIELDS = {"name", "provider", "sector", "need", "price_min", "price_max", "references"}


def _locked(solution: Solution) -> Solution:
    locked = Solution.all_objects.select_for_update().get(pk=solution.pk)
    if locked.archived_at is not None:
        raise StateConflict({"name": _("This solution was retired.")})
    return locked


@transaction.atomic
def solution_save(*, by: User, solution: Solution | None = None, **fields: Any) -> Solution:
    """Add a solution to the catalogue or change one (not a retired one): a partner as provider,
    the highest price not below the lowest."""
    unknown = set(fields) - SOLUTION_FIELDS
    if unknown:
        raise TypeError(f"unknown solution fields: {sorted(unknown)}")
    if not may_keep_partners(by):
        raise PermissionDenied
    solution = _locked(solution) if solution is not None and solution.pk else solution or Solution()
    for name, value in fields.items():
        setattr(solution, name, value.strip() if isinstance(value, str) else value)
    if solution.provider_id and solution.provider.kind not in PARTNER_KINDS:
        raise ValidationError({"provider": _("The provider must be a partner organisation.")})
    low, high = solution.price_min, solution.price_max
    if low is not None and high is not None and Decimal(high) < Decimal(low):
        raise ValidationError({"price_max": _("The highest price is below the lowest.")})
    return save_audited(solution, by=by, event="solution.saved")


@transaction.atomic
def solution_retire(*, by: User, solution: Solution, reason: str) -> Solution:
    """Take a solution out of the catalogue (and out of the choices at triage); the cases that used
    it keep it. The reason is kept in its history."""
    if not may_keep_partners(by):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    return archive(_locked(solution), by=by, reason=reason.strip(), event="solution.retired")
