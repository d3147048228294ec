"""Reading one returned intake workbook: identity, structure, locked cells and input cells, every problem at its cell.

The file is untrusted: its bytes pass the zip checks of :mod:`reportgen.safezip` and the package
checks before openpyxl (which parses through defusedxml) opens it; formulas are read as formulas
(``data_only=False``), reported and never evaluated or copied. What the clerk typed becomes CSV
text, to be checked by the same loader as a hand-written CSV (:mod:`reportgen.intake.commands`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.errors import Location, Problems, ReportgenError, display_path
from reportgen.intake import layout
from reportgen.intake.layout import BY_FIELD, CSV_COLUMN, FIRST_ROW, Unit
from reportgen.intake.write import NOT_APPLICABLE, year_label
from reportgen.load.quote import quote
from reportgen.load.text import read_bytes
from reportgen.model import CITYWIDE, Plan
from reportgen.render.template_check import EXCEL_MAIN, read_package

MAX_WORKBOOK_BYTES = 16 * 1024 * 1024
"""A returned workbook is about 15 KB; anything past 16 MB is not one."""
MAX_EXPANDED_BYTES = 32 * 1024 * 1024
"""Expanded, an intake workbook is about 100 KB. openpyxl holds a whole sheet in memory, many times
its XML: past this, the file is refused before it is opened (safezip's general limit is 200 MB)."""
NUMERIC = ("value", "respondents")
_WIDE = re.compile(r"[\uff01-\uff5e\u3000]")
"""Full-width ASCII variants (０-９, ．, －, ，) and the ideographic space."""


@dataclass(frozen=True)
class CsvRow:
    """One row for results.csv or implementation.csv, and the workbook cell each of its columns came from."""

    cells: dict[str, str]
    where: dict[str, str]


@dataclass
class Submission:
    """What one workbook holds: whose it is, and its rows for the two CSVs."""

    file: str
    unit: Unit
    results: list[CsvRow] = field(default_factory=list)
    implementation: list[CsvRow] = field(default_factory=list)


def shown_name(path: Path, problems: Problems) -> str:
    """The file's name as a person can read it: a name that is not UTF-8 (CP932 bytes on Linux) is decoded as CP932."""
    name = path.name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # surrogate escapes: the bytes on disk were not UTF-8
        raw = os.fsencode(name)
        try:
            name = raw.decode("cp932")
            why = "Shift_JIS（CP932）として表示しています"
        except UnicodeDecodeError:
            name = raw.decode("utf-8", errors="backslashreplace")
            why = "読めないバイトを \\x.. で表示しています"
        shown = display_path(path.parent / name)
        problems.warning(Location(shown), f"ファイル名が UTF-8 ではありません（{why}）。内容は読みます (file name is not UTF-8)")
        return shown
    return display_path(path)


def _where(file: str, sheet: str, ref: str) -> str:
    """「北区.xlsx シート『入力』 E8」."""
    return f"{file} シート『{sheet}』 {ref}"


class _Reader:
    """Reading one workbook, recording problems at their cells."""

    def __init__(self, file: str, problems: Problems) -> None:
        self.file = file
        self.problems = problems

    def error(self, sheet: str | None, ref: str | None, message: str) -> None:
        place = self.file if sheet is None else _where(self.file, sheet, ref or "")
        self.problems.error(Location(place.rstrip()), message)

    def warning(self, sheet: str, ref: str, message: str) -> None:
        self.problems.warning(Location(_where(self.file, sheet, ref)), message)


def _open(data: bytes, reader: _Reader) -> Workbook | None:
    """The workbook opened by openpyxl after the zip and package checks, or None with the problem recorded."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        expanded = 0  # not a zip at all: read_package names what it is
    if expanded > MAX_EXPANDED_BYTES:
        reader.error(None, None, f"展開後の大きさが提出用のブックとしては大きすぎます（{expanded:,}バイト、上限{MAX_EXPANDED_BYTES:,}バイト）。"
                     "届いたブックか確かめてください (too large when expanded)")
        return None
    try:
        package = read_package(data, reader.file)  # the zip limits (safezip) first, then every part
    except ReportgenError as error:
        reader.problems.extend(error.problems)
        return None
    if package.main_type not in EXCEL_MAIN[:1]:
        kind = "Word の文書" if "wordprocessingml" in package.main_type else f"部品の種類 {package.main_type or 'なし'}"
        reader.error(None, None, f"Excel のブック（.xlsx）ではありません（{kind}）。届いたブックをそのまま置いてください (not an .xlsx workbook)")
        return None
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # openpyxl on a damaged file that passed the checks above
        reader.error(None, None, f"Excel のブックとして開けません（{type(exc).__name__}）。Excel で開いて保存し直してください (cannot open)")
        return None


def _sheet(wb: Workbook, name: str) -> Worksheet | None:
    if name not in wb.sheetnames:
        return None
    ws = wb[name]
    return ws if isinstance(ws, Worksheet) else None


def _text(value: object) -> str:
    """A control-sheet or identity value as text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _control(wb: Workbook, reader: _Reader) -> tuple[dict[str, str], list[tuple[str, object]]] | None:
    """The control sheet's keys and its record of locked cells, or None when the workbook is not an intake workbook."""
    ws = _sheet(wb, layout.CONTROL)
    if ws is None:
        reader.error(None, None, f"reportgen intake で作った提出用のブックではありません（シート『{layout.CONTROL}』がありません）。"
                     "intake で作ったブックに入力してください (not an intake workbook)")
        return None
    keys = {_text(ws.cell(r, 1).value): _text(ws.cell(r, 2).value) for r in range(1, len(layout.CONTROL_KEYS) + 1)}
    if list(keys) != list(layout.CONTROL_KEYS):
        reader.error(layout.CONTROL, "A1", "提出用のブックの管理情報が壊れています。intake で作ったブックに入力し直してください (control sheet damaged)")
        return None
    record: list[tuple[str, object]] = []
    row = layout.CONTROL_TABLE_ROW
    while ws.cell(row, 1).value is not None and row < layout.CONTROL_TABLE_ROW + 100_000:
        record.append((_text(ws.cell(row, 1).value), ws.cell(row, 2).value))
        row += 1
    return keys, record


def _identity(keys: dict[str, str], plan: Plan, citywide: set[str], statuses: list[str], fiscal_year: int, reader: _Reader) -> Unit | None:
    """The unit the workbook belongs to, when it is of this intake's format, plan and year."""
    form = layout.FORM
    if keys["形式"] != layout.FORMAT or keys["計画の指紋"] != layout.fingerprint(plan, citywide, statuses):
        reader.error(None, None, "以前の intake で作ったブックです（その後、計画の成果指標・区・取組状況の値が変わっています）。"
                     f"reportgen intake --fiscal-year {fiscal_year} で作り直したブックで提出し直してください (workbook of an older intake)")
        return None
    ok = True
    if keys["年度"] != str(fiscal_year):
        year = int(keys["年度"]) if keys["年度"].isdigit() else None
        shown = year_label(year) if year is not None else quote(keys["年度"])
        reader.error(form, f"B{layout.IDENTITY_ROWS['年度']}",
                     f"{shown}のブックです。{year_label(fiscal_year)}のブックを置いてください (workbook of another year)")
        ok = False
    name, code = keys["区名"], keys["区コード"]
    ward = layout.ward_of(plan, name)
    if name == CITYWIDE and citywide and not code:
        unit = Unit(CITYWIDE, "")
    elif ward is not None and ward.code == code:
        unit = Unit(ward.name, ward.code)
    else:
        reader.error(form, f"B{layout.IDENTITY_ROWS['区名']}",
                     f"wards.csv にない区のブックです: {quote(name)}（区コード {quote(code)}） (workbook of an unknown ward)")
        return None
    return unit if ok else None


def _check_rows(ws: Worksheet, plan: Plan, unit: Unit, citywide: set[str], reader: _Reader) -> bool:
    """Whether every indicator is on its row, and nothing below the table: a row deleted or inserted is reported at its cell."""
    expected = [i.id for i in layout.rows(plan, unit, citywide)]
    column = BY_FIELD["id"].letter
    for offset, ident in enumerate([*expected, None]):
        ref = f"{column}{FIRST_ROW + offset}"
        found = _text(ws[ref].value).strip() or None
        if found == ident:
            continue
        if ident is None:
            what = f"表の下に行があります（指標ID {quote(found or '')}）。行を挿入しないでください"
        elif found in expected[offset + 1:]:
            what = f"指標 {ident} の行が削除されています（ここは {found} の行です）"
        else:
            what = f"指標 {ident} の行のはずが、{quote(found or '')} になっています。行の挿入・削除をしないでください"
        reader.error(layout.FORM, ref, f"{what}。intake で作ったブックに入力し直してください (row deleted or inserted)")
        return False
    return True


def _locked(ws: Worksheet, record: list[tuple[str, object]], reader: _Reader) -> None:
    """Report every locked cell of the form whose value is not what intake wrote."""
    inputs = {c.letter for c in layout.COLUMNS if c.input}
    for ref, expected in record:
        if not re.fullmatch(r"[A-Z]{1,3}[0-9]{1,7}", ref):
            reader.error(layout.CONTROL, "A1", "提出用のブックの管理情報が壊れています (control sheet damaged)")
            return
        actual = ws[ref].value
        if _same(expected, actual):
            continue
        column = re.match(r"[A-Z]+", ref)
        if expected == NOT_APPLICABLE and column is not None and column.group() in inputs:
            message = "この行では入力しないセルです（灰色。アンケート以外の回答者数、全市で1件の指標の実績値など）。値を消して「―」に戻してください"
        else:
            message = f"変更できないセルが変更されています（作成時の値: {quote(_text(expected))}、今の値: {quote(_text(actual))}）"
        reader.error(layout.FORM, ref, f"{message} (locked cell edited)")


def _same(expected: object, actual: object) -> bool:
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)) and not isinstance(actual, bool):
        return expected == actual
    return _text(expected) == _text(actual)


