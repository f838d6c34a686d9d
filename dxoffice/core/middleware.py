"""Vietnamese first: the UI speaks the language the person chose, not their browser's default.

Order of preference: the language cookie set by the language switch, then the signed-in user's
saved language, then (for the API only, where clients are programs) Accept-Language, and
otherwise LANGUAGE_CODE ("vi").
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def preferred_language(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in SUPPORTED:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in SUPPORTED:
        return user.language
    if request.path.startswith("/api/"):
        asked = translation.get_language_from_request(request)
        if asked in SUPPORTED:
            return asked
    return settings.LANGUAGE_CODE


class PreferredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response
