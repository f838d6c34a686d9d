"""The daily job: what is reminded, to whom, once, in the reader's language, as notifications that
the day's digest e-mail gathers (one per person per day)."""

from datetime import date, datetime, timedelta

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.utils import translation

from dxoffice.core.models import Role, RoleGrant, UnitKind
from dxoffice.core.notifications.models import DigestLog, Notification
from dxoffice.core.tests.factories import OrgUnitFactory, user_with_role
from dxoffice.planning import tasks as planning_tasks
from dxoffice.planning.models import ReportingCycle, ReportStatus, TaskStatus
from dxoffice.planning.reminders import build_notices, send_reminders
from dxoffice.planning.tests.factories import ReportFactory, TaskFactory

TODAY = date(2026, 5, 15)  # last completed periods: 2026M04, 2026Q1, 2025
SITE = "https://dx.camau.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE + "/"


@pytest.fixture(autouse=True)
def _english_readers(world):
    """These tests read the digest's English wording; the language test sets Vietnamese itself."""
    type(world.focal_a).objects.update(language="en")


def make_task(world, unit, *, code, due=date(2026, 12, 31), reported=("2026Q1",), **kwargs):
    """A task of the 2026 plan led by `unit`; by default its 2026Q1 report is submitted."""
    task = TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=unit,
        code=code,
        title=f"Nhiệm vụ {code}",
        due_date=due,
        **kwargs,
    )
    for period in reported:
        ReportFactory(task=task, period=period, status=ReportStatus.SUBMITTED, created_by=world.focal_a)
    return task


def mails_to(outbox, user):
    return [message for message in outbox if message.to == [user.email]]


