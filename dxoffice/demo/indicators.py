"""The indicators module's part of the Cà Mau demo: the three shipped frameworks, two years of values
for every commune and ward (2025 approved; 2026 mostly approved, some waiting for review, the focal
point's commune still in draft), the program's KPIs of the province and the infrastructure inventory.

Values are deterministic: each unit has a "maturity" drawn from its code, wards run ahead of communes,
and most units improve from 2025 to 2026, so the index, the trends and the gaps tell a story."""

from __future__ import annotations

import hashlib
import io
import random
from datetime import date
from decimal import Decimal
from pathlib import Path

from dxoffice.core.models import OrgUnit, UnitKind
from dxoffice.demo import data
from dxoffice.demo.state import Demo, local_code
from dxoffice.indicators import exchange, services
from dxoffice.indicators.models import Campaign, Indicator, Submission

FRAMEWORKS = Path(services.__file__).resolve().parents[1] / "frameworks"
LOCAL = [UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE]

# code -> (value at maturity 0, value at maturity 1); lower-is-better codes run downwards.
RANGES: dict[str, tuple[float, float]] = {
    "NT_TUYENTRUYEN": (6, 40),
    "NT_QUANTRIET": (55, 100),
    "TC_NGANSACH": (0.15, 1.4),
    "HT_CAPQUANG": (38, 97),
    "HT_SOHO": (2500, 12000),
    "HT_5G": (8, 85),
    "HT_MAYTINH": (72, 100),
    "NL_CHUYENTRACH": (0, 3),
    "ATTT_CAPDO": (30, 100),
    "ATTT_SUCO": (7, 0),
    "CQS_TTHC": (190, 215),
    "CQS_SOHOA": (45, 100),
    "CQS_TREHAN": (14, 0.5),
    "KTS_KHONGTIENMAT": (12, 72),
    "KTS_HOKINHDOANH": (3, 32),
    "XHS_KYNANG": (30, 84),
    "XHS_DINHDANH": (45, 96),
    "KN_BANGTHONG": (40, 900),
    "DL_LUUTRU": (0.2, 14),
    "DL_DAMMAY": (5, 90),
    "NT_CSDL": (1, 13),
    "NT_LGSP": (0, 22),
    "TT_SOHT": (1, 9),
    "TB_MAYTINH": (0.55, 1.1),
    "TB_CU": (70, 15),
    "NS_CNTT": (0, 4),
    "NS_ATTT": (0, 2),
}


def _maturity(unit: OrgUnit) -> float:
    digest = int(hashlib.sha256(unit.code.encode()).hexdigest()[:8], 16)
    base = 0.2 + 0.6 * (digest % 1000) / 1000
    return min(0.95, base + (0.12 if unit.kind == UnitKind.WARD else 0.0))


def _values(
    indicators: list[Indicator], unit: OrgUnit, maturity: float, rng: random.Random
) -> dict[str, str]:
    found: dict[str, str] = {}
    for indicator in indicators:
        m = max(0.0, min(1.0, maturity + rng.uniform(-0.15, 0.15)))
        code = indicator.code
        if indicator.value_type == "boolean":
            found[code] = "1" if rng.random() < 0.25 + 0.7 * m else "0"
        elif indicator.value_type == "choice":
            options = indicator.options
            found[code] = str(options[min(len(options) - 1, int(m * len(options)))]["code"])
        elif code in RANGES:
            low, high = RANGES[code]
            value = low + (high - low) * m
            whole = indicator.value_type in ("count", "money")
            found[code] = str(round(value)) if whole else f"{value:.1f}"
        elif code == "CQS_TTHC_TT":
            found[code] = str(round(float(found["CQS_TTHC"]) * (0.3 + 0.65 * m)))
        elif code == "TT_CAPDO_DUYET":
            found[code] = str(round(float(found["TT_SOHT"]) * m))
    return found


def _import(demo: Demo, name: str) -> object:
    path = FRAMEWORKS / name
    framework = exchange.read_file(path.name, io.BytesIO(path.read_bytes()))
    return services.framework_import(by=demo.system, data=framework, owner_unit=demo.units[data.PROVINCE[0]])


def _collect(
    demo: Demo,
    campaign: Campaign,
    values_of: dict[int, dict[str, str]],
    *,
    approve: set[int],
    submit: set[int],
) -> None:
    reviewer = demo.users.get("coordinator", demo.system)
    to_approve = []
    for submission in Submission.objects.filter(campaign=campaign).select_related(
        "unit", "campaign__version"
    ):
        values = values_of.get(submission.unit_id)
        if not values:
            continue
        indicators = {i.code: i for i in services.campaign_indicators(campaign, submission.unit)}
        evidence = {code: "Văn bản số 15/UBND" for code, i in indicators.items() if i.evidence_required}
        comments = dict.fromkeys(values, "Số liệu theo báo cáo tổng kết")
        services.values_save(
            by=demo.system, submission=submission, values=values, evidence=evidence, comments=comments
        )
        for flag in submission.flags.all():
            services.flag_comment(by=demo.system, flag=flag, comment="Đã rà soát, số liệu đúng thực tế")
        if submission.unit_id in approve or submission.unit_id in submit:
            services.submission_submit(by=demo.system, submission=submission)
            if submission.unit_id in approve:
                to_approve.append(submission)
    if to_approve:
        services.submissions_approve(by=reviewer, submissions=to_approve)


