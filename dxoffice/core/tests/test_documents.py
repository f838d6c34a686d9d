"""Documents: one model in the layout of Decree 30/2020/ND-CP, rendered to a PDF and to an editable
.docx that say the same thing, in the document's language."""

import unicodedata
from datetime import date
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from django.utils import translation
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from dxoffice.core.documents import (
    Align,
    BulletList,
    Column,
    Document,
    Format,
    Heading,
    IssuingBody,
    Paragraph,
    Signature,
    Table,
    document_response,
    period_label,
    period_phrase,
    place_date,
    render,
    roman,
)
from dxoffice.core.documents.figures import count, measure, millions, number, numbered_table
from dxoffice.core.documents.issuer import issuer_of, place_of, territory
from dxoffice.core.documents.labels import labels_for
from dxoffice.core.models import Role, UnitKind
from dxoffice.core.periods import Period
from dxoffice.core.tests.factories import OrgUnitFactory, UserFactory, user_with_role


def sample(language: str = "vi") -> Document:
    document = Document(
        issuing_body=IssuingBody(
            "Ủy ban nhân dân tỉnh Cà Mau", abbreviation="UBND", heading="Ủy ban nhân dân\ntỉnh Cà Mau"
        ),
        kind="Báo cáo",
        title="Kết quả triển khai nền tảng số quý IV/2026",
        place="Cà Mau",
        date=date(2026, 12, 1),
        language=language,
        symbol="BC-UBND",
        summary="(Số liệu tính đến ngày 01/12/2026)",
        recipients=["Bộ Khoa học và Công nghệ (để báo cáo);", "Lưu: VT."],
        signature=Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hòa"),
        filename="bao-cao-thu",
    )
    return document.add(
        Heading("Kết quả thực hiện"),
        Heading("Tình hình chung", 2),
        Paragraph("Đã số hóa 12.345 hồ sơ; tỷ lệ hồ sơ trực tuyến toàn trình đạt 87,5%.", lead="Kết quả:"),
        BulletList(("Hoàn thành kho dữ liệu dùng chung;", "Kết nối cổng dịch vụ công quốc gia.")),
        Table(
            columns=(
                Column("STT", Align.CENTER, 0.6),
                Column("Đơn vị", Align.LEFT, 4),
                Column("Số hồ sơ", Align.RIGHT, 1.5),
            ),
            rows=(("1", "Xã Tân Thuận", "1.234"), ("2", "Phường An Xuyên", "11.111")),
            totals=(("", "Tổng cộng", "12.345"),),
            unit_note="Đơn vị tính: hồ sơ",
        ),
        Heading("Tồn tại, hạn chế"),
        Heading("Hạ tầng", 2),
        Heading("Vùng sâu", 3),
        Heading("Vùng xa", 3),
    )


def test_outline_numbers_headings_as_administrative_documents_do():
    headings = [text for text, block in sample().outline() if isinstance(block, Heading)]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Tình hình chung",
        "II. TỒN TẠI, HẠN CHẾ",
        "1. Hạ tầng",
        "a) Vùng sâu",
        "b) Vùng xa",
    ]
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]


def test_dates_and_periods_are_written_the_vietnamese_way():
    assert place_date("Cà Mau", date(2026, 2, 5), "vi") == "Cà Mau, ngày 05 tháng 02 năm 2026"
    assert place_date("Cà Mau", date(2026, 11, 1), "vi") == "Cà Mau, ngày 01 tháng 11 năm 2026"
    assert place_date("Cà Mau", date(2026, 12, 15), "vi") == "Cà Mau, ngày 15 tháng 12 năm 2026"
    assert place_date("Cà Mau", date(2026, 12, 1), "en") == "Cà Mau, 1 December 2026"
    labels = [period_label(Period.parse(code), "vi") for code in ("2026M11", "2026Q4", "2026")]
    assert labels == ["Tháng 11/2026", "Quý IV/2026", "Năm 2026"]
    assert period_label(Period.parse("2026Q4"), "en") == "Quarter IV/2026"


def test_a_period_inside_a_sentence_is_its_label_in_lower_case_first():
    phrases = [period_phrase(Period.parse(code), "vi") for code in ("2026M11", "2026Q4", "2026")]
    assert phrases == ["tháng 11/2026", "quý IV/2026", "năm 2026"]
    assert period_phrase(Period.parse("2026Q4"), "en") == "quarter IV/2026"


def test_figures_are_grouped_in_threes_in_the_documents_language():
    with translation.override("vi"):
        assert number(Decimal("1234567.505")) == "1.234.567,51"
        assert number(Decimal("1234567")) == "1.234.567"
        assert measure(Decimal("10.123"), "%") == "10,12%"
        assert measure(Decimal("12000"), "hệ thống") == "12.000 hệ thống"
        assert count(12345) == "12.345" and millions(Decimal("1250000000")) == "1.250"
    with translation.override("en"):
        assert number(Decimal("1234567.5")) == "1,234,567.50" and count(12345) == "12,345"