def html_of(message) -> str:
    ((content, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return content


@pytest.fixture
def commune_a_tasks(world):
    """Commune A: one overdue, one due soon, one missing its 2026Q1 report, one fine."""
    return {
        "overdue": make_task(world, world.commune_a, code="A-OVERDUE", due=TODAY - timedelta(days=3)),
        "due_soon": make_task(world, world.commune_a, code="A-SOON", due=TODAY + timedelta(days=5)),
        "missing": make_task(world, world.commune_a, code="A-NOREPORT", reported=()),
        "fine": make_task(world, world.commune_a, code="A-FINE"),
    }


def test_digest_groups_overdue_missing_report_and_due_soon(world, commune_a_tasks, mailoutbox):
    run = send_reminders(TODAY)

    (message,) = mails_to(mailoutbox, world.focal_a)
    body = message.body
    assert message.subject.startswith("[dxoffice] 3 notifications")
    # Groups, most urgent first, each naming its tasks with a link to the task.
    overdue_at = body.index("Overdue tasks (1)")
    missing_at = body.index("Progress reports not yet submitted (1)")
    soon_at = body.index("Tasks due soon (1)")
    assert overdue_at < missing_at < soon_at
    assert overdue_at < body.index("A-OVERDUE") < missing_at < body.index("A-NOREPORT") < soon_at
    assert body.index("A-SOON") > soon_at
    assert "3 days overdue" in body
    assert "in 5 days" in body
    assert "period Quarter I/2026" in body
    assert "A-FINE" not in body
    for task in ("overdue", "due_soon", "missing"):
        assert f"{SITE}/tasks/{commune_a_tasks[task].pk}/" in body
    # The HTML alternative carries the same items as links.
    html = html_of(message)
    assert f'<a href="{SITE}/tasks/{commune_a_tasks["overdue"].pk}/"' in html
    assert 'data-kind="task.overdue"' in html and 'data-kind="report.missing"' in html
    assert 'data-kind="task.due_soon"' in html
    assert "Nhiệm vụ A-NOREPORT" in html
    assert run.created == 3 and run.digest.sent == 1 and run.digest.items == 3
    digest = DigestLog.objects.get(user=world.focal_a)
    assert (digest.day, digest.item_count) == (TODAY, 3)
    # The same three wait under the bell, each linking to its task.
    assert Notification.objects.filter(recipient=world.focal_a, read_at__isnull=True).count() == 3


def test_one_mail_per_user_even_with_several_roles_and_units(world, commune_a_tasks, mailoutbox):
    # focal_a also coordinates commune A and is focal point of commune B.
    RoleGrant.objects.create(user=world.focal_a, unit=world.commune_a, role=Role.COORDINATOR)
    RoleGrant.objects.create(user=world.focal_a, unit=world.commune_b, role=Role.FOCAL)
    make_task(world, world.commune_b, code="B-OVERDUE", due=TODAY - timedelta(days=1))

    send_reminders(TODAY)

    (message,) = mails_to(mailoutbox, world.focal_a)
    assert message.body.count("* A-OVERDUE ·") == 1  # no duplicate for the second role
    assert "Overdue tasks (2)" in message.body
    assert "B-OVERDUE" in message.body
    assert "1 day overdue" in message.body
    assert DigestLog.objects.get(user=world.focal_a).item_count == 4
    assert Notification.objects.filter(recipient=world.focal_a).count() == 4


def test_rerun_the_same_day_creates_and_sends_nothing(world, commune_a_tasks, mailoutbox):
    first = send_reminders(TODAY)
    sent = len(mailoutbox)
    second = send_reminders(TODAY)

    assert first.digest.sent == sent == 1
    assert second.created == 0 and second.digest.sent == 0
    assert len(mailoutbox) == sent
    assert DigestLog.objects.filter(day=TODAY).count() == 1
    assert Notification.objects.count() == 3
    # Each thing is told once: the next day brings only what is new.
    assert send_reminders(TODAY + timedelta(days=1)).digest.sent == 0
    make_task(world, world.commune_a, code="A-NEW-SOON", due=TODAY + timedelta(days=8))
    next_day = send_reminders(TODAY + timedelta(days=1))
    assert next_day.created == 1 and next_day.digest.sent == 1
    assert "A-NEW-SOON" in mailoutbox[-1].body and "A-OVERDUE" not in mailoutbox[-1].body


def test_user_without_email_is_skipped_and_counted(world, commune_a_tasks, mailoutbox):
    world.focal_a.email = ""
    world.focal_a.save()

    run = send_reminders(TODAY)

    assert run.digest.no_email == 1 and run.digest.sent == 0
    assert mailoutbox == []
    assert not DigestLog.objects.exists()  # once they have an address, they still get today's
    assert Notification.objects.filter(recipient=world.focal_a).count() == 3  # and the bell has them


def test_dry_run_sends_and_records_nothing(world, commune_a_tasks, mailoutbox):
    run = send_reminders(TODAY, dry_run=True)

    assert run.created == 3 and list(run.told) == [world.focal_a.pk]
    assert mailoutbox == []
    assert not DigestLog.objects.exists() and not Notification.objects.exists()


def test_closed_archived_and_reported_tasks_are_not_reminded(world, mailoutbox):
    past = TODAY - timedelta(days=10)
    make_task(
        world,
        world.commune_a,
        code="DONE",
        due=past,
        reported=(),
        status=TaskStatus.COMPLETED,
        completed_on=past,
    )
    make_task(world, world.commune_a, code="CANCELLED", due=past, reported=(), status=TaskStatus.CANCELLED)
    archived = make_task(world, world.commune_a, code="ARCHIVED", due=past, reported=())
    archived.archived_at = datetime(2026, 5, 1, 8, 0).astimezone()
    archived.save()
    # Reports that do not count: a draft; one that counts: accepted.
    drafted = make_task(world, world.commune_a, code="DRAFTED", reported=())
    ReportFactory(task=drafted, period="2026Q1", status=ReportStatus.DRAFT, created_by=world.focal_a)
    accepted = make_task(world, world.commune_a, code="ACCEPTED", reported=())
    ReportFactory(task=accepted, period="2026Q1", status=ReportStatus.ACCEPTED, created_by=world.focal_a)

    send_reminders(TODAY)

    (message,) = mails_to(mailoutbox, world.focal_a)
    assert "DRAFTED" in message.body
    for code in ("DONE", "CANCELLED", "ARCHIVED", "ACCEPTED"):
        assert code not in message.body


def test_missing_report_follows_the_reporting_cycle(world, mailoutbox):
    make_task(
        world,
        world.commune_a,
        code="MONTHLY",
        reported=("2026Q1", "2026M03"),
        reporting_cycle=ReportingCycle.MONTHLY,
    )
    make_task(
        world,
        world.commune_a,
        code="MONTHLY-OK",
        reported=("2026M04",),
        reporting_cycle=ReportingCycle.MONTHLY,
    )
    # A yearly task of the 2026 plan owes no report for 2025.
    make_task(world, world.commune_a, code="YEARLY", reported=(), reporting_cycle=ReportingCycle.YEARLY)
    # A task that started after the quarter ended owes no report for it.
    make_task(world, world.commune_a, code="LATE-START", reported=(), start_date=date(2026, 4, 10))
    # Regular (recurring) tasks have no deadline but do report.
    make_task(world, world.commune_a, code="RECURRING", reported=(), is_recurring=True, due=None)

    send_reminders(TODAY)

    (message,) = mails_to(mailoutbox, world.focal_a)
    assert "Progress reports not yet submitted (2)" in message.body
    assert "period Month 4/2026" in message.body
    assert "RECURRING" in message.body
    for code in ("MONTHLY-OK", "YEARLY", "LATE-START"):
        assert code not in message.body
    assert "Overdue" not in message.body and "due soon" not in message.body


def test_reminders_go_to_the_lead_unit_not_the_whole_province(world, mailoutbox):
    make_task(world, world.commune_b, code="B-LATE", due=TODAY - timedelta(days=2))
    make_task(world, world.province, code="PROVINCE-LATE", due=TODAY - timedelta(days=2))
    office = OrgUnitFactory(code="SKHCN-CDS", kind=UnitKind.AGENCY, parent=world.department)
    make_task(world, office, code="OFFICE-LATE", due=TODAY - timedelta(days=2))
    province_focal = user_with_role(Role.FOCAL, world.province, username="province_focal")

    send_reminders(TODAY)

    assert mails_to(mailoutbox, world.focal_a) == []  # commune A hears nothing about commune B
    (to_b,) = mails_to(mailoutbox, world.focal_b)
    assert "B-LATE" in to_b.body and "PROVINCE-LATE" not in to_b.body
    # Province-wide grants only cover the tasks the province itself leads.
    for user in (world.coordinator, province_focal):
        (message,) = mails_to(mailoutbox, user)
        assert "PROVINCE-LATE" in message.body
        assert "B-LATE" not in message.body and "OFFICE-LATE" not in message.body
    # A department's focal point covers the department's own sub-units.
    (to_dept,) = mails_to(mailoutbox, world.dept_focal)
    assert "OFFICE-LATE" in to_dept.body
    # Leaders, viewers, admins, partners and inactive people get no digest.
    for user in (world.leader, world.viewer, world.admin, world.partner, world.outsider):
        assert mails_to(mailoutbox, user) == []
    assert len(mailoutbox) == 4


def test_inactive_users_and_archived_grants_get_nothing(world, commune_a_tasks, mailoutbox):
    world.focal_a.is_active = False
    world.focal_a.save()
    archived_grant = user_with_role(Role.FOCAL, world.commune_a, username="moved_on")
    RoleGrant.objects.filter(user=archived_grant).update(archived_at=datetime(2026, 1, 1).astimezone())

    run = send_reminders(TODAY)
    assert run.created == 0 and run.digest.sent == 0
    assert mailoutbox == []


def test_digest_is_in_the_users_language(world, commune_a_tasks, mailoutbox):
    world.focal_a.language = "en"
    world.focal_a.save()
    vietnamese = user_with_role(Role.FOCAL, world.commune_a, username="vi_reader", language="vi")

    with translation.override("vi"):
        send_reminders(TODAY)
        assert translation.get_language() == "vi"  # the override is undone afterwards

    (english,) = mails_to(mailoutbox, world.focal_a)
    assert english.subject == "[dxoffice] 3 notifications for 15 May 2026"  # English date format
    assert "3 days overdue" in english.body
    assert '<html lang="en">' in html_of(english)
    assert english.body.startswith(f"Hello {world.focal_a.display_name},")
    (in_vietnamese,) = mails_to(mailoutbox, vietnamese)
    assert in_vietnamese.subject.endswith("15/05/2026")  # Vietnamese date format
    assert '<html lang="vi">' in html_of(in_vietnamese)
    assert "Nhiệm vụ quá hạn (1)" in in_vietnamese.body  # the group title in Vietnamese
    assert "12 May 2026" in english.body and "12/05/2026" in in_vietnamese.body  # the due date


def test_failed_send_records_nothing_and_is_retried(world, commune_a_tasks, mailoutbox, monkeypatch):
    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server unreachable")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", broken)
        run = send_reminders(TODAY)
    assert run.digest.failed == 1 and run.digest.sent == 0
    assert not DigestLog.objects.exists()

    assert send_reminders(TODAY).digest.sent == 1
    assert len(mailoutbox) == 1


def test_command_prints_a_summary(world, commune_a_tasks, mailoutbox, capsys):
    call_command("send_reminders", "--date", "2026-05-15", "--dry-run")
    out = capsys.readouterr().out
    assert "focal <focal@example.test>: task.overdue: 1, task.due_soon: 1, report.missing: 1" in out
    assert "2026-05-15: would create 3 notification(s) for 1 person(s)" in out
    assert mailoutbox == []

    call_command("send_reminders", "--date", "2026-05-15")
    out = capsys.readouterr().out
    assert out.startswith("2026-05-15: created 3 notification(s) for 1 person(s), 0 of them escalation(s); ")
    assert "training.daily: 0 class reminder(s)" in out  # the modules' daily work, then the digest
    assert out.index("partners.daily:") < out.index("sent 1 digest(s) with 3 item(s)")
    assert len(mailoutbox) == 1


def test_command_rejects_a_bad_date(db):
    with pytest.raises(CommandError, match="--date"):
        call_command("send_reminders", "--date", "15/05/2026")


def test_periodic_task_runs_daily_at_seven_local_time(monkeypatch):
    # 07:00 in Asia/Ho_Chi_Minh is 00:00 UTC; huey checks once a minute with UTC timestamps.
    assert planning_tasks.daily_at_reminder_time(datetime(2026, 5, 15, 0, 0))
    assert not planning_tasks.daily_at_reminder_time(datetime(2026, 5, 15, 7, 0))
    assert not planning_tasks.daily_at_reminder_time(datetime(2026, 5, 15, 0, 1))

    calls = []

    class FakeRun:
        def summary(self):
            return "done"

    monkeypatch.setattr(planning_tasks, "send_reminders", lambda: calls.append(1) or FakeRun())
    assert planning_tasks.daily_reminders.call_local() == "done"
    assert calls == [1]


def test_finding_what_to_remind_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for index in range(12):
        unit = OrgUnitFactory(kind=UnitKind.COMMUNE, parent=world.province)
        user_with_role(Role.FOCAL, unit)
        make_task(world, unit, code=f"Q-{index}", due=TODAY - timedelta(days=index), reported=())

    with django_assert_max_num_queries(5):
        notices = build_notices(TODAY)
    assert len(notices) == 24  # each task overdue and missing its report
    assert len({notice.recipients[0].pk for notice in notices}) == 12
