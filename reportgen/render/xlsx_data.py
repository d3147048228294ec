"""The workbook's data sheets: each data table as a named Excel table under its title.

As the Analysis Function's "Releasing statistics in spreadsheets" (and gptables) lay a table out:
the title in A1, one line saying what the sheet holds and where its notes are, then the table
itself as an Excel table (ListObject) with one header row, no blank rows or columns, no merged
cells (総務省「統一ルール」). Numbers show the precision of the data (43.0 stays 43.0); codes
stored as text are marked so that Excel does not flag them as numbers stored as text. Printing the
whole workbook prints them too, so each fits its columns to the page's width and repeats its header
row on every page (otherwise a column set apart on pages of its own, with no header, is unreadable).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from lxml import etree
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.document.nodes import DataTable, Value
from reportgen.render.xlsx_cells import plain_cell, put, row_cells
from reportgen.render.xlsx_print import a4_one_page_wide

HEADER_ROW = 3
"""The table's header row: the title is in A1, what the sheet holds in A2."""
TABLE_STYLE = "TableStyleLight1"
"""A plain Excel table style (thin rules, light bands) that prints and reads well in any theme."""
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKSHEET_AFTER_IGNORED_ERRORS = (
    "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
)
"""CT_Worksheet's children after ignoredErrors, in schema order (ECMA-376 sml.xsd): it goes before the first of them."""
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,254}")
"""An Excel table name (ASCII here: the CSV file's name, which no cell reference looks like)."""


def number_format(value: Value) -> str:
    """The format that shows a number with the precision it has in the data: 43.0 as 43.0, 24 as 24."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            return "0." + "0" * -exponent
    return "General"


LANDSCAPE_FROM = 7
"""A data sheet of this many columns or more prints on A4 landscape, fewer on portrait."""
WIDEST = 60
"""The widest a column is made (Excel's width units); longer texts wrap in the header, overflow in the data."""


def display_width(text: str) -> int:
    """Excel's width units a text needs: two for a full-width character, one for a half-width one."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1 for ch in text)


def text_columns(table: DataTable) -> list[int]:
    """Columns whose text looks like a number (codes such as 区コード 27127): kept as text on purpose."""
    out = []
    for c in range(len(table.columns)):
        values = [row[c] for row in table.rows if row[c] is not None]
        if values and all(isinstance(v, str) and re.fullmatch(r"[0-9]+", v) for v in values):
            out.append(c)
    return out


def data_sheet(ws: Worksheet, table: DataTable, lead: str) -> str | None:
    """Fill ``ws`` as a data sheet: title in A1, ``lead`` in A2, the table from row 3 as a named Excel table.

    Returns the range of the codes stored as text (for the ignoredErrors element, which openpyxl
    cannot write), or None.
    """
    title = plain_cell(ws, 1, 1)
    put(title, table.title)
    title.style = "表題"
    put(plain_cell(ws, 2, 1), lead)
    for c, column in enumerate(table.columns, start=1):
        cell = plain_cell(ws, HEADER_ROW, c)
        put(cell, column)
        cell.style = "データ見出し"
        longest = max([display_width(column), *(display_width(str(row[c - 1])) for row in table.rows[:200] if row[c - 1] is not None)])
        ws.column_dimensions[get_column_letter(c)].width = min(WIDEST, max(8, longest + 2))
        if display_width(column) + 2 > WIDEST:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if ws.max_row != HEADER_ROW:  # ws.append writes below the last row
        raise AssertionError(f"data sheet {ws.title}: rows below the header before the records")
    for row, record in enumerate(table.rows, start=HEADER_ROW + 1):
        ws.append(row_cells(ws, row, record, number_format))  # the workbook's default font (the template's Normal style)
    last = f"{get_column_letter(len(table.columns))}{HEADER_ROW + len(table.rows)}"
    if not NAME.fullmatch(table.name):
        raise ValueError(f"data table name {table.name!r} is not an Excel table name")
    excel = ExcelTable(displayName=table.name, ref=f"A{HEADER_ROW}:{last}")
    # the columns and filter openpyxl would set up when saving, reading the names back from the header
    # cells by building every cell of the range (a sheet of 800 rows for 14 names)
    excel.tableColumns = [TableColumn(id=c, name=str(plain_cell(ws, HEADER_ROW, c).value)) for c in range(1, len(table.columns) + 1)]
    excel.autoFilter = AutoFilter(ref=excel.ref)
    excel.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    ws.add_table(excel)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    print_fitted(ws, len(table.columns))
    codes = text_columns(table)
    ranges = " ".join(f"{get_column_letter(c + 1)}{HEADER_ROW + 1}:{get_column_letter(c + 1)}{HEADER_ROW + len(table.rows)}" for c in codes)
    return ranges if codes and table.rows else None


def print_fitted(ws: Worksheet, columns: int) -> None:
    """A4, every column on one page's width, as many pages down as the rows need, the header row on each."""
    a4_one_page_wide(ws, "landscape" if columns >= LANDSCAPE_FROM else "portrait")
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True


def ignore_number_as_text(xml: bytes, sqref: str) -> bytes:
    """The worksheet part with ``<ignoredErrors>`` marking ``sqref`` as text on purpose, in its schema place."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    for old in root.findall(f"{{{MAIN}}}ignoredErrors"):
        root.remove(old)
    element = etree.Element(f"{{{MAIN}}}ignoredErrors")
    etree.SubElement(element, f"{{{MAIN}}}ignoredError", sqref=sqref, numberStoredAsText="1")
    later = {f"{{{MAIN}}}{name}" for name in WORKSHEET_AFTER_IGNORED_ERRORS}
    for child in root:
        if child.tag in later:
            child.addprevious(element)
            break
    else:
        root.append(element)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
