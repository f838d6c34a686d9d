"""The program register's periodic report ("Báo cáo tình hình thực hiện nhiệm vụ chuyển đổi số") for a
month, quarter or year, as one `Document` that renders to PDF and .docx.

Every figure comes from the dashboard's own reads (`tasks_visible_to`, `apply_filters`, `stats`), so
the report says what the dashboard says for the same person and year: the tasks of the period's
annual plan that the person may see, classified as of the report date. The period chooses the plan
year, the tasks completed in it, the budget year, the reports whose proposals it lists and the
"next period" whose deadlines it announces. Listed tasks are capped per section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import translation
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dxoffice.core.documents import (
    Align,
    Block,
    BulletList,
    Column,
    Document,
    Heading,
    Paragraph,
    Table,
    period_phrase,
    short_date,
)
from dxoffice.core.models import OrgUnit, User
from dxoffice.core.periods import Period
from dxoffice.core.templatetags.dx import pct, vnd
from dxoffice.planning.issuer import issuer_of
from dxoffice.planning.models import (
    OPEN_STATUSES,
    AnnualPlan,
    ProgressReport,
    ReportStatus,
    Task,
    TaskStatus,
    Tracking,
)
from dxoffice.planning.performance import Outlook
from dxoffice.planning.selectors import (
    TaskFilters,
    apply_filters,
    can_read_program,
    due_soon_q,
    latest_accepted_report,
    local_today,
    tasks_visible_to,
    with_progress,
    with_tracking,
)
from dxoffice.planning.stats import (
    TRACKING_ORDER,
    budget_grand_total,
    budget_totals,
    objective_performance,
    tracking_by_pillar,
    tracking_counts,
)

CAP = 200  # tasks listed per section; the rest are counted
TEXT_LIMIT = 400  # characters of a blocker or proposal quoted in a cell
MILLION = Decimal(1_000_000)


def report_period(code: str, today: date) -> Period:
    """The period a report is asked for, or ValidationError naming the `period` field."""
    if not (code or "").strip():
        raise ValidationError({"period": _("Choose a period.")})
    try:
        period = Period.parse(code)
    except ValidationError as exc:
        raise ValidationError({"period": exc.messages}) from exc
    if period.start > today:
        raise ValidationError(
            {"period": _("%(period)s has not begun yet.") % {"period": period_phrase(period).capitalize()}}
        )
    return period


def next_period(period: Period) -> Period:
    return Period.containing(period.end + timedelta(days=1), period.kind)


@dataclass
class Figures:
    counts: dict[str, int]
    total: int
    completed: int
    due_soon: int


def _count(n: int) -> str:
    return vnd(Decimal(n))


def _millions(amount: Decimal) -> str:
    return vnd((Decimal(amount) / MILLION).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    rounded = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    places = 0 if rounded == rounded.to_integral_value() else 2
    return number_format(rounded, decimal_pos=places, force_grouping=True)


def _share(part: int, whole: int) -> str:
    return pct((Decimal(part * 100) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)) if whole else "—"


def _quote(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(TEXT_LIMIT)


def _task(task: Task) -> str:
    return f"{task.title} ({task.code})"


def _more(shown: int, total: int) -> str:
    rest = total - shown
    if rest <= 0:
        return ""
    return ngettext(
        "…and %(count)s more task, listed in the register.",
        "…and %(count)s more tasks, listed in the register.",
        rest,
    ) % {"count": _count(rest)}


def _numbered(rows: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple((str(index), *row) for index, row in enumerate(rows, start=1))


def _overview(figures: Figures) -> list[Block]:
    counts = figures.counts
    text = _(
        "Tasks in total: %(total)s; of which completed %(completed)s (on time %(on_time)s, late %(late)s); "
        "in progress within the deadline %(in_progress)s; overdue, not completed %(overdue)s; "
        "regular (recurring) %(recurring)s. Tasks due within the next 7 days: %(due_soon)s."
    ) % {
        "total": _count(figures.total),
        "completed": _count(figures.completed),
        "on_time": _count(counts[Tracking.COMPLETED_ON_TIME]),
        "late": _count(counts[Tracking.COMPLETED_LATE]),
        "in_progress": _count(counts[Tracking.IN_PROGRESS_ON_TIME]),
        "overdue": _count(counts[Tracking.OVERDUE]),
        "recurring": _count(counts[Tracking.RECURRING]),
        "due_soon": _count(figures.due_soon),
    }
    rows = [[str(Tracking(key).label), _count(counts[key]), _share(counts[key], figures.total)] for key in TRACKING_ORDER]
    table = Table(
        columns=(
            Column(_("No."), Align.CENTER, 0.6),
            Column(_("Tracking class"), Align.LEFT, 4.4),
            Column(_("Tasks"), Align.RIGHT, 1.4),
            Column(_("Share"), Align.RIGHT, 1.4),
        ),
        rows=_numbered(rows),
        totals=(("", _("Total"), _count(figures.total), pct(Decimal(100)) if figures.total else "—"),),
    )
    return [Paragraph(text), table]


def _by_pillar(tasks: QuerySet[Task], today: date) -> list[Block]:
    rows = []
    for row in tracking_by_pillar(tasks, today):
        counts = row["counts"]
        rows.append(
            [
                row["pillar"].localized_name,
                _count(row["total"]),
                _count(counts[Tracking.COMPLETED_ON_TIME] + counts[Tracking.COMPLETED_LATE]),
                _count(counts[Tracking.IN_PROGRESS_ON_TIME]),
                _count(counts[Tracking.OVERDUE]),
                _count(counts[Tracking.RECURRING]),
            ]
        )
    return [
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.6),
                Column(_("Pillar"), Align.LEFT, 3.2),
                Column(_("Total"), Align.RIGHT, 1.1),
                Column(_("Completed"), Align.RIGHT, 1.3),
                Column(_("In progress"), Align.RIGHT, 1.3),
                Column(_("Overdue"), Align.RIGHT, 1.2),
                Column(_("Regular"), Align.RIGHT, 1.2),
            ),
            rows=_numbered(rows),
            empty=_("No tasks."),
        )
    ]


def _completed(tasks: QuerySet[Task], period: Period, today: date) -> list[Block]:
    done = (
        with_tracking(tasks, today)
        .filter(status=TaskStatus.COMPLETED, completed_on__gte=period.start, completed_on__lte=period.end)
        .select_related("lead_unit")
        .order_by("completed_on", "code")
    )
    total = done.count()
    rows = []
    for task in done[:CAP]:
        if task.tracking == Tracking.COMPLETED_LATE and task.due_date and task.completed_on:
            verdict = ngettext("%(days)s day late", "%(days)s days late", (task.completed_on - task.due_date).days) % {
                "days": (task.completed_on - task.due_date).days
            }
        else:
            verdict = str(Tracking(task.tracking).label)
        rows.append([_task(task), task.lead_unit.display_name, short_date(task.due_date), short_date(task.completed_on), verdict])
    return [
        Paragraph(_("Tasks completed in the period: %(count)s.") % {"count": _count(total)}),
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.6),
                Column(_("Task"), Align.LEFT, 4.2),
                Column(_("Lead unit"), Align.LEFT, 2.2),
                Column(_("Due"), Align.CENTER, 1.5),
                Column(_("Completed on"), Align.CENTER, 1.5),
                Column(_("Assessment"), Align.LEFT, 1.6),
            ),
            rows=_numbered(rows),
            note=_more(len(rows), total),
            empty=_("No task was completed in the period."),
        ),
    ]


def _budget(tasks: QuerySet[Task], period: Period) -> list[Block]:
    rows = budget_totals(tasks, "source", period.year)
    total = budget_grand_total(rows)
    cells = [
        [str(row["label"]), _millions(row["planned"]), _millions(row["allocated"]), _millions(row["disbursed"]), pct(row["rate"])]
        for row in rows
    ]
    return [
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.6),
                Column(_("Funding source"), Align.LEFT, 3.0),
                Column(_("Planned"), Align.RIGHT, 1.6),
                Column(_("Allocated"), Align.RIGHT, 1.6),
                Column(_("Disbursed"), Align.RIGHT, 1.6),
                Column(_("Disbursement rate"), Align.RIGHT, 1.6),
            ),
            rows=_numbered(cells),
            totals=(
                (
                    "",
                    _("Total"),
                    _millions(total["planned"]),
                    _millions(total["allocated"]),
                    _millions(total["disbursed"]),
                    pct(total["rate"]),
                ),
            )
            if rows
            else (),
            unit_note=_("Unit: million VND"),
            empty=_("No budget recorded for %(year)s.") % {"year": period.year},
        )
    ]


def _objectives_at_risk(today: date) -> list[Block]:
    objectives = objective_performance(AnnualPlan.objects.values("program_id"), today)
    rows = [
        [
            f"{objective.code}. {objective.title}",
            f"{_number(perf.actual)} {objective.unit_of_measure} ({perf.actual_period})",
            f"{_number(perf.target)} ({perf.target_year})",
            pct(perf.percent_achieved),
        ]
        for objective, perf in objectives
        if perf.outlook == Outlook.AT_RISK
    ]
    return [
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.6),
                Column(_("Objective"), Align.LEFT, 4.6),
                Column(_("Latest actual"), Align.RIGHT, 2.2),
                Column(_("Target"), Align.RIGHT, 1.6),
                Column(_("Achieved"), Align.RIGHT, 1.2),
            ),
            rows=_numbered(rows[:CAP]),
            empty=_("No objective is at risk of missing its target."),
        )
    ]


def _overdue(tasks: QuerySet[Task], today: date, count: int) -> list[Block]:
    latest = latest_accepted_report()
    overdue = (
        with_tracking(tasks, today)
        .filter(tracking=Tracking.OVERDUE)
        .annotate(last_blockers=Subquery(latest.values("blockers")[:1]))
        .select_related("lead_unit")
        .order_by("due_date", "code")
    )
    rows = []
    for task in overdue[:CAP]:
        reason = task.last_blockers or task.status_note or ""
        days = (today - task.due_date).days if task.due_date else 0
        rows.append([_task(task), task.lead_unit.display_name, short_date(task.due_date), _count(days), _quote(reason)])
    intro = _("As of %(day)s, %(count)s tasks are overdue and not completed:") % {
        "day": short_date(today),
        "count": _count(count),
    }
    return [
        Paragraph(intro) if count else Paragraph(_("No task is overdue.")),
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.6),
                Column(_("Task"), Align.LEFT, 3.6),
                Column(_("Lead unit"), Align.LEFT, 2.0),
                Column(_("Due"), Align.CENTER, 1.5),
                Column(_("Days late"), Align.RIGHT, 1.0),
                Column(_("Difficulties and blockers"), Align.LEFT, 3.3),
            ),
            rows=_numbered(rows),
            note=_more(len(rows), count),
        ),
    ]


def _coming(tasks: QuerySet[Task], period: Period) -> list[Block]:
    coming = next_period(period)
    due = with_progress(
        tasks.filter(status__in=OPEN_STATUSES, is_recurring=False, due_date__gte=coming.start, due_date__lte=coming.end)
    )
    due = due.select_related("lead_unit").order_by("due_date", "code")
    total = due.count()
    rows = [
        [
            _task(task),
            task.lead_unit.display_name,
            short_date(task.due_date),
            pct(task.reported_percent) if task.reported_percent is not None else "—",
        ]
        for task in due[:CAP]
    ]
    return [
        Paragraph(_("Tasks due in %(period)s: %(count)s.") % {"period": period_phrase(coming), "count": _count(total)}),
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.6),
                Column(_("Task"), Align.LEFT, 5.0),
                Column(_("Lead unit"), Align.LEFT, 2.4),
                Column(_("Due"), Align.CENTER, 1.5),
                Column(_("Progress"), Align.RIGHT, 1.2),
            ),
            rows=_numbered(rows),
            note=_more(len(rows), total),
        ),
    ]


def _proposals(tasks: QuerySet[Task], period: Period) -> list[Block]:
    reports = (
        ProgressReport.objects.filter(
            task__in=tasks.values("pk"),
            status=ReportStatus.ACCEPTED,
            period_end__gte=period.start,
            period_end__lte=period.end,
        )
        .exclude(proposals="")
        .select_related("task", "task__lead_unit")
        .order_by("task__code", "-period_end")
    )
    items = tuple(
        f"{report.task.lead_unit.display_name} ({report.task.code}): {_quote(report.proposals)}"
        for report in reports[:CAP]
    )
    if not items:
        return [Paragraph(_("No proposals were reported in the period."))]
    return [BulletList(items)]


def periodic_report(*, user: User, period: Period, today: date | None = None, language: str | None = None) -> Document:
    """The report for `period` over the tasks `user` may see, written in `language`."""
    today = today or local_today()
    language = language or translation.get_language() or "vi"
    with translation.override(language):
        return _build(user, period, today, language)


def _build(user: User, period: Period, today: date, language: str) -> Document:
    tasks = apply_filters(tasks_visible_to(user), TaskFilters(year=period.year), today)
    counts = tracking_counts(tasks, today)
    total = sum(counts[key] for key in TRACKING_ORDER)
    figures = Figures(
        counts=counts,
        total=total,
        completed=counts[Tracking.COMPLETED_ON_TIME] + counts[Tracking.COMPLETED_LATE],
        due_soon=tasks.filter(due_soon_q(today)).count(),
    )
    plan = AnnualPlan.objects.filter(year=period.year).select_related("program__owner_unit").first()
    issuer = issuer_of(user, plan.program.owner_unit if plan else OrgUnit.objects.filter(depth=0).first())
    phrase = period_phrase(period)
    intro_values = {"plan": plan.title if plan else "", "issuer": issuer.body.name, "period": phrase}
    intro = (
        _("Implementing the %(plan)s, %(issuer)s reports on the digital transformation tasks in %(period)s as follows:")
        if plan
        else _("%(issuer)s reports on the digital transformation tasks in %(period)s as follows:")
    ) % intro_values
    document = Document(
        issuing_body=issuer.body,
        kind=_("Report"),
        title=_("Implementation of digital transformation tasks, %(period)s") % {"period": phrase},
        place=issuer.place,
        date=today,
        language=language,
        symbol=f"{_('BC')}-{issuer.body.abbreviation}" if issuer.body.abbreviation else _("BC"),
        summary=_("(Reporting period from %(start)s to %(end)s; figures as of %(today)s)")
        % {"start": short_date(period.start), "end": short_date(period.end), "today": short_date(today)},
        recipients=issuer.recipients,
        signature=issuer.signature,
        filename=f"{_('dx-progress-report')}-{period.code}",
    )
    document.add(Paragraph(intro), Heading(_("Results")), Heading(_("Overview"), 2), *_overview(figures))
    document.add(Heading(_("Tasks by pillar"), 2), *_by_pillar(tasks, today))
    document.add(Heading(_("Tasks completed in the period"), 2), *_completed(tasks, period, today))
    document.add(
        Heading(_("Budget by funding source, %(year)s") % {"year": period.year}, 2), *_budget(tasks, period)
    )
    if can_read_program(user):
        document.add(Heading(_("Objectives at risk"), 2), *_objectives_at_risk(today))
    document.add(Heading(_("Shortcomings and causes")), Heading(_("Overdue tasks"), 2))
    document.add(*_overdue(tasks, today, counts[Tracking.OVERDUE]))
    document.add(Heading(_("Tasks for the next period")), *_coming(tasks, period))
    document.add(Heading(_("Proposals")), *_proposals(tasks, period))
    return document


__all__ = ["CAP", "OuterRef", "next_period", "periodic_report", "report_period"]
