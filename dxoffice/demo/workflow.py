"""A demo task's life: started, reported on period by period, reviewed, completed with evidence.

Everything goes through the planning services, so the audit trail is the one real use leaves.
The services stamp records with the current time; the demo then moves those stamps back to the
days the story says they happened (history dates, submission and review times, upload time), so
the History tab and the review queues read in order.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from dxoffice.core.models import Attachment, OrgUnit, User
from dxoffice.core.periods import Period
from dxoffice.core.services import attachments_of
from dxoffice.demo import data
from dxoffice.demo.evidence import evidence_pdf
from dxoffice.demo.state import Demo, local_code
from dxoffice.planning.models import ProgressReport, Task, TaskStatus, Tracking
from dxoffice.planning.services import report_accept, report_return, report_save, task_change_status

COMPLETED = (Tracking.COMPLETED_ON_TIME, Tracking.COMPLETED_LATE)
REPORTS_KEPT = {"M": 3, "Q": 2, "Y": 1}  # how many of the latest periods get a report


def moment(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """An aware local datetime on `day`, never later than a few minutes ago."""
    when = timezone.make_aware(datetime.combine(day, time(hour, minute)))
    return min(when, timezone.now() - timedelta(minutes=5))


def backdate_history(obj: models.Model, when: datetime) -> None:
    """Move the history records written so far for `obj` to `when`."""
    history = type(obj).history  # type: ignore[attr-defined]  # simple-history adds the manager
    history.filter(id=obj.pk).update(history_date=when)


def date_next_history(*records: models.Model, when: datetime) -> None:
    """Date the next history record written for each of `records` at `when`."""
    for record in records:
        record._history_date = when  # type: ignore[attr-defined]  # read by simple-history on save


def _start_of(task: Task) -> date:
    if task.start_date is None:
        raise ValueError(f"demo task {task.code} has no start date")
    return task.start_date


def _completion_of(task: Task, completed_on: date | None) -> date:
    if completed_on is None:
        raise ValueError(f"completed demo task {task.code} has no completion date")
    return completed_on


def reporter_for(demo: Demo, unit: OrgUnit) -> User:
    """Who writes the unit's reports: its demo focal point, else the DX standing office."""
    by_unit = {
        local_code(data.FOCAL_COMMUNE): "focal",
        local_code(data.FOCAL2_WARD): "focal2",
        data.DEPT_UNIT: "dept",
    }
    return demo.users[by_unit.get(unit.code, "coordinator")]


def report_periods(task: Task, today: date, completed_on: date | None) -> list[Period]:
    """The latest periods of the task's cycle it has been running in, oldest first."""
    start = _start_of(task)
    if start > today:
        return []
    cycle = task.reporting_cycle
    last_day = completed_on or today - timedelta(days=15)
    period = Period.containing(max(last_day, start), cycle)
    periods: list[Period] = []
    while period.end >= start and len(periods) < REPORTS_KEPT[cycle]:
        periods.append(period)
        period = period.previous()
    return list(reversed(periods))


def _final_percent(tracking: str, rng: random.Random) -> int:
    if tracking in COMPLETED:
        return 100
    if tracking == Tracking.RECURRING:
        return rng.randint(85, 100)
    return rng.randint(40, 90) if tracking == Tracking.OVERDUE else rng.randint(15, 85)


def run_workflow(
    demo: Demo, task: Task, tracking: str, report_plan: str, rng: random.Random, completed_on: date | None
) -> None:
    """Play the task's story. `report_plan` says what became of the latest report: accepted,
    submitted (awaiting review), returned, draft, or none (no reports at all)."""
    start = _start_of(task)
    if start > demo.today:
        return  # planned, not started yet
    reporter = reporter_for(demo, task.lead_unit)
    reviewer = demo.users["leader" if reporter.username == "coordinator" else "coordinator"]
    periods = [] if report_plan == "none" else report_periods(task, demo.today, completed_on)
    outcomes = ["accepted"] * (len(periods) - 1) + [report_plan] if periods else []
    date_next_history(task, when=moment(start, 9))
    task_change_status(by=reporter, task=task, status=TaskStatus.IN_PROGRESS)
    final = _final_percent(tracking, rng)
    troubled = tracking == Tracking.OVERDUE or report_plan == "returned"
    for number, (period, outcome) in enumerate(zip(periods, outcomes, strict=True), start=1):
        last = number == len(periods)
        percent = final
        if not last and tracking != Tracking.RECURRING:
            percent = max(5, final * number // len(periods) - 5)
        done = " Đã hoàn thành toàn bộ khối lượng." if percent == 100 else ""
        report = report_save(
            by=reporter,
            task=task,
            period=period.code,
            submit=outcome != "draft",
            percent_complete=percent,
            work_done=rng.choice(data.WORK_DONE) + done,
            blockers=rng.choice(data.BLOCKERS) if troubled and last else "",
            proposals=rng.choice(data.PROPOSALS) if troubled and last else "",
        )
        submitted = moment(
            min(period.end + timedelta(days=rng.randint(1, 8)), demo.today), 9, rng.randint(0, 59)
        )
        reviewed = min(
            submitted + timedelta(days=rng.randint(1, 6), hours=rng.randint(1, 6)),
            timezone.now() - timedelta(minutes=1),
        )
        backdate_history(report, submitted)
        if outcome in ("accepted", "returned"):
            date_next_history(report, task, when=reviewed)
            if outcome == "accepted":
                report_accept(by=reviewer, report=report, comment="Đồng ý." if rng.random() < 0.5 else "")
            else:
                report_return(by=reviewer, report=report, comment=rng.choice(data.RETURN_COMMENTS))
        if outcome != "draft":
            ProgressReport.all_objects.filter(pk=report.pk).update(
                submitted_at=submitted, reviewed_at=reviewed if report.reviewed_at else None
            )
    if tracking in COMPLETED:
        completed_on = _completion_of(task, completed_on)
        finished = moment(completed_on, 16, rng.randint(0, 59))
        date_next_history(task, when=finished)
        upload = ContentFile(
            evidence_pdf(task.code, task.title, completed_on),
            name=f"bien-ban-nghiem-thu-{task.code.lower()}.pdf",
        )
        task_change_status(
            by=reporter, task=task, status=TaskStatus.COMPLETED, evidence=[upload], completed_on=completed_on
        )
        evidence = attachments_of(task)
        Attachment.history.filter(id__in=evidence.values("pk")).update(history_date=finished)
        evidence.update(uploaded_at=finished)
    task.__dict__.pop("_history_date", None)