def _input(ws: Worksheet, ref: str, numeric: bool, reader: _Reader) -> str | None:
    """An input cell as CSV text ("" when empty), or None when it cannot be read as a value (formula, date, error)."""
    cell = ws[ref]
    value = cell.value
    if cell.data_type == "f" or isinstance(value, (ArrayFormula, DataTableFormula)):
        reader.error(layout.FORM, ref, "数式が入っています。数式ではなく値を入力してください（数式は計算せず、読みません） (formula where a value is expected)")
        return None
    if cell.data_type == "e":
        reader.error(layout.FORM, ref, f"エラー値 {quote(_text(value))} が入っています。値を入力してください (error value)")
        return None
    if value is None:
        return ""
    if isinstance(value, bool):
        reader.error(layout.FORM, ref, f"数値ではありません: {'TRUE' if value else 'FALSE'} (not a number)")
        return None
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        reader.error(layout.FORM, ref, "日付・時刻になっています。セルの書式を「標準」にして、数値を入力してください (a date, not a number)")
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (value != value or abs(value) == float("inf")):
            return repr(value)  # not a number: the loader says so
        if "%" in (cell.number_format or ""):
            reader.error(layout.FORM, ref, f"％の書式の値です（{_text(value)} は {value * 100:g}％）。「45.2％」は「%」を付けずに 45.2 と入力してください"
                         " (a percentage format: type the number without %)")
            return None
        # Excel keeps 15 significant digits: a value pasted from a calculation (62.699999999999996) is the 62.7 it shows
        number = Decimal(f"{value:.15g}")
        shown = _format_places(cell.number_format)
        if shown > max(0, -int(number.as_tuple().exponent)):
            number = number.quantize(Decimal(1).scaleb(-shown))  # 43 shown as 43.0 was 43.0 (never rounds: more places only)
        return format(number, "f")
    text = str(value).strip(" \t\u3000")
    if numeric and _WIDE.search(text):
        normal = unicodedata.normalize("NFKC", text).strip()
        if normal.isascii():
            reader.warning(layout.FORM, ref, f"全角の文字を半角として読みました: {quote(text)} → {normal} (full-width read as half-width)")
            return normal
    return text


