"""The indicators part of the demo tells a story on first run: three frameworks, two years of values,
an index and ranks for every commune and ward, work waiting at each step, KPIs feeding objectives."""

import pytest

from dxoffice.core.models import OrgUnit, UnitKind
from dxoffice.demo import data
from dxoffice.demo.loader import load_demo, local_code
from dxoffice.indicators.analysis import gap_analysis
from dxoffice.indicators.models import Framework, IndexScore, Submission, SubmissionStatus
from dxoffice.indicators.selectors import ranking

LOCAL = [UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE]


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_the_demo_has_frameworks_two_years_of_values_ranks_and_gaps():
    load_demo()
    assert set(Framework.objects.values_list("code", flat=True)) == {"DTI_CAMAU", "KPI_CDS", "HATANG_KHAOSAT"}
    dti = Framework.objects.get(code="DTI_CAMAU").versions.get()
    local_units = OrgUnit.objects.filter(kind__in=LOCAL).count()
    indexed_2025 = IndexScore.objects.filter(
        version=dti, period="2025", component__isnull=True, unit_kind__in=LOCAL
    )
    assert indexed_2025.count() == local_units == 64
    communes = ranking(dti, "2026", UnitKind.COMMUNE)
    assert communes and communes[0].rank == 1 and communes[0].previous is not None
    improving = [r for r in communes if r.change is not None and r.change > 0]
    assert len(improving) > len(communes) / 2  # most communes move up from 2025 to 2026
    statuses = set(
        Submission.objects.filter(campaign__version=dti, campaign__period="2026").values_list(
            "status", flat=True
        )
    )
    assert {SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED, SubmissionStatus.DRAFT} <= statuses
    focal = OrgUnit.objects.get(code=local_code(data.FOCAL_COMMUNE))
    assert (
        Submission.objects.get(campaign__version=dti, campaign__period="2026", unit=focal).status
        == SubmissionStatus.DRAFT
    )
    _base, gaps = gap_analysis(dti, communes[-1].unit, "2026")
    assert gaps and gaps[0].gain > 0
    province = OrgUnit.objects.get(code=data.PROVINCE[0])
    assert IndexScore.objects.filter(
        version=dti, unit=province, period="2025", component__isnull=True
    ).exists()
    kpis = Framework.objects.get(code="KPI_CDS").versions.get()
    assert IndexScore.objects.filter(version=kpis, unit=province, period="2025").exists()
