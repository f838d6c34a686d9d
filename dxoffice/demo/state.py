"""What the demo build has made so far (`Demo`), shared by the loader and the task and workflow
builders, and the short codes of communes and wards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dxoffice.core.models import OrgUnit, User
from dxoffice.core.text import fold
from dxoffice.demo import data
from dxoffice.planning.models import AnnualPlan, Directive, Objective, Pillar, Program, Sector


@dataclass
class Demo:
    """What the build has made so far; the task builder reads it."""

    today: date
    system: User
    units: dict[str, OrgUnit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    directives: dict[str, Directive] = field(default_factory=dict)
    program: Program | None = None
    pillars: dict[str, Pillar] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    objectives: dict[str, Objective] = field(default_factory=dict)
    plans: dict[int, AnnualPlan] = field(default_factory=dict)
    communes: list[OrgUnit] = field(default_factory=list)

    def commune(self, name: str) -> OrgUnit:
        return self.units[local_code(name)]


def local_code(name: str, ward: bool | None = None) -> str:
    """Short ASCII code of a commune ("X-TANTHUAN") or ward ("P-ANXUYEN")."""
    if ward is None:
        ward = name in data.WARDS
    return ("P-" if ward else "X-") + fold(name).upper().replace(" ", "")
