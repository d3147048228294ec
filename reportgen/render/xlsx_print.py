"""The workbook's print sheets (表1, 表2): merged headers, fitted row heights, page breaks between groups.

A print sheet is the table as the city prints it: A4 landscape, one page wide, the header rows
repeated on every page. Row heights are computed from the text (Excel never fits a merged cell),
and manual page breaks fall only where no merged cell crosses, so a label such as
「(4)地域公共人材の充実…」 is never cut in half; the notes under the table stay on the page of the
table's last group instead of printing alone under a repeated, empty header.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.document import Table
from reportgen.document.grid import Slot, layout, merges
from reportgen.render.xlsx_cells import plain_cell, put

LINE_POINTS = 12.0
"""Row height per line of 9-point BIZ UD text."""
CHARACTER_CM = 0.345
"""Width of a full-width character of 9-point text in a wrapped cell, with its share of spacing (9 pt = 0.3175 cm)."""
EM_CM = 0.3175
"""One em of 9-point text: a line that must not wrap (a header line, a number) takes this per full-width character."""
PADDING_CM = 0.2
"""What a cell's left and right padding take from its width."""
SHEET_CM = 30.0
"""The print sheets' width: wider than A4 landscape's printable 27.7 cm, so that fitting it to the page's
width prints the 9-point text at about 8.3 points and the FY2016 表1 takes a page per strategy."""
DIGIT_PIXELS = 20 / 3
"""Digit width of the template's default font (BIZ UDゴシック 10 pt: half an em, 6.67 px at 96 dpi) as
LibreOffice measures it; a reader that rounds it to 7 makes the columns a little wider, never narrower."""
PAGE_POINTS = 595.3 - 2 * 0.6 * 72
"""The printable height of an A4 landscape page between 0.6-inch margins."""
PAGE_WIDTH_POINTS = 841.9 - 2 * 0.4 * 72
"""The printable width of an A4 landscape page between 0.4-inch margins."""
SLACK = 0.97
"""The share of a page filled at most. Row heights are set, so a page holds what they add up to in any reader; the slack is for the scale a reader fits the width with (Excel, measuring digits as 7 pixels, prints a little smaller)."""
TITLE_POINTS = 22.0
"""Height of the caption row above the table (page 1 only)."""
GAP_POINTS = 8.0
"""Height of the empty row between the table and its notes."""


def width_chars(cm: float) -> float:
    """Excel's column width (characters of the default font) for a column ``cm`` wide."""
    pixels = cm / 2.54 * 96
    return round(max(1.0, (pixels - 5) / DIGIT_PIXELS), 1)


def column_cm(chars: float) -> float:
    """The printed width of a column ``chars`` wide (Excel adds 5 pixels of padding)."""
    return (chars * DIGIT_PIXELS + 5) / 96 * 2.54


def ems(text: str) -> float:
    """The width of one line of ``text`` in ems: half-width characters are half an em."""
    return sum(1 if ord(ch) > 0x7F else 0.5 for ch in text)


HEADER_LINES = 3
"""A number column's header may wrap to this many lines (when it has no line breaks of its own)."""


def _number_columns(table: Table, grid: Sequence[Sequence[Slot]]) -> list[bool]:
    """Columns whose body holds only numbers (or ―): they take only the width their header and figures need."""
    out = []
    for c in range(table.columns):
        body = [grid[r][c].cell for r in range(table.header_rows, len(grid)) if grid[r][c].cell.colspan == 1]
        out.append(bool(body) and all(cell.value is not None or cell.text == "―" for cell in body))
    return out


def _need(cell_text: str, header: bool) -> float:
    """The width (cm) a header or a figure needs: every line whole, a header without breaks over at most three lines."""
    lines = cell_text.split("\n")
    longest = max(ems(line) for line in lines)
    if header and len(lines) == 1:
        longest = math.ceil(longest / HEADER_LINES) + 1  # a character to spare, so that no line is left with one
    return longest * EM_CM + PADDING_CM + 0.1


