"""Small hand-made data folders for rule and error tests (a few wards, a few indicators)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DATA

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
    data = root / "data"
    data.mkdir(parents=True)
    shutil.copy(DATA / "rules.yaml", data / "rules.yaml")
    (data / "plan.yaml").write_text(PLAN.format(start=start, end=end, target=target), encoding="utf-8")
    (data / "wards.csv").write_text(
        "区コード,区名\n" + "".join(f"{i},{w}\n" for i, w in enumerate(WARDS, start=1)), encoding="utf-8"
    )
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


def three_years(rows: list[tuple[int, str]]) -> dict[int, dict[str, tuple[str, str]]]:
    """Nine (value, respondents) pairs → FY2015–2017 of the three wards, for random-data tests
    (respondents 120 makes a ward a reference value that year)."""
    return {
        year: {ward: (str(value), respondents) for ward, (value, respondents) in zip(WARDS, rows[n * 3 : n * 3 + 3], strict=True)}
        for n, year in enumerate((2015, 2016, 2017))
    }
