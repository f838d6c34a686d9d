"""What the partners screens share."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from dxoffice.core.models import User


def acting(request: HttpRequest) -> User:
    """The signed-in person (the views require a login)."""
    return cast(User, request.user)
