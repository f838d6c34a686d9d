"""What a check of a workbook reports back: its problems (sheet, row, column, message), bounded.

A file with an error in every one of 20,000 rows must not become a list of 20,000 messages in memory
and on screen: the first `max_problems` are kept (setting DXOFFICE_EXCEL_MAX_PROBLEMS, 1,000 by
default) and the rest only counted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_PROBLEMS = 1000


def max_problems() -> int:
    return int(getattr(settings, "DXOFFICE_EXCEL_MAX_PROBLEMS", DEFAULT_MAX_PROBLEMS))


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None  # the Excel row number; None for a problem with the whole file or sheet
    column: str  # the column's bilingual label, or "" for a whole row or file
    message: str
    cell: str = ""  # "M7" when the problem is one cell

    def __str__(self) -> str:
        row = _("row %(row)s") % {"row": self.row} if self.row else ""
        where = " · ".join(part for part in (self.sheet, row, self.column) if part)
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ValidationResult:
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0  # found beyond the first `limit`, counted only
    limit: int = field(default_factory=max_problems)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.more_problems

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.more_problems

    def add(self, sheet: str, row: int | None, column: str, message: Any, cell: str = "") -> None:
        if len(self.problems) >= self.limit:
            self.more_problems += 1
            return
        self.problems.append(Problem(sheet, row, column, str(message), cell))


@dataclass
class ImportResult(ValidationResult):
    """A check-then-save import: its problems, or what it created, updated and left unchanged."""

    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    seconds: float = 0.0

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run

    def clear_counts(self) -> None:
        self.created = self.updated = self.unchanged = 0
