"""Periods stored as written ("2026Q01", "2026M3") become their canonical codes ("2026Q1",
"2026M03"), so one period has one report and one actual. Where the canonical code is already
taken for the same task or objective, the stray duplicate is archived (reports) or dropped in
favour of the canonical row (actuals, which keep no archive), its history kept."""

import re

from django.db import migrations

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:(?P<kind>[QM])(?P<index>\d{1,2}))?$")


def _canonical(code):
    match = _PATTERN.match((code or "").strip().upper())
    if not match:
        return None
    year, kind, index = int(match["year"]), match["kind"], int(match["index"] or 1)
    if kind is None:
        return str(year)
    if not 1 <= index <= (4 if kind == "Q" else 12):
        return None
    return f"{year}Q{index}" if kind == "Q" else f"{year}M{index:02d}"


def forwards(apps, schema_editor):
    from django.utils import timezone

    Report = apps.get_model("planning", "ProgressReport")
    Actual = apps.get_model("planning", "ObjectiveActual")
    for report in Report.objects.all().only("pk", "task_id", "period", "archived_at"):
        canonical = _canonical(report.period)
        if canonical is None or canonical == report.period:
            continue
        taken = Report.objects.filter(task_id=report.task_id, period=canonical).exists()
        if taken:
            if report.archived_at is None:
                Report.objects.filter(pk=report.pk).update(archived_at=timezone.now())
            continue
        Report.objects.filter(pk=report.pk).update(period=canonical)
    for actual in Actual.objects.all().only("pk", "objective_id", "period"):
        canonical = _canonical(actual.period)
        if canonical is None or canonical == actual.period:
            continue
        if Actual.objects.filter(objective_id=actual.objective_id, period=canonical).exists():
            Actual.objects.filter(pk=actual.pk).delete()
            continue
        Actual.objects.filter(pk=actual.pk).update(period=canonical)


class Migration(migrations.Migration):
    dependencies = [("planning", "0004_bounded_texts_and_versions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
