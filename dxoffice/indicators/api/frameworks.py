"""Frameworks, their indicators and campaigns."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dxoffice.core.api import Page, PageParams, caller, paginate, unit_by_code, with_errors
from dxoffice.core.api_inputs import InputSchema, RecordId, RequiredUnitCode
from dxoffice.indicators import selectors, services
from dxoffice.indicators.models import FrameworkVersion, Indicator

framework_router = Router(tags=["indicator frameworks"])
indicator_router = Router(tags=["indicators"])
campaign_router = Router(tags=["indicator campaigns"])
router = Router()


class VersionOut(Schema):
    id: int
    framework: str
    name: str
    number: int
    frozen: bool
    missing_rule: str
    index_mean: str

    @staticmethod
    def resolve_framework(obj: FrameworkVersion) -> str:
        return obj.framework.code

    @staticmethod
    def resolve_name(obj: FrameworkVersion) -> str:
        return obj.framework.localized_name

    @staticmethod
    def resolve_frozen(obj: FrameworkVersion) -> bool:
        return obj.is_frozen


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    pillar: str
    value_type: str
    source: str
    source_code: str
    formula: str
    polarity: str
    aggregation: str
    scoring: str
    weight: float
    max_points: float
    period_type: str
    unit_kinds: list[str]
    evidence_required: bool
    breakdown: str = Field(description="The code of its breakdown, if it takes a value per option.")
    breakdown_total: str

    @staticmethod
    def resolve_breakdown(obj: Indicator) -> str:
        return obj.breakdown.code if obj.breakdown else ""

    @staticmethod
    def resolve_pillar(obj: Indicator) -> str:
        return obj.component.code

    @staticmethod
    def resolve_weight(obj: Indicator) -> float:
        return float(obj.weight)

    @staticmethod
    def resolve_max_points(obj: Indicator) -> float:
        return float(obj.max_points)


class CampaignOut(Schema):
    id: int
    version: int = Field(alias="version_id")
    period: str
    title: str
    opens_on: date
    closes_on: date


class FrameworkImportIn(InputSchema):
    owner_unit: RequiredUnitCode = Field(
        description="The unit that owns a new framework (ignored for a known one)."
    )
    framework: dict[str, Any] = Field(description="The framework as `framework_export` gives it.")


@framework_router.get(
    "/indicators/versions",
    response=with_errors({200: Page[VersionOut]}, 401, 422),
    operation_id="framework_list",
)
def framework_list(request: HttpRequest, page: Query[PageParams]) -> Any:
    versions = FrameworkVersion.objects.filter(framework__in=selectors.frameworks_visible_to(caller(request)))
    return paginate(versions.select_related("framework").order_by("framework__code", "-number"), page)


@framework_router.get(
    "/indicators/versions/{version_id}/export",
    response=with_errors({200: dict[str, Any]}, 401, 404, 422),
    operation_id="framework_export",
)
def framework_export(request: HttpRequest, version_id: RecordId) -> Any:
    """The version as data: import it (as YAML, JSON or through this API) to make a new version."""
    return services.framework_export(selectors.version_for(caller(request), version_id))


@framework_router.post(
    "/indicators/versions",
    response=with_errors({201: VersionOut}, 400, 401, 403, 422),
    operation_id="framework_import",
)
def framework_import(request: HttpRequest, body: FrameworkImportIn) -> Any:
    """Import a framework as a new version; all or nothing, errors named by place."""
    owner = unit_by_code(body.owner_unit, "owner_unit")
    version = services.framework_import(by=caller(request), data=body.framework, owner_unit=owner)  # type: ignore[arg-type]
    return Status(201, version)


@indicator_router.get(
    "/indicators/versions/{version_id}/indicators",
    response=with_errors({200: list[IndicatorOut]}, 401, 404, 422),
    operation_id="indicator_list",
)
def indicator_list(request: HttpRequest, version_id: RecordId) -> Any:
    version = selectors.version_for(caller(request), version_id)
    return list(Indicator.objects.filter(version=version).select_related("component", "breakdown"))


@campaign_router.get(
    "/indicators/campaigns",
    response=with_errors({200: Page[CampaignOut]}, 401, 422),
    operation_id="campaign_list",
)
def campaign_list(request: HttpRequest, page: Query[PageParams]) -> Any:
    campaigns: Any = selectors.campaigns_visible_to(caller(request)).order_by("-period", "title")
    return paginate(campaigns, page)


router.add_router("", framework_router)
router.add_router("", indicator_router)
router.add_router("", campaign_router)

__all__ = ["router"]
