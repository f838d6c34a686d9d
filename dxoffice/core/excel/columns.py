"""Columns of an exchange workbook, and the choice lists a column may take.

Each column has a stable machine key (the field it feeds), written in its own header row, so a
workbook is read by key whatever language its labels are in. Labels are bilingual on purpose: an
exchange workbook is a fixed format (Vietnamese first, English second), independent of the UI
language, so they are literal text rather than translated messages.

A column's `choices` is anything with `.values`, `.choices` and `choices(value).label`: a Django
TextChoices class, or a list built at run time such as the registered task origins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils import translation

from dxoffice.core.text import fold

# Cell kinds every module shares (see values.py). A module may add its own kinds (codes of its
# records) and read them itself.
TEXT, LONGTEXT, CHOICE, BOOL, DATE, MONEY, YEAR = (
    "text",
    "longtext",
    "choice",
    "bool",
    "date",
    "money",
    "year",
)

YES_WORDS = {"yes", "y", "co", "x", "true", "1", "dung"}
NO_WORDS = {"no", "n", "khong", "false", "0", "sai"}


class Labelled(Protocol):
    @property
    def label(self) -> Any: ...


class Choices(Protocol):
    """What a column's choice list offers: a TextChoices class fits, so does planning's ORIGINS."""

    @property
    def values(self) -> Sequence[str]: ...

    @property
    def choices(self) -> Sequence[tuple[str, Any]]: ...

    def __call__(self, value: str) -> Labelled: ...


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None
    width: int = 16
    choices: Any = None  # a Choices; Any so TextChoices classes and choice lists both type-check
    hint_vi: str = ""
    hint_en: str = ""

    @property
    def label(self) -> str:
        """How problems name the column: "Tên nhiệm vụ / Title"."""
        return f"{self.vi} / {self.en}"

    @property
    def header(self) -> str:
        mark = " (*)" if self.required else ""
        return f"{self.vi}{mark}\n{self.en}"


def choice_label(choices: Choices, value: str, language: str) -> str:
    with translation.override(language):
        return str(choices(value).label)


def bilingual_label(choices: Choices, value: str) -> str:
    vi, en = choice_label(choices, value, "vi"), choice_label(choices, value, "en")
    return vi if vi == en else f"{vi} / {en}"


def choice_lookup(choices: Choices) -> dict[str, str]:
    """Folded code, English label, Vietnamese label and bilingual label -> stored value."""
    lookup: dict[str, str] = {}
    values = list(choices.values)
    for value in values:
        for language in ("en", "vi"):
            lookup.setdefault(fold(choice_label(choices, value, language)), value)
        lookup.setdefault(fold(bilingual_label(choices, value)), value)
    for value in values:
        lookup[fold(value)] = value
    return lookup


def header_lookup(columns: Sequence[Column]) -> dict[str, Column]:
    """Folded key, label or header text -> column, for finding the header row."""
    lookup: dict[str, Column] = {}
    for column in columns:
        for text in (column.vi, column.en, column.label, column.header, f"{column.vi}\n{column.en}"):
            lookup.setdefault(fold(text.replace("(*)", "")), column)
    for column in columns:
        lookup[column.key.lower()] = column
    return lookup
