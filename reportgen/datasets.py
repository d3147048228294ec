"""The published tables as plain records (表1, 表2, ward results): what CSV and data sheets hold."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportgen.model import Indicator
from reportgen.rules.evaluate import IndicatorFacts, UnitFacts, YearFacts
from reportgen.rules.ruleset import RuleSet

Value = str | int | Decimal | None
"""A cell: text, a number, or None where the publication prints ―."""

TOTAL = "合計"
ON_TRACK, NOT_ON_TRACK = "概ね順調", "必ずしも順調ではない"
UNIT_LABELS = {"milestone": "達成（1=達成、0=未達成）"}


@dataclass(frozen=True)
class DataTable:
    """One machine-readable table: a name, one header row, and records."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]


def table1(rules: RuleSet, facts: YearFacts) -> DataTable:
    """表1 取組の実施状況: one row per indicator, then the total."""
    columns = ("指標ID", "成果指標", *(c.label for c in rules.table1))
    rows = [
        (i.indicator.id, i.indicator.wording, *(i.table1[c.name] for c in rules.table1))
        for i in facts.indicators
    ]
    rows.append((TOTAL, "", *(facts.table1_total[c.name] for c in rules.table1)))
    return DataTable("table1", "表1 取組の実施状況", columns, tuple(rows))


def table2(rules: RuleSet, facts: YearFacts) -> DataTable:
    """表2 成果目標値達成に向けた進捗状況: per indicator and total, one row per 集計区分."""
    columns = ("指標ID", "成果指標", "集計区分", *(c.label for c in rules.table2))
    rows: list[tuple[Value, ...]] = []
    blocks = [(i.indicator.id, i.indicator.wording, i.table2) for i in facts.indicators]
    blocks.append((TOTAL, "", facts.table2_total))
    for ident, wording, groups in blocks:
        for group in rules.groups:
            counts = groups[group.name]
            values = [None if counts is None else counts[c.name] for c in rules.table2]
            rows.append((ident, wording, group.label, *values))
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
    """Every ward × indicator of the edition's year; a city-wide result is repeated for each ward."""
    columns = ("年度", "区", "指標ID", "実績値", "単位", "目標値", "進捗率", "回答者数", "参考数値", "進捗状況", "目標値達成")
    rows = []
    for item in facts.indicators:
        by_ward = {u.ward: u for u in item.current}
        for ward in ward_names:
            unit = by_ward.get(ward) or item.current[0]
            rows.append(_ward_row(facts.fiscal_year, ward, item.indicator, item, unit))
    return DataTable("ward_results", "区別の成果指標の実績", columns, tuple(rows))
