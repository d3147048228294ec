"""表1 and 表2 as print tables of the document model: merged headers, 参考 lines, ▲ and (…).

The figures come from the facts; this module only lays them out. Each cell keeps the raw number
and the printed text, plus an Excel number format that prints the same text from the number, so
the docx renderer writes the text and the xlsx renderer the number with its format.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from reportgen import jp
from reportgen.document import Cell, Paragraph, Table
from reportgen.document.grid import layout as grid_layout
from reportgen.jp import breaks
from reportgen.model import Plan
from reportgen.rules.evaluate import Counts, IndicatorFacts, YearFacts
from reportgen.rules.ruleset import RuleSet

COUNTED, WITH_REFERENCE, PREVIOUS, DIFFERENCE = "counted", "including_reference", "previous", "difference"
"""The 表2 groups (rules.yaml ``table2.groups``) the print layout places: upper line, 「参考：」 lower
line, previous year, 差引."""

STATED_PARTS = ("all_done", "partly_done", "not_done")
"""表1 columns printed under 「区運営方針に記載して取組」 (rules.yaml ``table1.columns``)."""

NOT_APPLICABLE = "―"
FORMAT_COUNT = "#,##0"
FORMAT_DIFFERENCE = '#,##0;"▲ "#,##0;0'
FORMAT_REFERENCE = '"参考："#,##0'
FORMAT_PARENTHESISED = '"("#,##0")"'
HEADER_BREAKS = {"必ずしも順調ではない": "必ずしも\n順調では\nない", "目標値を達成していない": "目標値を\n達成して\nいない"}
"""Where 表2's narrow column headers break (four characters a line), as the publication sets them."""


@dataclass(frozen=True)
class Layout:
    """What the print tables need besides the facts: labels, widths and the digit width."""

    target_text: Mapping[str, str]  # indicator id → 「H29年度までに50％以上」 (or ―)
    digit_width: jp.DigitWidth = "half"


HEADER_CHARACTER_CM = 0.29
"""The width of one full-width character of a table header (8 pt in templates/report.docx, 0.282 cm, and a little room)."""
CELL_MARGINS_CM = 0.2
"""A cell's left and right margins together (the template's table style: 0.1 cm each)."""


def set_headers(table: Table) -> Table:
    """``table`` with each header cell broken into lines that fit its columns (see jp.breaks):
    「うち／平成29年度／までの目標／値を達成」, never 「平成2／9年度」 or a lone last character."""
    grid = grid_layout(table)
    widths = list(table.widths) or [1.0] * table.columns
    rows: list[tuple[Cell, ...]] = []
    for r, row in enumerate(table.rows):
        if r >= table.header_rows:
            rows.append(row)
            continue
        starts = [c for c in range(table.columns) if grid[r][c].is_origin(r, c)]
        cells = []
        for cell, c in zip(row, starts, strict=True):
            capacity = (sum(widths[c : c + cell.colspan]) - CELL_MARGINS_CM) / HEADER_CHARACTER_CM
            cells.append(replace(cell, text=jp.header_lines(cell.text, capacity)))
        rows.append(tuple(cells))
    return replace(table, rows=tuple(rows))


def _header(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, None, rowspan, colspan, header=True)


def _number(value: int | None, kind: str, width: jp.DigitWidth) -> Cell:
    """A count cell: printed text and the number format that prints the same text in Excel."""
    if value is None:
        return Cell(NOT_APPLICABLE)
    plain = jp.to_width(jp.number(value), width)
    if kind == "difference":
        text = jp.to_width(jp.triangle(value), width) if value < 0 else plain
        return Cell(text, value, number_format=FORMAT_DIFFERENCE)
    if kind == "reference":
        return Cell(f"参考：{plain}", value, number_format=FORMAT_REFERENCE)
    if kind == "parenthesised":
        return Cell(f"({plain})", value, number_format=FORMAT_PARENTHESISED)
    return Cell(plain, value, number_format=FORMAT_COUNT)


