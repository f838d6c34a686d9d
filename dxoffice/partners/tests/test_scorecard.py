"""The scorecard leaders read: commitments by state per party, the partner's figures, people trained
from the training module when it publishes them, and its .xlsx and PDF."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dxoffice.core.registry import DataSource, registry
from dxoffice.partners.exports import scorecard_document, scorecard_workbook
from dxoffice.partners.models import CommitmentState
from dxoffice.partners.selectors import scorecard
from dxoffice.partners.tests.factories import (
    CaseFactory,
    CommitmentFactory,
    EnterpriseFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitments(world, agreement, today):
    past, later = today - timedelta(days=10), today + timedelta(days=40)
    return {
        "met": CommitmentFactory(
            agreement=agreement, party=world.partner_org, code="C1", due_date=past, status="met", met_on=past
        ),
        "late": CommitmentFactory(agreement=agreement, party=world.partner_org, code="C2", due_date=past),
        "risk": CommitmentFactory(
            agreement=agreement, party=world.partner_org, code="C3", due_date=later, status="at_risk"
        ),
        "dropped": CommitmentFactory(
            agreement=agreement, party=world.partner_org, code="C4", due_date=past, status="dropped"
        ),
        "province": CommitmentFactory(
            agreement=agreement, party=world.province, code="C5", due_date=later, title='=HYPERLINK("x")'
        ),
    }


def test_counts_by_state_and_per_party(world, agreement, commitments, today):
    card = scorecard(world.coordinator, agreement, today)
    assert card.counts[CommitmentState.MET] == 1
    assert card.counts[CommitmentState.LATE] == 1
    assert card.counts[CommitmentState.AT_RISK] == 1
    assert card.counts[CommitmentState.NOT_STARTED] == 1
    assert card.counts[CommitmentState.DROPPED] == 1
    partner = next(p for p in card.parties if p.party == world.partner_org)
    assert partner.total == 4
    assert partner.due == 2  # met and late; the dropped one is left out
    assert partner.met_share == 50.0


def test_the_partners_figures_count_verified_enterprises_it_supported(world, agreement, commitments, today):
    solution = SolutionFactory(provider=world.partner_org)
    helped = EnterpriseFactory(commune=world.commune_a)
    CaseFactory(
        enterprise=helped, partner=world.partner_org, status="resolved", closed_on=today, solution=solution
    )
    CaseFactory(enterprise=helped, partner=world.partner_org, status="resolved", closed_on=today)
    pending = EnterpriseFactory(commune=world.commune_a, status="pending")
    CaseFactory(enterprise=pending, partner=world.partner_org, status="resolved", closed_on=today)
    CaseFactory(
        enterprise=EnterpriseFactory(commune=world.commune_b), partner=world.partner_org, status="in_progress"
    )

    partner = next(
        p for p in scorecard(world.coordinator, agreement, today).parties if p.party == world.partner_org
    )

    assert partner.enterprises_supported == 1
    assert partner.solutions_deployed == 1


def test_people_trained_come_from_the_training_source_when_it_is_published(
    world, agreement, commitments, today, monkeypatch
):
    monkeypatch.delitem(registry._sources, "training.people_trained_by_provider", raising=False)
    assert scorecard(world.coordinator, agreement, today).training_available is False
    asked = []

    def trained(period, unit_ids):
        asked.append((period, list(unit_ids)))
        return {world.partner_org.pk: Decimal(1250)}

    source = DataSource("training.people_trained_by_provider", "trained", trained)
    monkeypatch.setitem(registry._sources, source.code, source)

    card = scorecard(world.coordinator, agreement, today)

    assert card.training_available is True
    partner = next(p for p in card.parties if p.party == world.partner_org)
    province = next(p for p in card.parties if p.party == world.province)
    assert partner.people_trained == Decimal(1250) and province.people_trained is None
    assert asked[0][0] == str(today.year)


def test_the_partner_reads_the_scorecard_of_its_agreement_but_not_others(
    world, agreement, commitments, client
):
    client.force_login(world.partner)
    assert client.get(f"/partners/agreements/{agreement.pk}/").status_code == 200
    client.force_login(world.focal_a)  # a commune: neither owner nor party
    assert client.get(f"/partners/agreements/{agreement.pk}/").status_code == 404
    assert client.get(f"/partners/agreements/{agreement.pk}/scorecard.xlsx").status_code == 404


def test_the_workbook_lists_parties_and_commitments_with_text_kept_as_text(
    world, agreement, commitments, today
):
    workbook = scorecard_workbook(scorecard(world.coordinator, agreement, today))
    parties, sheet = workbook.worksheets
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["C1", "C2", "C3", "C4", "C5"]
    formula = sheet.cell(row=6, column=3)
    assert formula.value == '=HYPERLINK("x")' and formula.data_type == "s"  # never evaluated
    assert any(row[0] == world.partner_org.name for row in parties.iter_rows(values_only=True))


def test_the_xlsx_and_pdf_downloads(world, agreement, commitments, client):
    client.force_login(world.coordinator)
    xlsx = client.get(f"/partners/agreements/{agreement.pk}/scorecard.xlsx")
    assert xlsx.status_code == 200
    assert load_workbook(BytesIO(xlsx.content)).sheetnames[1]
    response = client.get(f"/partners/agreements/{agreement.pk}/scorecard.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    flat = "".join(text.split())
    assert agreement.number in flat
    assert "TậpđoànCôngnghệ" in flat and "50.0" in flat  # the partner's share of its due commitments met


def test_the_document_names_late_commitments_in_english_too(world, agreement, commitments, today):
    document = scorecard_document(world.coordinator, scorecard(world.coordinator, agreement, today), "en")
    tables = [block for block in document.blocks if getattr(block, "kind", "") == "table"]
    late_rows = tables[-1].rows
    assert [row[1].split(".")[0] for row in late_rows] == ["C2", "C3"]
    assert {row[-1] for row in late_rows} == {"Late", "At risk"}


def _word_text(document) -> tuple[str, list[list[list[str]]]]:
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def test_the_docx_download_is_the_report_as_an_editable_word_document(world, agreement, commitments, client):
    import docx

    client.force_login(world.coordinator)
    response = client.get(f"/partners/agreements/{agreement.pk}/scorecard.docx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert ".docx" in response["Content-Disposition"]
    paragraphs, tables = _word_text(docx.Document(BytesIO(response.content)))
    assert agreement.number in paragraphs
    assert "gồm 5 cam kết: 1 cam kết đã đạt, 1 cam kết chậm hạn, 1 cam kết có nguy cơ" in paragraphs
    rows = [row for table in tables for row in table]
    partner = next(row for row in rows if world.partner_org.name in row)
    assert partner[-1] == "50.0"  # met of those due, as on the screen and the PDF
    late = [row for row in rows if row[1].startswith(("C2.", "C3."))]
    assert [row[-1] for row in late] == ["Chậm hạn", "Có nguy cơ không đạt"]


def test_the_docx_is_refused_out_of_scope(world, agreement, commitments, client):
    client.force_login(world.focal_a)
    assert client.get(f"/partners/agreements/{agreement.pk}/scorecard.docx").status_code == 404
