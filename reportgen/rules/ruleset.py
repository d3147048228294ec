"""Loading rules.yaml: named facts, counting modes and the two tables' columns and groups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import Location, Problems, display_path
from reportgen.load.quote import clip, closest, did_you_mean, quote
from reportgen.load.text import describe_unusable, unusable_characters
from reportgen.load.yamlfile import LineDict, LineList, check_keys, load_yaml
from reportgen.rules.expr import Expression, compile_expression

YEAR_NAMES = ("fiscal_year", "period_start", "period_end")
"""Names a year fact may use (besides the year facts above it)."""

UNIT_NAMES = (
    "year_value", "values_to_date", "target", "respondents", "min_respondents",
    "measured_as_defined", "unit", "measure", "scale_max",
)
"""Names the counting ``value`` and the ward facts may use (besides year facts and facts above)."""


MAX_NAME = 40
"""Longest name of a fact, column or group (a name is English words joined by _)."""
KEYS = {
    "$": ("implementation_statuses", "year_facts", "counting", "ward_facts", "table1", "table2"),
    "counting": ("label", "unit", "value", "in_total", "parenthesised", "columns"),
    "table1": ("columns",),
    "table2": ("columns", "shown", "groups"),
    "shown": ("other_years", "final_year"),
    "group": ("name", "label", "year", "include", "minus"),
}
"""The keys each mapping of rules.yaml may hold (a named list's entries: name, label and its expression)."""


@dataclass(frozen=True)
class NamedExpression:
    """A named, labelled expression (a fact, a column or a group condition)."""

    name: str
    label: str
    expression: Expression


@dataclass(frozen=True)
class CountingMode:
    """How an indicator is counted in 表2 (件数の数え方)."""

    name: str
    label: str
    unit: str  # "ward" or "city"
    value: Expression | None
    in_total: bool
    parenthesised: bool
    columns: tuple[str, ...] | None  # None: every column applies


@dataclass(frozen=True)
class Group:
    """A row kind of 表2 (集計区分): which year, which units, or a difference of two groups."""

    name: str
    label: str
    year: str | None  # "current" | "previous"
    include: Expression | None
    minus: tuple[str, str] | None


@dataclass(frozen=True)
class RuleSet:
    """Everything rules.yaml defines."""

    statuses: tuple[str, ...]
    year_facts: tuple[NamedExpression, ...]
    unit_facts: tuple[NamedExpression, ...]
    counting: dict[str, CountingMode]
    table1: tuple[NamedExpression, ...]
    table2: tuple[NamedExpression, ...]
    groups: tuple[Group, ...]
    shown: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The columns of the printed 表2 by kind of year (``other_years``, ``final_year``); absent: all."""

    def table2_shown(self, final_year: bool) -> tuple[NamedExpression, ...]:
        """The columns the printed 表2 shows in a final year (進捗率の基準が100％) or in any other year."""
        names = self.shown.get("final_year" if final_year else "other_years")
        if names is None:
            return self.table2
        by_name = {column.name: column for column in self.table2}
        return tuple(by_name[name] for name in names)


def _loc(file: str, node: Any, key: str, path: str) -> Location:
    line = node.line_of(key) if isinstance(node, LineDict) else None
    return Location(file, line, path)


def _label(file: str, node: LineDict, path: str, problems: Problems) -> str | None:
    """The ``label`` of a definition (None when absent): one line of text, printed as a heading."""
    label = node.get("label")
    if label is None:
        return None
    if not isinstance(label, str | int) or isinstance(label, bool):
        problems.error(_loc(file, node, "label", f"{path}.label"), f"label は1行の文字で書いてください: {quote(label)}")
        return None
    text = str(label)
    bad = unusable_characters(text, single_line=True)
    if bad:
        problems.error(_loc(file, node, "label", f"{path}.label"), f"「label」に{describe_unusable(bad)}")
    return text or None


def _named_list(
    file: str, node: Any, key: str, expr_key: str, names: list[str], problems: Problems, *, extend: bool, base: str = "$"
) -> tuple[NamedExpression, ...]:
    """Read a list of {name, label, <expr_key>}; with ``extend`` each name becomes usable below it."""
    entries = node.get(key) if isinstance(node, LineDict) else None
    if not isinstance(entries, list) or not entries:
        problems.error(_loc(file, node, key, f"{base}.{key}"), f"「{key}」に1件以上の定義が必要です")
        return ()
    out = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        path = f"{base}.{key}[{index}]"
        if not isinstance(entry, LineDict) or not isinstance(entry.get("name"), str):
            problems.error(Location(file, getattr(entry, "line", None), path), "name（英字の名前）が必要です")
            continue
        check_keys(file, entry, ("name", "label", expr_key), path, problems)
        label = _label(file, entry, path, problems)
        name = entry["name"]
        if len(name) > MAX_NAME or not name.isidentifier() or name in seen or name in names and extend:
            problems.error(_loc(file, entry, "name", f"{path}.name"), f"名前 {quote(name)} が不正か重複しています")
            continue
        expression = compile_expression(entry.get(expr_key), _loc(file, entry, expr_key, f"{path}.{expr_key}"), names, problems)
        seen.add(name)
        if extend:
            names.append(name)
        if expression is not None:
            out.append(NamedExpression(name, label or name, expression))
    return tuple(out)


def load_rules(path: Path, problems: Problems) -> RuleSet | None:
    """Read and compile ``rules.yaml``; every problem is recorded with its line."""
    raw = load_yaml(path, problems, inside=path.parent)
    file = display_path(path)
    if not isinstance(raw, LineDict):
        if raw is not None:
            problems.error(Location(file), "rules.yaml の形が正しくありません")
        return None
    before = len(problems.errors)
    check_keys(file, raw, KEYS["$"], "$", problems)
    statuses = raw.get("implementation_statuses")
    if not isinstance(statuses, list) or not all(isinstance(s, str) for s in statuses) or not statuses:
        problems.error(_loc(file, raw, "implementation_statuses", "$.implementation_statuses"), "取組状況の値の一覧が必要です")
        statuses = []
    for index, status in enumerate(statuses):
        line = statuses.line_of(index) if isinstance(statuses, LineList) else raw.line_of("implementation_statuses")
        where = Location(file, line, f"$.implementation_statuses[{index}]")
        bad = unusable_characters(status, single_line=True)
        if bad:
            problems.error(where, describe_unusable(bad))
        elif not status.strip():
            problems.error(where, "取組状況の値が空です（空のセルが取組状況として通ってしまいます）")
        elif status in statuses[:index]:
            problems.error(where, f"取組状況の値「{clip(status)}」が重複しています")
    year_names = list(YEAR_NAMES)
    year_facts = _named_list(file, raw, "year_facts", "expr", year_names, problems, extend=True)
    unit_names = [*UNIT_NAMES, *year_names, "value"]
    counting = _counting(file, raw, unit_names, problems)
    unit_facts = _named_list(file, raw, "ward_facts", "expr", unit_names, problems, extend=True)
    tables = raw.get("table1"), raw.get("table2")
    for key, node in (("table1", tables[0]), ("table2", tables[1])):
        if isinstance(node, LineDict):
            check_keys(file, node, KEYS[key], f"$.{key}", problems)
    table1 = (
        _named_list(file, tables[0], "columns", "count_if", ["status"], problems, extend=False, base="$.table1")
        if isinstance(tables[0], LineDict) else ()
    )
    fact_names = [*unit_names, "current"]
    table2 = (
        _named_list(file, tables[1], "columns", "count_if", fact_names, problems, extend=False, base="$.table2")
        if isinstance(tables[1], LineDict) else ()
    )
    groups = _groups(file, tables[1], fact_names, problems) if isinstance(tables[1], LineDict) else ()
    for key, node in (("table1", tables[0]), ("table2", tables[1])):
        if not isinstance(node, LineDict):
            problems.error(_loc(file, raw, key, f"$.{key}"), f"「{key}」の定義がありません")
    _check_counted_columns(file, raw, counting, table2, problems)
    shown = _shown(file, tables[1], table2, problems) if isinstance(tables[1], LineDict) else {}
    if len(problems.errors) > before:
        return None
    return RuleSet(tuple(statuses), year_facts, unit_facts, counting, table1, table2, groups, shown)


def _shown(file: str, node: LineDict, table2: tuple[NamedExpression, ...], problems: Problems) -> dict[str, tuple[str, ...]]:
    """``table2.shown``: for each kind of year, a list of 表2 column names, each at most once."""
    spec = node.get("shown")
    if spec is None:
        return {}
    if not isinstance(spec, LineDict):
        problems.error(_loc(file, node, "shown", "$.table2.shown"), "shown は other_years・final_year ごとの列の名前の一覧です")
        return {}
    check_keys(file, spec, KEYS["shown"], "$.table2.shown", problems)
    known = [column.name for column in table2]
    shown: dict[str, tuple[str, ...]] = {}
    for kind in KEYS["shown"]:
        names = spec.get(kind)
        if names is None:
            continue
        where = _loc(file, spec, kind, f"$.table2.shown.{kind}")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            problems.error(where, f"{kind} は表2の列の名前の一覧です: {quote(names)}")
            continue
        bad = [n for n in names if known and n not in known]
        for name in bad:
            problems.error(where, f"表2にない列「{clip(name)}」です。{did_you_mean(closest(name, known))}（表2の列: {', '.join(known)}）")
        if len(set(names)) != len(names):
            problems.error(where, f"{kind} に同じ列が2回あります: {', '.join(names)}")
        elif not bad:
            shown[kind] = tuple(names)
    return shown


def _counting(file: str, raw: LineDict, names: list[str], problems: Problems) -> dict[str, CountingMode]:
    node = raw.get("counting")
    if not isinstance(node, LineDict) or not node:
        problems.error(_loc(file, raw, "counting", "$.counting"), "件数の数え方（counting）の定義が必要です")
        return {}
    modes = {}
    for name, spec in node.items():
        path = f"$.counting.{name}"
        if not isinstance(spec, LineDict):
            problems.error(_loc(file, node, name, path), "数え方の定義の形が正しくありません")
            continue
        check_keys(file, spec, KEYS["counting"], path, problems)
        label = _label(file, spec, path, problems)
        unit = spec.get("unit", "ward")
        if unit not in ("ward", "city"):
            problems.error(_loc(file, spec, "unit", f"{path}.unit"), f"unit は ward か city です: {quote(unit)}")
        value = None
        if "value" in spec:
            value = compile_expression(spec["value"], _loc(file, spec, "value", f"{path}.value"), [n for n in names if n != "value"], problems)
        columns = spec.get("columns")
        if columns is not None and not (isinstance(columns, list) and all(isinstance(c, str) for c in columns)):
            problems.error(_loc(file, spec, "columns", f"{path}.columns"), "columns は列名の一覧です")
            columns = None
        flags = {}
        for flag, default in (("in_total", True), ("parenthesised", False)):
            flags[flag] = spec.get(flag, default)
            if not isinstance(flags[flag], bool):
                problems.error(_loc(file, spec, flag, f"{path}.{flag}"), f"{flag} は true か false で書いてください: {quote(flags[flag])}")
                flags[flag] = default
        modes[name] = CountingMode(
            name=name,
            label=label or name,
            unit=unit,
            value=value,
            in_total=flags["in_total"],
            parenthesised=flags["parenthesised"],
            columns=tuple(columns) if columns is not None else None,
        )
    return modes


def _check_counted_columns(
    file: str, raw: LineDict, counting: dict[str, CountingMode], table2: tuple[NamedExpression, ...], problems: Problems
) -> None:
    """A counting mode's ``columns`` name columns of 表2: any other name would silently count nowhere."""
    known = [column.name for column in table2]
    node = raw.get("counting")
    for mode in counting.values():
        for column in mode.columns or ():
            if known and column not in known:
                spec = node.get(mode.name) if isinstance(node, LineDict) else None
                problems.error(
                    _loc(file, spec, "columns", f"$.counting.{mode.name}.columns"),
                    f"表2にない列「{clip(column)}」です。{did_you_mean(closest(column, known))}（表2の列: {', '.join(known)}）",
                )


def _groups(file: str, node: LineDict, names: list[str], problems: Problems) -> tuple[Group, ...]:
    entries = node.get("groups")
    if not isinstance(entries, list) or not entries:
        problems.error(_loc(file, node, "groups", "$.table2.groups"), "表2の集計区分（groups）の定義が必要です")
        return ()
    groups: list[Group] = []
    for index, entry in enumerate(entries):
        path = f"$.table2.groups[{index}]"
        if not isinstance(entry, LineDict) or not isinstance(entry.get("name"), str):
            problems.error(Location(file, getattr(entry, "line", None), path), "name が必要です")
            continue
        check_keys(file, entry, KEYS["group"], path, problems)
        label = _label(file, entry, path, problems) or entry["name"]
        if "minus" in entry:
            minus = entry["minus"]
            known = {g.name for g in groups}
            if not (isinstance(minus, list) and len(minus) == 2 and all(m in known for m in minus)):
                problems.error(_loc(file, entry, "minus", f"{path}.minus"), f"minus は上に定義した集計区分2つです: {quote(minus)}")
                continue
            groups.append(Group(entry["name"], label, None, None, (minus[0], minus[1])))
            continue
        year = entry.get("year")
        if year not in ("current", "previous"):
            problems.error(_loc(file, entry, "year", f"{path}.year"), f"year は current か previous です: {quote(year)}")
            continue
        include = compile_expression(entry.get("include", "true"), _loc(file, entry, "include", f"{path}.include"), names, problems)
        if include is not None:
            groups.append(Group(entry["name"], label, year, include, None))
    return tuple(groups)
