"""Applying the rules to a year's data: per-ward facts, then the counts of 表1 and 表2."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Any

from reportgen.model import CITYWIDE, Indicator, Plan, Result, YearData
from reportgen.rules.expr import Expression
from reportgen.rules.ruleset import CountingMode, RuleSet
from reportgen.sandbox import timer_session

Counts = Mapping[str, int | None]
"""Column name → count; None where a column does not apply (printed ―)."""

StatusCounts = Mapping[str, int]
"""表1: column name → count of wards; every column applies to every indicator."""


@dataclass(frozen=True)
class UnitFacts:
    """The facts of one ward (or 全市) on one indicator in one year: the input and every ward fact."""

    ward: str
    indicator_id: str
    fiscal_year: int
    result: Result
    values: Mapping[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


@dataclass(frozen=True)
class Members:
    """The units (wards, or 全市) one 表2 group takes, and which of them each column counts.

    The counts of 表2 are the sizes of these sets, so a sentence that names or counts wards from
    them cannot disagree with the table.
    """

    units: tuple[str, ...]
    columns: Mapping[str, tuple[str, ...] | None]
    """Column name → the units it counts; None where the column does not apply (printed ―)."""

    def __getitem__(self, column: str) -> tuple[str, ...]:
        return self.columns[column] or ()


@dataclass(frozen=True)
class IndicatorFacts:
    """Everything computed for one indicator: per-unit facts of both years and the table counts."""

    indicator: Indicator
    counting: CountingMode
    current: tuple[UnitFacts, ...]
    previous: tuple[UnitFacts, ...] | None
    table1: StatusCounts
    table2: Mapping[str, Counts | None]
    members: Mapping[str, Members | None]
    """Group name → its members (None for a difference, or a previous year that does not exist)."""

    @cached_property
    def by_ward(self) -> Mapping[str, UnitFacts]:
        """This year's facts by ward (全市 for a city-wide indicator), the first of each name."""
        found: dict[str, UnitFacts] = {}
        for unit in self.current:
            found.setdefault(unit.ward, unit)
        return MappingProxyType(found)


@dataclass(frozen=True)
class YearFacts:
    """The facts of one edition: year facts (thresholds), every indicator, and the totals."""

    fiscal_year: int
    year: Mapping[str, Any]
    previous_year: Mapping[str, Any] | None
    indicators: tuple[IndicatorFacts, ...]
    table1_total: StatusCounts
    table2_total: Mapping[str, Counts | None]

    @property
    def final_year(self) -> bool:
        """The plan's last year (目標年度): its threshold is the target itself, 概ね順調 means reached."""
        return bool(self.year["year_index"] == self.year["plan_years"])


