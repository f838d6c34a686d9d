"""What an import reports back: its problems (sheet, row, column, message) or its counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


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


@dataclass
class ImportResult:
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    budget_created: int = 0
    budget_updated: int = 0
    budget_unchanged: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run

    def add(self, sheet: str, row: int | None, column: str, message: str, cell: str = "") -> None:
        self.problems.append(Problem(sheet, row, column, str(message), cell))

    def clear_counts(self) -> None:
        self.created = self.updated = self.unchanged = 0
        self.budget_created = self.budget_updated = self.budget_unchanged = 0
