"""The program register's periodic report ("Báo cáo tình hình thực hiện nhiệm vụ chuyển đổi số") for a
month, quarter or year, as one `Document` that renders to PDF and .docx.

Every figure comes from the dashboard's own reads (`tasks_visible_to`, `apply_filters`, `stats`), so
the report says what the dashboard says for the same person and year: the tasks of the period's
annual plan that the person may see, classified as of the report date. The period chooses the plan
year, the tasks completed in it, the budget year, the reports whose proposals it lists and the
"next period" whose deadlines it announces. Listed tasks are capped per section.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Subquery
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

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
from dxoffice.core.documents.figures import count, measure, millions, numbered, quote, share
from dxoffice.core.documents.issuer import issuer_of
from dxoffice.core.documents.labels import following_period, period_name
from dxoffice.core.models import OrgUnit, UnitKind, User
from dxoffice.core.periods import Period
from dxoffice.core.templatetags.dx import pct
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
    overdue_q,
    progress_of,
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
    ) % {"count": count(rest)}


def _overview(counts: dict[str, int], due_soon: int) -> list[Block]:
    total = sum(counts[key] for key in TRACKING_ORDER)
    text = _(
        "Tasks in total: %(total)s; of which completed %(completed)s (on time %(on_time)s, late %(late)s); "
        "in progress within the deadline %(in_progress)s; overdue, not completed %(overdue)s; "
        "regular (recurring) %(recurring)s. Tasks due within the next 7 days: %(due_soon)s."
    ) % {
        "total": count(total),
        "completed": count(counts[Tracking.COMPLETED_ON_TIME] + counts[Tracking.COMPLETED_LATE]),
        "on_time": count(counts[Tracking.COMPLETED_ON_TIME]),
        "late": count(counts[Tracking.COMPLETED_LATE]),
        "in_progress": count(counts[Tracking.IN_PROGRESS_ON_TIME]),
        "overdue": count(counts[Tracking.OVERDUE]),
        "recurring": count(counts[Tracking.RECURRING]),
        "due_soon": count(due_soon),
    }
    rows = [
        [str(Tracking(key).label), count(counts[key]), share(counts[key], total)] for key in TRACKING_ORDER
    ]
    table = Table(
        columns=(
            Column(_("No."), Align.CENTER, 0.6),
            Column(_("Tracking class"), Align.LEFT, 4.4),
            Column(_("Number of tasks"), Align.RIGHT, 1.6),
            Column(_("Share"), Align.RIGHT, 1.4),
        ),
        rows=numbered(rows),
        totals=(("", _("Total"), count(total), pct(Decimal(100)) if total else "—"),),
    )
    return [Paragraph(text), table]


def _by_pillar(tasks: QuerySet[Task], today: date) -> list[Block]:
    rows = []
    for row in tracking_by_pillar(tasks, today):
        counts = row["counts"]
        rows.append(
            [
                row["pillar"].localized_name,
                count(row["total"]),
                count(counts[Tracking.COMPLETED_ON_TIME] + counts[Tracking.COMPLETED_LATE]),
                count(counts[Tracking.IN_PROGRESS_ON_TIME]),
                count(counts[Tracking.OVERDUE]),
                count(counts[Tracking.RECURRING]),
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
            rows=numbered(rows),
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
        tracking = getattr(task, "tracking", "")
        if tracking == Tracking.COMPLETED_LATE and task.due_date and task.completed_on:
            verdict = ngettext(
                "%(days)s day late", "%(days)s days late", (task.completed_on - task.due_date).days
            ) % {"days": (task.completed_on - task.due_date).days}
        else:
            verdict = str(Tracking(tracking).label)
        rows.append(
            [
                _task(task),
                task.lead_unit.display_name,
                short_date(task.due_date),
                short_date(task.completed_on),
                verdict,
            ]
        )
    return [
        Paragraph(_("Tasks completed in the period: %(count)s.") % {"count": count(total)}),
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.6),
                Column(_("Task"), Align.LEFT, 3.7),
                Column(_("Lead unit"), Align.LEFT, 2.0),
                Column(_("Due"), Align.CENTER, 1.55),
                Column(_("Completed on"), Align.CENTER, 1.55),
                Column(_("Assessment"), Align.LEFT, 2.1),
            ),
            rows=numbered(rows),
            note=_more(len(rows), total),
        ),
    ]


def _budget(tasks: QuerySet[Task], period: Period) -> list[Block]:
    rows = budget_totals(tasks, "source", period.year)
    total = budget_grand_total(rows)
    cells = [
        [
            str(row["label"]),
            millions(row["planned"]),
            millions(row["allocated"]),
            millions(row["disbursed"]),
            pct(row["rate"]),
        ]
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
            rows=numbered(cells),
            totals=(
                (
                    "",
                    _("Total"),
                    millions(total["planned"]),
                    millions(total["allocated"]),
                    millions(total["disbursed"]),
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
    rows = []
    for objective, perf in objectives:
        if perf.outlook != Outlook.AT_RISK:
            continue
        rows.append(
            [
                f"{objective.code}. {objective.title}",
                f"{measure(perf.actual, objective.unit_of_measure)} ({period_name(perf.actual_period)})",
                f"{measure(perf.target, objective.unit_of_measure)} ({perf.target_year})",
                pct(perf.percent_achieved),
            ]
        )
    return [
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.6),
                Column(_("Objective"), Align.LEFT, 4.2),
                Column(_("Latest actual"), Align.RIGHT, 2.4),
                Column(_("Target"), Align.RIGHT, 1.6),
                Column(_("Achieved"), Align.RIGHT, 1.3),
            ),
            rows=numbered(rows[:CAP]),
            empty=_("No objective is at risk of missing its target."),
        )
    ]


def _overdue(tasks: QuerySet[Task], today: date, overdue_count: int) -> list[Block]:
    latest = latest_accepted_report()
    overdue = (
        tasks.filter(overdue_q(today))
        .annotate(last_blockers=Subquery(latest.values("blockers")[:1]))
        .select_related("lead_unit")
        .order_by("due_date", "code")
    )
    rows = []
    for task in overdue[:CAP]:
        reason = task.last_blockers or task.status_note or ""
        days = (today - task.due_date).days if task.due_date else 0
        rows.append(
            [
                _task(task),
                task.lead_unit.display_name,
                short_date(task.due_date),
                count(days),
                quote(reason),
            ]
        )
    intro = _("As of %(day)s, %(count)s tasks are overdue and not completed:") % {
        "day": short_date(today),
        "count": count(overdue_count),
    }
    return [
        Paragraph(intro) if overdue_count else Paragraph(_("No task is overdue.")),
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.6),
                Column(_("Task"), Align.LEFT, 3.5),
                Column(_("Lead unit"), Align.LEFT, 1.9),
                Column(_("Due"), Align.CENTER, 1.55),
                Column(_("Days late"), Align.RIGHT, 1.15),
                Column(_("Difficulties and blockers"), Align.LEFT, 3.3),
            ),
            rows=numbered(rows),
            note=_more(len(rows), overdue_count),
        ),
    ]


def _coming(tasks: QuerySet[Task], period: Period) -> list[Block]:
    coming = following_period(period)
    due = with_progress(
        tasks.filter(
            status__in=OPEN_STATUSES, is_recurring=False, due_date__gte=coming.start, due_date__lte=coming.end
        )
    )
    due = due.select_related("lead_unit").order_by("due_date", "code")
    total = due.count()
    rows = [
        [
            _task(task),
            task.lead_unit.display_name,
            short_date(task.due_date),
            pct(progress_of(task)),
        ]
        for task in due[:CAP]
    ]
    return [
        Paragraph(
            _("Tasks due in %(period)s: %(count)s.")
            % {"period": period_phrase(coming), "count": count(total)}
        ),
        Table(
            columns=(
                Column(_("No."), Align.CENTER, 0.6),
                Column(_("Task"), Align.LEFT, 5.0),
                Column(_("Lead unit"), Align.LEFT, 2.4),
                Column(_("Due"), Align.CENTER, 1.5),
                Column(_("Progress"), Align.RIGHT, 1.2),
            ),
            rows=numbered(rows),
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
        f"{report.task.lead_unit.display_name} ({report.task.code}): {quote(report.proposals)}"
        for report in reports[:CAP]
    )
    if not items:
        return [Paragraph(_("No proposals were reported in the period."))]
    return [BulletList(items)]


def periodic_report(
    *, user: User, period: Period, today: date | None = None, language: str | None = None
) -> Document:
    """The report for `period` over the tasks `user` may see, written in `language`."""
    today = today or local_today()
    language = language or translation.get_language() or "vi"
    with translation.override(language):
        return _build(user, period, today, language)


def _build(user: User, period: Period, today: date, language: str) -> Document:
    tasks = apply_filters(tasks_visible_to(user), TaskFilters(year=period.year), today)
    counts = tracking_counts(tasks, today)
    plan = AnnualPlan.objects.filter(year=period.year).select_related("program__owner_unit").first()
    provinces = OrgUnit.objects.filter(kind=UnitKind.PROVINCE).order_by("depth", "path")
    issuer = issuer_of(user, plan.program.owner_unit if plan else provinces.first())
    phrase = period_phrase(period)
    intro_values = {"plan": plan.title if plan else "", "issuer": issuer.body.name, "period": phrase}
    intro = (
        _(
            "Implementing the %(plan)s, %(issuer)s reports on the digital transformation tasks in %(period)s as follows:"
        )
        if plan
        else _("%(issuer)s reports on the digital transformation tasks in %(period)s as follows:")
    ) % intro_values
    kind_code = pgettext("symbol of a report", "BC")
    symbol = f"{kind_code}-{issuer.body.abbreviation}" if issuer.body.abbreviation else kind_code
    document = Document(
        issuing_body=issuer.body,
        kind=_("Report"),
        title=_("Implementation of digital transformation tasks, %(period)s") % {"period": phrase},
        place=issuer.place,
        date=today,
        language=language,
        symbol=symbol,
        summary=_("(Reporting period from %(start)s to %(end)s; figures as of %(today)s)")
        % {"start": short_date(period.start), "end": short_date(period.end), "today": short_date(today)},
        recipients=issuer.superiors,
        signature=issuer.signature,
        filename=_("dx-progress-report-%(period)s") % {"period": period.code},
    )
    document.add(
        Paragraph(intro),
        Heading(_("Results")),
        Heading(_("Overview"), 2),
        *_overview(counts, tasks.filter(due_soon_q(today)).count()),
    )
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
