"""The REST API under /api/v1: one NinjaAPI assembling each module's router.

Authentication: `Authorization: Bearer <token>` (POST /auth/token, or made on the "API tokens" page) or
the browser's session (with the CSRF token for unsafe methods). Every error answers with one JSON
shape, `{"detail": "...", "errors": {"field": ["message", ...]}}`:

- 400 a business rule refused the input (e.g. the due date is before the start date);
- 401 no valid token or session; 403 signed in but not allowed;
- 404 the record does not exist or is not visible to the caller;
- 409 the record's state does not allow the change (e.g. accepting a report that is not
  submitted), or a concurrent change got there first;
- 422 the input does not match the schema, or a code or id in it names no record (the field is named);
- 429 too many failed sign-in attempts;
- 503 the service cannot reach its database for the moment: try again after `Retry-After` seconds.

The guide with examples is docs/api.md in the repository.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.operation import Operation
from ninja.parser import Parser

from dxoffice.core.api import NON_FIELD, api_auth, me_router, units_router
from dxoffice.core.api import router as tokens_router
from dxoffice.core.api_inputs import NOT_BLANK, PERIOD_PATTERN
from dxoffice.core.exceptions import StateConflict, UnknownReference
from dxoffice.planning.api import router as planning_router

logger = logging.getLogger(__name__)

_LOCATIONS = {"body", "query", "path", "form", "file", "header", "cookie"}

# What each error status means, shown with every operation that documents it.
ERROR_DESCRIPTIONS = {
    400: "A business rule refused the input; `errors` names the fields.",
    401: "No valid bearer token or session.",
    403: "Signed in, but not allowed to do this (or the CSRF token is missing for a session).",
    404: "No such record, or it is not visible to the caller.",
    409: "The record's current state does not allow this, or a concurrent change got there first.",
    413: "The uploaded file is larger than the limit; `errors` names the field.",
    422: "The input does not match the schema, or a code or id in it names no record; "
    "`errors` names the fields.",
    429: "Too many failed sign-in attempts: the account is locked for a while.",
    503: "The service cannot reach its database for the moment; nothing was changed. Try again after the "
    "`Retry-After` header's seconds.",
}


class BodyParseError(ValueError):
    """The request body is not JSON."""


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return json.loads(request.body)
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
            raise BodyParseError(str(exc)) from exc


class DxofficeApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Operations without an explicit id are named after their function (`job_list`)."""
        return operation.view_func.__name__

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        # Any operation may meet a database outage (core.errors.service_unavailable answers it).
        unavailable = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.setdefault("responses", {}).setdefault("503", dict(unavailable))
                for status, response in operation.get("responses", {}).items():
                    if int(status) in ERROR_DESCRIPTIONS:
                        response["description"] = ERROR_DESCRIPTIONS[int(status)]
        return schema


api = DxofficeApi(
    title="dxoffice API",
    version="1",
    urls_namespace="api",
    description=__doc__.split("\n", 2)[2],
    auth=api_auth(),
    parser=JsonParser(),
    docs=Swagger(settings={"persistAuthorization": True}),
)

api.add_router("", tokens_router)
api.add_router("", me_router)
api.add_router("", units_router)
api.add_router("", "dxoffice.core.jobs.api.router")
api.add_router("", "dxoffice.core.notifications.api.router")
api.add_router("", planning_router)
api.add_router("", "dxoffice.indicators.api.router")
api.add_router("", "dxoffice.meetings.api.router")
api.add_router("", "dxoffice.training.api.router")
api.add_router("", "dxoffice.partners.api.router")


# Errors: one envelope, {"detail": str, "errors": {field: [messages]}} ----------------------------


