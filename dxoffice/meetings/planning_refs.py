"""The annual plans and pillars a follow-up task can go into, read by label through the app
registry (planning offers no selector for them yet), so this module never imports planning's models.

A plan has no unit of its own: it is offered to whoever may plan somewhere (the follow-up task's
lead unit is checked again by planning when the task is created), and only while it is open (an
archived plan takes no new task)."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from dxoffice.core.permissions import Action, AnyUser, can_anywhere


def _model(name: str) -> Any:
    return apps.get_model("planning", name)


def plan_choices(user: AnyUser) -> list[tuple[str, str]]:
    if not user.is_authenticated or not can_anywhere(user, Action.PLAN):
        return []
    plans = _model("AnnualPlan").objects.filter(archived_at__isnull=True).order_by("-year", "code")[:50]
    return [(str(plan.pk), f"{plan.code} ({plan.year})") for plan in plans]


def pillar_choices() -> list[tuple[str, str]]:
    pillars = _model("Pillar").objects.select_related("program").order_by("program__code", "code")[:100]
    return [(str(p.pk), f"{p.code}: {p.localized_name}") for p in pillars]


def plan_by_id(value: Any) -> Any:
    return _model("AnnualPlan").objects.filter(pk=value).first()


def pillar_by_id(value: Any) -> Any:
    return _model("Pillar").objects.filter(pk=value).first()
