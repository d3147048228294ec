"""CSV open data: UTF-8 with BOM, every field quoted, numbers plain, text never a formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from reportgen.document.nodes import DataTable, Value

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""Leading characters that make a spreadsheet evaluate a text field (CSV injection)."""


def safe_text(text: str) -> str:
    """Text that no spreadsheet runs as a formula: a leading trigger gets an apostrophe before it."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def field(value: Value) -> str:
    """One field: numbers plain (``-152``, ``64.6``), None empty, text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return safe_text(str(value))


def render_csv(table: DataTable) -> bytes:
    """The table as CSV bytes: BOM, header first, CRLF, every field in double quotes."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([safe_text(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([field(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