def error_response(
    request: HttpRequest, status: int, detail: str, errors: dict[str, list[str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


def validation_error_dict(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {NON_FIELD: [str(m) for m in exc.messages]}


def _summary(errors: dict[str, list[str]]) -> str:
    """One line for `detail`: "period: Use a period code…; percent_complete: Use a value…"."""
    parts = []
    for field, messages in errors.items():
        text = " ".join(messages).rstrip(".")
        parts.append(text if field == NON_FIELD else f"{field}: {text}")
    return f"{'; '.join(parts)}." if parts else _("The input is not valid.")


@api.exception_handler(DjangoValidationError)
def on_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = validation_error_dict(exc)
    status = 409 if isinstance(exc, StateConflict) else 422 if isinstance(exc, UnknownReference) else 400
    return error_response(request, status, _summary(errors), errors)


def _field_of(loc: list) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _LOCATIONS:
        source = parts.pop(0)
        if source != "body":
            # Parameters are flat: the field is the last name (["query", "query", "status", 0]).
            names = [part for part in parts if not part.isdigit()]
            return names[-1] if names else NON_FIELD
        if parts:
            parts.pop(0)  # the name of the body parameter
    return ".".join(parts) or NON_FIELD


# The validator lists the choices in English ("'a', 'b' or 'c'"); the message lists them with
# commas only, so that no English word lands in a Vietnamese sentence.
_LAST_CHOICE = re.compile(r"(['\d]) or (['\d-])")


def _choices(expected: str) -> str:
    return _LAST_CHOICE.sub(r"\1, \2", expected)


def _schema_message(error: dict[str, Any]) -> str:
    """The schema validator's message in the caller's language, for the kinds that come up."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])  # our own validators' messages, already translated
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == PERIOD_PATTERN:
            return _("Use a period code such as 2026, 2026Q1 or 2026M03.")
        if ctx.get("pattern") == NOT_BLANK:
            return _("This field cannot be blank.")
        return _("The value does not have the expected form.")
    messages = {
        "missing": _("This field is required."),
        "extra_forbidden": _("This field is not part of the request."),
        "string_too_long": _("Use at most %(max_length)s characters."),
        "string_too_short": _("Use at least %(min_length)s characters."),
        "greater_than_equal": _("Use a value of at least %(ge)s."),
        "less_than_equal": _("Use a value of at most %(le)s."),
        "enum": _("Use one of: %(expected)s."),
        "literal_error": _("Use one of: %(expected)s."),
        "int_parsing": _("Use a whole number."),
        "int_type": _("Use a whole number."),
        "bool_type": _("Use true or false."),
        "bool_parsing": _("Use true or false."),
        "string_type": _("Give a text."),
        "list_type": _("Give a list."),
        "model_attributes_type": _("Give a JSON object."),
        "dict_type": _("Give a JSON object."),
    }
    if kind in ("enum", "literal_error") and isinstance(ctx.get("expected"), str):
        ctx = {**ctx, "expected": _choices(ctx["expected"])}
    if kind in messages:
        try:
            return messages[kind] % ctx
        except (KeyError, TypeError, ValueError):
            pass
    return str(error.get("msg", ""))


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_of(error.get("loc", [])), []).append(_schema_message(error))
    return error_response(request, 422, _summary(errors), errors)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, BodyParseError):
        errors = {NON_FIELD: [_("The request body is not valid JSON.")]}
        return error_response(request, 422, _summary(errors), errors)
    return error_response(request, exc.status_code, str(exc.message))


@api.exception_handler(MultiPartParserError)
def on_unreadable_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    errors = {NON_FIELD: [_("The request body is not a readable multipart form.")]}
    return error_response(request, 422, _summary(errors), errors)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, str(exc) or _("You do not have permission to do this."))


@api.exception_handler(ObjectDoesNotExist)
def on_does_not_exist(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 404, _("Not found."))


@api.exception_handler(Http404)
def on_http404(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 404, _("Not found."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = _("Authentication required: send “Authorization: Bearer <token>” or sign in.")
    response = error_response(request, 401, detail)
    response["WWW-Authenticate"] = 'Bearer realm="dxoffice"'
    return response


@api.exception_handler(IntegrityError)
def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    logger.warning("API integrity error: %s", exc)
    return error_response(request, 409, _("This conflicts with an existing record."))


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    # A last safety net: the schema's limits should stop such input before it reaches the database.
    logger.warning("API data error: %s", exc)
    return error_response(request, 400, _("The input holds a value the database cannot store."))
