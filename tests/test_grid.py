"""The grid: spans placed once, every slot covered by exactly one cell."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.document import Cell, Table
from reportgen.document.grid import GridError, layout, merges


@st.composite
def tables(draw: st.DrawFn) -> tuple[Table, list[tuple[int, int, int, int]]]:
    """A random partition of a grid into rectangles, listed as a Table's rows."""
    height, width = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    owner = [[-1] * width for _ in range(height)]
    rects: list[tuple[int, int, int, int]] = []
    for r in range(height):
        for c in range(width):
            if owner[r][c] != -1:
                continue
            max_w = 1
            while c + max_w < width and owner[r][c + max_w] == -1:
                max_w += 1
            w = draw(st.integers(1, max_w))
            h = draw(st.integers(1, height - r))
            # shrink h until the rectangle is free
            while any(owner[rr][cc] != -1 for rr in range(r, r + h) for cc in range(c, c + w)):
                h -= 1
            for rr in range(r, r + h):
                for cc in range(c, c + w):
                    owner[rr][cc] = len(rects)
            rects.append((r, c, h, w))
    rows = [[] for _ in range(height)]
    for n, (r, c, h, w) in enumerate(rects):
        rows[r].append((c, Cell(str(n), rowspan=h, colspan=w)))
    table = Table("t", tuple(tuple(cell for _, cell in sorted(row, key=lambda x: x[0])) for row in rows), width)
    return table, rects


@given(tables())
def test_every_slot_is_covered_by_the_cell_drawn_there(case) -> None:
    table, rects = case
    grid = layout(table)
    for n, (r, c, h, w) in enumerate(rects):
        for rr in range(r, r + h):
            for cc in range(c, c + w):
                slot = grid[rr][cc]
                assert slot.cell.text == str(n) and (slot.row, slot.column) == (r, c)
    spans = {(r, c, r + h - 1, c + w - 1) for r, c, h, w in rects if h > 1 or w > 1}
    assert set(merges(table, grid)) == spans


def test_overlap_and_short_rows_are_refused() -> None:
    overlap = Table("t", ((Cell("a", rowspan=2), Cell("b")), (Cell("c", colspan=2),)), 2)
    with pytest.raises(GridError, match="outside|twice"):
        layout(overlap)
    short = Table("t", ((Cell("a"),), (Cell("b"), Cell("c"))), 2)
    with pytest.raises(GridError, match="not filled"):
        layout(short)
