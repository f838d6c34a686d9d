"""The annual plans and pillars a follow-up task can go into, offered by planning's selectors: the
open plans whose program's owner unit holds (or lies under) a unit where the person may plan
(`plan_choices`); planning checks the lead unit again when the task is created. The API names them
by code (`plan_by_code`, `pillar_by_code`)."""

from __future__ import annotations

from dxoffice.planning.selectors import open_plan as plan_by_id
from dxoffice.planning.selectors import pillar_by_code, pillar_choices, plan_by_code, plan_choices
from dxoffice.planning.selectors import pillar_of as pillar_by_id

__all__ = ["pillar_by_code", "pillar_by_id", "pillar_choices", "plan_by_code", "plan_by_id", "plan_choices"]
