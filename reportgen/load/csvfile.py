"""Reading a tidy CSV table: exact header, one record per row, every problem located."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from reportgen.errors import Location, Problems, display_path
from reportgen.load.quote import clip, closest, did_you_mean, quote
from reportgen.load.text import MAX_TABLE_BYTES, describe_unusable, read_text, unusable_characters

_BLANK = " \t\u3000"
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
MAX_DIGITS = 15
"""Significant digits (and integer digits) a number cell may have: what Excel keeps exactly."""


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


def _unusable_cells(name: str, records: list[list[str]], problems: Problems) -> bool:
    """Record every cell holding a character no cell may hold (a cell is one line); True when any does.

    A header with such a character is reported alone: its rows would only repeat it (a file
    separated by tabs is one column whose every cell holds tabs).
    """
    found = False
    header = records[0] if records else []
    for number, record in enumerate(records, start=1):
        if number == 2 and found:
            break  # the header's problems alone
        if number > 1 and len(record) != len(header):
            continue  # reported as a row of the wrong width (often a quote left open)
        for index, cell in enumerate(record):
            bad = unusable_characters(cell, single_line=True)
            if not bad:
                continue
            found = True
            column = clip(header[index].strip(_BLANK)) if number > 1 else None
            where = f"{index + 1}列目の見出しに" if column is None else ""
            hint = "（「\"」の閉じ忘れがないか確かめてください）" if any(char == "\n" for _, char in bad) else ""
            problems.error(Location(name, number, column), where + describe_unusable(bad) + hint)
    return found


def read_table(path: Path, columns: Sequence[str], problems: Problems, *, inside: Path | None = None) -> list[Row] | None:
    """Read ``path`` as CSV whose header must hold exactly ``columns`` (any order).

    Completely blank rows are skipped. Returns None when the file cannot be used at all.
    ``inside``: the data folder the file must not lead out of (see :func:`read_text`).
    """
    text = read_text(path, problems, limit=MAX_TABLE_BYTES, inside=inside, per_value=True)
    if text is None:
        return None
    name = display_path(path)
    records: list[list[str]] = []
    try:
        records.extend(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:  # the record after the last one read is the broken one
        detail = (
            f"セルが長すぎます（{csv.field_size_limit()}文字まで）"
            if "field limit" in str(exc) else "CSV の書式が正しくありません"
        )
        problems.error(Location(name, len(records) + 1), f"{detail} ({exc})")
        return None
    if _unusable_cells(name, records, problems):
        return None
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
            hint = did_you_mean(closest(column, [c for c in columns if c not in header], cutoff=0.5))
            problems.error(
                Location(name, 1, column),
                f"想定していない列です。{hint}（使える列: {expected}） (unknown column)",
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


def fits_excel(value: Decimal) -> bool:
    """Whether a finite number has at most :data:`MAX_DIGITS` significant digits, is below 10**MAX_DIGITS
    and has no more than :data:`MAX_DIGITS` decimal places: what Excel keeps exactly."""
    shape = value.as_tuple()
    return len(shape.digits) <= MAX_DIGITS and value.adjusted() < MAX_DIGITS and int(shape.exponent) >= -MAX_DIGITS


def parse_decimal(row: Row, column: str, problems: Problems, *, required: bool = True) -> Decimal | None:
    """Parse a number cell: half-width digits, an optional sign, decimal point and exponent.

    Negative zero (``-0``, ``-0.0``) is read as zero, keeping its decimal places.

    A comma is accepted only as a thousands separator (``1,234``); ``12,3`` is an error, not 123.
    At most :data:`MAX_DIGITS` significant digits and a magnitude below 10**MAX_DIGITS, as Excel holds.
    """
    text = row.text(column)
    if not text:
        if required:
            problems.error(row.at(column), "値が入力されていません (empty)")
        return None
    if not text.isascii():
        problems.error(row.at(column), f"数値ではありません: {quote(text)}（半角の数字で入力してください） (not a number)")
        return None
    plain = text
    if "," in text:
        if not _GROUPED.fullmatch(text):
            problems.error(
                row.at(column),
                f"数値ではありません: {quote(text)}（コンマは3桁ごとの区切りにだけ使えます。小数点は「.」です） (not a number)",
            )
            return None
        plain = text.replace(",", "")
    value = None
    if _NUMBER.fullmatch(plain):
        try:
            value = Decimal(plain)
        except InvalidOperation:
            value = None
    if value is None or not value.is_finite():
        problems.error(row.at(column), f"数値ではありません: {quote(text)} (not a number)")
        return None
    if not fits_excel(value):
        problems.error(row.at(column), f"値が大きすぎるか桁数が多すぎます（{MAX_DIGITS}桁まで）: {quote(text)} (out of range)")
        return None
    return value.copy_abs() if value.is_zero() else value  # 「-0」 is 0: published as 0, never as -0


def parse_int(row: Row, column: str, problems: Problems, *, required: bool = True) -> int | None:
    """Parse a whole-number cell."""
    value = parse_decimal(row, column, problems, required=required)
    if value is None:
        return None
    if value != value.to_integral_value():
        problems.error(row.at(column), f"整数ではありません: {quote(row.text(column))} (not an integer)")
        return None
    return int(value)
