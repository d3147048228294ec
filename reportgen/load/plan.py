"""Reading the plan (plan.yaml) and the wards (wards.csv) into the model, checking every field."""

from __future__ import annotations

import re
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar, overload

from reportgen.errors import Location, Problems, display_path
from reportgen.load.csvfile import MAX_DIGITS, fits_excel, read_table
from reportgen.load.prose import MAX_PARAGRAPH
from reportgen.load.quote import quote
from reportgen.load.text import describe_unusable, unusable_characters
from reportgen.load.yamlfile import LineDict, check_keys, load_yaml
from reportgen.model import (
    CITYWIDE,
    Direction,
    Indicator,
    Item,
    Phrases,
    Plan,
    Strategy,
    Target,
    Ward,
)

MEASURES = ("survey", "inspection", "count", "milestone")
"""survey: アンケート（回答者数あり）; inspection: 覆面調査など; count: 件数; milestone: 達成/未達成."""

UNITS = ("％", "点", "件", "milestone")
WARD_COLUMNS = ("区コード", "区名")
MAX_WARD_NAME = 20
"""Longest ward name (Osaka's are 2–4 characters); ward names are listed in sentences and headings."""
WARD_CODE = re.compile("[0-9][0-9-]{0,11}")
"""A ward code as published: half-width digits (the city's are 5, 27127); a hyphen and at most 12
characters are allowed for the benchmark's made-up wards (27125-2)."""
KEYS = {
    "$": ("name", "city", "period", "min_respondents", "phrases", "strategies"),
    "period": ("start", "end"),
    "phrases": tuple(f.name for f in fields(Phrases)),
    "strategy": ("number", "title", "directions"),
    "direction": ("number", "title", "items"),
    "item": ("letter", "title", "indicators"),
    "indicator": ("id", "wording", "measure", "target", "population", "counting", "min_respondents", "scale_max", "goal"),
    "target": ("value", "unit", "year"),
}
"""The keys each mapping of plan.yaml may hold: any other is a typo (``min_respondent``) reported at its line."""
FIRST_YEAR, LAST_YEAR = 1989, 2107
"""Fiscal years a plan may name: 平成 onward (the era table starts there), up to the last year a zip entry can date."""
MAX_RESPONDENTS = 10**9
"""More respondents than anyone can survey: a typo that would make every ward a reference value."""
MAX_STRATEGY = 99
"""Highest strategy number (printed as digits)."""
MAX_DIRECTION = 20
"""Highest direction number: the sentences print it as ⑴…⒇, which end at 20."""
MAX_INDICATORS = 50
"""Most indicators of one item: they are numbered ①…㊿, which end at 50."""
LETTERS = "abcdefghijklmnopqrstuvwxyz"
"""An item's letter: one of a–z, printed ㋐…㋩."""
MAX_TEXT = MAX_PARAGRAPH
"""Longest title or wording: it must fit a table cell (Excel holds 32,767 characters and openpyxl cuts the rest)."""


T = TypeVar("T")


