"""The results of a meeting's polls as rows, for .xlsx (core.excel, every text cell escaped) and CSV."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from dxoffice.core.excel.safe import is_risky
from dxoffice.core.excel.styles import write_table
from dxoffice.core.permissions import AnyUser
from dxoffice.meetings import access
from dxoffice.meetings.models import Meeting, PollState
from dxoffice.meetings.results import poll_result


def headers() -> list[str]:
    return [
        _("Poll"),
        _("Agenda item"),
        _("Ballot"),
        _("State"),
        _("Members"),
        _("Present when opened"),
        _("Votes cast"),
        _("Turnout (%)"),
        _("Result per option"),
        _("Passed"),
    ]


def _safe(value: Any) -> Any:
    return "'" + value if is_risky(value) else value


def poll_rows(meeting: Meeting, user: AnyUser, *, csv_safe: bool = False) -> list[list[Any]]:
    """One row per poll opened; the counts and the verdict only for whom `access.sees_results`."""
    rows: list[list[Any]] = [headers()] if csv_safe else []
    for poll in meeting.polls.select_related("item").exclude(state=PollState.DRAFT).order_by("pk"):
        result = poll.result if poll.state != PollState.OPEN and poll.result else poll_result(poll)
        shown = access.sees_results(user, poll)
        per_option = (
            "; ".join(
                f"{label}: {count}" for label, count in zip(result["options"], result["counts"], strict=False)
            )
            if shown
            else _("Counts shown once the result is published")
        )
        row: list[Any] = [
            poll.question,
            str(poll.item) if poll.item else "",
            _("Secret") if poll.secret else _("Named"),
            poll.get_state_display(),
            result["members_count"],
            result["present_count"],
            result["votes_cast"],
            result["turnout_percent"],
            per_option,
            (_("Yes") if result["passed"] else _("No")) if shown and poll.state != PollState.OPEN else "",
        ]
        rows.append([_safe(v) for v in row] if csv_safe else row)
    return rows


def polls_workbook(meeting: Meeting, user: AnyUser) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Polls")[:31]
    write_table(sheet, headers(), poll_rows(meeting, user), [40, 30, 10, 14, 10, 12, 10, 10, 40, 8])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
