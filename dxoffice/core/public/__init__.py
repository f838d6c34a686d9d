"""Pages without login, under /public/ (namespace `public`): certificate checks, enterprise
registration, the transparency portal.

A public page shows only what is published. Its response is cached and shared by every visitor
(per language), so its template extends `public/base.html`, never reads `user`, a session or a
CSRF token, and its view is wrapped in `public_view`. A module lists its pages on the landing page
through `Module.public` in the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.views.decorators.cache import cache_control, cache_page
from django.views.decorators.http import require_safe

View = Callable[..., Any]


def cache_seconds() -> int:
    return int(getattr(settings, "DXOFFICE_PUBLIC_CACHE_SECONDS", 300))


def public_view(view: View) -> View:
    """Read-only, cached for a few minutes on the server and in shared caches. The cache key holds
    the active language (USE_I18N), so each language has its own copy."""
    return require_safe(cache_page(cache_seconds())(cache_control(public=True)(view)))