class _Reader:
    """Field access on a YAML mapping that records located problems instead of raising."""

    def __init__(self, file: str, problems: Problems) -> None:
        self.file = file
        self.problems = problems

    def at(self, node: object, key: str | None, path: str) -> Location:
        line = node.line_of(key) if isinstance(node, LineDict) and key is not None else getattr(node, "line", None)
        return Location(self.file, line, path)

    def mapping(self, node: object, path: str, kind: str) -> LineDict | None:
        """``node`` when it is a mapping; its unknown keys (:data:`KEYS` of ``kind``) are reported."""
        if not isinstance(node, LineDict):
            self.problems.error(Location(self.file, None, path), "項目の形が正しくありません（キー: 値 の形で書いてください）")
            return None
        check_keys(self.file, node, KEYS[kind], path, self.problems)
        return node

    @overload
    def get(self, node: LineDict, key: str, kind: type[T], path: str, *, required: bool = True) -> T | None: ...
    @overload
    def get(self, node: LineDict, key: str, kind: tuple[type, ...], path: str, *, required: bool = True) -> object: ...

    def get(self, node: LineDict, key: str, kind: type | tuple[type, ...], path: str, *, required: bool = True) -> object:
        """``node[key]`` when it is of ``kind`` (a bool is no int); else an error and None."""
        if key not in node or node[key] is None:
            if required:
                self.problems.error(self.at(node, None, f"{path}.{key}"), f"「{key}」がありません (required)")
            return None
        value = node[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            value = None
        if value is None or not isinstance(value, kind):
            self.problems.error(self.at(node, key, f"{path}.{key}"), f"「{key}」の値の形が正しくありません: {quote(node[key])}")
            return None
        return value

    def text(self, node: LineDict, key: str, path: str, *, required: bool = True) -> str | None:
        """A single-line text: every text of plan.yaml is printed on one line (a title, a wording)."""
        value = self.get(node, key, str, path, required=required)
        if value is not None and not value.strip():
            self.problems.error(self.at(node, key, f"{path}.{key}"), f"「{key}」が空です")
            return None
        bad = unusable_characters(value, single_line=True) if value is not None else []
        if bad:
            self.problems.error(self.at(node, key, f"{path}.{key}"), f"「{key}」に{describe_unusable(bad)}")
            return None
        if value is not None and len(value) > MAX_TEXT:
            self.problems.error(
                self.at(node, key, f"{path}.{key}"),
                f"「{key}」が長すぎます（{len(value)}文字、上限{MAX_TEXT}文字） (text too long)",
            )
            return None
        return value

    def whole(self, node: LineDict, key: str, path: str, low: int, high: int, *, required: bool = True) -> int | None:
        """A whole number from ``low`` to ``high``."""
        value = self.get(node, key, int, path, required=required)
        if value is not None and not low <= value <= high:
            self.problems.error(self.at(node, key, f"{path}.{key}"), f"「{key}」は{low}から{high}までの整数です: {quote(value)} (out of range)")
            return None
        return value

    def number(self, node: LineDict, key: str, path: str, *, required: bool = True) -> Decimal | None:
        value = self.get(node, key, (int, float, str), path, required=required)
        if value is None:
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.problems.error(self.at(node, key, f"{path}.{key}"), f"数値ではありません: {quote(value)}")
            return None
        if not fits_excel(number):
            self.problems.error(
                self.at(node, key, f"{path}.{key}"),
                f"値が大きすぎるか桁数が多すぎます（{MAX_DIGITS}桁まで）: {quote(value)} (out of range)",
            )
            return None
        return number.copy_abs() if number.is_zero() else number  # -0 is 0: never printed as 「-0」

    def items(self, node: LineDict, key: str, path: str, kind: str) -> list[tuple[str, LineDict]]:
        values = self.get(node, key, list, path)
        out = []
        for index, child in enumerate(values or []):
            child_path = f"{path}.{key}[{index}]"
            mapping = self.mapping(child, child_path, kind)
            if mapping is not None:
                out.append((child_path, mapping))
        if values == []:
            self.problems.error(self.at(node, key, f"{path}.{key}"), f"「{key}」に1件もありません")
        return out


def load_wards(path: Path, problems: Problems) -> tuple[Ward, ...]:
    """Read wards.csv: the wards in official order (区コード, 区名)."""
    rows = read_table(path, WARD_COLUMNS, problems, inside=path.parent)
    wards: list[Ward] = []
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    for row in rows or []:
        code, name = row.text("区コード"), row.text("区名")
        if not code:
            problems.error(row.at("区コード"), "値が入力されていません (empty)")
        elif not WARD_CODE.fullmatch(code):
            problems.error(
                row.at("区コード"),
                f"区コードは全国地方公共団体コード（検査数字なしの半角数字5桁）です: {quote(code)} (not a ward code)",
            )
            code = ""
        elif code in codes:
            problems.error(row.at("区コード"), f"区コードが重複しています（{codes[code]}行目と同じ）")
        if not name:
            problems.error(row.at("区名"), "値が入力されていません (empty)")
        elif len(name) > MAX_WARD_NAME:
            problems.error(row.at("区名"), f"区名が長すぎます（{len(name)}文字、上限{MAX_WARD_NAME}文字）: {quote(name)}")
            name = ""
        elif name == CITYWIDE:
            problems.error(row.at("区名"), f"「{CITYWIDE}」は区名に使えません（全市の実績を表す予約語です）")
        elif name in names:
            problems.error(row.at("区名"), f"区名が重複しています（{names[name]}行目と同じ）")
        if code and name:
            codes.setdefault(code, row.number)
            names.setdefault(name, row.number)
            wards.append(Ward(code, name, len(wards) + 1))
    return tuple(wards)


def load_plan(data_dir: Path, problems: Problems) -> Plan | None:
    """Read ``plan.yaml`` and ``wards.csv`` from ``data_dir``; None when either is unusable."""
    path = data_dir / "plan.yaml"
    before = len(problems.errors)
    wards = load_wards(data_dir / "wards.csv", problems)
    raw = load_yaml(path, problems, inside=data_dir)
    if raw is None:
        return None
    r = _Reader(display_path(path), problems)
    root = r.mapping(raw, "$", "$")
    if root is None:
        return None
    name = r.text(root, "name", "$")
    city = r.text(root, "city", "$")
    period = r.get(root, "period", LineDict, "$")
    start = end = None
    if period is not None:
        r.mapping(period, "$.period", "period")
        start = r.whole(period, "start", "$.period", FIRST_YEAR, LAST_YEAR)
        end = r.whole(period, "end", "$.period", FIRST_YEAR, LAST_YEAR)
        if start is not None and end is not None and end < start:
            problems.error(r.at(period, "end", "$.period.end"), "取組期間の終わりが始まりより前です")
    min_resp = r.whole(root, "min_respondents", "$", 0, MAX_RESPONDENTS, required=False)
    phrases = _phrases(r, root)
    strategies = []
    strategy_numbers: dict[int, int] = {}
    seen_ids: dict[str, int | None] = {}
    for s_path, s_node in r.items(root, "strategies", "$", "strategy"):
        s_no = _unique(r, s_node, "number", r.whole(s_node, "number", s_path, 1, MAX_STRATEGY), s_path, strategy_numbers)
        directions = []
        direction_numbers: dict[int, int] = {}
        for d_path, d_node in r.items(s_node, "directions", s_path, "direction"):
            d_no = _unique(r, d_node, "number", r.whole(d_node, "number", d_path, 1, MAX_DIRECTION), d_path, direction_numbers)
            items = []
            letters: dict[str, int] = {}
            for i_path, i_node in r.items(d_node, "items", d_path, "item"):
                letter = r.text(i_node, "letter", i_path)
                if letter is not None and (len(letter) != 1 or letter not in LETTERS):
                    problems.error(r.at(i_node, "letter", f"{i_path}.letter"), f"letter は a〜z の1文字です: {quote(letter)}")
                    letter = None
                letter = _unique(r, i_node, "letter", letter, i_path, letters)
                indicators = []
                for n_path, n_node in r.items(i_node, "indicators", i_path, "indicator"):
                    indicator = _indicator(r, n_node, n_path, s_no, d_no, letter, min_resp, end)
                    if indicator is None:
                        continue
                    if indicator.id in seen_ids:
                        problems.error(
                            indicator.location,
                            f"指標ID「{indicator.id}」が重複しています（{seen_ids[indicator.id]}行目と同じ）",
                        )
                        continue
                    seen_ids[indicator.id] = indicator.location.row
                    indicators.append(indicator)
                if len(indicators) > MAX_INDICATORS:
                    problems.error(r.at(i_node, "indicators", f"{i_path}.indicators"), f"1つの項目の成果指標は{MAX_INDICATORS}までです（①〜㊿）: {len(indicators)}")
                title = r.text(i_node, "title", i_path)
                if letter and title:
                    items.append(Item(letter, title, tuple(indicators)))
            title = r.text(d_node, "title", d_path)
            if d_no is not None and title:
                directions.append(Direction(d_no, title, tuple(items)))
        title = r.text(s_node, "title", s_path)
        if s_no is not None and title:
            strategies.append(Strategy(s_no, title, tuple(directions)))
    if name is None or city is None or start is None or end is None or not wards or len(problems.errors) > before:
        return None  # a broken plan would make every row of the year's tables "unknown": its own errors say enough
    return Plan(name, city, start, end, min_resp, tuple(strategies), wards, phrases)


def _phrases(r: _Reader, root: LineDict) -> Phrases:
    """The plan's words for the sentences (``phrases``); each one left out keeps its neutral default."""
    node = r.get(root, "phrases", LineDict, "$", required=False)
    if node is None or r.mapping(node, "$.phrases", "phrases") is None:
        return Phrases()
    given = {key: r.text(node, key, "$.phrases", required=False) for key in KEYS["phrases"]}
    return Phrases(**{key: value for key, value in given.items() if value is not None})


def _unique(r: _Reader, node: LineDict, key: str, value: T | None, path: str, seen: dict[T, int]) -> T | None:
    """``value`` unless an earlier sibling has it (two strategies 1, two items ㋐): then an error and None."""
    if value is None:
        return None
    if value in seen:
        r.problems.error(r.at(node, key, f"{path}.{key}"), f"「{key}」の {quote(value)} が重複しています（{seen[value]}行目と同じ）")
        return None
    seen[value] = node.line_of(key)
    return value


def _indicator(
    r: _Reader,
    node: LineDict,
    path: str,
    strategy: int | None,
    direction: int | None,
    item: str | None,
    default_min: int | None,
    period_end: int | None,
) -> Indicator | None:
    ident = r.text(node, "id", path)
    wording = r.text(node, "wording", path)
    measure = r.text(node, "measure", path)
    counting = r.text(node, "counting", path)
    population = r.text(node, "population", path, required=False)
    goal = r.text(node, "goal", path, required=False)
    if measure is not None and measure not in MEASURES:
        r.problems.error(r.at(node, "measure", f"{path}.measure"), f"measure は {', '.join(MEASURES)} のいずれかです: {quote(measure)}")
    min_resp: int | None
    if "min_respondents" in node:
        min_resp = node["min_respondents"]
        if min_resp is not None and (isinstance(min_resp, bool) or not isinstance(min_resp, int) or not 0 <= min_resp <= MAX_RESPONDENTS):
            r.problems.error(r.at(node, "min_respondents", f"{path}.min_respondents"), f"0から{MAX_RESPONDENTS}までの整数か null です: {quote(min_resp)}")
            min_resp = None
    else:
        min_resp = default_min
    scale_max = r.number(node, "scale_max", path, required=False)
    if scale_max is not None and scale_max <= 0:
        r.problems.error(r.at(node, "scale_max", f"{path}.scale_max"), f"満点（scale_max）は0より大きい数です: {scale_max}")
        scale_max = None
    target_node = r.get(node, "target", LineDict, path)
    target = None
    if target_node is not None:
        t_path = f"{path}.target"
        r.mapping(target_node, t_path, "target")
        value = r.number(target_node, "value", t_path)
        unit = r.text(target_node, "unit", t_path)
        year = r.whole(target_node, "year", t_path, FIRST_YEAR, LAST_YEAR)
        if unit is not None and unit not in UNITS:
            r.problems.error(r.at(target_node, "unit", f"{t_path}.unit"), f"unit は {', '.join(UNITS)} のいずれかです: {quote(unit)}")
        if value is not None and value <= 0:
            r.problems.error(r.at(target_node, "value", f"{t_path}.value"), "目標値は0より大きい数です（進捗率 = 実績値 ÷ 目標値）")
            value = None
        if year is not None and period_end is not None and year > period_end:
            r.problems.error(r.at(target_node, "year", f"{t_path}.year"), f"目標年度が取組期間（〜{period_end}年度）の後です")
        if value is not None and unit is not None and year is not None:
            target = Target(value, unit, year)
    if (ident is None or wording is None or measure is None or counting is None or target is None
            or strategy is None or direction is None or item is None):
        return None
    return Indicator(
        id=ident,
        wording=wording,
        measure=measure,
        target=target,
        counting=counting,
        population=population,
        min_respondents=min_resp,
        scale_max=scale_max,
        strategy=strategy,
        direction=direction,
        item=item,
        location=r.at(node, "id", f"{path}.id"),
        goal=goal,
    )
