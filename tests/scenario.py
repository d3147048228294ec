"""Data folders for rule, sentence and error tests: a small hand-made plan, and random plans of any shape."""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from conftest import DATA
from hypothesis import strategies as st

from reportgen.document import Document, Paragraph

PLAN = """\
name: テスト方針
city: テスト市
period: {{start: {start}, end: {end}}}
min_respondents: 400
strategies:
  - number: 1
    title: 戦略
    directions:
      - number: 1
        title: 方向性
        items:
          - letter: a
            title: 項目
            indicators:
              - id: "1.1.a"
                wording: 割合の指標
                measure: survey
                target: {{value: {target}, unit: "％", year: {end}}}
                counting: per_ward
              - id: "1.1.b"
                wording: 創出件数
                measure: count
                target: {{value: 1, unit: 件, year: {end}}}
                counting: cumulative
              - id: "1.1.c"
                wording: 仕組みの立ち上げ
                measure: milestone
                target: {{value: 1, unit: milestone, year: {start}}}
                counting: citywide
"""

WARDS = ["東区", "西区", "南区"]


def make_data(
    root: Path,
    *,
    start: int = 2015,
    end: int = 2017,
    target: str = "50",
    years: dict[int, dict[str, tuple[str, str]]],
) -> Path:
    """Write a data folder: ``years[year][ward] = (value of 1.1.a, respondents)``.

    1.1.b (cumulative) gets 1 creation for the first ward each year; 1.1.c (city-wide) is done.
    """
    data = _folder(root, PLAN.format(start=start, end=end, target=target), WARDS)
    for year, values in years.items():
        folder = data / str(year)
        folder.mkdir()
        lines = ["区,指標ID,実績値,回答者数,定義どおり測定"]
        for ward in WARDS:
            if ward in values:
                value, respondents = values[ward]
                lines.append(f"{ward},1.1.a,{value},{respondents},はい")
        for n, ward in enumerate(WARDS):
            lines.append(f"{ward},1.1.b,{1 if n == 0 else 0},,はい")
        lines.append("全市,1.1.c,1,,はい")
        (folder / "results.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        impl = ["区,指標ID,取組状況"] + [f"{w},{i},すべて実施" for w in WARDS for i in ("1.1.a", "1.1.b", "1.1.c")]
        (folder / "implementation.csv").write_text("\n".join(impl) + "\n", encoding="utf-8")
    return data


def _folder(root: Path, plan: str, wards: list[str]) -> Path:
    """A data folder holding ``plan`` as plan.yaml, the wards and data/'s rules.yaml."""
    data = root / "data"
    data.mkdir(parents=True)
    shutil.copy(DATA / "rules.yaml", data / "rules.yaml")
    (data / "plan.yaml").write_text(plan, encoding="utf-8")
    (data / "wards.csv").write_text(
        "区コード,区名\n" + "".join(f"{i},{w}\n" for i, w in enumerate(wards, start=1)), encoding="utf-8"
    )
    return data


def three_years(rows: list[tuple[int, str]]) -> dict[int, dict[str, tuple[str, str]]]:
    """Nine (value, respondents) pairs → FY2015–2017 of the three wards, for random-data tests
    (respondents 120 makes a ward a reference value that year)."""
    return {
        year: {ward: (str(value), respondents) for ward, (value, respondents) in zip(WARDS, rows[n * 3 : n * 3 + 3], strict=True)}
        for n, year in enumerate((2015, 2016, 2017))
    }


# -- random plans: any period, any number of wards, every measure and counting mode ------------

KINDS = {
    # kind: (measure, counting, unit, target, extra plan.yaml lines)
    "survey": ("survey", "per_ward", "％", 50, ""),
    "survey_own_minimum": ("survey", "per_ward", "％", 60, "min_respondents: {minimum}"),
    "inspection": ("inspection", "per_ward", "点", 4, "scale_max: 5"),
    "count": ("count", "per_ward", "件", 10, ""),
    "cumulative": ("count", "cumulative", "件", 2, "goal: 活動を生み出す"),
    "milestone": ("milestone", "per_ward", "milestone", 1, ""),
    "citywide": ("milestone", "citywide", "milestone", 1, ""),
}
"""Every measure (survey, inspection, count, milestone) under every counting mode the rules define."""

WARD_NAMES = [f"{c}野区" for c in "青赤白黒金銀緑紫桃栗杉松梅竹菊藤桐柏楓桜椿萩蓮葵菫芦葦蘭茜橘"]
"""Thirty made-up ward names: no digit in them, so a sentence's 「N区」 is always a count."""


def ward_names(count: int) -> list[str]:
    """``count`` made-up ward names (up to 900): :data:`WARD_NAMES`, then two-character names 「青赤区」 …, none with a digit."""
    marks = "青赤白黒金銀緑紫桃栗杉松梅竹菊藤桐柏楓桜椿萩蓮葵菫芦葦蘭茜橘"
    more = [f"{a}{b}区" for a in marks for b in marks if a != b]
    return (WARD_NAMES + more)[:count]


@dataclass(frozen=True)
class RandomPlan:
    """A plan of any shape and its yearly results: ``rows[year][ward][indicator] = (value, respondents, as defined)``."""

    start: int
    end: int
    year: int
    wards: list[str]
    kinds: list[str]
    minimums: list[int]
    rows: dict[int, dict[str, list[tuple[str, int, bool]]]]

    def indicator_ids(self) -> list[str]:
        """One item per indicator: 1.1.a, 1.1.b, … (a new direction after 26)."""
        return [f"1.{n // 26 + 1}.{'abcdefghijklmnopqrstuvwxyz'[n % 26]}" for n in range(len(self.kinds))]

    def plan_yaml(self) -> str:
        lines = [
            "name: 無作為の計画", "city: 無作為市", f"period: {{start: {self.start}, end: {self.end}}}", "min_respondents: 300",
            "strategies:", "  - number: 1", "    title: 戦略", "    directions:",
        ]
        for n, (ident, kind) in enumerate(zip(self.indicator_ids(), self.kinds, strict=True)):
            measure, counting, unit, target, extra = KINDS[kind]
            if n % 26 == 0:
                lines += [f"      - number: {n // 26 + 1}", "        title: 方向性", "        items:"]
            year = self.start if counting == "citywide" else self.end
            lines += [
                f"          - letter: {ident[-1]}", f"            title: {kind}の項目{n}", "            indicators:",
                f'              - id: "{ident}"', f"                wording: {kind}の指標{n}", f"                measure: {measure}",
                f'                target: {{value: {target}, unit: "{unit}", year: {year}}}', f"                counting: {counting}",
            ]
            if extra:
                lines.append("                " + extra.format(minimum=self.minimums[n]))
        return "\n".join(lines) + "\n"

    def write(self, root: Path) -> Path:
        """The data folder of this plan with every year's results from its first year to :attr:`year`."""
        data = _folder(root, self.plan_yaml(), self.wards)
        ids = self.indicator_ids()
        for year, by_ward in self.rows.items():
            folder = data / str(year)
            folder.mkdir()
            results, implementation = ["区,指標ID,実績値,回答者数,定義どおり測定"], ["区,指標ID,取組状況"]
            for n, (ident, kind) in enumerate(zip(ids, self.kinds, strict=True)):
                for w, ward in enumerate(self.wards):
                    value, respondents, defined = by_ward[ward][n]
                    implementation.append(f"{ward},{ident},{('すべて実施', '一部実施', '別途取組', '取組なし')[respondents % 4]}")
                    if kind == "citywide":
                        if w == 0:
                            results.append(f"全市,{ident},{value},,はい")
                        continue
                    counted = respondents if KINDS[kind][0] == "survey" else ""
                    results.append(f"{ward},{ident},{value},{counted},{'はい' if defined else 'いいえ'}")
            (folder / "results.csv").write_text("\n".join(results) + "\n", encoding="utf-8")
            (folder / "implementation.csv").write_text("\n".join(implementation) + "\n", encoding="utf-8")
        return data


def _value(kind: str, rng: random.Random) -> str:
    """A result of ``kind`` anywhere from nothing to past the target."""
    if kind == "inspection":
        return f"{rng.randint(0, 50) / 10:.1f}"
    high = {"survey": 100, "survey_own_minimum": 100, "count": 15, "cumulative": 2}.get(kind, 1)
    return str(rng.randint(0, high))


@st.composite
def random_plans(draw: st.DrawFn, max_wards: int = 30, min_wards: int = 3) -> RandomPlan:
    """A plan of 3–6 years starting 2015–2022 (平成 and 令和, 令和元年度), ``min_wards``–``max_wards`` wards and one
    indicator of every kind (some twice), with results that make some wards reference values (too few
    respondents for the plan's or the indicator's own minimum, or not measured as defined)."""
    start = draw(st.integers(2015, 2022))
    end = start + draw(st.integers(2, 5))
    year = draw(st.integers(start, end))
    wards = ward_names(draw(st.integers(min_wards, max_wards)))
    kinds = list(KINDS) + draw(st.lists(st.sampled_from(list(KINDS)), max_size=3))
    minimums = [draw(st.sampled_from([100, 200, 300, 400])) for _ in kinds]
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))  # the values themselves: many, so from one seed
    rows = {
        y: {ward: [(_value(k, rng), rng.choice([80, 150, 250, 350, 500, 500, 500]), rng.random() > 0.1) for k in kinds] for ward in wards}
        for y in range(start, year + 1)
    }
    return RandomPlan(start, end, year, wards, kinds, minimums, rows)


def achievement_blocks(document: Document) -> list[list[str]]:
    """The paragraphs of every 【達成状況】 block, in document order."""
    blocks, current = [], None
    for block in document.blocks:
        if isinstance(block, Paragraph) and block.style == "label":
            current = [] if block.text == "【達成状況】" else None
            if current is not None:
                blocks.append(current)
        elif isinstance(block, Paragraph) and block.style == "marker":
            current = None
        elif current is not None and isinstance(block, Paragraph):
            current.append(block.text)
    return blocks