def _local_units(demo: Demo) -> list[OrgUnit]:
    return [u for u in demo.units.values() if u.kind in LOCAL]


def build(demo: Demo) -> None:
    """Add the indicators module's demo records (called by the loader after the register is built)."""
    dti = _import(demo, "dti_readiness.yaml")
    kpis = _import(demo, "program_kpis.yaml")
    inventory = _import(demo, "infrastructure_inventory.yaml")
    province = demo.units[data.PROVINCE[0]]
    locals_ = _local_units(demo)
    rng = random.Random(2026)
    focal = demo.units.get(local_code(data.FOCAL_COMMUNE))
    for year, opens, closes in (
        (2025, date(2026, 1, 5), date(2026, 2, 28)),
        (2026, date(2026, 11, 15), date(2027, 1, 31)),
    ):
        campaign = services.campaign_create(
            by=demo.system, version=dti, period=str(year), title=f"Đánh giá mức độ chuyển đổi số cấp xã năm {year}",  # type: ignore[arg-type]
            opens_on=opens, closes_on=closes, units=locals_,
        )  # fmt: skip
        indicators = services.campaign_indicators(campaign)
        values = {
            u.pk: _values(indicators, u, _maturity(u) + (0.08 if year == 2026 else 0.0), rng) for u in locals_
        }
        if year == 2025:
            _collect(demo, campaign, values, approve={u.pk for u in locals_}, submit=set())
        else:
            late = {u.pk for u in locals_[::9]}
            waiting = {u.pk for u in locals_[4::11]} - late
            keep = {focal.pk} if focal else set()
            approve = {u.pk for u in locals_} - late - waiting - keep
            for pk in late:
                values[pk] = {}  # not started yet: the campaign's progress shows them
            for pk in keep:
                values[pk] = dict(list(values[pk].items())[:6])  # the focal point's draft, half done
            _collect(demo, campaign, values, approve=approve, submit=waiting)
    _kpis(demo, kpis, province)
    departments = [u for u in demo.units.values() if u.kind == UnitKind.DEPARTMENT]
    campaign = services.campaign_create(
        by=demo.system, version=inventory, period="2026", title="Khảo sát hiện trạng hạ tầng số năm 2026",  # type: ignore[arg-type]
        opens_on=date(2026, 3, 1), closes_on=date(2026, 4, 30), units=departments + locals_,
    )  # fmt: skip
    indicators = services.campaign_indicators(campaign)
    units = departments + locals_
    values = {u.pk: _values(indicators, u, _maturity(u), rng) for u in units}
    _collect(demo, campaign, values, approve={u.pk for u in units}, submit=set())


def _kpis(demo: Demo, version: object, province: OrgUnit) -> None:
    """The province's KPI values: 2025 approved (the objectives' actuals follow), 2026 waiting for review."""
    for year, status in ((2025, "approve"), (2026, "submit")):
        campaign = services.campaign_create(
            by=demo.system, version=version, period=str(year), title=f"Chỉ tiêu chủ yếu năm {year}",  # type: ignore[arg-type]
            opens_on=date(year, 12, 1), closes_on=date(year + 1, 1, 20), units=[province],
        )  # fmt: skip
        whole = {i.code for i in services.campaign_indicators(campaign) if i.value_type == "count"}
        values = {}
        for seed in data.OBJECTIVES:
            value = _trend(seed, date(year, 12, 31))
            values[seed.code] = str(value.quantize(Decimal(1)) if seed.code in whole else value)
        ids = {province.pk}
        _collect(
            demo, campaign, {province.pk: values}, approve=ids if status == "approve" else set(), submit=ids
        )


def _trend(seed: data.ObjectiveSeed, on: date) -> Decimal:
    """The demo's objective trend (baseline at the end of 2024 plus the slope per year), the same line
    the register's actuals follow, so the KPI approved for 2025 is the objective's 2025 actual."""
    years = Decimal((on - date(2024, 12, 31)).days) / Decimal("365.25")
    value = seed.baseline + seed.slope * years
    if seed.unit == "%":
        value = min(value, Decimal(100))
    floor = seed.baseline / 5 if seed.lower_is_better else Decimal(0)
    return max(value, floor).quantize(Decimal("0.01"))
