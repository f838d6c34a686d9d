"""The daily run (`send_reminders`) runs every module's registered daily job before the digest, so
what a module announces that morning reaches people in the same day's e-mail."""

from datetime import date

import pytest

from dxoffice.core.actors import system_actor
from dxoffice.core.models import Role, UnitKind
from dxoffice.core.notifications.services import notify
from dxoffice.core.registry import DailyJob, registry
from dxoffice.core.tests.factories import OrgUnitFactory, user_with_role
from dxoffice.planning.reminders import send_reminders

pytestmark = pytest.mark.django_db
DAY = date(2026, 5, 15)


@pytest.fixture
def focal():
    commune = OrgUnitFactory(code="X1", kind=UnitKind.COMMUNE, parent=OrgUnitFactory(kind=UnitKind.PROVINCE))
    return user_with_role(Role.FOCAL, commune, email="focal@example.vn")


@pytest.fixture
def module_jobs(monkeypatch, focal):
    ran: list[tuple[str, date]] = []

    def remind(today):
        ran.append(("remind", today))
        created = notify(
            kind="task.due_soon",
            recipients=[focal],
            title="A class starts tomorrow",
            by=system_actor(),
            dedupe_key=f"test.daily:{today}",
        )
        return f"{len(created)} told"

    def broken(today):
        ran.append(("broken", today))
        raise RuntimeError("no connection")

    jobs = {
        job.code: job
        for job in [DailyJob("test.broken", "Broken", broken), DailyJob("test.remind", "Remind", remind)]
    }
    monkeypatch.setattr(registry, "_daily", jobs)
    return ran


def test_every_module_job_runs_once_and_a_failing_one_stops_nothing(module_jobs, mailoutbox):
    run = send_reminders(DAY)

    assert module_jobs == [("broken", DAY), ("remind", DAY)]
    assert [(r.code, r.failed) for r in run.modules] == [("test.broken", True), ("test.remind", False)]
    assert "test.remind: 1 told" in run.summary() and "test.broken: failed: RuntimeError" in run.summary()
    # Announced before the digest: it is in this morning's e-mail.
    (message,) = mailoutbox
    assert "A class starts tomorrow" in message.body


def test_a_dry_run_runs_no_module_job(module_jobs, mailoutbox):
    run = send_reminders(DAY, dry_run=True)
    assert module_jobs == [] and run.modules == [] and mailoutbox == []


def test_the_modules_register_their_daily_work():
    codes = [job.code for job in registry.daily_jobs()]
    assert {"meetings.daily", "partners.daily", "training.daily"} <= set(codes)
