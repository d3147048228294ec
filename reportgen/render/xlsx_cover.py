"""The workbook's front sheets: 表紙 (cover), 目次 (contents with links) and 注記 (numbered notes).

They follow the Analysis Function's "Releasing statistics in spreadsheets" guidance as gptables
implements it: a cover sheet first (title, period, source, 公表日, contact, what each sheet holds),
then a contents sheet whose sheet names link to the sheets, then the notes the tables refer to;
contents and notes are Excel tables with their title in A1, as the data sheets are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.document import About, DataTable, Document
from reportgen.render.xlsx_cells import plain_cell, put
from reportgen.render.xlsx_data import data_sheet
from reportgen.render.xlsx_print import a4_one_page_wide, column_cm, text_lines

COVER, CONTENTS, NOTES = "表紙", "目次", "注記"
"""The front sheets' names (every sheet name is Japanese)."""
FONT_POINTS = 10
"""The template's default font size, which the front sheets' text is in."""
LINE_POINTS = 13.5
"""Row height per line of 10-point text."""
WIDE = 90
"""Width (characters) of the front sheets' text column."""
LINK_COLOR = "0563C1"
"""Excel's hyperlink blue."""
PRINT_AND_DATA = (
    "印刷用の表とデータの表: シート「表1」「表2」は公表資料のとおりに印刷する表です（見出しのセルの結合、和暦の年度、"
    "▲・「参考：」・括弧書きを表示形式で示す）。同じ数値を機械判読できる形で、結合のない1行1件の表として「…データ」の"
    "シートに置いています。データのシートは、総務省「統計表における機械判読可能なデータの表記方法の統一ルール」と"
    "英国政府統計の Analysis Function「Releasing statistics in spreadsheets」に従い、年度は西暦、表題はA1のセル、"
    "表はExcelのテーブル（名前付き）で、空の行・列や結合したセルはありません。CSV（csv/）も同じ内容です。"
)
"""Why the print sheets keep merged headers and 和暦 while the data sheets do not (both guidances)."""


@dataclass(frozen=True, slots=True)
class SheetEntry:
    """One line of the contents: a sheet's name and what it holds."""

    sheet: str
    description: str


def front_sheets(wb: Workbook, with_notes: bool) -> list[Worksheet]:
    """The empty front sheets, created first so that they come first; filled once the rest exist."""
    names = [COVER, CONTENTS, *([NOTES] if with_notes else [])]
    return [wb.create_sheet(name) for name in names]


def _link_font(plain: XlCell) -> Font:
    """The font of ``plain`` (a cell in the template's default font), underlined in link blue."""
    return Font(name=plain.font.name, size=plain.font.sz, family=plain.font.family, u="single", color=LINK_COLOR)


def _wrap(ws: Worksheet, row: int, column: int, text: str | None = None) -> None:
    """Wrap the cell's text and make its row tall enough for it (Excel does not, once a height is set anywhere)."""
    cell = plain_cell(ws, row, column)
    if text is not None:
        put(cell, text)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    chars = ws.column_dimensions[cell.column_letter].width or 10
    lines = text_lines(str(cell.value or ""), column_cm(chars) * 9.3 / FONT_POINTS)  # text_lines counts 9-point text (a little wide)
    ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, lines * LINE_POINTS + 4)


def cover(ws: Worksheet, document: Document, about: About, entries: Sequence[SheetEntry]) -> None:
    """The cover: title, then each fact under its heading, one per cell down column A (gptables' Cover)."""
    ws.column_dimensions["A"].width = WIDE
    title = plain_cell(ws, 1, 1)
    put(title, document.title)
    title.style = "表題"
    sections: list[tuple[str, list[str]]] = [("対象期間", [about.period]), ("出典", [about.source])]
    if document.date.stated:
        sections.append(("公表日", [document.date.stated]))
    sections.append(("問い合わせ先", [about.contact or about.contact_hint]))
    sections.append(("シートの内容", [f"{e.sheet}: {e.description}" for e in entries]))
    # what the accessibility guidance asks of visual content: the charts and their alt text, or that there is none
    sections.append(("このブックについて", [PRINT_AND_DATA, document.words.visual]))  # templates/sentences/web/sheet/visual.j2
    row = 2
    for heading, lines in sections:
        if not any(lines):
            continue
        cell = plain_cell(ws, row, 1)
        put(cell, heading)
        cell.style = "データ見出し"
        row += 1
        for line in filter(None, lines):  # a document without its words (EditionWords()) has none to say
            _wrap(ws, row, 1, line)
            row += 1
    ws.sheet_view.showGridLines = False
    a4_one_page_wide(ws, "portrait")  # the data sheets carry no print settings


def contents(ws: Worksheet, entries: Sequence[SheetEntry]) -> None:
    """The contents: an Excel table of sheet names, each a link to its sheet's A1, and what it holds."""
    table = DataTable("contents", "目次", ("シート名", "内容"), tuple((e.sheet, e.description) for e in entries))
    data_sheet(ws, table, "各シート名のセルを選ぶと、そのシートに移動します。")
    font = _link_font(plain_cell(ws, 4, 2))
    for row, entry in enumerate(entries, start=4):
        cell = plain_cell(ws, row, 1)
        location = "'{}'!A1".format(entry.sheet.replace("'", "''"))
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location, display=entry.sheet)
        cell.font = font
        cell.alignment = Alignment(vertical="top")
    ws.column_dimensions["B"].width = WIDE - 20
    for row in range(4, 4 + len(entries)):
        _wrap(ws, row, 2)
    a4_one_page_wide(ws, "portrait")  # the data sheets carry no print settings


def notes(ws: Worksheet, about: About, users: str) -> None:
    """The numbered notes (※1 …) as an Excel table: mark, then text; the tables refer to them by mark."""
    table = DataTable("notes", "注記", ("注記番号", "注記"), tuple((n.mark, n.text) for n in about.notes))
    data_sheet(ws, table, f"{users}が参照する注記です。")
    ws.column_dimensions["B"].width = WIDE - 10
    for row in range(4, 4 + len(about.notes)):
        ws.cell(row, 1).alignment = Alignment(vertical="top")
        _wrap(ws, row, 2)
    a4_one_page_wide(ws, "portrait")  # the data sheets carry no print settings