def fitted_widths(table: Table, grid: Sequence[Sequence[Slot]]) -> list[float]:
    """Column widths in cm over :data:`SHEET_CM`: number columns as wide as their header lines and figures
    need (neither wraps: 「平成29年度」, 「参考：337」), the text columns sharing the rest in the table's proportions."""
    nominal = list(table.widths) or [1.0] * table.columns
    numbers = _number_columns(table, grid)
    need = [0.0] * table.columns
    for r, row in enumerate(grid):
        for c, slot in enumerate(row):
            cell = slot.cell
            if slot.is_origin(r, c) and cell.colspan == 1 and (cell.header or cell.value is not None):
                need[c] = max(need[c], _need(cell.text, cell.header))
    text = [c for c in range(table.columns) if not numbers[c]]
    room = SHEET_CM - sum(need[c] for c in range(table.columns) if numbers[c])
    share = sum(nominal[c] for c in text)
    if not text or room <= 0:
        return [w * SHEET_CM / sum(nominal) for w in nominal]
    return [need[c] if numbers[c] else nominal[c] * room / share for c in range(table.columns)]


NO_LINE_START = set("、。，．）」』】〕・ー‐ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％")
"""Characters a line may not start with (行頭禁則)."""


def _may_break(text: str, i: int) -> bool:
    """May a line break before ``text[i]``? Not inside a run of digits or Latin letters, not before 、。」 and the like."""
    before, after = text[i - 1], text[i]
    return not (before.isascii() and after.isascii() and before.isalnum() and after.isalnum()) and after not in NO_LINE_START


def balanced(text: str, width_cm: float) -> str:
    """``text`` broken into as few lines as fit ``width_cm``, all about as long: never one character alone on a line.

    Excel wraps a header where the width runs out (「目標値を達／成」); breaking it here, at the places
    Japanese allows, prints the same in Excel and LibreOffice. Text with its own line breaks is kept.
    """
    if "\n" in text or not text:
        return text
    per_line = max(1.0, (width_cm - PADDING_CM) / CHARACTER_CM)
    total = ems(text)
    count = math.ceil(total / per_line)
    lines, start = [], 0
    for n in range(1, count):
        goal = total * n / count
        best = None
        for i in range(start + 1, len(text)):
            if _may_break(text, i) and ems(text[start:i]) <= per_line:
                if best is None or abs(ems(text[:i]) - goal) <= abs(ems(text[:best]) - goal):
                    best = i
        if best is None:
            break
        lines.append(text[start:best])
        start = best
    lines.append(text[start:])
    return "\n".join(lines)


def text_lines(text: str, width_cm: float) -> int:
    """How many lines ``text`` takes in a cell ``width_cm`` wide (half-width characters count half).

    A line that fits whole at one em a character (a header line the columns were fitted to) is one
    line; longer text is counted at :data:`CHARACTER_CM`, which leaves room for where wrapping falls.
    """
    per_line = max(1.0, (width_cm - PADDING_CM) / CHARACTER_CM)

    def lines(part: str) -> int:
        if ems(part) * EM_CM <= width_cm - PADDING_CM:
            return 1
        return max(1, math.ceil(sum(1 if ord(ch) > 0x7F else 0.55 for ch in part) / per_line))

    return sum(lines(part) for part in text.split("\n"))


def break_rows(grid: Sequence[Sequence[Slot]], first: int) -> list[bool]:
    """For each row from ``first``: may a page start there? Only where no merged cell crosses from above.

    A row that is one cell across the whole table (a strategy's heading) stays with the row after it.
    """
    out = []
    for r in range(first, len(grid)):
        whole = all(slot.row == r for slot in grid[r])
        above = grid[r - 1] if r > 0 else ()
        heading = len(above) > 1 and all(slot is above[0] for slot in above)
        out.append(whole and not heading)
    return out


def paginate(heights: Sequence[float], may_start: Sequence[bool], first_page: float, page: float) -> list[int]:
    """Indices where a new page starts: each page as full as it can be, breaking only where ``may_start``.

    ``first_page`` and ``page`` are the heights the rows may take on the first and later pages.
    A run that cannot break and is taller than a page overflows (the printer breaks it).
    """
    starts: list[int] = []
    start, used, room = 0, 0.0, first_page
    for i, height in enumerate(heights):
        if used + height > room and i > start:
            candidates = [s for s in range(start + 1, i + 1) if may_start[s]]
            if candidates:
                start = candidates[-1]
                starts.append(start)
                used, room = sum(heights[start:i]), page
        used += height
    return _balance_last(starts, heights, may_start, first_page, page)


