"""Row and column spans → a grid of slots, computed once and shared by every table renderer.

As pandoc's GridTable does, a :class:`~reportgen.document.nodes.Table` lists only the cells that
start in each row; :func:`layout` places them on a rectangular grid where every slot is covered by
exactly one cell. The docx renderer reads ``gridSpan``/``vMerge`` from it, the xlsx renderer its
merged ranges, so neither re-derives the merges.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.document.nodes import Cell, Table


@dataclass(frozen=True, slots=True)
class Slot:
    """One grid position: the cell covering it and where that cell starts."""

    cell: Cell
    row: int  # the cell's first row
    column: int  # the cell's first column

    def is_origin(self, row: int, column: int) -> bool:
        """True at the cell's top-left slot."""
        return self.row == row and self.column == column


class GridError(ValueError):
    """A table whose spans overlap, overrun its width or leave a slot empty (a composer bug)."""


def layout(table: Table) -> list[list[Slot]]:
    """Place every cell of ``table``; raise :class:`GridError` unless each slot is covered once."""
    height, width = len(table.rows), table.columns
    grid: list[list[Slot | None]] = [[None] * width for _ in range(height)]
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while c < width and grid[r][c] is not None:
                c += 1
            if cell.rowspan < 1 or cell.colspan < 1:
                raise GridError(f"{table.caption}: row {r}: span below 1")
            if c + cell.colspan > width or r + cell.rowspan > height:
                raise GridError(f"{table.caption}: row {r}, column {c}: span runs outside the table")
            slot = Slot(cell, r, c)
            for rr in range(r, r + cell.rowspan):
                for cc in range(c, c + cell.colspan):
                    if grid[rr][cc] is not None:
                        raise GridError(f"{table.caption}: row {rr}, column {cc} is covered twice")
                    grid[rr][cc] = slot
            c += cell.colspan
    for r, row_slots in enumerate(grid):
        if any(s is None for s in row_slots):
            raise GridError(f"{table.caption}: row {r} is not filled to {width} columns")
    return grid  # type: ignore[return-value]


def merges(table: Table, grid: list[list[Slot]] | None = None) -> list[tuple[int, int, int, int]]:
    """Every spanning cell as (first row, first column, last row, last column), zero-based."""
    grid = grid if grid is not None else layout(table)
    out = []
    for r, row in enumerate(grid):
        for c, slot in enumerate(row):
            cell = slot.cell
            if slot.is_origin(r, c) and (cell.rowspan > 1 or cell.colspan > 1):
                out.append((r, c, r + cell.rowspan - 1, c + cell.colspan - 1))
    return out
