"""The annual plans and pillars a follow-up task can go into, offered by planning's selectors (open
plans only, to whoever may plan somewhere; planning checks the lead unit again when the task is
created)."""

from __future__ import annotations

from dxoffice.planning.selectors import open_plan as plan_by_id
from dxoffice.planning.selectors import pillar_choices, plan_choices
from dxoffice.planning.selectors import pillar_of as pillar_by_id

__all__ = ["pillar_by_id", "pillar_choices", "plan_by_id", "plan_choices"]
