"""Writing one cell of tables.xlsx: numbers as numbers, text always as text (never a formula)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from openpyxl.cell.cell import Cell as XlCell
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.document.nodes import Value
from reportgen.render.csv import formula_like


def number(value: Decimal | int) -> int | float:
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


def row_cells(ws: Worksheet, row: int, values: Iterable[Value], formats: Callable[[Value], str]) -> list[XlCell]:
    """Row ``row`` of new cells holding ``values`` as :func:`put` writes them, each with the number
    format ``formats`` gives it ("General": none), for ``ws.append`` (one cell object each, no
    look-ups by position: a data sheet has thousands)."""
    cells = []
    for column, value in enumerate(values, start=1):
        cell = XlCell(ws, row=row, column=column)
        put(cell, value)
        form = formats(value)
        if form != "General":
            cell.number_format = form
        cells.append(cell)
    return cells


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
        cell.value = number(value)
    else:
        text = str(value)
        cell.value = text
        cell.data_type = "s"
        if formula_like(text):  # the rule CSV fields follow too
            cell.quotePrefix = True
