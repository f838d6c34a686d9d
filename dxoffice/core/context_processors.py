from typing import Any

from django.conf import settings
from django.http import HttpRequest

from dxoffice.core.registry import registry


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The shell's navigation: entries the modules registered that this person may see."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"LANGUAGES": settings.LANGUAGES}
    return {
        "LANGUAGES": settings.LANGUAGES,
        "nav_entries": registry.nav_for(user),
        "nav_search": registry.search(),
    }
