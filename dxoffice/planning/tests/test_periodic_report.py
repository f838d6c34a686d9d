"""The periodic report: downloaded from the dashboard as a PDF or an editable .docx, with the figures
the dashboard shows, for the tasks the person may see."""

import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from dxoffice.core.documents import Format, Paragraph, render
from dxoffice.core.periods import Period
from dxoffice.planning import periodic_report as report_module
from dxoffice.planning.models import ReportStatus, TaskStatus
from dxoffice.planning.periodic_report import periodic_report
from dxoffice.planning.selectors import local_today
from dxoffice.planning.tests.factories import BudgetLineFactory, PlanFactory, ReportFactory, TaskFactory
from dxoffice.planning.views import periodic_report as report_view

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def small_world(world, monkeypatch):
    """Five tasks of the 2026 plan (and one cancelled), as of 1 December 2026."""
    monkeypatch.setattr(report_view, "local_today", lambda: TODAY)

    def task(code, title, unit, **fields):
        return TaskFactory(
            plan=world.plan, pillar=world.pillar, lead_unit=unit, code=code, title=title, **fields
        )

    tasks = {
        "on_time": task(
            "CDS-01",
            "Số hóa hồ sơ một cửa",
            world.commune_a,
            due_date=date(2026, 10, 31),
            status=TaskStatus.COMPLETED,
            completed_on=date(2026, 10, 10),
        ),
        "late": task(
            "CDS-02",
            "Phổ cập chữ ký số cho cán bộ xã",
            world.commune_a,
            due_date=date(2026, 11, 10),
            status=TaskStatus.COMPLETED,
            completed_on=date(2026, 11, 20),
        ),
        "overdue": task(
            "CDS-03",
            "Triển khai camera giám sát phường",
            world.commune_b,
            due_date=date(2026, 11, 1),
            status=TaskStatus.IN_PROGRESS,
        ),
        "on_track": task(
            "CDS-04",
            "Nâng cấp trung tâm dữ liệu",
            world.department,
            due_date=date(2027, 1, 15),
            status=TaskStatus.IN_PROGRESS,
        ),
        "regular": task("CDS-05", "Vận hành cổng dịch vụ công", world.commune_b, is_recurring=True),
        "cancelled": task(
            "CDS-06",
            "Nhiệm vụ đã hủy",
            world.commune_b,
            due_date=date(2026, 6, 1),
            status=TaskStatus.CANCELLED,
        ),
    }
    ReportFactory(
        task=tasks["overdue"],
        period="2026Q3",
        status=ReportStatus.ACCEPTED,
        blockers="Thiếu kinh phí đối ứng của địa phương",
    )
    BudgetLineFactory(
        task=tasks["on_time"],
        source="provincial",
        planned=Decimal("1000000000"),
        allocated=Decimal("800000000"),
        disbursed=Decimal("200000000"),
    )
    BudgetLineFactory(
        task=tasks["overdue"],
        source="commune",
        planned=Decimal("500000000"),
        allocated=Decimal("300000000"),
        disbursed=Decimal("100000000"),
    )
    return tasks


def download(client, user, **params):
    client.force_login(user)
    return client.get(reverse("planning:periodic_report"), params)