def _decimal(value: Any) -> Any:
    """Numbers enter expressions as Decimal so that 2/3 and 0.7 behave as the publication expects."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return Decimal(value)
    return value


def year_facts(rules: RuleSet, plan: Plan, fiscal_year: int) -> Mapping[str, Any]:
    """Evaluate the year facts (year_index, threshold_percent, …) for ``fiscal_year``."""
    context: dict[str, Any] = {
        "fiscal_year": Decimal(fiscal_year),
        "period_start": Decimal(plan.period_start),
        "period_end": Decimal(plan.period_end),
    }
    for fact in rules.year_facts:
        context[fact.name] = fact.expression(context, f"{fiscal_year}年度")
    return MappingProxyType(context)


def _unit_facts(
    rules: RuleSet,
    mode: CountingMode,
    indicator: Indicator,
    ward: str,
    fiscal_year: int,
    years: Mapping[int, YearData],
    plan: Plan,
    base: Mapping[str, Any],
) -> UnitFacts:
    result = years[fiscal_year].results[(ward, indicator.id)]
    to_date = [
        years[y].results[(ward, indicator.id)].value for y in range(plan.period_start, fiscal_year + 1) if y in years
    ]
    context: dict[str, Any] = dict(base)
    context.update(
        year_value=result.value,
        values_to_date=to_date,
        target=indicator.target.value,
        respondents=_decimal(result.respondents),
        min_respondents=_decimal(indicator.min_respondents),
        measured_as_defined=result.measured_as_defined,
        unit=indicator.target.unit,
        measure=indicator.measure,
        scale_max=indicator.scale_max,
    )
    what = f"{fiscal_year}年度 {ward} {indicator.id}"
    context["value"] = mode.value(context, what) if mode.value is not None else result.value
    for fact in rules.unit_facts:
        context[fact.name] = fact.expression(context, what)
    return UnitFacts(ward, indicator.id, fiscal_year, result, MappingProxyType(context))


def _count(rules: RuleSet, mode: CountingMode, units: tuple[UnitFacts, ...], current: Mapping[str, UnitFacts], include: Expression, what: str) -> Members:
    chosen: list[tuple[str, dict[str, Any]]] = []
    for unit in units:
        context = {**unit.values, "current": current[unit.ward].values}
        if include(context, what):
            chosen.append((unit.ward, context))
    columns: dict[str, tuple[str, ...] | None] = {}
    for column in rules.table2:
        if mode.columns is not None and column.name not in mode.columns:
            columns[column.name] = None
            continue
        columns[column.name] = tuple(ward for ward, context in chosen if column.expression(context, what))
    return Members(tuple(ward for ward, _ in chosen), MappingProxyType(columns))


def _counts(members: Members | None) -> Counts | None:
    if members is None:
        return None
    return MappingProxyType({name: None if wards is None else len(wards) for name, wards in members.columns.items()})


def _minus(a: Counts | None, b: Counts | None) -> Counts | None:
    if a is None or b is None:
        return None
    return MappingProxyType({k: (None if (x := a[k]) is None or (y := b[k]) is None else x - y) for k in a})


def _groups(
    rules: RuleSet, mode: CountingMode, current: tuple[UnitFacts, ...], previous: tuple[UnitFacts, ...] | None, what: str,
) -> tuple[dict[str, Counts | None], dict[str, Members | None]]:
    by_ward = {u.ward: u for u in current}
    counts: dict[str, Counts | None] = {}
    members: dict[str, Members | None] = {}
    for group in rules.groups:
        if group.minus is not None:
            counts[group.name] = _minus(counts[group.minus[0]], counts[group.minus[1]])
            members[group.name] = None
            continue
        if group.include is None:  # the rules loader gives every group either minus or include
            raise AssertionError(f"表2 group {group.name!r} has neither minus nor include")
        units = current if group.year == "current" else previous
        members[group.name] = None if units is None else _count(rules, mode, units, by_ward, group.include, f"{what} {group.label}")
        counts[group.name] = _counts(members[group.name])
    return counts, members


def _table1(rules: RuleSet, plan: Plan, indicator: Indicator, data: YearData) -> StatusCounts:
    counts: dict[str, int] = {c.name: 0 for c in rules.table1}
    for ward in plan.ward_names():
        status = data.implementation[(ward, indicator.id)].status
        for column in rules.table1:
            if column.expression({"status": status}, f"{ward} {indicator.id}"):
                counts[column.name] += 1
    return MappingProxyType(counts)


def _sum(rows: list[Counts | None]) -> Counts | None:
    present = [r for r in rows if r is not None]
    if not present or len(present) < len(rows):
        return None
    keys = present[0].keys()
    return MappingProxyType({k: sum(n for r in present if (n := r[k]) is not None) for k in keys})


def evaluate(rules: RuleSet, plan: Plan, fiscal_year: int, years: Mapping[int, YearData]) -> YearFacts:
    """Compute every fact of the ``fiscal_year`` edition from the loaded years.

    ``years`` holds every plan year from the start up to ``fiscal_year`` that exists; the
    previous year is compared when present.
    """
    with timer_session():  # each expression still has its own time limit; the handler is installed once
        return _evaluate(rules, plan, fiscal_year, years)


def _evaluate(rules: RuleSet, plan: Plan, fiscal_year: int, years: Mapping[int, YearData]) -> YearFacts:
    previous_year = fiscal_year - 1 if fiscal_year - 1 in years else None
    base = year_facts(rules, plan, fiscal_year)
    base_prev = year_facts(rules, plan, previous_year) if previous_year is not None else None
    indicators = []
    for indicator in plan.indicators():
        mode = rules.counting[indicator.counting]
        units = [CITYWIDE] if mode.unit == "city" else plan.ward_names()
        current = tuple(_unit_facts(rules, mode, indicator, w, fiscal_year, years, plan, base) for w in units)
        previous = None
        if previous_year is not None and base_prev is not None:
            previous = tuple(_unit_facts(rules, mode, indicator, w, previous_year, years, plan, base_prev) for w in units)
        what = f"{fiscal_year}年度 {indicator.id}"
        table2, members = _groups(rules, mode, current, previous, what)
        table1 = _table1(rules, plan, indicator, years[fiscal_year])
        indicators.append(IndicatorFacts(indicator, mode, current, previous, table1, MappingProxyType(table2), MappingProxyType(members)))
    table1_total = MappingProxyType({c.name: sum(i.table1[c.name] for i in indicators) for c in rules.table1})
    in_total = [i for i in indicators if i.counting.in_total]
    table2_total = MappingProxyType({g.name: _sum([i.table2[g.name] for i in in_total]) for g in rules.groups})
    return YearFacts(fiscal_year, base, base_prev, tuple(indicators), table1_total, table2_total)
