"""Core part of the REST API: authentication (bearer tokens and the browser session), the error
envelope and the input types every module's router shares, pagination, API tokens and units.

Endpoints stay thin: they call the core services and read through the permission gate.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.params import P, PathEx
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from dxoffice.core.api_inputs import InputSchema, IsoDateTime, RecordId, UnitCode
from dxoffice.core.exceptions import UnknownReference
from dxoffice.core.models import ApiToken, OrgUnit, UnitKind, User
from dxoffice.core.permissions import Action, units_in_scope
from dxoffice.core.services import token_create, token_revoke
from dxoffice.core.text import fold

TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

# Authentication --------------------------------------------------------------------------------


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token made by POST /auth/token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = ApiToken.find_usable(token.strip()) if token else None
        if api_token is None or not api_token.user.is_active:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= TOKEN_TOUCH_INTERVAL:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
        # The history middleware attributes changes to request.user.
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class SessionCsrfAuth(APIKeyCookie):
    """The browser's Django session; unsafe methods need the CSRF token (X-CSRFToken header)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> User | None:
        if request.headers.get("Authorization"):
            return None  # a bearer token was given: it alone decides (and a bad one is a 401)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(
                403, _("CSRF check failed: send the X-CSRFToken header with the csrftoken cookie.")
            )
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:  # pragma: no cover
        return None


def api_auth() -> list:
    return [BearerTokenAuth(), SessionCsrfAuth()]


def caller(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined]


# Errors ----------------------------------------------------------------------------------------

NON_FIELD: str = NON_FIELD_ERRORS  # "__all__", as in Django's ValidationError.message_dict


class ApiError(Schema):
    """Every error answer has this shape (400, 401, 403, 404, 409, 422, 429)."""

    detail: str = Field(description="What went wrong, in the caller's language (Accept-Language).")
    errors: dict[str, list[str]] = Field(
        description=f"Messages per input field (`{NON_FIELD}` for the request as a whole); empty when no "
        "field is at fault."
    )


def with_errors(success: dict[int, Any], *codes: int) -> dict[int, Any]:
    """An operation's responses: its success shapes plus the error codes it can give."""
    return {**success, **{code: ApiError for code in sorted(codes)}}


# Pagination ------------------------------------------------------------------------------------

T = TypeVar("T")


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page (at most {MAX_PAGE_SIZE})."
    )


class Page(Schema, Generic[T]):
    count: int = Field(description="Items on all pages.")
    page: int
    page_size: int
    items: list[T]


def paginate(items, params: PageParams) -> dict[str, Any]:
    """One page of a queryset or list, as {count, page, page_size, items}."""
    start = (params.page - 1) * params.page_size
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "items": list(items[start : start + params.page_size]),
    }


# References by code ----------------------------------------------------------------------------


def unit_by_code(code: str | None, field: str) -> OrgUnit | None:
    """Resolve an organisation unit code given as input; an unknown code names the field."""
    if code is None or not code.strip():
        return None
    unit = OrgUnit.objects.filter(code=code.strip().upper()).first()
    if unit is None:
        raise UnknownReference({field: _("Unknown unit code “%(code)s”.") % {"code": code}})
    return unit


def units_by_codes(codes: Iterable[str] | None, field: str) -> list[OrgUnit] | None:
    if codes is None:
        return None
    wanted = [code.strip().upper() for code in codes if code and code.strip()]
    found = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=wanted)}
    missing = [code for code in wanted if code not in found]
    if missing:
        message = _("Unknown unit code(s): %(codes)s.") % {"codes": ", ".join(missing)}
        raise UnknownReference({field: message})
    return [found[code] for code in dict.fromkeys(wanted)]


# Schemas ---------------------------------------------------------------------------------------


