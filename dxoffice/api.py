"""The REST API under /api/v1: one NinjaAPI assembling each module's router.

Authentication: `Authorization: Bearer <token>` (POST /auth/token) or the browser's session
(with the CSRF token for unsafe methods). Errors always come back as JSON:

- 400 {"detail", "errors": {field: [messages]}} when a business rule rejects the input;
- 401 unauthenticated; 403 not allowed; 404 unknown or not visible to the caller;
- 409 when a concurrent change collides with an existing record;
- 422 {"detail": [...], "errors": {field: [messages]}} when the input does not match the schema.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from dxoffice.core.api import api_auth, units_router
from dxoffice.core.api import router as auth_router
from dxoffice.planning.api import router as planning_router

logger = logging.getLogger(__name__)

NON_FIELD = "__all__"
_LOCATIONS = {"body", "query", "path", "form", "file", "header", "cookie"}

api = NinjaAPI(
    title="dxoffice API",
    version="1",
    urls_namespace="api",
    description=__doc__.split("\n", 2)[2],
    auth=api_auth(),
    docs=Swagger(settings={"persistAuthorization": True}),
)

api.add_router("", auth_router)
api.add_router("", units_router)
api.add_router("", planning_router)


def validation_error_dict(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {NON_FIELD: [str(m) for m in exc.messages]}


def _summary(errors: dict[str, list[str]]) -> str:
    parts = []
    for field, messages in errors.items():
        text = " ".join(messages)
        parts.append(text if field == NON_FIELD else f"{field}: {text}")
    return "; ".join(parts) or _("The input is not valid.")


@api.exception_handler(DjangoValidationError)
def on_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = validation_error_dict(exc)
    return api.create_response(request, {"detail": _summary(errors), "errors": errors}, status=400)


def _field_of(loc: list) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _LOCATIONS:
        source = parts.pop(0)
        if source == "body" and parts:
            parts.pop(0)  # the name of the body parameter
    return ".".join(parts) or NON_FIELD


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_of(error.get("loc", [])), []).append(str(error.get("msg", "")))
    return api.create_response(request, {"detail": exc.errors, "errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You do not have permission to do this.")
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(ObjectDoesNotExist)
def on_does_not_exist(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(Http404)
def on_http404(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": _("Authentication required: send “Authorization: Bearer <token>” or sign in.")},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="dxoffice"'
    return response


@api.exception_handler(IntegrityError)
def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    logger.warning("API integrity error: %s", exc)
    return api.create_response(
        request, {"detail": _("This conflicts with an existing record."), "errors": {}}, status=409
    )
