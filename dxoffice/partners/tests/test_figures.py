"""The figures of enterprise support on hand-computed cases: registered, verified, assessed and
supported per sector and per commune, the median maturity and its change, and the share of SMEs on
digital platforms."""

from decimal import Decimal

import pytest

from dxoffice.partners.figures import enterprise_figures
from dxoffice.partners.models import Enterprise, MaturityAssessment
from dxoffice.partners.tests.factories import CaseFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def assessed(enterprise, year, score):
    MaturityAssessment.objects.create(enterprise=enterprise, year=year, score=Decimal(score), level=1)


def test_per_sector_and_per_commune(world):
    a1 = EnterpriseFactory(commune=world.commune_a, sector="tourism", size="micro", on_digital_platform=True)
    a2 = EnterpriseFactory(commune=world.commune_a, sector="tourism", size="small")
    EnterpriseFactory(commune=world.commune_a, sector="tourism", status="pending")
    b1 = EnterpriseFactory(commune=world.commune_b, sector="health", size="large", on_digital_platform=True)
    CaseFactory(enterprise=a1, status="resolved", closed_on=a1.registered_at.date())
    CaseFactory(enterprise=b1, status="declined", closed_on=b1.registered_at.date())
    assessed(a1, 2025, "40.0")
    assessed(a1, 2026, "60.0")
    assessed(a2, 2026, "30.0")
    assessed(b1, 2025, "20.0")
    assessed(b1, 2026, "50.0")

    figures = enterprise_figures(Enterprise.objects.all())

    tourism = next(row for row in figures["by_sector"] if row["sector"] == "tourism")
    assert (tourism["registered"], tourism["verified"], tourism["assessed"], tourism["supported"]) == (
        3,
        2,
        2,
        1,
    )
    communes = {row["commune"]: row for row in figures["by_commune_rows"]}
    assert communes[world.commune_a.name] == {
        "commune": world.commune_a.name,
        "registered": 3,
        "verified": 2,
        "assessed": 2,
        "supported": 1,
    }
    assert (communes[world.commune_b.name]["verified"], communes[world.commune_b.name]["supported"]) == (1, 0)
    assert [row["commune"] for row in figures["by_commune_rows"]][0] == world.commune_a.name  # most first
    # 2026 scores 60, 30, 50 -> median 50.0; 2025 scores 40, 20 -> median 30.0; change +20.0
    assert (figures["maturity_year"], figures["maturity_median"], figures["maturity_change"]) == (
        2026,
        Decimal("50.0"),
        Decimal("20.0"),
    )
    # SMEs among the verified: a1 (on a platform) and a2 -> 50.0; the large enterprise is left out
    assert (figures["sme_count"], figures["sme_platform_share"]) == (2, 50.0)


def test_a_commune_sees_its_own_figures(client, world):
    EnterpriseFactory(commune=world.commune_a)
    EnterpriseFactory(commune=world.commune_b)
    client.force_login(world.focal_b)
    page = client.get("/partners/enterprises/").content.decode()
    assert 'data-testid="by-commune"' in page
    assert world.commune_b.name in page and world.commune_a.name not in page
