"""What the training views share: finding records through the selectors (out of scope: 404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest

from dxoffice.core.models import User

T = TypeVar("T")


def found(lookup: Callable[[], T]) -> T:
    try:
        return lookup()
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def year_param(value: str | None, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def acting(request: HttpRequest) -> User:
    """The signed-in person (the views that write are behind login_required)."""
    return cast(User, request.user)