def test_a_numbered_table_puts_the_running_number_in_front():
    with translation.override("vi"):
        table = numbered_table(
            (Column("Đơn vị"), Column("Số hồ sơ", Align.RIGHT)),
            [["Xã Tân Thuận", "1"], ["Phường An Xuyên", "2"]],
            totals=[("Tổng cộng", "3")],
        )
    assert [column.title for column in table.columns] == ["STT", "Đơn vị", "Số hồ sơ"]
    assert table.rows == (("1", "Xã Tân Thuận", "1"), ("2", "Phường An Xuyên", "2"))
    assert table.totals == (("", "Tổng cộng", "3"),)


def test_a_table_row_must_fill_the_columns():
    with pytest.raises(ValueError):
        Table(columns=(Column("A"), Column("B")), rows=(("only one",),))


def test_pdf_has_the_masthead_body_and_closing_with_diacritics_intact():
    reader = PdfReader(BytesIO(render(sample(), Format.PDF)))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)  # A4
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "TỈNH CÀ MAU",
        "Số: /BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Cà Mau, ngày 01 tháng 12 năm 2026",
        "BÁO CÁO",
        "Kết quả triển khai nền tảng số quý IV/2026",
        "I. KẾT QUẢ THỰC HIỆN",
        "1 Xã Tân Thuận 1.234",
        "Tổng cộng 12.345",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn Hòa",
    ):
        assert expected in lines, expected
    assert "- Hoàn thành kho dữ liệu dùng chung;" in lines
    info = reader.metadata
    assert info is not None and info.title == "Báo cáo Kết quả triển khai nền tảng số quý IV/2026"


