"""Helpers for the intake and import tests: workbooks written once, filled in as a ward would (openpyxl)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DATA
from openpyxl import load_workbook

from reportgen.intake import layout


def data_without_year(root: Path, year: int = 2016, source: Path = DATA) -> Path:
    """A copy of ``source`` whose ``year`` has no results.csv / implementation.csv (the year to import)."""
    target = root / "data"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("reconstruction"))
    for name in ("results.csv", "implementation.csv"):
        (target / str(year) / name).unlink()
    return target


def fill(path: Path, cells: dict[str, object], *, sheet: str = layout.FORM) -> None:
    """Type ``cells`` (``{"E8": 45.2}``) into the workbook's sheet and save it, as a ward clerk's Excel would."""
    wb = load_workbook(path)
    ws = wb[sheet]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)


def row_of(indicator_id: str, ids: list[str]) -> int:
    """The form row of ``indicator_id`` (in a ward's workbook, every indicator in plan order)."""
    return layout.FIRST_ROW + ids.index(indicator_id)
