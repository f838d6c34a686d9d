"""The one permission gate.

A role is granted on a unit and covers that unit's subtree. Each role allows a set of actions.
Every read and write in the UI, the API and imports asks this module, either for a yes/no on one
unit (`can`) or for a queryset filter over units (`unit_filter`). Nothing else decides scope.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeAlias, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from dxoffice.core.models import OrgUnit, Role, RoleGrant, User

# Whoever a request carries: a person, or nobody logged in (who may do nothing).
AnyUser: TypeAlias = User | AnonymousUser
T = TypeVar("T")


class Action(StrEnum):
    VIEW = "view"  # see records in scope
    REPORT = "report"  # write progress reports and evidence for the unit's own work
    REVIEW = "review"  # accept or return reports
    PLAN = "plan"  # create and edit directives, objectives, tasks, budgets; assign units
    ADMINISTER = "administer"  # manage units, users and roles


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.LEADER: frozenset({Action.VIEW, Action.REVIEW}),
    Role.COORDINATOR: frozenset({Action.VIEW, Action.REPORT, Action.REVIEW, Action.PLAN}),
    Role.FOCAL: frozenset({Action.VIEW, Action.REPORT}),
    Role.VIEWER: frozenset({Action.VIEW}),
}

_CACHE_ATTR = "_dxoffice_scope_paths"


def scope_paths(user: AnyUser | None, action: Action) -> list[str] | None:
    """Paths of the units where `user` may do `action` (each covering its subtree).

    None means everywhere (superusers); an empty list means nowhere. Cached on the user object
    for the length of a request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cache: dict[Action, list[str]] | None = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        found: dict[Action, set[str]] = {}
        grants = RoleGrant.objects.filter(user=user, unit__archived_at__isnull=True).values_list(
            "role", "unit__path"
        )
        for role, path in grants:
            for allowed in ROLE_ACTIONS.get(role, ()):
                found.setdefault(allowed, set()).add(path)
        cache = {act: _outermost(paths) for act, paths in found.items()}
        setattr(user, _CACHE_ATTR, cache)
    return cache.get(action, [])


_MEMO_ATTR = "_dxoffice_scope_memo"


def remember(user: AnyUser, key: str, compute: Callable[[], T]) -> T:
    """A fact derived from the user's scope (e.g. "may read the program"), computed once per user
    object (a request) and forgotten with the scope when the person's roles change."""
    memo: dict[str, Any] = user.__dict__.setdefault(_MEMO_ATTR, {})
    if key not in memo:
        memo[key] = compute()
    return cast(T, memo[key])


def forget_scope(user: AnyUser) -> None:
    for attr in (_CACHE_ATTR, _MEMO_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def _outermost(paths: set[str]) -> list[str]:
    """Drop paths already covered by an ancestor path, so filters stay short."""
    kept: list[str] = []
    for path in sorted(paths, key=len):
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return sorted(kept)


def can(user: AnyUser, action: Action, unit: OrgUnit | None) -> bool:
    if unit is None:
        return False
    paths = scope_paths(user, action)
    if paths is None:
        return True
    return any(unit.path.startswith(prefix) for prefix in paths)


def can_anywhere(user: AnyUser, action: Action) -> bool:
    paths = scope_paths(user, action)
    return paths is None or bool(paths)


def require(user: AnyUser, action: Action, unit: OrgUnit | None) -> None:
    """Refuse a write the user may not make. A write names its actor: background work passes the
    system actor (core.actors), never None."""
    if user is None:
        raise ValueError("a write needs an actor: pass by=<user> or by=system_actor()")
    if not can(user, action, unit):
        raise PermissionDenied


def unit_filter(user: AnyUser, action: Action, *fields: str) -> Q:
    """A Q matching rows whose unit (through any of `fields`, e.g. "lead_unit") is in scope.

    With no fields the Q applies to OrgUnit itself.
    """
    paths = scope_paths(user, action)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for field in fields or ("",):
        lookup = f"{field}__path__startswith" if field else "path__startswith"
        for path in paths:
            q |= Q(**{lookup: path})
    return q


def units_in_scope(user: AnyUser, action: Action = Action.VIEW) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(unit_filter(user, action))


def roles_of(user: User) -> set[str]:
    if user.is_superuser:
        return {Role.ADMIN}
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
