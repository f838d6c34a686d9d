"""The partners part of the Cà Mau demo, checked the way a leader trying it would find it. Loading
takes seconds, so one test loads it and runs each check (plain functions, so a failure names it)."""

from collections import Counter

from dxoffice.core.models import User
from dxoffice.demo import data
from dxoffice.demo.loader import load_demo
from dxoffice.partners.models import (
    Agreement,
    CaseStatus,
    Commitment,
    Enterprise,
    MaturityAssessment,
    SchoolProject,
    SupportCase,
)
from dxoffice.partners.selectors import scorecard
from dxoffice.planning.models import Task


def check_the_september_2025_agreement_and_its_commitments_at_every_state():
    agreement = Agreement.objects.get(number="01/2025/TTHT-UBND")
    assert agreement.signed_on.isoformat() == "2025-09-17"
    assert {unit.code for unit in agreement.parties.all()} == {"CAMAU", "DOITAC"}
    card = scorecard(User.objects.get(username="leader"), agreement)
    assert all(
        card.counts[state] for state in ("met", "late", "at_risk", "in_progress", "not_started", "dropped")
    )
    assert Commitment.objects.filter(party__code="CAMAU").count() == 4


def check_the_partner_reads_its_agreement_and_the_tasks_carrying_it():
    partner = User.objects.get(username="partner")
    agreement = Agreement.objects.get()
    card = scorecard(partner, agreement)
    carried = [row for row in card.rows if row.tasks]
    assert {row.commitment.code for row in carried} >= {"DT-03", "DT-04", "DT-05"}
    assert Task.objects.filter(origin="partners.commitment").count() == 4
    assert Task.objects.filter(origin="partners.school_project").count() == 2


def check_sixty_enterprises_across_sectors_and_communes_with_cases_at_every_state():
    assert Enterprise.objects.count() == 60
    statuses = Counter(Enterprise.objects.values_list("status", flat=True))
    assert statuses["verified"] > 40 and statuses["pending"] and statuses["rejected"]
    assert len(set(Enterprise.objects.values_list("sector", flat=True))) == 6
    assert len(set(Enterprise.objects.values_list("commune", flat=True))) > 30
    assert set(SupportCase.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert MaturityAssessment.objects.filter(year=2026).count() > 20
    assert SchoolProject.objects.count() == 3
    verified = Enterprise.objects.filter(status="verified")
    assert verified.filter(account__isnull=False).count() == verified.count()
    first = Enterprise.objects.order_by("pk").first()
    assert first.account.check_password(data.DEMO_PASSWORD)  # one enterprise to try its own view


def test_the_demo_holds_the_partnership_story(db, django_capture_on_commit_callbacks):
    load_demo()
    check_the_september_2025_agreement_and_its_commitments_at_every_state()
    check_the_partner_reads_its_agreement_and_the_tasks_carrying_it()
    check_sixty_enterprises_across_sectors_and_communes_with_cases_at_every_state()