def _balance_last(starts: list[int], heights: Sequence[float], may_start: Sequence[bool], first_page: float, page: float) -> list[int]:
    """Move the last break so that the last two pages are filled about equally (the total row is not left alone)."""
    if not starts:
        return starts
    before = starts[-2] if len(starts) > 1 else 0
    room = first_page if len(starts) == 1 else page
    fits = [s for s in range(before + 1, starts[-1] + 1)
            if may_start[s] and sum(heights[before:s]) <= room and sum(heights[s:]) <= page]
    if fits:
        starts[-1] = min(fits, key=lambda s: (max(sum(heights[before:s]) / room, sum(heights[s:]) / page), -s))
    return starts


def print_sheet(wb: Workbook, name: str, table: Table) -> int:
    """A print sheet: title row, the table with its merged headers, notes below; A4 landscape. Returns its pages."""
    ws: Worksheet = wb.create_sheet(name)
    grid = layout(table)
    chars = [width_chars(w) for w in fitted_widths(table, grid)]
    for c, width in enumerate(chars, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    printed = [column_cm(w) for w in chars]
    title = plain_cell(ws, 1, 1)
    put(title, table.caption)
    title.style = "表題"
    ws.row_dimensions[1].height = TITLE_POINTS
    top = 2
    lines = [1] * len(grid)
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
                text = source.text
            else:
                text = balanced(source.text, sum(printed[c : c + source.colspan])) if source.header else source.text
                put(cell, text)
            need = text_lines(text, sum(printed[c : c + source.colspan]))
            lines[r] = max(lines[r], math.ceil(need / source.rowspan))
    for r1, c1, r2, c2 in merges(table, grid):
        # Every covered cell is already styled and empty: record the range without openpyxl's
        # merge_cells, which rebuilds each covered cell and its borders (most of the sheet's time).
        ws.merged_cells.add(MergedCellRange(ws, f"{get_column_letter(c1 + 1)}{top + r1}:{get_column_letter(c2 + 1)}{top + r2}"))
    heights = [LINE_POINTS * n + 3 for n in lines]
    for r, height in enumerate(heights):
        ws.row_dimensions[top + r].height = height
    line = top + len(grid) + 1
    ws.row_dimensions[line - 1].height = GAP_POINTS
    notes: list[float] = []
    for note in table.notes:
        cell = plain_cell(ws, line, 1)
        put(cell, note.text)
        cell.style = "注記"
        ws.merged_cells.add(MergedCellRange(ws, f"A{line}:{get_column_letter(table.columns)}{line}"))
        notes.append(LINE_POINTS * text_lines(note.text, sum(printed)) + 1)  # no borders: little padding
        ws.row_dimensions[line].height = notes[-1]
        line += 1
    ws.freeze_panes = f"D{top + table.header_rows}"
    _print_a4_landscape(ws, f"{top}:{top + table.header_rows - 1}")
    return _page_breaks(ws, table, grid, heights, notes, printed, top) + 1


def _page_breaks(ws: Worksheet, table: Table, grid: Sequence[Sequence[Slot]], heights: Sequence[float],
                 notes: Sequence[float], printed: Sequence[float], top: int) -> int:
    """Manual row breaks at group boundaries; the notes (and the gap above them) keep with the last group.

    Returns the number of breaks.
    """
    scale = min(1.0, PAGE_WIDTH_POINTS / (sum(printed) / 2.54 * 72))
    header = sum(heights[: table.header_rows])
    page = PAGE_POINTS * SLACK / scale - header
    body = list(heights[table.header_rows :])
    may_start = break_rows(grid, table.header_rows)
    if notes:
        body += [GAP_POINTS, *notes]
        may_start += [False] * (1 + len(notes))
    starts = paginate(body, may_start, page - TITLE_POINTS, page)
    for start in starts:
        ws.row_breaks.append(Break(id=top + table.header_rows + start - 1))  # the break follows this row
    return len(starts)


def a4_one_page_wide(ws: Worksheet, orientation: Literal["portrait", "landscape"]) -> None:
    """Print ``ws`` on A4 in ``orientation``, scaled to one page wide and as many pages tall as it takes."""
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:  # openpyxl creates it; its types allow none
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _print_a4_landscape(ws: Worksheet, title_rows: str) -> None:
    """A4 landscape, one page wide, ``title_rows`` repeated on every page, page numbers in the footer."""
    ws.print_title_rows = title_rows
    a4_one_page_wide(ws, "landscape")
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    footer = ws.oddFooter
    if footer is not None and footer.center is not None:  # always there in openpyxl; its types allow none
        footer.center.text = "&P / &N"
