"""Task origins as choices: the kinds every module registered (core.registry.OriginKind)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dxoffice.core.registry import OriginKind, registry

DEFAULT_ORIGIN = "plan"


def origin_choices() -> list[tuple[str, str]]:
    return [(kind.code, str(kind.label)) for kind in registry.origins()]


def manual_origin_choices() -> list[tuple[str, str]]:
    """Origins a person may pick by hand: those that link to no record (a meeting conclusion's task
    is made from the meeting, not chosen in the task form)."""
    return [(kind.code, str(kind.label)) for kind in registry.origins() if not kind.model]


def origin_label(code: str) -> str:
    kind = registry.origin(code)
    return str(kind.label) if kind else code


def origin_kind(code: str) -> OriginKind | None:
    return registry.origin(code)


@dataclass(frozen=True)
class OriginLink:
    label: str
    record: str  # the linked record as text, or ""
    url: str  # its page, or ""


def origin_link(task: Any) -> OriginLink:
    """What the task page shows of a task's origin: the kind, the record behind it and a link back."""
    kind = registry.origin(task.origin)
    label = str(kind.label) if kind else task.origin
    if task.origin_id is None:
        return OriginLink(label, "", "")
    record = task.origin_object
    if record is None:  # the record is gone from sight (archived by its module)
        return OriginLink(label, "", "")
    url = kind.url(record) if kind and kind.url else ""
    return OriginLink(label, str(record), url)


@dataclass(frozen=True)
class _Choice:
    value: str
    label: str


class OriginChoices:
    """The registered origins with the interface of a TextChoices class (`values`, `choices`,
    `OriginChoices(value).label`), for the Excel columns and drop-downs that take one."""

    def __call__(self, value: str) -> _Choice:
        if registry.origin(value) is None:
            raise ValueError(value)
        return _Choice(value, origin_label(value))

    @property
    def values(self) -> list[str]:
        return [kind.code for kind in registry.origins()]

    @property
    def choices(self) -> list[tuple[str, str]]:
        return origin_choices()


ORIGINS = OriginChoices()
