"""The published tables as plain records (表1, 表2, ward results): what CSV and data sheets hold."""

from __future__ import annotations

from reportgen.document.nodes import DataTable, Value
from reportgen.load.edition import EditionDate
from reportgen.model import Indicator
from reportgen.rules.evaluate import IndicatorFacts, UnitFacts, YearFacts
from reportgen.rules.ruleset import RuleSet

TOTAL = "合計"
ON_TRACK, NOT_ON_TRACK = "概ね順調", "必ずしも順調ではない"
UNIT_LABELS = {"milestone": "達成（1=達成、0=未達成）"}


def table1(rules: RuleSet, facts: YearFacts) -> DataTable:
    """表1 取組の実施状況: one row per indicator, then the total."""
    year = facts.fiscal_year
    columns = ("年度", "指標ID", "成果指標", *(c.label for c in rules.table1))
    rows: list[tuple[Value, ...]] = [
        (year, i.indicator.id, i.indicator.wording, *(i.table1[c.name] for c in rules.table1))
        for i in facts.indicators
    ]
    rows.append((year, TOTAL, "", *(facts.table1_total[c.name] for c in rules.table1)))
    return DataTable("table1", "表1 取組の実施状況", columns, tuple(rows))


def table2(rules: RuleSet, facts: YearFacts) -> DataTable:
    """表2 成果目標値達成に向けた進捗状況: per indicator and total, one row per 集計区分."""
    columns = ("年度", "指標ID", "成果指標", "集計区分", *(c.label for c in rules.table2))
    rows: list[tuple[Value, ...]] = []
    blocks = [(i.indicator.id, i.indicator.wording, i.table2) for i in facts.indicators]
    blocks.append((TOTAL, "", facts.table2_total))
    for ident, wording, groups in blocks:
        for group in rules.groups:
            counts = groups[group.name]
            values = [None if counts is None else counts[c.name] for c in rules.table2]
            rows.append((facts.fiscal_year, ident, wording, group.label, *values))
    return DataTable("table2", "表2 成果目標値達成に向けた進捗状況", columns, tuple(rows))


def _flag(value: bool) -> int:
    return 1 if value else 0


def _ward_row(year: int, ward: str, indicator: Indicator, item: IndicatorFacts, unit: UnitFacts) -> tuple[Value, ...]:
    applies = item.counting.columns
    rated = applies is None or "on_track" in applies
    reached = applies is None or "target_reached" in applies
    status = (ON_TRACK if unit["on_track"] else NOT_ON_TRACK) if rated else None
    return (
        year,
        ward,
        indicator.id,
        unit.result.value,
        UNIT_LABELS.get(indicator.target.unit, indicator.target.unit),
        indicator.target.value,
        unit["progress_percent"] if rated else None,
        unit.result.respondents,
        _flag(unit["reference_value"]),
        status,
        _flag(unit["target_reached"]) if reached else None,
    )


def ward_results(facts: YearFacts, ward_names: list[str]) -> DataTable:
    """Every ward × indicator of the previous year (when compared) and of the edition's year.

    A city-wide result (全市で1件) is repeated for each ward, so that every ward has every row.
    """
    columns = ("年度", "区", "指標ID", "実績値", "単位", "目標値", "進捗率", "回答者数", "参考数値", "進捗状況", "目標値達成")
    rows = []
    years = [(facts.fiscal_year - 1, "previous"), (facts.fiscal_year, "current")]
    for year, which in years:
        for item in facts.indicators:
            units = getattr(item, which)
            if units is None:
                continue
            by_ward = {u.ward: u for u in units}
            for ward in ward_names:
                unit = by_ward.get(ward) or units[0]
                rows.append(_ward_row(year, ward, item.indicator, item, unit))
    return DataTable("ward_results", "区別の成果指標の実績", columns, tuple(rows))


COLUMN_NOTES: dict[str, tuple[str, str]] = {
    "年度": ("西暦の年度（その年の4月1日から翌年3月31日まで）", "年度"),
    "指標ID": ("成果指標の番号（基本戦略.取組の方向性.項目[.番号]。項目の a/b/c は印刷物の丸囲みのア・イ・ウ）", ""),
    "成果指標": ("成果指標の文言", ""),
    "集計区分": ("件数カウント対象＝参考数値の区を除く／参考数値を含む＝すべての区／前年度＝前年度の件数（今年度が参考数値の区を除く）／差引＝件数カウント対象－前年度", ""),
    "区": ("区名（大阪市の区の公式の順）", ""),
    "実績値": ("成果指標の実績値", "「単位」列のとおり"),
    "単位": ("実績値・目標値の単位", ""),
    "目標値": ("取組期間の目標値", "「単位」列のとおり"),
    "進捗率": ("実績値÷目標値×100（進捗状況を評価しない指標は空欄）", "％"),
    "回答者数": ("区民アンケートの回答者数（アンケート以外は空欄）", "人"),
    "参考数値": ("1＝回答者数が必要数に満たない、又は定義どおりの測定でないため参考数値、0＝それ以外", ""),
    "進捗状況": ("概ね順調／必ずしも順調ではない（評価しない指標は空欄）", ""),
    "目標値達成": ("1＝目標値を達成、0＝未達成（判定しない指標は空欄）", ""),
}
"""What each fixed column means and its unit (件 for every count column of 表1・表2)."""


def cited(source: str) -> str:
    """``source`` with a 「」 that holds another 「」 written 『』, as a publication's name.

    大阪市「「…基本方針」平成28年度の実施状況について」 → 大阪市『「…基本方針」平成28年度の実施状況について』:
    『』 marks the name of a publication (書名) and keeps the official title, brackets and all,
    as published. Unbalanced brackets are left as they are.
    """
    chars = list(source)
    depth, opened, nested = 0, -1, False
    for index, char in enumerate(source):
        if char == "「":
            if depth == 0:
                opened, nested = index, False
            else:
                nested = True
            depth += 1
        elif char == "」":
            if depth == 0:
                return source
            depth -= 1
            if depth == 0 and nested:
                chars[opened], chars[index] = "『", "』"
    return source if depth else "".join(chars)


def describe(tables: tuple[DataTable, ...], title: str, author: str, date: str, source: str) -> DataTable:
    """The 説明 table: the file's title, author, publication date and source, then every column.

    公表日 is left empty unless ``date`` is the edition's publication date from the data (a
    stand-in that only dates the documents, :class:`EditionDate` not ``published``, is not stated).
    """
    published = "" if isinstance(date, EditionDate) and not date.published else date
    rows: list[tuple[Value, ...]] = [
        ("（このファイル）", "タイトル", title, ""),
        ("（このファイル）", "作成者", author, ""),
        ("（このファイル）", "公表日", published, ""),
        ("（このファイル）", "出典", cited(source), ""),
    ]
    for table in tables:
        for column in table.columns:
            text, unit = COLUMN_NOTES.get(column, (f"{column}の件数", "件"))
            rows.append((table.name, column, text, unit))
    return DataTable("columns", "項目の説明", ("データ", "列", "説明", "単位"), tuple(rows))
