"""Writing one intake workbook (区の提出用ブック): instructions, the form with validation, the hidden control sheet.

Everything the clerk may not change is locked and recorded on the control sheet; the sheets are
protected without a password (a forgotten password would lock the city out of its own data), and
the workbook's structure is protected so that the control sheet cannot be unhidden or deleted by
accident. Same input, same bytes.
"""

from __future__ import annotations

import io
import math
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from reportgen.document.nodes import EditionDate
from reportgen.intake import layout
from reportgen.intake.layout import COLUMNS, FIRST_ROW, HEADER_ROW, Unit
from reportgen.jp.era import fiscal_year_label
from reportgen.load.year import NO, YES
from reportgen.model import Implementation, Indicator, Plan, Result, YearData
from reportgen.render.xlsx_cells import plain_cell, put
from reportgen.render.zipfix import normalise_zip

INPUT_FILL = PatternFill("solid", fgColor="FFF2A8")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
INPUT_HEADER_FILL = PatternFill("solid", fgColor="FFD966")
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
NOT_APPLICABLE = "―"
FONT = "BIZ UDゴシック"
INSTRUCTIONS_WIDTH = 70
LIST_LIMIT = 255
"""Excel's limit on an in-cell list of a data validation (characters of the quoted list)."""
"""Excel's limit on an in-cell list of a data validation (characters of the quoted list)."""


@dataclass(frozen=True)
class Intake:
    """What every workbook of one intake shares: the plan, the year, last year's and this year's data."""

    plan: Plan
    citywide: set[str]
    statuses: Sequence[str]
    fiscal_year: int
    current: YearData | None
    previous: YearData | None
    contact: str
    due: str
    date: EditionDate


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (full-width characters count two).

    Excel and LibreOffice do not grow a row for wrapped text written by a program, so the writer
    sets each row's height from this estimate; overlapping rows were what the first look showed.
    """
    count = 0
    for paragraph in text.split("\n"):
        size = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in paragraph)
        count += max(1, math.ceil(size / max(1.0, width * 0.9)))
    return count


LINE_HEIGHT = 15.0
"""Points per line of 11-point text."""


def year_label(year: int) -> str:
    """「平成28年度（2016年度）」: 和暦 with the western year beside it."""
    return f"{fiscal_year_label(year)}（{year}年度）"


def unit_label(indicator: Indicator) -> str:
    """The unit as a clerk reads it beside the target."""
    unit = indicator.target.unit
    if unit == "milestone":
        return "1＝達成、0＝未達成"
    if unit == "点" and indicator.scale_max is not None:
        return f"点（{indicator.scale_max}点満点）"
    if indicator.counting == "cumulative":
        return "件（その年度に新たに創出した件数）"
    return unit


def places(value: object) -> int:
    """Decimal places a stored value is written with (「43.0」 → 1): kept through the workbook by its number format."""
    if isinstance(value, Decimal) and value.is_finite():
        return max(0, -int(value.as_tuple().exponent))
    return 0


def number_format(decimals: int) -> str:
    """The input cell's format: 「0.0」 for one place (so 43.0 stays 43.0), General for whole numbers and text."""
    return "0." + "0" * decimals if decimals > 0 else "General"


def _usual_places(indicator: Indicator, *years: YearData | None) -> int:
    """The decimal places of ``indicator``'s values in the data at hand (0 without data): the format of an empty input cell."""
    found = [places(r.value) for data in years if data is not None for r in data.results.values() if r.indicator_id == indicator.id]
    return max(found, default=0)


def _values(unit: Unit, indicator: Indicator, data: YearData | None) -> dict[str, object]:
    """The stored values of ``unit``'s row for ``indicator`` in ``data`` by field (value, respondents, as_defined, status)."""
    if data is None:
        return {}
    out: dict[str, object] = {}
    result: Result | None = data.results.get((unit.name, indicator.id))
    if result is not None:
        out.update(value=result.value, respondents=result.respondents, as_defined=YES if result.measured_as_defined else NO)
    implementation: Implementation | None = data.implementation.get((unit.name, indicator.id))
    if implementation is not None:
        out["status"] = implementation.status
    return out