def pdf_text(response) -> str:
    reader = PdfReader(BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def word(response) -> docx.document.Document:
    return docx.Document(BytesIO(response.content))


def word_of(document) -> docx.document.Document:
    return docx.Document(BytesIO(render(document, Format.DOCX)))


def table_with(document, header: str) -> list[list[str]]:
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if header in rows[0]:
            return rows
    raise AssertionError(f"no table headed {header!r}")


def test_pdf_report_has_the_masthead_title_and_the_figures(client, world, small_world):
    response = download(client, world.leader, period="2026Q4", format="pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="bao-cao-chuyen-doi-so-2026Q4.pdf"' in response["Content-Disposition"]
    text = pdf_text(response)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "/BC-UBND",
        "Cà Mau, ngày 01 tháng 12 năm 2026",
        "BÁO CÁO",
        "Tình hình thực hiện nhiệm vụ chuyển đổi số quý IV/2026",
        "Tổng số nhiệm vụ: 5; trong đó đã hoàn thành 2 (đúng hạn 1, quá hạn 1)",
        "quá hạn chưa hoàn thành 1; nhiệm vụ thường xuyên 1",
        "Trễ 10 ngày",
        "Thiếu kinh phí đối ứng của địa phương",
        "Tổng cộng 1.500 1.100 300 27,3%",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ):
        assert expected in text, expected
    assert "Nhiệm vụ đã hủy" not in text


def test_docx_report_has_the_header_table_title_and_tables(client, world, small_world):
    response = download(client, world.leader, period="2026Q4", format="docx")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert 'filename="bao-cao-chuyen-doi-so-2026Q4.docx"' in response["Content-Disposition"]
    document = word(response)
    issuer, state = (cell.text for cell in document.tables[0].rows[0].cells)
    assert issuer.startswith("ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU") and "Số:" in issuer and "/BC-UBND" in issuer
    assert state.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert "Tình hình thực hiện nhiệm vụ chuyển đổi số quý IV/2026" in paragraphs

    assert table_with(document, "Tình hình thực hiện")[1:] == [
        ["1", "Hoàn thành đúng hạn", "1", "20,0%"],
        ["2", "Hoàn thành quá hạn", "1", "20,0%"],
        ["3", "Đang thực hiện trong hạn", "1", "20,0%"],
        ["4", "Quá hạn chưa hoàn thành", "1", "20,0%"],
        ["5", "Nhiệm vụ thường xuyên", "1", "20,0%"],
        ["", "Tổng cộng", "5", "100,0%"],
    ]
    assert table_with(document, "Nguồn vốn")[1:] == [
        ["1", "Ngân sách tỉnh", "1.000", "800", "200", "25,0%"],
        ["2", "Ngân sách xã", "500", "300", "100", "33,3%"],
        ["", "Tổng cộng", "1.500", "1.100", "300", "27,3%"],
    ]
    completed = table_with(document, "Ngày hoàn thành")
    assert [row[1] for row in completed[1:]] == [
        "Số hóa hồ sơ một cửa (CDS-01)",
        "Phổ cập chữ ký số cho cán bộ xã (CDS-02)",
    ]
    assert completed[2][3:] == ["10/11/2026", "20/11/2026", "Trễ 10 ngày"]
    overdue = table_with(document, "Khó khăn, vướng mắc")
    assert overdue[1:] == [
        [
            "1",
            "Triển khai camera giám sát phường (CDS-03)",
            "Phường An Xuyên",
            "01/11/2026",
            "30",
            "Thiếu kinh phí đối ứng của địa phương",
        ]
    ]
    coming = table_with(document, "Tiến độ")
    assert [row[1] for row in coming[1:]] == ["Nâng cấp trung tâm dữ liệu (CDS-04)"]


def test_a_commune_focal_point_reports_only_on_their_tasks(client, world, small_world):
    document = word(download(client, world.focal_a, period="2026Q4", format="docx"))
    issuer = document.tables[0].rows[0].cells[0].text
    assert issuer.startswith("ỦY BAN NHÂN DÂN\nXÃ TÂN THUẬN")
    assert table_with(document, "Tình hình thực hiện")[-1] == ["", "Tổng cộng", "2", "100,0%"]
    assert table_with(document, "Nguồn vốn")[1:] == [
        ["1", "Ngân sách tỉnh", "1.000", "800", "200", "25,0%"],
        ["", "Tổng cộng", "1.000", "800", "200", "25,0%"],
    ]
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "CDS-01" in text and "CDS-02" in text
    assert "CDS-03" not in text and "CDS-04" not in text and "Thiếu kinh phí" not in text
    assert "Không có nhiệm vụ quá hạn." in text


def test_a_department_reports_under_its_governing_body(world, small_world):
    with translation.override("vi"):
        document = periodic_report(user=world.dept_focal, period=Period.parse("2026M11"), today=TODAY)
    assert document.issuing_body.name == "Sở Khoa học và Công nghệ"
    assert document.issuing_body.parent == "Ủy ban nhân dân\ntỉnh Cà Mau"
    assert document.symbol == "BC-SKHCN" and document.place == "Cà Mau"
    assert document.signature.position == "GIÁM ĐỐC"
    assert document.title == "Tình hình thực hiện nhiệm vụ chuyển đổi số tháng 11/2026"


def test_the_report_speaks_the_language_it_is_asked_in(world, small_world):
    document = periodic_report(user=world.leader, period=Period.parse("2026"), today=TODAY, language="en")
    assert document.language == "en" and document.kind == "Report"
    assert document.title == "Implementation of digital transformation tasks, year 2026"
    assert document.filename == "dx-progress-report-2026"


def test_an_english_report_names_the_province_in_english(world, small_world):
    document = periodic_report(user=world.leader, period=Period.parse("2026Q4"), today=TODAY, language="en")
    issuer, state = (cell.text for cell in word_of(document).tables[0].rows[0].cells)
    assert issuer.startswith("PEOPLE'S COMMITTEE OF\nCÀ MAU PROVINCE\n")
    assert state.endswith("Cà Mau, 1 December 2026")
    intro = document.blocks[0]
    assert isinstance(intro, Paragraph)
    assert "People's Committee of Cà Mau Province reports on" in intro.text
    assert "quarter IV/2026" in intro.text and "tỉnh" not in intro.text.lower()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("planning:periodic_report"), {"period": "2026Q4"})
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"period": "2026Q5"}, "không phải là kỳ hợp lệ"),
        ({"period": "quý 4"}, "không phải là kỳ; hãy dùng"),
        ({"period": "2027M01"}, "Tháng 1/2027 chưa bắt đầu"),
        ({"period": ""}, "Hãy chọn kỳ báo cáo."),
        ({"period": "2026Q4", "format": "xls"}, "Định dạng"),
    ],
)
def test_a_bad_request_gets_a_clear_message(client, world, small_world, params, message):
    response = download(client, world.leader, **params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()
    assert 'data-testid="periodic-report-form"' in response.content.decode()


def test_without_parameters_the_picker_is_shown(client, world, small_world):
    response = download(client, world.leader)
    page = response.content.decode()
    assert response.status_code == 200
    for label in ("Tháng 12/2026", "Tháng 7/2026", "Quý IV/2026", "Quý I/2026", "Năm 2026", "Năm 2024"):
        assert label in page, label
    assert 'value="2026Q4"' in page and 'value="docx"' in page


def test_dashboard_offers_the_report_and_agrees_with_it(client, world):
    today = local_today()
    plan = world.plan if today.year == 2026 else PlanFactory(program=world.program, year=today.year)
    TaskFactory(plan=plan, pillar=world.pillar, lead_unit=world.commune_a, due_date=today - timedelta(days=5))
    TaskFactory(plan=plan, pillar=world.pillar, lead_unit=world.commune_b, due_date=today + timedelta(days=3))
    TaskFactory(
        plan=plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        status=TaskStatus.COMPLETED,
        completed_on=today,
        due_date=today,
    )
    month = Period.containing(today, "M")
    for user in (world.coordinator, world.focal_a):
        client.force_login(user)
        dashboard = client.get(reverse("planning:dashboard"), {"year": today.year})
        assert 'data-testid="periodic-report-form"' in dashboard.content.decode()
        tiles = {tile["key"]: tile["value"] for tile in dashboard.context["tiles"]}
        report = client.get(reverse("planning:periodic_report"), {"period": month.code, "format": "docx"})
        summary = {row[1]: row[2] for row in table_with(word(report), "Tình hình thực hiện")[1:]}
        assert summary["Tổng cộng"] == str(tiles["total"])
        assert summary["Quá hạn chưa hoàn thành"] == str(tiles["overdue"])
        assert summary["Đang thực hiện trong hạn"] == str(tiles["in_progress"])
        done = int(summary["Hoàn thành đúng hạn"]) + int(summary["Hoàn thành quá hạn"])
        assert done == tiles["completed"]


def test_long_lists_are_cut_and_say_how_many_more(client, world, small_world, monkeypatch):
    monkeypatch.setattr(report_module, "CAP", 1)
    for index in range(2):
        TaskFactory(
            plan=world.plan,
            pillar=world.pillar,
            lead_unit=world.commune_b,
            code=f"TRE-{index}",
            due_date=date(2026, 10, 1),
            status=TaskStatus.IN_PROGRESS,
        )
    document = word(download(client, world.leader, period="2026Q4", format="docx"))
    assert len(table_with(document, "Khó khăn, vướng mắc")) == 2  # the header and one task
    assert "… và 2 nhiệm vụ khác, xem trong sổ theo dõi nhiệm vụ." in [p.text for p in document.paragraphs]


def test_someone_with_no_role_gets_no_report_in_the_provinces_name(client, world):
    client.force_login(world.outsider)
    response = client.get(reverse("planning:periodic_report"), {"period": "2026Q1", "format": "pdf"})
    assert response.status_code == 403
    assert response.get("Content-Type", "").startswith("text/html")