class TokenRequest(InputSchema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=4096)
    name: str = Field("", max_length=100, description="A label for the token, e.g. the integration's name.")
    expires_at: IsoDateTime | None = Field(
        None,
        description="When the token stops working: in the future, at most 366 days ahead; 90 days "
        "from now when not given.",
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the token, to recognise it.")
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    active: bool

    @staticmethod
    def resolve_active(obj: ApiToken) -> bool:
        return obj.is_usable


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    unit: str | None = Field(description="The code of the person's unit.")

    @staticmethod
    def resolve_unit(obj: User) -> str | None:
        return obj.unit.code if obj.unit is not None else None


class TokenCreated(TokenOut):
    token: str = Field(description="The raw token; shown this once only.")
    user: UserOut


class RoleOut(Schema):
    role: str
    unit: str


class MeOut(UserOut):
    is_superuser: bool
    roles: list[RoleOut]

    @staticmethod
    def resolve_roles(obj: User) -> list[dict]:
        grants = obj.grants.select_related("unit").order_by("unit__path", "role")
        return [{"role": grant.role, "unit": grant.unit.code} for grant in grants]


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    depth: int
    email: str
    is_partner: bool

    @staticmethod
    def resolve_parent(obj: OrgUnit) -> str | None:
        return obj.parent.code if obj.parent is not None else None


class UnitQuery(Schema):
    kind: UnitKind | None = None
    q: str = Field(
        "", max_length=200, description="Search code and name, with or without Vietnamese accents."
    )
    parent: UnitCode = Field("", description="Only units in the subtree of this unit code.")


# Endpoints -------------------------------------------------------------------------------------

router = Router(tags=["tokens"])
me_router = Router(tags=["me"])
units_router = Router(tags=["units"])


def _locked_message(request: HttpRequest) -> str:
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else None
    if minutes:
        locked = _("Too many failed sign-in attempts: the account is locked for %(minutes)s minutes.")
        return locked % {"minutes": minutes}
    return _("Too many failed sign-in attempts: the account is locked.")


@router.post(
    "/auth/token",
    auth=None,
    response=with_errors({201: TokenCreated}, 400, 401, 422, 429),
    summary="Get a token",
    operation_id="token_create",
)
def token_obtain(request: HttpRequest, payload: TokenRequest):
    """Exchange a username and password for a bearer token. Failed attempts count toward the
    account lockout, exactly as on the sign-in page (429 while locked)."""
    credentials = {"username": payload.username, "password": payload.password}
    user = authenticate(request, **credentials)
    if user is None:
        if getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(
            request, {"username": payload.username}
        ):
            # Answer in JSON here rather than letting the axes middleware render its HTML page.
            request.axes_locked_out = False  # type: ignore[attr-defined]
            return Status(429, {"detail": _locked_message(request), "errors": {}})
        return Status(401, {"detail": _("Wrong username or password."), "errors": {}})
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    name = payload.name.strip() or _("API token")
    token, raw = token_create(user=user, name=name, expires_at=payload.expires_at)
    token.token = raw  # type: ignore[attr-defined]
    return Status(201, token)


@me_router.get("/auth/me", response=with_errors({200: MeOut}, 401), operation_id="me_get")
def me(request: HttpRequest):
    """The signed-in user and the roles they hold."""
    return caller(request)


@router.get("/auth/tokens", response=with_errors({200: Page[TokenOut]}, 401, 422), operation_id="token_list")
def token_list(request: HttpRequest, page: Query[PageParams]):
    """The caller's own tokens (the raw values are never shown again)."""
    return paginate(ApiToken.objects.filter(user=caller(request)).order_by("-created_at", "-pk"), page)


@router.post(
    "/auth/tokens/{token_id}/revoke",
    response=with_errors({200: TokenOut}, 401, 403, 404, 422),
    summary="Revoke a token (POST)",
    operation_id="token_revoke",
)
@router.delete(
    "/auth/tokens/{token_id}",
    response=with_errors({200: TokenOut}, 401, 403, 404, 422),
    summary="Revoke a token",
    operation_id="token_delete",
)
def token_delete(request: HttpRequest, token_id: RecordId):
    """Revoke one of the caller's tokens (tokens are kept, revoked, for the record)."""
    user = caller(request)
    return token_revoke(by=user, token=ApiToken.objects.get(pk=token_id, user=user))


@units_router.get("/units", response=with_errors({200: Page[UnitOut]}, 401, 422), operation_id="unit_list")
def unit_list(request: HttpRequest, filters: Query[UnitQuery], page: Query[PageParams]):
    """Organisation units the caller may see."""
    units = units_in_scope(caller(request), Action.VIEW).select_related("parent")
    if filters.kind:
        units = units.filter(kind=filters.kind)
    parent = unit_by_code(filters.parent, "parent")
    if parent is not None:
        units = units.filter(path__startswith=parent.path)
    for word in fold(filters.q).split():
        units = units.filter(Q(search_text__contains=word))
    return paginate(units.order_by("path"), page)


@units_router.get(
    "/units/{code}", response=with_errors({200: UnitOut}, 401, 404, 422), operation_id="unit_get"
)
def unit_detail(request: HttpRequest, code: PathEx[str, P(max_length=40, description="The unit code.")]):
    """One unit by its code (404 when it is outside the caller's scope)."""
    return units_in_scope(caller(request), Action.VIEW).select_related("parent").get(code=code.upper())