class _Form:
    """The 「入力」 sheet being written, with the record of its locked cells."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.locked: list[tuple[str, object]] = []

    def locked_cell(self, ref: str, value: object, fill: PatternFill | None = LOCKED_FILL, bold: bool = False) -> None:
        cell = self.ws[ref]
        put(cell, value)  # type: ignore[arg-type]  # value is text or a number
        cell.protection = Protection(locked=True)
        cell.font = Font(name=FONT, bold=bold)
        if fill is not None:
            cell.fill = fill
        self.locked.append((ref, cell.value))

    def input_cell(self, ref: str, value: object, places: int = 0) -> None:
        cell = self.ws[ref]
        if value is not None:
            put(cell, value)  # type: ignore[arg-type]
        cell.number_format = number_format(places)
        cell.protection = Protection(locked=False)
        cell.fill = INPUT_FILL
        cell.font = Font(name=FONT)


def _validation(kind: str, indicator: Indicator, statuses: Sequence[str]) -> DataValidation:
    """The data validation of one input cell kind, with its Japanese input message and error alert."""
    if kind == "as_defined":
        dv = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
        dv.promptTitle, dv.prompt = "定義どおり測定", f"成果指標の定義どおりに測定したかを「{YES}」か「{NO}」から選んでください（{NO}は参考数値になります）。"
        dv.errorTitle, dv.error = "入力できない値です", f"「{YES}」か「{NO}」を選んでください。"
        return dv
    if kind == "status":
        inline = f'"{",".join(statuses)}"'
        # Excel refuses an in-cell list longer than 255 characters: a long one is read from the control sheet
        listed = inline if len(inline) <= LIST_LIMIT else f"'{layout.CONTROL}'!$D$1:$D${len(statuses)}"
        dv = DataValidation(type="list", formula1=listed, allow_blank=True)
        dv.promptTitle, dv.prompt = "取組状況", "一覧から選んでください: " + "、".join(statuses)
        dv.errorTitle, dv.error = "入力できない値です", "一覧の値から選んでください: " + "、".join(statuses)
        return dv
    if kind == "respondents":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.promptTitle, dv.prompt = "回答者数", "アンケートの回答者数を整数で入力してください（半角数字）。"
        dv.errorTitle, dv.error = "入力できない値です", "回答者数は0以上の整数です。"
        return dv
    unit = indicator.target.unit
    if unit == "％":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        prompt, error = "割合を％の数値で入力してください（45.2％ → 45.2）。", "0から100までの数値を入力してください。"
    elif unit == "点" and indicator.scale_max is not None:
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(indicator.scale_max), allow_blank=True)
        prompt, error = f"点数を入力してください（{indicator.scale_max}点満点）。", f"0から{indicator.scale_max}までの数値を入力してください。"
    elif unit == "milestone":
        dv = DataValidation(type="whole", operator="between", formula1="0", formula2="1", allow_blank=True)
        prompt, error = "達成したときは 1、達成していないときは 0 を入力してください。", "1（達成）か 0（未達成）を入力してください。"
    elif unit == "件":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        new = "その年度に新たに創出した件数（累計ではありません）" if indicator.counting == "cumulative" else "件数"
        prompt, error = f"{new}を整数で入力してください。", "0以上の整数を入力してください。"
    else:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        prompt, error = "実績値を数値で入力してください（半角数字）。", "0以上の数値を入力してください。"
    dv.promptTitle, dv.prompt = "実績値", prompt
    dv.errorTitle, dv.error = "入力できない値です", error
    return dv


def _form(wb: Workbook, intake: Intake, unit: Unit) -> list[tuple[str, object]]:
    """Fill the 「入力」 sheet; returns its locked cells as written."""
    ws = wb.create_sheet(layout.FORM)
    form = _Form(ws)
    title = f"{year_label(intake.fiscal_year)} 成果指標の実績値と取組の実施状況（{unit.name}）"
    form.locked_cell(layout.TITLE_CELL, title, fill=None, bold=True)
    ws[layout.TITLE_CELL].font = Font(name=FONT, bold=True, size=14)
    code = unit.code or "（全市の指標）"
    for label, value in (("区名", unit.name), ("区コード", code), ("年度", year_label(intake.fiscal_year))):
        row = layout.IDENTITY_ROWS[label]
        form.locked_cell(f"A{row}", label, bold=True)
        form.locked_cell(f"B{row}", value, fill=None, bold=True)
    guide = "黄色のセルに入力してください（灰色のセルは変更できません）。入力のしかたはシート「説明」にあります。"
    form.locked_cell(f"A{layout.GUIDE_ROW}", guide, fill=None)
    ws[f"A{layout.GUIDE_ROW}"].font = Font(name=FONT, bold=True, color="C00000")
    last = fiscal_year_label(intake.fiscal_year - 1)
    for column in COLUMNS:
        header = column.header.replace("前年度", f"前年度\n{last}") if column.field.startswith("last_") else column.header
        form.locked_cell(f"{column.letter}{HEADER_ROW}", header, fill=INPUT_HEADER_FILL if column.input else HEADER_FILL, bold=True)
        ws.column_dimensions[column.letter].width = column.width
    ws.row_dimensions[HEADER_ROW].height = 45
    validations: dict[tuple[str, str], DataValidation] = {}
    for offset, indicator in enumerate(layout.rows(intake.plan, unit, intake.citywide)):
        row = FIRST_ROW + offset
        open_fields = layout.input_fields(unit, indicator, intake.citywide)
        now = _values(unit, indicator, intake.current)
        before = _values(unit, indicator, intake.previous)
        usual = _usual_places(indicator, intake.current, intake.previous)
        height = LINE_HEIGHT + 6
        fixed: dict[str, object] = {
            "id": indicator.id, "wording": indicator.wording, "target": indicator.target.value, "unit": unit_label(indicator),
            # last year's value where this unit entered one; 「―」 where it enters none (a count's respondents)
            **{f"last_{k}": before.get(k) if k in open_fields else NOT_APPLICABLE for k in ("value", "respondents", "as_defined", "status")},
        }
        for column in COLUMNS:
            ref = f"{column.letter}{row}"
            if column.field in open_fields:
                stored = now.get(column.field)
                form.input_cell(ref, stored, (places(stored) if stored is not None else usual) if column.field == "value" else 0)
                key = (column.field, indicator.id if column.field == "value" else "")
                if key not in validations:
                    validations[key] = _validation(column.field, indicator, intake.statuses)
                validations[key].add(ref)
            elif column.input:
                form.locked_cell(ref, NOT_APPLICABLE)
            else:
                form.locked_cell(ref, fixed[column.field])
                if column.field in ("last_value", "target"):
                    ws[ref].number_format = number_format(places(fixed[column.field]))
            ws[ref].border = BORDER
            text = ws[ref].value
            if isinstance(text, str):
                height = max(height, lines_needed(text, column.width) * LINE_HEIGHT + 4)
            ws[ref].alignment = Alignment(wrap_text=True, vertical="center", horizontal="left" if column.field == "wording" else "center")
        ws.row_dimensions[row].height = height
    for key in sorted(validations):
        dv = validations[key]
        dv.showInputMessage = dv.showErrorMessage = True
        ws.add_data_validation(dv)
    for row in range(layout.IDENTITY_ROWS["区名"], HEADER_ROW):
        ws[f"A{row}"].alignment = Alignment(vertical="center")
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column to read it is harmless
    ws.protection.formatRows = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    return form.locked


def _instructions(ws: Worksheet, intake: Intake, unit: Unit) -> None:
    """The 「説明」 sheet: what to enter, how, by when and whom to ask."""
    year = year_label(intake.fiscal_year)
    who = f"{unit.name}（区コード {unit.code}）" if unit.code else "全市で1件の成果指標の所管課"
    lines: list[tuple[str, bool]] = [
        (f"{year} 成果指標の実績値と取組の実施状況の提出について（{unit.name}）", True),
        (f"このブックは、{who}が{year}の実績値と取組の実施状況を提出するためのものです。", False),
    ]
    if intake.current is not None and any(_values(unit, i, intake.current) for i in layout.rows(intake.plan, unit, intake.citywide)):
        lines.append(("このブックには、すでに提出された値が入っています（訂正のための再提出）。訂正する値だけを書き換えてください。", False))
    lines += [("", False), ("■ 入力するもの（シート「入力」の黄色のセル）", True)]
    if unit.citywide:
        lines.append(("・実績値、回答者数（アンケートの指標だけ）、定義どおり測定。取組状況は各区が入力します。", False))
    else:
        lines += [
            ("・実績値: 割合は％の数値（45.2％ → 45.2）、点数はそのまま、件数はその年度の件数（累計の指標も、その年度に新たに創出した件数）、"
             "達成・未達成の指標は 1（達成）か 0（未達成）。", False),
            ("・回答者数: アンケートの指標だけ。アンケートの回答者数を整数で。", False),
            (f"・定義どおり測定: 成果指標の定義どおりに測定したときは「{YES}」、そうでないときは「{NO}」（参考数値になります）。", False),
            (f"・取組状況: {'、'.join(intake.statuses)} から選びます。", False),
        ]
        if intake.citywide:
            lines.append(("・全市で1件の成果指標は、実績値を所管課が入力します（この区のブックでは取組状況だけを入力します）。", False))
    lines += [
        ("", False),
        ("■ 入力のしかた", True),
        ("・セルを選ぶと入力の説明が出ます。一覧のあるセルは、セルの右の▼から選んでください。", False),
        ("・数値は半角の数字で入力してください。数式やほかのブックへの参照は使わず、値を入力してください。", False),
        ("・灰色のセルは変更できません。行の挿入・削除、シートの保護の解除、シート名の変更はしないでください。", False),
        (f"・右側の「前年度」の列は、{fiscal_year_label(intake.fiscal_year - 1)}の値です（参考。変更できません）。", False),
        ("・ファイル名は変えてもかまいません（区名と年度はブックの中に記録されています）。Excel のブック（.xlsx）のまま保存してください。", False),
        ("", False),
        ("■ 提出期限", True),
        (f"・{intake.due}" if intake.due else "・依頼のメールに書かれた期限までに提出してください。", False),
        ("", False),
        ("■ 提出先・問い合わせ先", True),
    ]
    contact = intake.contact.splitlines() if intake.contact else ["依頼のメールの差出人へ、このブックを添付して返信してください。"]
    lines += [(f"・{line}" if n == 0 else f"　{line}", False) for n, line in enumerate(contact)]
    for row, (text, bold) in enumerate(lines, start=1):
        cell = plain_cell(ws, row, 1)
        put(cell, text or None)
        cell.font = Font(name=FONT, bold=bold, size=14 if row == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = lines_needed(text, INSTRUCTIONS_WIDTH) * LINE_HEIGHT * (1.3 if row == 1 else 1) + 3
    ws.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
    ws.protection.sheet = True
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _control(ws: Worksheet, intake: Intake, unit: Unit, locked: list[tuple[str, object]]) -> None:
    """The very hidden 「管理」 sheet: identity, format, fingerprint and the locked cells of the form."""
    values: tuple[str | int, ...] = (layout.FORMAT, intake.fiscal_year, unit.name, unit.code,
              layout.fingerprint(intake.plan, intake.citywide, intake.statuses))
    for row, (key, value) in enumerate(zip(layout.CONTROL_KEYS, values, strict=True), start=1):
        put(plain_cell(ws, row, 1), key)
        put(plain_cell(ws, row, 2), value)
    put(plain_cell(ws, layout.CONTROL_TABLE_ROW - 1, 1), "セル")
    put(plain_cell(ws, layout.CONTROL_TABLE_ROW - 1, 2), "値")
    for row, (ref, written) in enumerate(locked, start=layout.CONTROL_TABLE_ROW):
        put(plain_cell(ws, row, 1), ref)
        put(plain_cell(ws, row, 2), written)  # type: ignore[arg-type]  # text or a number, as the form's cell holds
    for row, status in enumerate(intake.statuses, start=1):  # the list of 取組状況 when too long to put in the validation
        put(plain_cell(ws, row, 4), status)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def workbook_bytes(intake: Intake, unit: Unit) -> bytes:
    """One unit's intake workbook as bytes (same input, same bytes)."""
    wb = Workbook()
    instructions = wb.active
    assert isinstance(instructions, Worksheet)
    instructions.title = layout.INSTRUCTIONS
    _instructions(instructions, intake, unit)
    locked = _form(wb, intake, unit)
    _control(wb.create_sheet(layout.CONTROL), intake, unit, locked)
    wb.active = 1  # opens on the form
    wb.security = WorkbookProtection(lockStructure=True)
    stamp = intake.date.moment.replace(tzinfo=None)
    props = wb.properties
    props.title = f"{year_label(intake.fiscal_year)} 成果指標の提出（{unit.name}）"
    props.creator = props.lastModifiedBy = intake.plan.city
    props.created = props.modified = stamp
    props.language = "ja-JP"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalise_zip(out.getvalue(), intake.date.day)

