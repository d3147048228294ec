"""The plan's last year (目標年度): 表2 shows reached / not reached, not 概ね順調 twice over."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario import make_data, three_years

from reportgen.build import TEMPLATES, compose_edition
from reportgen.document.nodes import Table
from reportgen.errors import Problems
from reportgen.rules.ruleset import load_rules


def _table2(data: Path, year: int) -> tuple[Table, list[str]]:
    edition, _ = compose_edition(data, year, TEMPLATES)
    table = next(b for b in edition.document.blocks if isinstance(b, Table) and "表2" in b.caption)
    return table, [p.text for p in table.notes]


def _header_texts(table: Table) -> list[str]:
    return [c.text.replace("\n", "") for row in table.rows[: table.header_rows] for c in row]


PREVIOUS = {"東区": ("30", "500"), "西区": ("30", "500"), "南区": ("30", "500")}


def test_the_final_year_shows_reached_and_not_reached_and_says_why(tmp_path: Path) -> None:
    # 西区 at 49.99 of 50 is 100.0％ rounded: 概ね順調 by the rate, yet it did not reach the target
    values = {"東区": ("55", "500"), "西区": ("49.99", "500"), "南区": ("52", "120")}
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: PREVIOUS, 2017: values})
    table, notes = _table2(data, 2017)
    headers = _header_texts(table)
    assert "概ね順調" not in headers and "必ずしも順調ではない" not in headers
    assert headers.count("平成29年度までの目標値を達成") == 3  # this year, the previous year, 差引
    assert headers.count("目標値を達成していない") == 3
    assert not any(h.startswith("うち") for h in headers)
    body = [[c.text for c in row] for row in table.rows[table.header_rows:]]
    first = next(row for row in body if any(c.startswith("割合の指標") for c in row))  # its counted line
    # counted: 東区 reached, 西区 not (although its rounded rate is 100.0％); 3 columns this year, then 2 + 2
    assert first[-7:-4] == ["2", "1", "1"], first
    text = "\n".join(notes)
    assert "最終年度であるため" in text and "表2には示していません" in text
    assert "・平成29年度までの目標値を達成 … 実績が成果目標値以上" in text
    assert "進捗率が100％以上" not in text


def test_other_years_keep_on_track_and_the_part_reached() -> None:
    table, notes = _table2(DATA, 2016)
    headers = _header_texts(table)
    assert "概ね順調" in headers and "うち平成29年度までの目標値を達成" in headers
    assert "目標値を達成していない" not in headers
    assert any("進捗率が66.7％以上" in n for n in notes)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(st.integers(min_value=0, max_value=80), st.sampled_from(["500", "500", "120"])), min_size=9, max_size=9))
def test_in_the_final_year_reached_and_not_reached_add_up_to_the_count(tmp_path_factory, rows: list[tuple[int, str]]) -> None:
    data = make_data(tmp_path_factory.mktemp("final"), years=three_years(rows))
    edition, _ = compose_edition(data, 2017, TEMPLATES)
    for item in edition.facts.indicators:
        for group in ("counted", "including_reference", "previous"):
            counts = item.table2[group]
            if counts is None or counts["target_reached"] is None:
                continue
            assert counts["target_reached"] + counts["not_reached"] == counts["count"], (item.indicator.id, group, dict(counts))


@pytest.mark.parametrize(
    ("shown", "message"),
    [
        ("  shown:\n    final_year: [count, target_reachd]\n", "「target_reached」の書き間違い"),
        ("  shown:\n    final_year: [count, count]\n", "同じ列が2回"),
        ("  shown:\n    last_year: [count]\n", "知らない項目「last_year」"),
        ("  shown: count\n", "other_years・final_year"),
    ],
)
def test_a_wrong_shown_list_is_an_error_at_its_line(tmp_path: Path, shown: str, message: str) -> None:
    text = (DATA / "rules.yaml").read_text(encoding="utf-8")
    start = text.index("  shown:\n")
    end = text.index("\n  ", text.index("final_year:", start)) + 1
    (tmp_path / "rules.yaml").write_text(text[:start] + shown + text[end:], encoding="utf-8")
    problems = Problems()
    assert load_rules(tmp_path / "rules.yaml", problems) is None
    line = text[:start].count("\n") + 1
    assert any(message in e.message and e.location.row in (line, line + 1) for e in problems.errors), [str(e) for e in problems.errors]


def test_rules_without_shown_print_every_column() -> None:
    problems = Problems()
    rules = load_rules(DATA / "rules.yaml", problems)
    assert rules is not None
    assert [c.name for c in rules.table2_shown(True)] == ["count", "target_reached", "not_reached"]
    bare = type(rules)(rules.statuses, rules.year_facts, rules.unit_facts, rules.counting, rules.table1, rules.table2, rules.groups)
    assert bare.table2_shown(True) == rules.table2 == bare.table2_shown(False)
