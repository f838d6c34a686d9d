"""Shared reads of core records that modules use (who holds which role where)."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q, QuerySet

from dxoffice.core.models import OrgUnit, RoleGrant, User


def users_with_role_on(
    unit: OrgUnit, roles: Collection[str], *, skip_ancestor_kinds: Collection[str] = ()
) -> QuerySet[User]:
    """Active people holding one of `roles` on `unit` or on one of its ancestors (a grant covers
    the granted unit's subtree), in one query.

    `skip_ancestor_kinds` leaves out grants held on ancestors of those kinds (never on `unit`
    itself): a province-wide coordinator covers every commune, yet need not hear about each."""
    grants = RoleGrant.objects.filter(
        unit_id__in=unit.ancestor_ids() or [unit.pk],
        role__in=list(roles),
        unit__archived_at__isnull=True,
    )
    if skip_ancestor_kinds:
        grants = grants.exclude(~Q(unit_id=unit.pk) & Q(unit__kind__in=list(skip_ancestor_kinds)))
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id")).order_by("username")
