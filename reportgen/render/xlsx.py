"""tables.xlsx for the city website: print sheets 表1/表2 and machine-readable data sheets.

Everything comes from the document: print sheets from its tables, data sheets from its data
tables, the properties from its title, author and date. Print sheets lay out the tables (merges
from the shared grid) with numbers
stored as numbers and ▲, 「参考：」 and (…) shown only through number formats. Data sheets follow
総務省's 統一ルール: one table per sheet, one header row, no merged cells, no blank rows, units in
the ``columns`` sheet. No text cell is ever a formula. Styles are the named styles of
``templates/tables.xlsx``. Imports nothing from the rules or loaders.
"""

from __future__ import annotations

import io
import math
import zipfile
from decimal import Decimal

from openpyxl.cell.cell import Cell as XlCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.views import BookView
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from reportgen.document import Document, Table
from reportgen.document.grid import layout, merges
from reportgen.document.nodes import DataTable, Value
from reportgen.render.csv import formula_like
from reportgen.render.template_check import open_xlsx
from reportgen.render.xmltext import check_text
from reportgen.render.zipfix import normalise_zip

STYLES = ("表題", "表見出し", "表本文", "表数値", "注記", "データ見出し")
"""Named styles the template must define (the city may change them, not rename them)."""

CHARACTER_WIDTH_PER_CM = 4.6
"""Excel column width units (characters of the default font) per centimetre."""
LINE_POINTS = 12.5
"""Row height per line of 9-point text."""


def _number(value: Decimal | int) -> int | float:
    """Decimals as int when whole (so 24 stays 24), else float for Excel."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def plain_cell(ws: Worksheet, row: int, column: int) -> XlCell:
    """The cell at ``row``, ``column``, written before any merged range is recorded on the sheet."""
    cell = ws.cell(row, column)
    if not isinstance(cell, XlCell):  # only recorded merged ranges hold MergedCell
        raise TypeError(f"merged cell at {row},{column} of {ws.title}")
    return cell


def put(cell: XlCell, value: Value) -> None:
    """Write ``value``: numbers as numbers; text always as text, never a formula.

    openpyxl turns a string beginning with "=" into a formula, so the type is set back to text;
    text that a spreadsheet would evaluate on re-entry also gets Excel's quote prefix.
    """
    if value is None:
        return
    if isinstance(value, bool):
        cell.value = int(value)
    elif isinstance(value, (int, Decimal)):
        cell.value = _number(value)
    else:
        text = str(value)
        cell.value = text
        cell.data_type = "s"
        if formula_like(text):  # the rule CSV fields follow too
            cell.quotePrefix = True


def _lines(text: str, width_cm: float) -> int:
    """How many lines ``text`` takes in a cell ``width_cm`` wide (Japanese characters ≈ 0.33 cm at 9 pt)."""
    per_line = max(1, int((width_cm - 0.2) / 0.33))
    return sum(max(1, math.ceil(sum(1 if ord(ch) > 0x7F else 0.55 for ch in part) / per_line)) for part in text.split("\n"))


def print_sheet(wb: Workbook, name: str, table: Table) -> Worksheet:
    """A print sheet: title row, the table with its merged headers, notes below; A4 landscape."""
    ws: Worksheet = wb.create_sheet(name)
    grid = layout(table)
    scale = 25.7 / sum(table.widths) if table.widths else 1.0
    widths = [w * scale for w in table.widths] or [2.0] * table.columns
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = round(width * CHARACTER_WIDTH_PER_CM, 1)
    title = plain_cell(ws, 1, 1)
    put(title, table.caption)
    title.style = "表題"
    top = 2
    heights = [1] * len(grid)
    for r, row in enumerate(grid):
        for c, slot in enumerate(row):
            cell = plain_cell(ws, top + r, c + 1)
            source = slot.cell
            cell.style = "表見出し" if source.header else "表数値" if source.value is not None or source.text == "―" else "表本文"
            if not slot.is_origin(r, c):
                continue
            if source.value is not None:
                put(cell, source.value)
                cell.number_format = source.number_format or "General"
            else:
                put(cell, source.text)
            span_width = sum(widths[c : c + source.colspan])
            need = math.ceil(_lines(source.text, span_width) / source.rowspan)
            heights[r] = max(heights[r], need)
    for r1, c1, r2, c2 in merges(table, grid):
        # Every covered cell is already styled and empty: record the range without openpyxl's
        # merge_cells, which rebuilds each covered cell and its borders (most of the sheet's time).
        ws.merged_cells.add(MergedCellRange(ws, f"{get_column_letter(c1 + 1)}{top + r1}:{get_column_letter(c2 + 1)}{top + r2}"))
    for r, lines in enumerate(heights):
        ws.row_dimensions[top + r].height = LINE_POINTS * lines + 3
    line = top + len(grid) + 1
    for note in table.notes:
        cell = plain_cell(ws, line, 1)
        put(cell, note.text)
        cell.style = "注記"
        ws.merged_cells.add(MergedCellRange(ws, f"A{line}:{get_column_letter(table.columns)}{line}"))
        ws.row_dimensions[line].height = LINE_POINTS * _lines(note.text, sum(widths)) + 2
        line += 1
    ws.freeze_panes = f"D{top + table.header_rows}"
    _print_a4_landscape(ws, f"{top}:{top + table.header_rows - 1}")
    return ws


def _print_a4_landscape(ws: Worksheet, title_rows: str) -> None:
    """A4 landscape, one page wide, ``title_rows`` repeated on every page, page numbers in the footer."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:  # openpyxl creates it; its types allow none
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    footer = ws.oddFooter
    if footer is not None and footer.center is not None:  # always there in openpyxl; its types allow none
        footer.center.text = "&P / &N"


