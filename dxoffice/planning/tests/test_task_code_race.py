"""Two tasks created at once by other modules (a meeting's conclusions, a partner's commitments) take
two codes: the plan's row is locked while the next free code is chosen and the task written.

Only PostgreSQL runs two writers side by side (SQLite takes one writer at a time)."""

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction

from dxoffice.planning import services
from dxoffice.planning.models import Task

pytestmark = pytest.mark.django_db(transaction=True)


def _create(world, code: str, title: str) -> Task:
    return services.task_create(
        by=world.coordinator,
        plan=world.plan,
        code=code,
        title=title,
        pillar=world.pillar,
        lead_unit=world.department,
        due_date=date(2026, 12, 31),
    )


def _someone_waits_on_a_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


# SQLite lets one writer in at a time, so the race this guards against cannot happen there.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no two concurrent writers")
def test_two_tasks_created_at_once_take_the_next_two_codes(world):
    holding, release = threading.Event(), threading.Event()
    codes: dict[str, str] = {}
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                codes["first"] = services.task_code_next(world.plan, "KL")
                holding.set()
                release.wait(30)
                _create(world, codes["first"], "Nhiệm vụ thứ nhất")
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            holding.set()
            connections.close_all()

    def second() -> None:
        try:
            with transaction.atomic():
                codes["second"] = services.task_code_next(world.plan, "KL")
                _create(world, codes["second"], "Nhiệm vụ thứ hai")
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    one, two = threading.Thread(target=first), threading.Thread(target=second)
    one.start()
    assert holding.wait(30)
    two.start()
    deadline = time.monotonic() + 30
    while not _someone_waits_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)  # the second writer reaches the plan's lock
    release.set()
    one.join(30)
    two.join(30)
    assert errors == []
    assert codes == {"first": "KL-1", "second": "KL-2"}
    assert sorted(
        Task.objects.filter(plan=world.plan, code__startswith="KL-").values_list("code", flat=True)
    ) == [
        "KL-1",
        "KL-2",
    ]


def test_the_next_code_is_chosen_only_inside_the_transaction_that_writes_the_task(world):
    with pytest.raises(RuntimeError):
        services.task_code_next(world.plan, "KL")
