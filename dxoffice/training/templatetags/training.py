"""Template filters of the training pages: a saved quiz answer for a question."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def answer_text(answers: dict[str, Any], question_id: int) -> str:
    value = (answers or {}).get(str(question_id))
    return value if isinstance(value, str) else ""


@register.filter
def answer_ids(answers: dict[str, Any], question_id: int) -> list[int]:
    value = (answers or {}).get(str(question_id))
    return [int(v) for v in value] if isinstance(value, list) else []
