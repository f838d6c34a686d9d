"""The import page and the `dxoffice import-plan` command."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from dxoffice.planning.models import Task
from dxoffice.planning.tests.factories import PlanFactory
from dxoffice.planning.tests.test_excel_support import (
    english,  # noqa: F401
    filled_template,
    task_row,
)

URL = reverse("planning:plan_import")


def upload(world, rows, name="plan.xlsx"):
    return SimpleUploadedFile(name, filled_template(world.plan, rows).getvalue())


def test_only_planners_may_import(client, world):
    for user in (world.focal_a, world.viewer, world.leader, world.partner, world.outsider):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        response = client.post(URL, {"plan": world.plan.pk, "file": upload(world, [task_row()])})
        assert response.status_code == 403
    assert not Task.objects.exists()
    client.logout()
    assert client.get(URL).status_code == 302


def test_form_lists_the_plans_and_links_the_template(client, world):
    PlanFactory(program=world.program, year=2027, code="KH-2027")
    client.force_login(world.coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "KH-2026 · " in body and "KH-2027 · " in body
    assert reverse("planning:plan_template") in body and 'name="dry_run"' in body


def test_upload_imports_and_shows_the_summary(client, world):
    client.force_login(world.coordinator)
    rows = [task_row(), task_row(code="NV-2")]
    response = client.post(URL, {"plan": world.plan.pk, "file": upload(world, rows)})
    assert response.status_code == 200
    assert response.context["result"].created == 2
    assert 'data-testid="import-summary"' in response.content.decode()
    assert Task.objects.filter(plan=world.plan).count() == 2
    again = client.post(URL, {"plan": world.plan.pk, "file": upload(world, rows)})
    assert again.context["result"].unchanged == 2 and Task.objects.count() == 2


def test_the_summary_names_its_counts_not_a_date(client, world, settings):
    """ "Created" over a count reads "Đã thêm mới", not the "Ngày tạo" of a date column."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    client.force_login(world.coordinator)
    page = client.post(URL, {"plan": world.plan.pk, "file": upload(world, [task_row()])}).content.decode()
    assert "Đã thêm mới" in page and "Ngày tạo" not in page


def test_check_only_saves_nothing(client, world):
    client.force_login(world.coordinator)
    response = client.post(URL, {"plan": world.plan.pk, "file": upload(world, [task_row()]), "dry_run": "on"})
    assert response.context["result"].dry_run and response.context["result"].created == 1
    assert not Task.objects.exists()


def test_problems_are_shown_as_a_table(client, world):
    client.force_login(world.coordinator)
    rows = [task_row(), task_row(code="NV-2", due_date="không rõ")]
    response = client.post(URL, {"plan": world.plan.pk, "file": upload(world, rows)})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="import-problems"' in body
    assert "Hạn hoàn thành / Due date" in body and "không rõ" in body and "(M4)" in body
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("plan.xlsx", b"not a zip"),
        ("plan.xls", b"\xd0\xcf\x11\xe0junk"),
    ],
)
def test_a_file_that_is_not_a_workbook_gives_a_message(client, world, name, content):
    client.force_login(world.coordinator)
    response = client.post(URL, {"plan": world.plan.pk, "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert "not a readable Excel workbook" in response.content.decode()


def test_form_errors_without_a_file(client, world):
    client.force_login(world.coordinator)
    response = client.post(URL, {"plan": world.plan.pk})
    assert response.status_code == 200 and response.context["form"].errors["file"]


# The command ---------------------------------------------------------------------------------------


@pytest.fixture
def plan_file(world, tmp_path):
    def make(rows):
        path = tmp_path / "plan.xlsx"
        path.write_bytes(filled_template(world.plan, rows).getvalue())
        return str(path)

    return make


def test_command_imports(world, plan_file):
    out = StringIO()
    call_command(
        "import_plan", plan_file([task_row()]), "--plan", "KH-2026", "--as", "coordinator", stdout=out
    )
    assert "created 1" in out.getvalue()
    task = Task.objects.get()
    assert task.history.first().history_user == world.coordinator
    out = StringIO()
    call_command("import_plan", plan_file([task_row()]), "--year", "2026", "--as", "coordinator", stdout=out)
    assert "unchanged 1" in out.getvalue()


def test_command_dry_run(world, plan_file):
    out = StringIO()
    call_command(
        "import_plan",
        plan_file([task_row()]),
        "--plan",
        "KH-2026",
        "--as",
        "coordinator",
        "--dry-run",
        stdout=out,
    )
    assert "nothing saved" in out.getvalue() and "created 1" in out.getvalue()
    assert not Task.objects.exists()


def test_command_lists_problems_and_fails(world, plan_file):
    err = StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_plan",
            plan_file([task_row(lead_unit="NOPE")]),
            "--plan",
            "KH-2026",
            "--as",
            "coordinator",
            stderr=err,
        )
    assert "Tasks, row 3, Mã đơn vị chủ trì / Lead unit code (G3): Unknown code: NOPE." in err.getvalue()
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    "args, text",
    [
        (["--plan", "KH-2026", "--as", "focal"], "may not plan"),
        (["--plan", "KH-2026", "--as", "nobody"], "No active user"),
        (["--plan", "NOPE", "--as", "coordinator"], "No annual plan"),
        (["--year", "2031", "--as", "coordinator"], "No annual plan for 2031"),
    ],
)
def test_command_refuses(world, plan_file, args, text):
    with pytest.raises(CommandError, match=text):
        call_command("import_plan", plan_file([task_row()]), *args)
    assert not Task.objects.exists()


def test_command_needs_an_existing_file(world):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_plan", "/nonexistent/plan.xlsx", "--plan", "KH-2026", "--as", "coordinator")
