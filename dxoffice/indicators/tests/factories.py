"""A small framework for tests, built through the import service, and helpers to collect values."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

from dxoffice.core.models import OrgUnit, User
from dxoffice.indicators import services
from dxoffice.indicators.models import Campaign, FrameworkVersion, Submission

SMALL: dict[str, Any] = {
    "code": "TEST",
    "name": "Bộ chỉ số thử",
    "name_en": "Test framework",
    "missing_rule": "exclude",
    "components": [
        {"code": "CQS", "name": "Chính quyền số", "name_en": "Digital government", "weight": "2"},
        {"code": "HT", "name": "Hạ tầng", "name_en": "Infrastructure", "weight": "1"},
    ],
    "indicators": [
        {"code": "DVC_TOTAL", "name": "Tổng số thủ tục", "component": "CQS", "value_type": "count",
         "source": "entered", "weight": "0", "aggregation": "sum"},
        {"code": "DVC_ONLINE", "name": "Số thủ tục trực tuyến", "component": "CQS", "value_type": "count",
         "source": "entered", "weight": "0", "aggregation": "sum"},
        {"code": "DVC_RATE", "name": "Tỷ lệ thủ tục trực tuyến", "component": "CQS", "value_type": "percent",
         "source": "computed", "formula": "PCT(DVC_ONLINE, DVC_TOTAL)", "scoring": "fixed",
         "lower_bound": "0", "upper_bound": "100", "weight": "1", "parent_rule": "inputs"},
        {"code": "HOSO", "name": "Hồ sơ xử lý trực tuyến", "component": "CQS", "value_type": "percent",
         "source": "entered", "scoring": "minmax", "weight": "1", "evidence_required": True},
        {"code": "CAP_QUANG", "name": "Cáp quang", "component": "HT", "value_type": "boolean",
         "source": "entered", "weight": "1", "aggregation": "share", "threshold": "1"},
    ],
    "rules": [{"code": "R_ONLINE", "expression": "DVC_ONLINE <= DVC_TOTAL",
               "message": "Online procedures cannot exceed all procedures."}],
}  # fmt: skip


SEX = {"code": "GIOI_TINH", "name": "Giới tính", "name_en": "Sex",
       "options": [{"code": "NAM", "name": "Nam", "name_en": "Male"}, {"code": "NU", "name": "Nữ", "name_en": "Female"}]}  # fmt: skip
STAFF = {"code": "CAN_BO", "name": "Số cán bộ", "component": "HT", "value_type": "count", "source": "entered",
         "weight": "1", "aggregation": "sum", "breakdown": "GIOI_TINH"}  # fmt: skip
TRAINED = {"code": "DA_DAO_TAO", "name": "Số cán bộ đã đào tạo", "component": "HT", "value_type": "count",
           "source": "entered", "weight": "1", "aggregation": "sum", "breakdown": "GIOI_TINH",
           "breakdown_total": "entered"}  # fmt: skip


def breakdown_framework(**changes: Any) -> dict[str, Any]:
    """The small framework with staff and trained staff by sex (a breakdown) and a rule between them."""
    data = copy.deepcopy(SMALL)
    data["breakdowns"] = [copy.deepcopy(SEX)]
    data["indicators"] += [dict(STAFF), dict(TRAINED)]
    data["rules"] = data["rules"] + [
        {
            "code": "R_DAO_TAO",
            "expression": "DA_DAO_TAO <= CAN_BO",
            "message": "Trained staff cannot exceed staff.",
        }
    ]
    data.update(changes)
    return data


def small_framework(by: User, owner: OrgUnit, **changes: Any) -> FrameworkVersion:
    data = copy.deepcopy(SMALL)
    data.update(changes)
    return services.framework_import(by=by, data=data, owner_unit=owner)


def open_campaign(
    by: User, version: FrameworkVersion, units: list[OrgUnit], period: str = "2026"
) -> Campaign:
    return services.campaign_create(
        by=by,
        version=version,
        period=period,
        title=f"Đánh giá {period}",
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 12, 31),
        units=units,
    )


def submission_of(campaign: Campaign, unit: OrgUnit) -> Submission:
    return Submission.objects.get(campaign=campaign, unit=unit)


def enter_and_approve(
    campaign: Campaign, unit: OrgUnit, values: dict[str, Any], *, focal: User, reviewer: User
) -> Submission:
    submission = submission_of(campaign, unit)
    evidence = {"HOSO": "QĐ 12/2026"} if "HOSO" in values else {}
    comments = {code: "Số liệu đã kiểm tra" for code in values}
    services.values_save(by=focal, submission=submission, values=values, evidence=evidence, comments=comments)
    services.submission_submit(by=focal, submission=submission)
    return services.submission_approve(by=reviewer, submission=submission)


def d(value: str) -> Decimal:
    return Decimal(value)