def test_docx_is_an_editable_word_document_in_the_decree_layout():
    document = docx.Document(BytesIO(render(sample(), Format.DOCX)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    assert section.different_first_page_header_footer  # page numbers from the second page
    assert "PAGE" in section.header.paragraphs[0]._p.xml

    masthead = document.tables[0]
    borders = masthead._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    issuer, state = (cell.text for cell in masthead.rows[0].cells)
    assert (
        issuer
        == "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\n\nSố: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND"
    )
    assert (
        state
        == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nCà Mau, ngày 01 tháng 12 năm 2026"
    )
    place = masthead.rows[0].cells[1].paragraphs[-1]
    assert place.runs[0].italic

    title = next(p for p in document.paragraphs if p.text == "Kết quả triển khai nền tảng số quý IV/2026")
    assert title.runs[0].bold and title.alignment == 1  # centred
    assert "I. KẾT QUẢ THỰC HIỆN" in [p.text for p in document.paragraphs]

    data = document.tables[1]
    assert data.style.name == "Table Grid"
    assert [[cell.text for cell in row.cells] for row in data.rows] == [
        ["STT", "Đơn vị", "Số hồ sơ"],
        ["1", "Xã Tân Thuận", "1.234"],
        ["2", "Phường An Xuyên", "11.111"],
        ["", "Tổng cộng", "12.345"],
    ]
    assert data.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
    assert data.rows[1].cells[2].paragraphs[0].alignment == 2  # numbers right-aligned
    assert data.rows[3].cells[1].paragraphs[0].runs[0].bold
    assert abs(data.columns[1].width - Mm(165 * 4 / 6.1)) < Mm(1)

    closing = document.tables[-1]
    recipients, signature = (cell.text for cell in closing.rows[0].cells)
    assert recipients.startswith("Nơi nhận:\n- Bộ Khoa học và Công nghệ (để báo cáo);")
    assert signature.startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH") and signature.endswith("Nguyễn Văn Hòa")

    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert 'w:val="vi-VN"' in document.styles.element.xml
    assert document.core_properties.title == "Báo cáo Kết quả triển khai nền tảng số quý IV/2026"


def test_english_documents_carry_english_labels():
    document = docx.Document(BytesIO(render(sample("en"), Format.DOCX)))
    issuer, state = (cell.text for cell in document.tables[0].rows[0].cells)
    assert "No.:" in issuer
    assert state.startswith("SOCIALIST REPUBLIC OF VIETNAM\nIndependence - Freedom - Happiness")
    assert state.endswith("Cà Mau, 1 December 2026")
    assert document.tables[-1].rows[0].cells[0].text.startswith("Recipients:")


def test_text_with_control_characters_still_renders_to_word_and_pdf():
    document = sample()
    document.add(
        Paragraph("Tiêu đề\x07 dán\x00 từ nơi khác", lead="Ghi chú\x1b:"),
        Table(columns=(Column("Tên"),), rows=(("Nhiệm vụ\x0b\x01 A",),)),
    )
    word = docx.Document(BytesIO(render(document, Format.DOCX)))
    assert "Ghi chú: Tiêu đề dán từ nơi khác" in [p.text for p in word.paragraphs]
    assert word.tables[-2].rows[1].cells[0].text == "Nhiệm vụ A"
    assert render(document, Format.PDF).startswith(b"%PDF")


@pytest.mark.parametrize(
    "fmt, content_type",
    [
        (Format.PDF, "application/pdf"),
        (Format.DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_a_document_downloads_with_its_type_and_name(fmt, content_type):
    document = sample()
    document.filename = "báo-cáo-quý-IV"
    response = document_response(document, fmt)
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert (
        disposition.startswith("attachment;") and f"b%C3%A1o-c%C3%A1o-qu%C3%BD-IV.{fmt.value}" in disposition
    )
    assert response.content.startswith(b"%PDF" if fmt is Format.PDF else b"PK")


@pytest.mark.django_db
def test_the_issuer_follows_the_unit_the_person_works_for():
    province = OrgUnitFactory(code="CMU", name="Tỉnh Cà Mau", kind=UnitKind.PROVINCE)
    commune = OrgUnitFactory(code="XA", name="Xã Tân Thuận", kind=UnitKind.COMMUNE, parent=province)
    department = OrgUnitFactory(
        code="SKHCN", name="Sở Khoa học và Công nghệ", kind=UnitKind.DEPARTMENT, parent=province
    )
    partner = OrgUnitFactory(code="DOITAC", name="Tập đoàn Công nghệ", kind=UnitKind.TECH_PARTNER)
    with translation.override("vi"):
        coordinator = UserFactory(unit=department)  # works at a department, coordinates the province
        coordinator.grants.create(unit=province, role=Role.COORDINATOR)
        provincial = issuer_of(coordinator, province)
        assert provincial.body.name == "Ủy ban nhân dân tỉnh Cà Mau" and provincial.body.parent == ""
        assert provincial.body.abbreviation == "UBND" and provincial.place == "Cà Mau"
        assert provincial.signature == Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
        assert provincial.superiors == ["Bộ Khoa học và Công nghệ (để báo cáo);", "Lưu: VT."]

        local = issuer_of(user_with_role(Role.FOCAL, commune), province)
        assert local.body.heading == "Ủy ban nhân dân\nxã Tân Thuận" and local.place == "Tân Thuận"
        assert local.superiors[0] == "Ủy ban nhân dân tỉnh Cà Mau (để báo cáo);"

        sector = issuer_of(user_with_role(Role.FOCAL, department), province)
        assert sector.body == IssuingBody(
            "Sở Khoa học và Công nghệ", parent="Ủy ban nhân dân\ntỉnh Cà Mau", abbreviation="SKHCN"
        )
        assert sector.place == "Cà Mau" and sector.signature.position == "GIÁM ĐỐC"

        outside = issuer_of(user_with_role(Role.FOCAL, partner), province)
        assert outside.body.name == "Tập đoàn Công nghệ" and outside.place == "Cà Mau"

        several = UserFactory()
        for unit in (commune, department):
            several.grants.create(unit=unit, role=Role.FOCAL)
        assert issuer_of(several, None).unit == province  # their common ancestor

        superuser = UserFactory(is_superuser=True)
        assert issuer_of(superuser, province).unit == province


@pytest.mark.django_db
def test_an_english_document_names_the_territory_in_english():
    province = OrgUnitFactory(code="CMU", name="Tỉnh Cà Mau", kind=UnitKind.PROVINCE)
    ward = OrgUnitFactory(code="PAX", name="Phường An Xuyên", kind=UnitKind.WARD, parent=province)
    with translation.override("en"):
        provincial = issuer_of(UserFactory(is_superuser=True), province)
        assert provincial.body.name == "People's Committee of Cà Mau Province"
        masthead = labels_for(
            Document(provincial.body, "Report", "Title", provincial.place, date(2026, 12, 1), "en")
        )
        assert masthead.issuer == "PEOPLE'S COMMITTEE OF\nCÀ MAU PROVINCE"
        local = issuer_of(user_with_role(Role.FOCAL, ward), province)
        assert local.body.heading == "People's Committee of\nAn Xuyên Ward" and local.place == "An Xuyên"
        assert local.superiors[0] == "People's Committee of Cà Mau Province (for reporting);"
        assert territory("Thành phố Cần Thơ") == "Cần Thơ City"
        assert territory("Đặc khu Phú Quốc") == "Phú Quốc Special Zone"
        assert territory("tỉnh Cà Mau") == "Cà Mau Province"
        assert territory("Ban Quản lý dự án") == "Ban Quản lý dự án"  # no known kind: as it is
    with translation.override("vi"):
        assert territory("Thành phố Cần Thơ") == "thành phố Cần Thơ"
        assert issuer_of(UserFactory(is_superuser=True), province).body.name == "Ủy ban nhân dân tỉnh Cà Mau"
    assert place_of(ward) == "An Xuyên"
