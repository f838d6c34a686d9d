"""The editable Word (.docx) rendering of a `Document`, through python-docx.

Real Word structures throughout, so the clerk edits it as any other document: the two-column
masthead and the closing (recipients | signature) are borderless tables, body tables are Word tables
with a repeating header row, the body speaks Times New Roman 14 marked as Vietnamese, the page is A4
with the decree's margins and the page number sits at the top from the second page on.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from dxoffice.core.documents.labels import Labels, is_vietnamese, labels_for
from dxoffice.core.documents.model import Align, BulletList, Document, Heading, Paragraph, Table

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15  # mm, within the decree's ranges
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
ISSUER_WIDTH = 64  # mm: the masthead's left column; the national motto takes the rest
RECIPIENTS_WIDTH = 80  # mm: the closing's left column; the signature takes the rest
FIRST_LINE = Mm(10)
ALIGN = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
}
# Elements that follow w:pBdr inside w:pPr, so the border lands where Word's schema wants it.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip

_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")

Container = WordDocument | _Cell
# Characters XML 1.0 cannot hold (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF):
# python-docx refuses them, so text that carries one (a title pasted from elsewhere) loses it here.
_NOT_XML = dict.fromkeys([*(c for c in range(32) if c not in (9, 10, 13)), 0xFFFE, 0xFFFF])


def _xml(text: str) -> str:
    return text.translate(_NOT_XML)


def _setup(word: WordDocument, document: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance = Mm(10)
    language = "vi-VN" if is_vietnamese(document.language) else document.language
    for fonts in word.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts"):
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        for name in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(name), FONT)
    for tag in word.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        tag.set(qn("w:val"), language)
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    run_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    run_fonts.set(qn("w:eastAsia"), FONT)
    run_fonts.set(qn("w:cs"), FONT)
    paragraph = normal.paragraph_format
    paragraph.space_before, paragraph.space_after = Pt(0), Pt(0)
    paragraph.line_spacing = 1.1
    properties = word.core_properties
    properties.title = _xml(f"{document.kind} {document.title}".strip())
    properties.author = _xml(document.issuing_body.name)
    properties.language = document.language


def _page_numbers(word: WordDocument) -> None:
    """The page number, centred at the top, from the second page on."""
    section = word.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "2"), ("end", "")):
        run = paragraph.add_run(text if kind == "text" else "")
        run.font.size = Pt(13)
        if kind == "instr":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        elif kind != "text":
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)


def _paragraph(
    container: Container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 14,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    first_line: Mm | None = None,
    after: float = 0,
    reuse: bool = False,
) -> WordParagraph:
    """A paragraph of one run. `reuse` writes into a table cell's empty first paragraph."""
    paragraph: WordParagraph
    if reuse and isinstance(container, _Cell) and not container.paragraphs[0].text:
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    if first_line is not None:
        paragraph.paragraph_format.first_line_indent = first_line
    if text:
        run = paragraph.add_run(_xml(text))
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _rule(container: Container, *, length: float, within: float) -> None:
    """A centred horizontal line `length` mm long, drawn as the top border of an empty paragraph."""
    paragraph = container.add_paragraph()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(name), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)
    side = Mm(max((within - length) / 2, 0))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(4)
    paragraph.add_run().font.size = Pt(2)


def _no_borders(table: WordTable) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.insert_element_before(borders, *_AFTER_TBLBORDERS)


def _two_columns(word: WordDocument, left: float) -> tuple[_Cell, _Cell]:
    table = word.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    widths = (Mm(left), Mm(TEXT_WIDTH - left))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    cells = table.rows[0].cells
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width
    return cells[0], cells[1]


