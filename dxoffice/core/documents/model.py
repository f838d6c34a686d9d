"""One description of an administrative document, laid out as Decree 30/2020/ND-CP prescribes.

A module builds a `Document` (plain data: strings already in the document's language, figures already
formatted) and hands it to a renderer: `render_pdf` or `render_docx`. Both read the same model, so the
PDF and the editable Word file say the same thing in the same order.

    Document
      issuing_body   parent line + issuing body (upper case, bold, short rule under it), top left
      number/symbol  "Số:      /BC-UBND" (the number stays blank until the clerk registers it)
      place, date    "Cà Mau, ngày 01 tháng 12 năm 2026" (italic), top right under the national motto
      kind, title    "BÁO CÁO" / the summary of contents (bold, centred), then an optional summary line
      blocks         Heading (I., 1., a)), Paragraph, BulletList, Table
      recipients     "Nơi nhận:" bottom left, small
      signature      authority, position and name, bottom right
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import ClassVar


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class IssuingBody:
    """Who issues the document. `parent` is the governing body's line above it (empty for a
    People's Committee); `abbreviation` goes into the symbol ("BC-UBND"). `heading` is how the
    masthead breaks the name into lines ("Ủy ban nhân dân\ntỉnh Cà Mau"), `name` when empty; `parent`
    may hold line breaks too."""

    name: str
    parent: str = ""
    abbreviation: str = ""
    heading: str = ""


@dataclass(frozen=True)
class Signature:
    """The signature block: `authority` is the capacity ("TM. ỦY BAN NHÂN DÂN"), `position` the
    signer's title ("CHỦ TỊCH"), `name` the signer (may stay blank for the signer to fill in)."""

    authority: str = ""
    position: str = ""
    name: str = ""


@dataclass(frozen=True)
class Heading:
    """A numbered heading: level 1 is "I.", "II." (upper case), level 2 "1.", "2.", level 3 "a)", "b)".
    Numbers restart under each higher heading and are added by `Document.outline`."""

    kind: ClassVar[str] = "heading"
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (justified, first line indented); `lead` is printed in bold before it."""

    kind: ClassVar[str] = "paragraph"
    text: str
    lead: str = ""
    italic: bool = False


@dataclass(frozen=True)
class BulletList:
    """Items introduced by a dash, as administrative documents write them."""

    kind: ClassVar[str] = "bullets"
    items: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    """A table column: its header, alignment (numbers right) and relative width."""

    title: str
    align: Align = Align.LEFT
    width: float = 1.0


@dataclass(frozen=True)
class Table:
    """A table with one header row. `totals` rows are printed in bold at the foot; `unit_note`
    ("Đơn vị tính: triệu đồng") right-aligned above; `note` below (e.g. how many rows were left out);
    `empty` is printed instead of a table without rows (nothing is, when it is blank)."""

    kind: ClassVar[str] = "table"
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[tuple[str, ...], ...] = ()
    unit_note: str = ""
    note: str = ""
    empty: str = ""

    def __post_init__(self) -> None:
        width = len(self.columns)
        if not width:
            raise ValueError("A table needs at least one column.")
        for row in (*self.rows, *self.totals):
            if len(row) != width:
                raise ValueError(f"A row has {len(row)} cells; the table has {width} columns.")

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.totals

    @property
    def widths(self) -> tuple[float, ...]:
        """Each column's share of the table width, summing to 1."""
        total = sum(column.width for column in self.columns) or 1.0
        return tuple(column.width / total for column in self.columns)


Block = Heading | Paragraph | BulletList | Table

ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(number: int) -> str:
    """Roman numerals, as administrative documents number parts and quarters (4 -> "IV")."""
    if number < 1:
        raise ValueError("Roman numerals start at 1.")
    out = []
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


@dataclass
class Document:
    issuing_body: IssuingBody
    kind: str
    title: str
    place: str
    date: date
    language: str = "vi"
    number: str = ""
    symbol: str = ""
    summary: str = ""
    blocks: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)
    filename: str = "document"  # the download's name, without extension

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def outline(self) -> list[tuple[str, Block]]:
        """Each block with the text a renderer prints for a heading ("I. KẾT QUẢ", "1. Tổng quan",
        "a) ...") and "" for other blocks. The one numbering both renderers use."""
        counters = [0, 0, 0]
        out: list[tuple[str, Block]] = []
        for block in self.blocks:
            if not isinstance(block, Heading):
                out.append(("", block))
                continue
            level = min(max(block.level, 1), 3)
            counters[level - 1] += 1
            for deeper in range(level, 3):
                counters[deeper] = 0
            count = counters[level - 1]
            if level == 1:
                text = f"{roman(count)}. {block.text.upper()}"
            elif level == 2:
                text = f"{count}. {block.text}"
            else:
                text = f"{chr(ord('a') + (count - 1) % 26)}) {block.text}"
            out.append((text, block))
        return out