def data_sheet(wb: Workbook, table: DataTable) -> Worksheet:
    """A machine-readable sheet: the header in row 1, one record per row from row 2, nothing else."""
    ws: Worksheet = wb.create_sheet(table.name)
    for c, column in enumerate(table.columns, start=1):
        cell = plain_cell(ws, 1, c)
        put(cell, column)
        cell.style = "データ見出し"
        longest = max([len(column), *(len(str(row[c - 1])) for row in table.rows[:200] if row[c - 1] is not None)])
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, longest * 1.8))
    for r, record in enumerate(table.rows, start=2):
        for c, value in enumerate(record, start=1):
            put(plain_cell(ws, r, c), value)  # data cells keep the workbook's default style
    ws.freeze_panes = "A2"
    _print_a4_landscape(ws, "1:1")  # printed too, the header row on every page
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
    return ws


def _template(template: bytes, name: str) -> Workbook:
    """The template's workbook (checked in render/template_check.py) without its sheets: only its styles are used."""
    wb = open_xlsx(template, name, STYLES)
    for sheet in [*wb.worksheets, *wb.chartsheets]:  # a chart sheet would be left pointing at nothing
        wb.remove(sheet)  # type: ignore[arg-type]  # openpyxl's stubs type worksheets as _WorkbookChild here
    # The template's window (size, position, tabs) belonged to its sheets; openpyxl copies any
    # number there, so an out-of-range one (windowWidth="1e20") made a workbook no reader opens.
    wb.views = [BookView()]
    return wb


def print_tables(document: Document) -> dict[str, Table]:
    """The document's tables by sheet name: 表1, 表2, … in reading order."""
    tables = (block for block in document.blocks if isinstance(block, Table))
    return {f"表{n}": table for n, table in enumerate(tables, start=1)}


def render_xlsx(document: Document, template: bytes, template_name: str = "templates/tables.xlsx") -> bytes:
    """The workbook as bytes: print sheets (表1, 表2, …), then data sheets; same input, same bytes."""
    prints = print_tables(document)
    title = f"{document.title}（表）"
    check_text((title, document.author, prints, document.data), "tables.xlsx")
    wb = _template(template, template_name)
    for name, table in prints.items():
        print_sheet(wb, name, table)
    for data in document.data:
        data_sheet(wb, data)
    wb.active = 0
    # openpyxl writes a naive time as UTC (…Z); the day's midnight, as in report.docx.
    stamp = document.date.moment.replace(tzinfo=None)
    props = wb.properties
    props.title, props.creator, props.lastModifiedBy = title, document.author, document.author
    props.created = props.modified = stamp
    props.language = document.language
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # openpyxl's save_workbook would stamp the current time
    return normalise_zip(out.getvalue(), document.date.day)
