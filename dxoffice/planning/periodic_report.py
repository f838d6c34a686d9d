"""The program register's periodic report ("Báo cáo tình hình thực hiện nhiệm vụ chuyển đổi số") for a
month, quarter or year, as one `Document` that renders to PDF and .docx.

Every figure comes from the dashboard's own reads (`tasks_visible_to`, `apply_filters`, `stats`), so
the report says what the dashboard says for the same person and year: the tasks of the period's
annual plan that the person may see, classified as of the report date. The period chooses the plan
year, the tasks completed in it, the budget year, the reports whose proposals it lists and the
"next period" whose deadlines it announces. Listed tasks are capped per section.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import QuerySet, Subquery
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from dxoffice.core.documents.figures import count, measure, millions, numbered_table, quote, share
from dxoffice.core.documents.issuer import issuer_of
from dxoffice.core.documents.labels import following_period, period_name, period_phrase, short_date
from dxoffice.core.documents.model import Align, Block, BulletList, Column, Document, Heading, Paragraph
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


def _done(counts: dict[str, int]) -> int:
    return counts[Tracking.COMPLETED_ON_TIME] + counts[Tracking.COMPLETED_LATE]


def _more(shown: int, total: int) -> str:
    rest = total - shown
    if rest <= 0:
        return ""
    return ngettext(
        "…and %(count)s more task, listed in the register.",
        "…and %(count)s more tasks, listed in the register.",
        rest,
    ) % {"count": count(rest)}


def _figures(*titles: str, width: float) -> tuple[Column, ...]:
    return tuple(Column(title, Align.RIGHT, width) for title in titles)


def _task_list(
    intro: str,
    tasks: QuerySet[Task],
    total: int,
    widths: tuple[float, float],
    extra: tuple[Column, ...],
    cells: Callable[[Task], list[str]],
) -> list[Block]:
    """`intro`, then a table of the first CAP `tasks` with their lead unit and deadline and the `extra`
    columns `cells` fills; a note says how many more of `total` the register holds."""
    rows = [
        [_task(task), task.lead_unit.display_name, short_date(task.due_date), *cells(task)]
        for task in tasks.select_related("lead_unit")[:CAP]
    ]
    columns = (
        Column(_("Task"), Align.LEFT, widths[0]),
        Column(_("Lead unit"), Align.LEFT, widths[1]),
        Column(_("Due"), Align.CENTER, 1.55),
        *extra,
    )
    return [Paragraph(intro), numbered_table(columns, rows, note=_more(len(rows), total))]


def _overview(counts: dict[str, int], due_soon: int) -> list[Block]:
    total = sum(counts[key] for key in TRACKING_ORDER)
    text = _(
        "Tasks in total: %(total)s; of which completed %(completed)s (on time %(on_time)s, late %(late)s); "
        "in progress within the deadline %(in_progress)s; overdue, not completed %(overdue)s; "
        "regular (recurring) %(recurring)s. Tasks due within the next 7 days: %(due_soon)s."
    ) % {
        "total": count(total),
        "completed": count(_done(counts)),
        "on_time": count(counts[Tracking.COMPLETED_ON_TIME]),
        "late": count(counts[Tracking.COMPLETED_LATE]),
        "in_progress": count(counts[Tracking.IN_PROGRESS_ON_TIME]),
        "overdue": count(counts[Tracking.OVERDUE]),
        "recurring": count(counts[Tracking.RECURRING]),
        "due_soon": count(due_soon),
    }
    table = numbered_table(
        (
            Column(_("Tracking class"), Align.LEFT, 4.4),
            Column(_("Number of tasks"), Align.RIGHT, 1.6),
            Column(_("Share"), Align.RIGHT, 1.4),
        ),
        [[str(Tracking(key).label), count(counts[key]), share(counts[key], total)] for key in TRACKING_ORDER],
        totals=[(_("Total"), count(total), share(total, total))],
    )
    return [Paragraph(text), table]


def _by_pillar(tasks: QuerySet[Task], today: date) -> list[Block]:
    rows = [
        [
            row["pillar"].localized_name,
            *map(count, (row["total"], _done(row["counts"]))),
            *(
                count(row["counts"][key])
                for key in (Tracking.IN_PROGRESS_ON_TIME, Tracking.OVERDUE, Tracking.RECURRING)
            ),
        ]
        for row in tracking_by_pillar(tasks, today)
    ]
    columns = (
        Column(_("Pillar"), Align.LEFT, 3.2),
        *_figures(_("Total"), width=1.1),
        *_figures(_("Completed"), _("In progress"), width=1.3),
        *_figures(_("Overdue"), _("Regular"), width=1.2),
    )
    return [numbered_table(columns, rows, empty=_("No tasks."))]


def _verdict(task: Task) -> str:
    """How a completed task did: "10 days late", or its tracking class."""
    tracking = getattr(task, "tracking", "")
    if tracking == Tracking.COMPLETED_LATE and task.due_date and task.completed_on:
        days = (task.completed_on - task.due_date).days
        return ngettext("%(days)s day late", "%(days)s days late", days) % {"days": days}
    return str(Tracking(tracking).label)


def _completed(tasks: QuerySet[Task], period: Period, today: date) -> list[Block]:
    done = (
        with_tracking(tasks, today)
        .filter(status=TaskStatus.COMPLETED, completed_on__gte=period.start, completed_on__lte=period.end)
        .order_by("completed_on", "code")
    )
    total = done.count()
    extra = (Column(_("Completed on"), Align.CENTER, 1.55), Column(_("Assessment"), Align.LEFT, 2.1))
    intro = _("Tasks completed in the period: %(count)s.") % {"count": count(total)}
    return _task_list(
        intro, done, total, (3.7, 2.0), extra, lambda task: [short_date(task.completed_on), _verdict(task)]
    )


def _budget(tasks: QuerySet[Task], period: Period) -> list[Block]:
    rows = budget_totals(tasks, "source", period.year)

    def money(row: dict) -> list[str]:
        return [*(millions(row[key]) for key in ("planned", "allocated", "disbursed")), pct(row["rate"])]

    table = numbered_table(
        (
            Column(_("Funding source"), Align.LEFT, 3.0),
            *_figures(_("Planned"), _("Allocated"), _("Disbursed"), _("Disbursement rate"), width=1.6),
        ),
        [[str(row["label"]), *money(row)] for row in rows],
        totals=[(_("Total"), *money(budget_grand_total(rows)))] if rows else [],
        unit_note=_("Unit: million VND"),
        empty=_("No budget recorded for %(year)s.") % {"year": period.year},
    )
    return [table]


def _objectives_at_risk(today: date) -> list[Block]:
    rows = [
        [
            f"{objective.code}. {objective.title}",
            f"{measure(perf.actual, objective.unit_of_measure)} ({period_name(perf.actual_period)})",
            f"{measure(perf.target, objective.unit_of_measure)} ({perf.target_year})",
            pct(perf.percent_achieved),
        ]
        for objective, perf in objective_performance(AnnualPlan.objects.values("program_id"), today)
        if perf.outlook == Outlook.AT_RISK
    ]
    columns = (
        Column(_("Objective"), Align.LEFT, 4.2),
        Column(_("Latest actual"), Align.RIGHT, 2.4),
        *_figures(_("Target"), width=1.6),
        *_figures(_("Achieved"), width=1.3),
    )
    return [numbered_table(columns, rows[:CAP], empty=_("No objective is at risk of missing its target."))]


def _overdue(tasks: QuerySet[Task], today: date, overdue_count: int) -> list[Block]:
    overdue = (
        tasks.filter(overdue_q(today))
        .annotate(last_blockers=Subquery(latest_accepted_report().values("blockers")[:1]))
        .order_by("due_date", "code")
    )

    def cells(task: Task) -> list[str]:
        days = (today - task.due_date).days if task.due_date else 0
        return [count(days), quote(getattr(task, "last_blockers", "") or task.status_note or "")]

    extra = (
        Column(_("Days late"), Align.RIGHT, 1.15),
        Column(_("Difficulties and blockers"), Align.LEFT, 3.3),
    )
    intro = _("As of %(day)s, %(count)s tasks are overdue and not completed:") % {
        "day": short_date(today),
        "count": count(overdue_count),
    }
    if not overdue_count:
        intro = _("No task is overdue.")
    return _task_list(intro, overdue, overdue_count, (3.5, 1.9), extra, cells)


def _coming(tasks: QuerySet[Task], period: Period) -> list[Block]:
    coming = following_period(period)
    due = with_progress(
        tasks.filter(
            status__in=OPEN_STATUSES, is_recurring=False, due_date__gte=coming.start, due_date__lte=coming.end
        )
    ).order_by("due_date", "code")
    total = due.count()
    intro = _("Tasks due in %(period)s: %(count)s.") % {
        "period": period_phrase(coming),
        "count": count(total),
    }
    extra = (Column(_("Progress"), Align.RIGHT, 1.2),)
    return _task_list(intro, due, total, (5.0, 2.4), extra, lambda task: [pct(progress_of(task))])


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