def _label_cells(plan: Plan, layout: Layout, rows_of: Callable[[str], int]) -> dict[str, list[Cell]]:
    """The left-hand cells of each indicator's first row: direction and item merged down, wording."""
    out: dict[str, list[Cell]] = {}
    for strategy in plan.strategies:
        for direction in strategy.directions:
            direction_rows = sum(rows_of(i.id) for item in direction.items for i in item.indicators)
            first_in_direction = True
            for item in direction.items:
                item_rows = sum(rows_of(i.id) for i in item.indicators)
                for n, indicator in enumerate(item.indicators):
                    cells = []
                    if first_in_direction:
                        title = f"{jp.direction_marker(direction.number)}{direction.title}"
                        cells.append(Cell(jp.to_width(title, layout.digit_width), rowspan=direction_rows))
                        first_in_direction = False
                    if n == 0:
                        cells.append(Cell(f"{jp.item_marker(item.letter)}{item.title}", rowspan=item_rows))
                    wording = f"{indicator.wording}\n{layout.target_text[indicator.id]}"
                    cells.append(Cell(jp.to_width(wording, layout.digit_width), rowspan=rows_of(indicator.id)))
                    out[indicator.id] = cells
    return out


def _strategy_row(strategy_number: int, title: str, columns: int, width: jp.DigitWidth) -> tuple[Cell, ...]:
    # as the report's own headings and the publication's tables: 1「…」に向けて
    return (Cell(jp.to_width(f"{strategy_number}「{title}」に向けて", width), colspan=columns, header=True),)


def table1(rules: RuleSet, facts: YearFacts, plan: Plan, layout: Layout) -> Table:
    """表1 取組の実施状況: 項目 / 成果指標と目標値 / 件数 / 取組実績 (三段の見出し)."""
    labels = {c.name: c.label for c in rules.table1}
    order = [c.name for c in rules.table1]
    stated, parts = "stated", [n for n in order if n in STATED_PARTS]
    others = [n for n in order if n not in ("count", stated, *parts)]
    columns = 3 + len(order)
    header = (
        (_header("項目", 3, 2), _header("成果指標と目標値", 3), _header(labels["count"], 3), _header("取組実績", 1, len(order) - 1)),
        (_header(labels[stated], 1, 1 + len(parts)), *(_header(labels[n], 2) for n in others)),
        (_header("計"), *(_header(labels[n]) for n in parts)),
    )
    numbers = ["count", stated, *parts, *others]
    left = _label_cells(plan, layout, lambda _id: 1)
    by_id = {i.indicator.id: i for i in facts.indicators}
    body: list[tuple[Cell, ...]] = []
    for strategy in plan.strategies:
        body.append(_strategy_row(strategy.number, strategy.title, columns, layout.digit_width))
        for direction in strategy.directions:
            for item in direction.items:
                for indicator in item.indicators:
                    counts = by_id[indicator.id].table1
                    body.append((*left[indicator.id], *(_number(counts[n], "count", layout.digit_width) for n in numbers)))
    body.append((Cell("合計", colspan=3, header=True), *(_number(facts.table1_total[n], "count", layout.digit_width) for n in numbers)))
    # Widths in cm on A4 portrait (17 cm of text): 「区運営方針には記載していないが、別途取組」 is the
    # longest header over two rows, its column the widest; 件数 and 計 hold at most three digits.
    widths = (2.0, 2.4, 5.1, *([0.9, 0.9, 1.1, 1.1, 1.1, 1.5, 0.9] if len(order) == 7 else [1.2] * len(order)))
    return set_headers(Table("＜表1：取組の実施状況＞", (*header, *body), columns, header_rows=3, widths=widths))


def _has_lower_line(groups: Mapping[str, Counts | None]) -> bool:
    counted, everyone = groups.get(COUNTED), groups.get(WITH_REFERENCE)
    return counted is not None and everyone is not None and dict(counted) != dict(everyone)


def _table2_cells(groups: Mapping[str, Counts | None], names: Sequence[str], group: str, kind: str, width: jp.DigitWidth, rowspan: int) -> list[Cell]:
    counts = groups.get(group)
    cells = []
    for name in names:
        cell = _number(None if counts is None else counts[name], kind, width)
        cells.append(Cell(cell.text, cell.value, rowspan, 1, False, cell.number_format))
    return cells


def count_column_width(header: str, figure: str) -> float:
    """A count column's width in cm: its header's widest unbreakable run or its widest figure, whichever is wider."""
    need = max(max((breaks.atom_width(line) for line in header.split("\n")), default=0.0), breaks.text_width(figure))
    return math.ceil((need * HEADER_CHARACTER_CM + CELL_MARGINS_CM) * 100) / 100  # up: the run must fit


