"""表1 and 表2 of the FY2016 build against every cell of the published report (330 cells)."""

from __future__ import annotations

from pathlib import Path

from conftest import read_csv, read_table

TABLE1_HEADER = [
    "指標ID", "成果指標", "件数", "区運営方針に記載して取組", "記載した取組をすべて実施",
    "記載した取組の一部を実施", "記載した取組を実施せず", "区運営方針には記載していないが、別途取組", "取組なし",
]
TABLE2_HEADER = ["指標ID", "成果指標", "集計区分", "件数", "概ね順調", "うち目標値を達成", "必ずしも順調ではない", "目標値を達成していない"]
GROUPS = {"fy2016": "件数カウント対象", "reference_fy2016": "参考数値を含む", "fy2015": "前年度", "difference": "差引"}


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def _compare(built: dict[int, Path], expected: dict) -> tuple[int, list[str]]:
    matched, mismatches = 0, []
    table1 = read_table(built[2016] / "csv" / "table1.csv")
    assert table1[0] == TABLE1_HEADER
    rows1 = {row[0]: row[2:] for row in table1[1:]}
    for key, values in expected["table1"].items():
        ident = "合計" if key == "total" else key
        for column, want in zip(expected["table1_columns"], values, strict=True):
            got = rows1[ident][expected["table1_columns"].index(column)]
            if got == _cell(want):
                matched += 1
            else:
                mismatches.append(f"表1 {ident} {column}: {got!r} != {want!r}")
    table2 = read_table(built[2016] / "csv" / "table2.csv")
    assert table2[0] == TABLE2_HEADER
    rows2 = {(row[0], row[2]): row[3:] for row in table2[1:]}
    for key, blocks in expected["table2"].items():
        ident = "合計" if key == "total" else key
        for block, values in blocks.items():
            if block not in GROUPS:
                continue
            row = rows2[(ident, GROUPS[block])]
            cells = row if len(values) == 4 else row[1:]  # fy2015 and difference have no 件数
            for index, want in enumerate(values):
                if cells[index] == _cell(want):
                    matched += 1
                else:
                    mismatches.append(f"表2 {ident} {GROUPS[block]} {TABLE2_HEADER[3 + index + 4 - len(values)]}: {cells[index]!r} != {want!r}")
    return matched, mismatches


def test_every_published_cell_matches(built: dict[int, Path], expected: dict) -> None:
    matched, mismatches = _compare(built, expected)
    assert mismatches == []
    assert matched == 330


def test_parenthesised_rows_are_outside_the_total(built: dict[int, Path], expected: dict) -> None:
    rows = {(r[0], r[2]): r[3:] for r in read_table(built[2016] / "csv" / "table2.csv")[1:]}
    counted = [rows[(i, "件数カウント対象")] for i in expected["indicators"]]
    total = rows[("合計", "件数カウント対象")]
    in_total = [r for i, r in zip(expected["indicators"], counted, strict=True) if i not in ("1.3.b", "1.3.c")]
    assert int(total[0]) == sum(int(r[0]) for r in in_total)
    assert rows[("1.3.b", "件数カウント対象")][1] == ""  # ― : not rated


def test_fy2015_is_year_one_without_comparison(built: dict[int, Path]) -> None:
    rows = read_table(built[2015] / "csv" / "table2.csv")
    previous = [r for r in rows[1:] if r[2] in ("前年度", "差引")]
    assert previous and all(cell == "" for r in previous for cell in r[3:])
    wards = read_csv(built[2015] / "csv" / "ward_results.csv")
    assert {r[0] for r in wards[1:]} == {"2015"}
