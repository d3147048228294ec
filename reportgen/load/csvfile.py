"""Reading a tidy CSV table: exact header, one record per row, every problem located."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from reportgen.errors import Location, Problems
from reportgen.load.paths import display_path
from reportgen.load.text import read_text

_BLANK = " \t\u3000"


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its 1-based row number as a spreadsheet shows it, and its cells by column."""

    file: str
    number: int
    cells: dict[str, str]

    def at(self, column: str) -> Location:
        """Location of a cell of this row."""
        return Location(self.file, self.number, column)

    def text(self, column: str) -> str:
        """The cell's text with surrounding blanks removed (half- and full-width)."""
        return self.cells.get(column, "").strip(_BLANK)


def read_table(path: Path, columns: Sequence[str], problems: Problems) -> list[Row] | None:
    """Read ``path`` as CSV whose header must hold exactly ``columns`` (any order).

    Completely blank rows are skipped. Returns None when the file cannot be used at all.
    """
    text = read_text(path, problems)
    if text is None:
        return None
    name = display_path(path)
    records = list(csv.reader(io.StringIO(text, newline="")))
    while records and not any(cell.strip(_BLANK) for cell in records[-1]):
        records.pop()
    if not records:
        problems.error(Location(name), "ファイルが空です（見出し行がありません） (empty file)")
        return None
    header = [cell.strip(_BLANK) for cell in records[0]]
    ok = True
    for column in columns:
        if column not in header:
            problems.error(Location(name, 1, column), "必要な列がありません (missing column)")
            ok = False
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.error(Location(name, 1, column), "列名が重複しています (duplicate column)")
            ok = False
        elif column not in columns:
            expected = "、".join(columns)
            problems.error(
                Location(name, 1, column),
                f"想定していない列です（使える列: {expected}） (unknown column)",
            )
            ok = False
        seen.add(column)
    if not ok:
        return None
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip(_BLANK) for cell in record):
            continue
        if len(record) != len(header):
            problems.error(
                Location(name, number),
                f"列の数が見出しと合いません（見出し {len(header)} 列、この行 {len(record)} 列）",
            )
            continue
        rows.append(Row(name, number, dict(zip(header, record, strict=True))))
    if not rows:
        problems.error(Location(name), "データ行がありません (no data rows)")
    return rows


def parse_decimal(row: Row, column: str, problems: Problems, *, required: bool = True) -> Decimal | None:
    """Parse a number cell (half-width digits; a comma as thousands separator is accepted)."""
    text = row.text(column)
    if not text:
        if required:
            problems.error(row.at(column), "値が入力されていません (empty)")
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        problems.error(row.at(column), f"数値ではありません: {text!r} (not a number)")
        return None
    if not value.is_finite():
        problems.error(row.at(column), f"数値ではありません: {text!r} (not a number)")
        return None
    return value


def parse_int(row: Row, column: str, problems: Problems, *, required: bool = True) -> int | None:
    """Parse a whole-number cell."""
    value = parse_decimal(row, column, problems, required=required)
    if value is None:
        return None
    if value != value.to_integral_value():
        problems.error(row.at(column), f"整数ではありません: {row.text(column)!r} (not an integer)")
        return None
    return int(value)