def table2(rules: RuleSet, facts: YearFacts, plan: Plan, layout: Layout, notes: Sequence[Paragraph] = ()) -> Table:
    """表2 成果目標値達成に向けた進捗状況: this year (with 「参考：」 lines), the previous year and 差引."""
    shown = rules.table2_shown(facts.final_year)
    labels = {c.name: c.label for c in shown}
    current = [c.name for c in shown]
    compared = [n for n in current if n != "count"]
    with_previous = facts.previous_year is not None
    target_year = max(i.indicator.target.year for i in facts.indicators)

    def label(name: str) -> str:
        # 「うち」 only beside 概ね順調, the column it is a part of. Lines break where the
        # publication breaks them (うち／平成29年度／までの目標／値を達成), never leaving one character alone.
        if name == "target_reached":
            part_of = "うち\n" if "on_track" in current else ""
            return f"{part_of}{jp.fiscal_year_label(target_year)}\nまでの目標\n値を達成"
        return HEADER_BREAKS.get(labels[name], labels[name])

    w = layout.digit_width
    this_year = jp.fiscal_year_label(facts.fiscal_year)
    # With a comparison the headers take three rows, as published: 「前年度との比較」 over the
    # previous year (without this year's reference values, ※5) and 差引; column names last.
    levels = 3 if with_previous else 2
    top = [_header("項目", levels, 2), _header("成果指標と目標値", levels), _header(jp.to_width(this_year, w), levels - 1, len(current))]
    names = [_header(jp.to_width(label(n), w)) for n in current]
    header: list[tuple[Cell, ...]] = []
    if with_previous:
        last_year = jp.fiscal_year_label(facts.fiscal_year - 1)
        top.append(_header("前年度との比較", 1, 2 * len(compared)))
        middle = (
            _header(jp.to_width(f"{last_year}\n※{this_year}結果が参考数値のものを除く", w), 1, len(compared)),
            _header(jp.to_width(f"差引（{this_year}－{last_year}）", w), 1, len(compared)),
        )
        names += [_header(jp.to_width(label(n), w)) for n in compared] * 2
        header = [tuple(top), middle, tuple(names)]
    else:
        header = [tuple(top), tuple(names)]
    columns = 3 + len(current) + (2 * len(compared) if with_previous else 0)

    by_id = {i.indicator.id: i for i in facts.indicators}
    lower = {i.indicator.id: _has_lower_line(i.table2) for i in facts.indicators}
    left = _label_cells(plan, layout, lambda ident: 2 if lower[ident] else 1)
    body: list[tuple[Cell, ...]] = []

    def rows(lead: list[Cell], groups: Mapping[str, Counts | None], item: IndicatorFacts | None) -> None:
        two = _has_lower_line(groups)
        kind = "parenthesised" if item is not None and item.counting.parenthesised else "count"
        span = 2 if two else 1
        first = [*lead, *_table2_cells(groups, current, COUNTED, kind, w, 1)]
        if with_previous:
            first += _table2_cells(groups, compared, PREVIOUS, kind, w, span)
            first += _table2_cells(groups, compared, DIFFERENCE, "difference" if kind == "count" else kind, w, span)
        body.append(tuple(first))
        if two:
            body.append(tuple(_table2_cells(groups, current, WITH_REFERENCE, "reference", w, 1)))

    for strategy in plan.strategies:
        body.append(_strategy_row(strategy.number, strategy.title, columns, w))
        for direction in strategy.directions:
            for item in direction.items:
                for indicator in item.indicators:
                    facts_of = by_id[indicator.id]
                    rows(left[indicator.id], facts_of.table2, facts_of)
    total_span = 2 if _has_lower_line(facts.table2_total) else 1
    rows([Cell("合計", rowspan=total_span, colspan=3, header=True)], facts.table2_total, None)
    # Widths in cm on A4 landscape (25.7 cm of text): each count column as wide as its header's widest
    # unbreakable run (「平成29年度」: 5.5 characters with the space around 29) or its widest figure
    # (「参考：337」), in 8 pt characters plus the cell margins; 成果指標 takes the rest.
    figures = [c.text for row in body for c in row if c.value is not None and not c.header]
    widest = max(figures, key=breaks.text_width, default="")
    count_widths = [count_column_width(cell.text, widest) for cell in header[-1][-(columns - 3):]]
    widths = (1.4, 1.9, max(25.7 - 3.3 - sum(count_widths), 4.0), *count_widths)
    caption = "＜表2：成果目標値達成に向けた進捗状況＞"
    if notes:  # the publication heads the notes: （「表２：…」についての注記）
        notes = (Paragraph(f"（「{caption.strip('＜＞')}」についての注記）", "label", (), "generated:table2.notes_heading"), *notes)
    return set_headers(Table(caption, (*header, *body), columns, header_rows=levels, widths=widths, notes=tuple(notes), landscape=True))
