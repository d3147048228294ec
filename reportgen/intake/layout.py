"""The one description of an intake workbook's cells, shared by the writer and the reader.

A ward's workbook (区の提出用ブック) has three sheets: 「説明」 (instructions), 「入力」 (the form:
identity on top, one row per indicator, input cells in yellow, last year's values beside them) and
「管理」, a very hidden, protected sheet holding the identity, the format version, the plan's
fingerprint and every locked cell of 「入力」 as intake wrote it (so that import can name an edited
locked cell). Writer and reader both place rows and columns through this module only.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.model import CITYWIDE, Indicator, Plan, Ward

FORMAT = "reportgen-intake/1"
"""Format version stored in the control sheet; a workbook of another format is an older intake."""

INSTRUCTIONS, FORM, CONTROL = "説明", "入力", "管理"
"""Sheet names: instructions, the form, the (very hidden) control sheet."""

TITLE_CELL = "A1"
IDENTITY_ROWS = {"区名": 2, "区コード": 3, "年度": 4}
"""Label in column A, value in column B of the form's identity block."""
GUIDE_ROW = 5
HEADER_ROW = 7
FIRST_ROW = 8
"""The first indicator row of the form."""


@dataclass(frozen=True)
class Column:
    """A column of the form: its letter, header, width and whether clerks type into it."""

    letter: str
    header: str
    width: float
    field: str
    """What the column holds: id, wording, target, unit, value, respondents, as_defined, status, or last_* of these."""
    input: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("A", "指標ID", 8, "id"),
    Column("B", "成果指標", 46, "wording"),
    Column("C", "目標値", 9, "target"),
    Column("D", "単位", 12, "unit"),
    Column("E", "実績値\n【入力】", 11, "value", input=True),
    Column("F", "回答者数\n【入力】", 11, "respondents", input=True),
    Column("G", "定義どおり\n測定【入力】", 12, "as_defined", input=True),
    Column("H", "取組状況\n【入力】", 13, "status", input=True),
    Column("I", "前年度\n実績値", 10, "last_value"),
    Column("J", "前年度\n回答者数", 10, "last_respondents"),
    Column("K", "前年度\n定義どおり測定", 12, "last_as_defined"),
    Column("L", "前年度\n取組状況", 12, "last_status"),
)
BY_FIELD = {c.field: c for c in COLUMNS}
LAST_COLUMN = COLUMNS[-1].letter

CSV_COLUMN = {"value": "実績値", "respondents": "回答者数", "as_defined": "定義どおり測定", "status": "取組状況"}
"""The CSV column (results.csv / implementation.csv) each input column fills."""


@dataclass(frozen=True)
class Unit:
    """Who fills a workbook: a ward, or the owner of the city-wide indicators (全市)."""

    name: str
    code: str
    """The ward code (区コード); empty for 全市."""

    @property
    def citywide(self) -> bool:
        """Whether this is the city-wide indicators' workbook."""
        return self.name == CITYWIDE


def units(plan: Plan, citywide: set[str]) -> list[Unit]:
    """Every workbook intake writes: one per ward in official order, then 全市 when the plan has a city-wide indicator."""
    out = [Unit(w.name, w.code) for w in plan.wards]
    if citywide:
        out.append(Unit(CITYWIDE, ""))
    return out


def rows(plan: Plan, unit: Unit, citywide: set[str]) -> list[Indicator]:
    """The indicators of ``unit``'s form in row order: every indicator for a ward, the city-wide ones for 全市."""
    return [i for i in plan.indicators() if not unit.citywide or i.id in citywide]


def cell(column: str, row: int) -> str:
    """``E8``."""
    return f"{column}{row}"


def enters_result(unit: Unit, indicator: Indicator, citywide: set[str]) -> bool:
    """Whether ``unit`` enters 実績値 and 定義どおり測定 for ``indicator`` (a ward does not for a city-wide one)."""
    return unit.citywide or indicator.id not in citywide


def enters_respondents(unit: Unit, indicator: Indicator, citywide: set[str]) -> bool:
    """Whether ``unit`` enters 回答者数 for ``indicator``: surveys only."""
    return enters_result(unit, indicator, citywide) and indicator.measure == "survey"


def enters_status(unit: Unit) -> bool:
    """Whether ``unit`` enters 取組状況: every ward does for every indicator; 全市 does not."""
    return not unit.citywide


def input_fields(unit: Unit, indicator: Indicator, citywide: set[str]) -> list[str]:
    """The input columns (fields) that are open for ``unit`` on ``indicator``'s row; the others are locked."""
    fields = []
    if enters_result(unit, indicator, citywide):
        fields.append("value")
        if enters_respondents(unit, indicator, citywide):
            fields.append("respondents")
        fields.append("as_defined")
    if enters_status(unit):
        fields.append("status")
    return fields


def fingerprint(plan: Plan, citywide: set[str], statuses: Sequence[str]) -> str:
    """A digest of everything the form's rows and lists depend on: the indicators, the wards and the statuses.

    A workbook written before the plan (or wards.csv, or the statuses of rules.yaml) changed has
    another fingerprint: import reports it as an older intake instead of reading rows that no
    longer mean what they say.
    """
    body = {
        "format": FORMAT,
        "indicators": [
            [i.id, i.wording, i.measure, i.target.unit, str(i.target.value), i.target.year, i.id in citywide,
             None if i.scale_max is None else str(i.scale_max)]
            for i in plan.indicators()
        ],
        "wards": [[w.code, w.name] for w in plan.wards],
        "statuses": list(statuses),
    }
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


_WINDOWS_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def file_name(fiscal_year: int, unit: Unit) -> str:
    """``2017_北区_成果指標.xlsx``: characters Windows forbids in a name become 「_」."""
    return f"{fiscal_year}_{_WINDOWS_UNSAFE.sub('_', unit.name)}_成果指標.xlsx"


CONTROL_KEYS = ("形式", "年度", "区名", "区コード", "計画の指紋")
"""Rows 1–5 of the control sheet: key in column A, value in column B."""
CONTROL_TABLE_ROW = 7
"""The control sheet's record of locked cells starts here (セル, 値)."""


def ward_of(plan: Plan, name: str) -> Ward | None:
    """The ward called ``name``, if the plan has one."""
    return next((w for w in plan.wards if w.name == name), None)
