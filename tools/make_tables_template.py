"""Create templates/tables.xlsx, whose named cell styles every tables.xlsx build uses.

Run once by a developer (``.venv/bin/python tools/make_tables_template.py``); the city may then
change the named styles (font, borders, fill) in Excel and the next build follows them. The
renderer needs the style names listed in ``reportgen.render.xlsx.STYLES``.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils.indexed_list import IndexedList

ROOT = Path(__file__).resolve().parent.parent
MINCHO, GOTHIC = "BIZ UD明朝", "BIZ UDゴシック"
"""Morisawa's universal-design fonts: part of Windows 10 and later, and free (OFL) elsewhere."""


def main() -> None:
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    styles = [
        NamedStyle("表題", font=Font(name=GOTHIC, size=12, bold=True), alignment=Alignment(vertical="center")),
        NamedStyle("表見出し", font=Font(name=GOTHIC, size=9), border=box, fill=PatternFill("solid", fgColor="E7E6E6"),
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        NamedStyle("表本文", font=Font(name=MINCHO, size=9), border=box, alignment=Alignment(vertical="center", wrap_text=True)),
        NamedStyle("表数値", font=Font(name=MINCHO, size=9), border=box, alignment=Alignment(horizontal="right", vertical="center")),
        NamedStyle("注記", font=Font(name=MINCHO, size=9), alignment=Alignment(vertical="top", wrap_text=True)),
        NamedStyle("データ見出し", font=Font(name=GOTHIC, size=10, bold=True)),
    ]
    wb = Workbook()
    # The workbook's default font (the Normal style and font 0) is what data sheets are written in.
    default = Font(name=GOTHIC, size=10, family=3)
    wb._fonts = IndexedList([default])  # noqa: SLF001 - openpyxl has no public setter for font 0
    wb._named_styles["Normal"].font = default  # noqa: SLF001
    for style in styles:
        wb.add_named_style(style)
    ws = wb.active
    ws.title = "スタイル"
    for row, style in enumerate(styles, start=1):
        cell = ws.cell(row, 1, style.name)
        cell.style = style.name
    wb.properties.creator = ""
    wb.properties.title = "reportgen の表テンプレート（名前付きスタイル）"
    out = ROOT / "templates" / "tables.xlsx"
    wb.save(out)
    print(f"作成しました: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