def _format_places(number_format: str) -> int:
    """Decimal places a number format shows (「0.0」 → 1); 0 for General and anything else."""
    match = re.fullmatch(r"0\.(0+)", number_format or "")
    return len(match.group(1)) if match else 0


def read_workbook(
    path: Path, plan: Plan, citywide: set[str], statuses: list[str], fiscal_year: int, problems: Problems
) -> Submission | None:
    """Read one returned workbook; every problem is recorded at its file, sheet and cell."""
    file = shown_name(path, problems)
    reader = _Reader(file, problems)
    scratch = Problems()
    data = read_bytes(path, scratch, limit=MAX_WORKBOOK_BYTES)
    if data is None:
        problems.extend(p.__class__(Location(file), p.message, p.severity) for p in scratch)
        return None
    wb = _open(data, reader)
    if wb is None:
        return None
    control = _control(wb, reader)
    if control is None:
        return None
    keys, record = control
    unit = _identity(keys, plan, citywide, statuses, fiscal_year, reader)
    ws = _sheet(wb, layout.FORM)
    if ws is None:
        reader.error(None, None, f"シート『{layout.FORM}』がありません。intake で作ったブックに入力し直してください (form sheet missing)")
        return None
    if unit is None or not _check_rows(ws, plan, unit, citywide, reader):
        return None
    _locked(ws, record, reader)
    submission = Submission(file, unit)
    for offset, indicator in enumerate(layout.rows(plan, unit, citywide)):
        row = FIRST_ROW + offset
        open_fields = layout.input_fields(unit, indicator, citywide)
        texts: dict[str, str] = {}
        where: dict[str, str] = {
            "区": _where(file, layout.FORM, f"B{layout.IDENTITY_ROWS['区名']}"),
            "指標ID": _where(file, layout.FORM, f"{BY_FIELD['id'].letter}{row}"),
        }
        readable = True
        for name in open_fields:
            ref = f"{BY_FIELD[name].letter}{row}"
            text = _input(ws, ref, name in NUMERIC, reader)
            readable = readable and text is not None
            texts[CSV_COLUMN[name]] = text or ""
            where[CSV_COLUMN[name]] = _where(file, layout.FORM, ref)
        if not readable:
            continue
        base = {"区": unit.name, "指標ID": indicator.id}
        if "value" in open_fields:
            cells = {**base, **{c: texts.get(c, "") for c in ("実績値", "回答者数", "定義どおり測定")}}
            submission.results.append(CsvRow(cells, where))
        if "status" in open_fields:
            submission.implementation.append(CsvRow({**base, "取組状況": texts["取組状況"]}, where))
    return submission
