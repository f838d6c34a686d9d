"""The scorecard for the coordination group as an .xlsx (core.excel, every text cell escaped) and
as a PDF report (core.documents), and the .xlsx of the enterprise and case lists. Both scorecard
files read the one `selectors.scorecard`, so they say what the screen says."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook

from dxoffice.core.documents.figures import count, numbered_table
from dxoffice.core.documents.issuer import issuer_of
from dxoffice.core.documents.labels import short_date
from dxoffice.core.documents.model import Align, Column, Document, Heading, Paragraph
from dxoffice.core.excel.styles import DATE_FORMAT, write_table
from dxoffice.core.models import User
from dxoffice.partners.models import CommitmentState
from dxoffice.partners.selectors import Scorecard

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CAP = 500  # commitments listed in the PDF; the rest are counted


def workbook_response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.xlsx") or ""
    response["Cache-Control"] = "private, no-store"
    return response


def table_workbook(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int]
) -> Workbook:
    workbook = Workbook()
    sheet = workbook.create_sheet(title[:31], 0)
    workbook.remove(workbook.worksheets[1])
    write_table(sheet, headers, rows, widths)
    return workbook


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _trained(value: Any, available: bool) -> Any:
    if not available:
        return _("not available")
    return "" if value is None else value


def agreement_list_workbook(cards: Sequence[Scorecard]) -> Workbook:
    """The agreements the person sees, with their parties, dates and commitments by state."""
    states = [state.value for state in CommitmentState]
    headers = [
        _("Number"),
        _("Title"),
        _("Owner unit"),
        _("Parties"),
        _("Signed on"),
        _("Valid from"),
        _("Valid until"),
        *[str(CommitmentState(state).label) for state in states],
    ]
    rows = [
        [
            card.agreement.number,
            card.agreement.title,
            card.agreement.owner_unit.name,
            "; ".join(party.name for party in card.agreement.parties.all()),
            card.agreement.signed_on,
            card.agreement.valid_from,
            card.agreement.valid_until,
            *[card.counts.get(state, 0) for state in states],
        ]
        for card in cards
    ]
    workbook = table_workbook(
        _("Agreements"), headers, rows, [18, 50, 24, 40, 12, 12, 12, *[10] * len(states)]
    )
    sheet = workbook.active
    for line in range(2, len(rows) + 2):
        for column in (5, 6, 7):
            sheet.cell(row=line, column=column).number_format = DATE_FORMAT  # type: ignore[union-attr]
    return workbook


def scorecard_workbook(card: Scorecard) -> Workbook:
    states = list(card.counts)
    workbook = Workbook()
    parties = workbook.create_sheet(_("Parties")[:31], 0)
    workbook.remove(workbook.worksheets[1])
    headers = [
        _("Party"),
        *[str(CommitmentState(state).label) for state in states],
        _("Due so far"),
        _("Met of those due (%)"),
        _("People trained"),
        _("Enterprises supported"),
        _("Solutions deployed"),
    ]
    rows = [
        [
            score.party.name,
            *[score.counts[state] for state in states],
            score.due,
            _share(score.met_share),
            _trained(score.people_trained, card.training_available),
            score.enterprises_supported,
            score.solutions_deployed,
        ]
        for score in card.parties
    ]
    write_table(parties, headers, rows, [40, *[12] * len(states), 12, 14, 14, 14, 14])
    sheet = workbook.create_sheet(_("Commitments")[:31])
    last = write_table(
        sheet,
        [
            _("Code"),
            _("Party"),
            _("Commitment"),
            _("Measure of completion"),
            _("Due date"),
            _("State"),
            _("Progress (%)"),
            _("Tasks"),
        ],
        [
            [
                row.commitment.code,
                row.commitment.party.name,
                row.commitment.title,
                row.commitment.measure,
                row.commitment.due_date,
                row.state_label,
                row.progress if row.progress is not None else "",
                len(row.tasks),
            ]
            for row in card.rows
        ],
        [10, 30, 50, 40, 12, 14, 12, 8],
    )
    for line in range(2, last + 1):
        sheet.cell(row=line, column=5).number_format = DATE_FORMAT
    return workbook


def scorecard_document(user: User, card: Scorecard, language: str | None = None) -> Document:
    language = language or translation.get_language() or "vi"
    with translation.override(language):
        return _document(user, card, language)


def _document(user: User, card: Scorecard, language: str) -> Document:
    agreement = card.agreement
    issuer = issuer_of(user, agreement.owner_unit)
    document = Document(
        issuing_body=issuer.body,
        kind=_("Report"),
        title=_("Implementation of the cooperation agreement %(number)s") % {"number": agreement.number},
        place=issuer.place,
        date=card.today,
        language=language,
        summary=_("(Figures as of %(today)s)") % {"today": short_date(card.today)},
        recipients=[_("The coordination group;"), *issuer.superiors],
        signature=issuer.signature,
        filename=_("agreement-scorecard-%(pk)s") % {"pk": agreement.pk},
    )
    total = sum(card.counts.values())
    met = card.counts.get(CommitmentState.MET, 0)
    late = card.counts.get(CommitmentState.LATE, 0)
    at_risk = card.counts.get(CommitmentState.AT_RISK, 0)
    document.add(
        Paragraph(
            _(
                "%(title)s, signed on %(signed)s, holds %(total)s commitments: %(met)s met, %(late)s late, %(risk)s at risk."
            )
            % {
                "title": agreement.title,
                "signed": short_date(agreement.signed_on),
                "total": count(total),
                "met": count(met),
                "late": count(late),
                "risk": count(at_risk),
            }
        ),
        Heading(_("Commitments by party")),
        numbered_table(
            (
                Column(_("Party"), width=4),
                Column(_("Commitments"), Align.RIGHT),
                Column(_("Met"), Align.RIGHT),
                Column(_("Late"), Align.RIGHT),
                Column(_("At risk"), Align.RIGHT),
                Column(_("Met of those due (%)"), Align.RIGHT, 1.4),
            ),
            [
                (
                    score.party.name,
                    count(score.total),
                    count(score.counts[CommitmentState.MET]),
                    count(score.counts[CommitmentState.LATE]),
                    count(score.counts[CommitmentState.AT_RISK]),
                    _share(score.met_share) or "–",
                )
                for score in card.parties
            ],
        ),
        Heading(_("What the partners delivered")),
    )
    if not card.training_available:
        document.add(
            Paragraph(_("People trained: the training module publishes no figures yet."), italic=True)
        )
    document.add(
        numbered_table(
            (
                Column(_("Party"), width=4),
                Column(_("People trained"), Align.RIGHT),
                Column(_("Enterprises supported"), Align.RIGHT),
                Column(_("Solutions deployed"), Align.RIGHT),
            ),
            [
                (
                    score.party.name,
                    str(_trained(score.people_trained, card.training_available)) or "–",
                    count(score.enterprises_supported),
                    count(score.solutions_deployed),
                )
                for score in card.parties
                if score.party.is_partner
            ],
        ),
        Heading(_("Commitments late or at risk")),
    )
    attention = [row for row in card.rows if row.state in (CommitmentState.LATE, CommitmentState.AT_RISK)]
    document.add(
        numbered_table(
            (
                Column(_("Commitment"), width=4),
                Column(_("Party"), width=2),
                Column(_("Due date"), Align.CENTER, 1.3),
                Column(_("State"), width=1.3),
            ),
            [
                (
                    f"{row.commitment.code}. {row.commitment.title}",
                    row.commitment.party.name,
                    short_date(row.commitment.due_date),
                    row.state_label,
                )
                for row in attention[:CAP]
            ],
            empty=_("None."),
        )
    )
    return document
