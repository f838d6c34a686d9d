"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from dxoffice.urls import handler403, handler404, handler500  # noqa: F401  (Django reads them here)
from dxoffice.urls import urlpatterns as site_urlpatterns

REFUSAL = "Only the DX office may close the year."


def refuse_with_message(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(REFUSAL)


def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-errors/refuse-with-message/", refuse_with_message),
    path("test-errors/refuse/", refuse),
    path("test-errors/boom/", boom),
    *site_urlpatterns,
]
