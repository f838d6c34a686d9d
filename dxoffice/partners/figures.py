"""Figures of enterprise support over the enterprises and cases a person may see: registered,
verified, assessed and supported per sector and commune, the median maturity and its change, the
share of SMEs on digital platforms (a program KPI), and the rows of the lists' .xlsx."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dxoffice.partners.models import (
    CaseStatus,
    Enterprise,
    EnterpriseSize,
    EnterpriseStatus,
    MaturityAssessment,
    PrioritySector,
    SupportCase,
)

SME_SIZES = (EnterpriseSize.MICRO, EnterpriseSize.SMALL, EnterpriseSize.MEDIUM)


def median_maturity(enterprises: QuerySet[Enterprise], year: int) -> Decimal | None:
    scores = list(
        MaturityAssessment.objects.filter(enterprise__in=enterprises.values("pk"), year=year).values_list(
            "score", flat=True
        )
    )
    return Decimal(median(scores)).quantize(Decimal("0.1")) if scores else None


def enterprise_figures(enterprises: QuerySet[Enterprise]) -> dict[str, Any]:
    verified = enterprises.filter(status=EnterpriseStatus.VERIFIED)
    rows = list(verified.values_list("pk", "sector", "commune__name", "size", "on_digital_platform"))
    assessed = set(
        MaturityAssessment.objects.filter(enterprise__in=verified.values("pk")).values_list(
            "enterprise_id", flat=True
        )
    )
    supported = set(
        SupportCase.objects.filter(
            enterprise__in=verified.values("pk"), status=CaseStatus.RESOLVED
        ).values_list("enterprise_id", flat=True)
    )
    registered = Counter(enterprises.values_list("sector", flat=True))
    by_sector = []
    for value, label in PrioritySector.choices:
        own = [row for row in rows if row[1] == value]
        by_sector.append(
            {
                "sector": value,
                "label": label,
                "registered": registered.get(value, 0),
                "verified": len(own),
                "assessed": sum(1 for row in own if row[0] in assessed),
                "supported": sum(1 for row in own if row[0] in supported),
            }
        )
    communes = Counter(row[2] for row in rows)
    registered_in = Counter(enterprises.values_list("commune__name", flat=True))
    by_commune_rows = [
        {
            "commune": name,
            "registered": registered_in[name],
            "verified": communes.get(name, 0),
            "assessed": sum(1 for row in rows if row[2] == name and row[0] in assessed),
            "supported": sum(1 for row in rows if row[2] == name and row[0] in supported),
        }
        for name, _count in sorted(registered_in.items(), key=lambda item: (-item[1], item[0]))
    ]
    smes = [row for row in rows if row[3] in SME_SIZES]
    on_platform = sum(1 for row in smes if row[4])
    years = sorted(
        set(
            MaturityAssessment.objects.filter(enterprise__in=verified.values("pk")).values_list(
                "year", flat=True
            )
        )
    )
    latest = years[-1] if years else None
    current = median_maturity(verified, latest) if latest else None
    previous = median_maturity(verified, latest - 1) if latest and latest - 1 in years else None
    levels = Counter(
        MaturityAssessment.objects.filter(enterprise__in=verified.values("pk"), year=latest).values_list(
            "level", flat=True
        )
    )
    return {
        "by_sector": by_sector,
        "by_commune": communes.most_common(10),
        "by_commune_rows": by_commune_rows,
        "pending": enterprises.filter(status=EnterpriseStatus.PENDING).count(),
        "verified": len(rows),
        "sme_count": len(smes),
        "sme_platform_share": round(100 * on_platform / len(smes), 1) if smes else None,
        "maturity_year": latest,
        "maturity_median": current,
        "maturity_change": (current - previous) if current is not None and previous is not None else None,
        "maturity_levels": [levels.get(level, 0) for level in range(1, 6)],
    }


def case_figures(cases: QuerySet[SupportCase]) -> dict[str, Any]:
    by_status = Counter(cases.values_list("status", flat=True))
    by_sector = Counter(cases.values_list("sector", flat=True))
    by_commune = Counter(cases.values_list("enterprise__commune__name", flat=True))
    scores = [
        int(s) for s in cases.filter(satisfaction__isnull=False).values_list("satisfaction", flat=True) if s
    ]
    return {
        "by_status": [(label, by_status.get(value, 0), value) for value, label in CaseStatus.choices],
        "by_sector": [(label, by_sector.get(value, 0)) for value, label in PrioritySector.choices],
        "by_commune": by_commune.most_common(10),
        "satisfaction": round(sum(scores) / len(scores), 1) if scores else None,
    }


def enterprise_register_rows(
    enterprises: QuerySet[Enterprise],
) -> tuple[list[str], list[list[Any]], list[int]]:
    headers = [
        _("Enterprise"),
        _("Tax code"),
        _("Sector"),
        _("Size"),
        _("Commune"),
        _("Contact person"),
        _("Contact e-mail"),
        _("Status"),
    ]
    rows = [
        [
            e.name,
            e.tax_code,
            e.get_sector_display(),
            e.get_size_display(),
            e.commune.name,
            e.contact_name,
            e.contact_email,
            e.get_status_display(),
        ]
        for e in enterprises
    ]
    return headers, rows, [40, 16, 16, 16, 24, 24, 28, 18]


def case_register_rows(cases: QuerySet[SupportCase]) -> tuple[list[str], list[list[Any]], list[int]]:
    headers = [
        _("No."),
        _("Enterprise"),
        _("Commune"),
        _("Sector"),
        _("Need"),
        _("Partner"),
        _("Status"),
        _("Opened on"),
        _("Answer due by"),
        _("Closed on"),
        _("Satisfaction (1–5)"),
    ]
    rows = [
        [
            c.pk,
            c.enterprise.name,
            c.enterprise.commune.name,
            c.get_sector_display(),
            c.get_need_display(),
            c.partner.name if c.partner else "",
            c.get_status_display(),
            c.opened_on,
            c.due_date,
            c.closed_on,
            c.satisfaction or "",
        ]
        for c in cases
    ]
    return headers, rows, [8, 36, 22, 16, 20, 30, 14, 12, 12, 12, 10]


def assessment_rows(enterprises: QuerySet[Enterprise], year: int, cap: int) -> list[dict[str, Any]]:
    """The verified enterprises' self-assessments of `year` beside the year before: score, level
    and change, the most improved first; those that did not answer that year come last."""
    verified = enterprises.filter(status=EnterpriseStatus.VERIFIED).select_related("commune")
    scores: dict[tuple[int, int], tuple[Decimal, int]] = {
        (pk, y): (score, level)
        for pk, y, score, level in MaturityAssessment.objects.filter(
            enterprise__in=verified.values("pk"), year__in=[year, year - 1]
        ).values_list("enterprise_id", "year", "score", "level")
    }
    rows: list[dict[str, Any]] = []
    for enterprise in verified.order_by("name")[:cap]:
        current, previous = scores.get((enterprise.pk, year)), scores.get((enterprise.pk, year - 1))
        rows.append(
            {
                "enterprise": enterprise,
                "score": current[0] if current else None,
                "level": current[1] if current else None,
                "previous": previous[0] if previous else None,
                "change": current[0] - previous[0] if current and previous else None,
            }
        )
    rows.sort(key=lambda row: (row["score"] is None, -(row["change"] or 0), row["enterprise"].name))
    return rows


def assessment_register_rows(
    rows: list[dict[str, Any]], year: int
) -> tuple[list[str], list[list[Any]], list[int]]:
    headers = [
        _("Enterprise"),
        _("Sector"),
        _("Commune"),
        _("Score %(year)s") % {"year": year},
        _("Level"),
        _("Score %(year)s") % {"year": year - 1},
        _("Change"),
    ]
    lines = [
        [
            row["enterprise"].name,
            row["enterprise"].get_sector_display(),
            row["enterprise"].commune.name,
            row["score"] if row["score"] is not None else "",
            row["level"] or "",
            row["previous"] if row["previous"] is not None else "",
            row["change"] if row["change"] is not None else "",
        ]
        for row in rows
    ]
    return headers, lines, [40, 16, 24, 12, 8, 12, 10]