def _masthead(word: WordDocument, labels: Labels) -> None:
    issuer, state = _two_columns(word, ISSUER_WIDTH)
    first = True
    if labels.parent:
        _paragraph(issuer, labels.parent, size=13, reuse=True)
        first = False
    _paragraph(issuer, labels.issuer, bold=True, size=13, reuse=first)
    _rule(issuer, length=20, within=ISSUER_WIDTH)
    _paragraph(issuer, labels.number_line, size=13)
    within = TEXT_WIDTH - ISSUER_WIDTH
    _paragraph(state, labels.country, bold=True, size=12, reuse=True)
    _paragraph(state, labels.motto, bold=True, size=14)
    _rule(state, length=min(62.0, within), within=within)
    _paragraph(state, labels.place_date, italic=True, size=14)


def _title(word: WordDocument, document: Document, labels: Labels) -> None:
    word.add_paragraph().paragraph_format.space_after = Pt(6)
    _paragraph(word, labels.kind, bold=True)
    _paragraph(word, document.title, bold=True)
    _rule(word, length=TEXT_WIDTH / 4, within=TEXT_WIDTH)
    if document.summary:
        _paragraph(word, document.summary, italic=True, size=13, after=6)
    word.add_paragraph().paragraph_format.space_after = Pt(0)


def _repeat_header(row_properties_owner: WordTable) -> None:
    row = row_properties_owner.rows[0]._tr
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row.get_or_add_trPr().append(header)


def _table(word: WordDocument, table: Table) -> None:
    if table.is_empty:
        if table.empty:
            _paragraph(word, table.empty, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=FIRST_LINE, after=6)
        return
    if table.unit_note:
        _paragraph(word, table.unit_note, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    rows = [*table.rows, *table.totals]
    grid = word.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = word.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = [Mm(TEXT_WIDTH * share) for share in table.widths]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    _repeat_header(grid)
    for index, cells in enumerate(grid.rows):
        bold = index == 0 or index > len(table.rows)
        texts = [column.title for column in table.columns] if index == 0 else rows[index - 1]
        for cell, text, column, width in zip(cells.cells, texts, table.columns, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER if index == 0 else None
            align = WD_ALIGN_PARAGRAPH.CENTER if index == 0 else ALIGN[column.align]
            _paragraph(cell, text, bold=bold, size=12, align=align, reuse=True)
    if table.note:
        _paragraph(word, table.note, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    word.add_paragraph().paragraph_format.space_after = Pt(0)


def _body(word: WordDocument, document: Document) -> None:
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    for heading, block in document.outline():
        if isinstance(block, Heading):
            paragraph = _paragraph(
                word,
                heading,
                bold=True,
                italic=block.level >= 3,
                align=justify,
                first_line=FIRST_LINE,
                after=6,
            )
            paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            paragraph = _paragraph(word, align=justify, first_line=FIRST_LINE, after=6)
            if block.lead:
                paragraph.add_run(_xml(block.lead) + " ").bold = True
            paragraph.add_run(_xml(block.text)).italic = block.italic
        elif isinstance(block, BulletList):
            for item in block.items:
                _paragraph(word, f"- {item}", align=justify, first_line=FIRST_LINE, after=6)
        elif isinstance(block, Table):
            _table(word, block)


def _closing(word: WordDocument, document: Document, labels: Labels) -> None:
    recipients, signature = _two_columns(word, RECIPIENTS_WIDTH)
    left = WD_ALIGN_PARAGRAPH.LEFT
    if document.recipients:
        _paragraph(recipients, labels.recipients, bold=True, italic=True, size=12, align=left, reuse=True)
        for line in document.recipients:
            _paragraph(recipients, f"- {line}", size=11, align=left)
    first = True
    for line in (document.signature.authority, document.signature.position):
        if line:
            _paragraph(signature, line, bold=True, reuse=first)
            first = False
    for _blank in range(4):
        _paragraph(signature)
    _paragraph(signature, document.signature.name, bold=True)


def render_docx(document: Document) -> bytes:
    word = new_word_document()
    labels = labels_for(document)
    _setup(word, document)
    _page_numbers(word)
    _masthead(word, labels)
    _title(word, document, labels)
    _body(word, document)
    _closing(word, document, labels)
    out = BytesIO()
    word.save(out)
    return out.getvalue()
