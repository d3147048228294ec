"""CSV open data: UTF-8 with BOM, every field quoted, numbers plain, text never a formula.

One file per data table of the document (:attr:`~reportgen.document.nodes.Document.data`).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from reportgen.document.nodes import DataTable, Document, Value

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""Leading characters that make a spreadsheet evaluate a text field (CSV injection)."""
LEADING_BLANKS = " \t\r\n\u3000\u00a0"
"""Blanks a spreadsheet skips before a formula: ``" =2+2"`` is evaluated as ``=2+2`` on re-entry."""


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could evaluate ``text``: a trigger first, or after leading blanks.

    The one rule for every text cell reportgen writes, CSV fields and xlsx cells alike.
    """
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip(LEADING_BLANKS).startswith(FORMULA_TRIGGERS)


def safe_text(text: str) -> str:
    """Text that no spreadsheet runs as a formula: a formula-like text gets an apostrophe before it."""
    return "'" + text if formula_like(text) else text


def field(value: Value) -> str:
    """One field: numbers plain (``-152``, ``64.6``, zero never ``-0``), None empty, text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value.copy_abs() if value.is_zero() else value, "f")  # never 「-0」
    return safe_text(str(value))


def render_csv(document: Document) -> dict[str, bytes]:
    """Every data table of ``document`` as ``NAME.csv`` → bytes, in the document's order."""
    return {f"{table.name}.csv": csv_table(table) for table in document.data}


def csv_table(table: DataTable) -> bytes:
    """The table as CSV bytes: BOM, header first, CRLF, every field in double quotes."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([safe_text(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([field(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
