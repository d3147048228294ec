"""tables.xlsx for the city website: cover, contents, notes, print sheets 表1/表2 and data sheets.

Everything comes from the document: the front sheets from its title, date and ``about``, print
sheets from its tables (render/xlsx_print.py), data sheets from its data tables
(render/xlsx_data.py). Print sheets are the tables as the city prints them; data sheets follow
総務省's 統一ルール and the Analysis Function's spreadsheet guidance (render/xlsx_cover.py says so
on the cover). No text cell is ever a formula. Styles are the named styles of
``templates/tables.xlsx``. Imports nothing from the rules or loaders.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from functools import partial

from openpyxl.workbook.views import BookView
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from reportgen.document import About, Chart, Document, Table
from reportgen.render import xlsx_charts, xlsx_cover
from reportgen.render.template_check import open_xlsx
from reportgen.render.xlsx_cells import plain_cell, put
from reportgen.render.xlsx_data import data_sheet, ignore_number_as_text
from reportgen.render.xlsx_print import print_sheet
from reportgen.render.xmltext import check_text
from reportgen.render.zipfix import normalise_zip

__all__ = ["STYLES", "plain_cell", "print_tables", "put", "render_xlsx"]

STYLES = ("表題", "表見出し", "表本文", "表数値", "注記", "データ見出し")
"""Named styles the template must define (the city may change them, not rename them)."""


def _template(template: bytes, name: str) -> Workbook:
    """The template's workbook (checked in render/template_check.py) without its sheets: only its styles are used."""
    wb = open_xlsx(template, name, STYLES)
    for sheet in [*wb.worksheets, *wb.chartsheets]:  # a chart sheet would be left pointing at nothing
        wb.remove(sheet)  # type: ignore[arg-type]  # openpyxl's stubs type worksheets as _WorkbookChild here
    # The template's window (size, position, tabs) belonged to its sheets; openpyxl copies any
    # number there, so an out-of-range one (windowWidth="1e20") made a workbook no reader opens.
    wb.views = [BookView()]
    return wb


def print_tables(document: Document) -> dict[str, Table]:
    """The document's tables by sheet name: 表1, 表2, … in reading order."""
    tables = (block for block in document.blocks if isinstance(block, Table))
    return {f"表{n}": table for n, table in enumerate(tables, start=1)}


DESCRIBED_IN = "columns"
"""The data table (csv/columns.csv) that describes every column and its unit."""


def _lead(document: Document, refers: tuple[str, ...], about: About) -> str:
    """A data sheet's line under its title: one table here, where its units and notes are (gptables' instructions)."""
    text = "このシートには表が1つあります（見出しは3行目）。"
    described = next((d.sheet or d.name for d in document.data if d.name == DESCRIBED_IN), None)
    if described:
        text += f"列の説明と単位はシート「{described}」にあります。"
    marks = [m for m in refers if any(n.mark == m for n in about.notes)]
    if marks:
        text += f"注記{'・'.join(marks)}はシート「{xlsx_cover.NOTES}」にあります。"
    return text


def _workbook(document: Document, wb: Workbook) -> tuple[dict[Worksheet, str], list[str]]:
    """Fill ``wb``; returns each sheet with codes stored as text and their range, and the charts' text alternatives."""
    about = document.about or About(period="", source="")
    front = xlsx_cover.front_sheets(wb, bool(about.notes))
    entries = [
        xlsx_cover.SheetEntry(xlsx_cover.COVER, "このブックの説明（対象期間、出典、公表日、問い合わせ先、各シートの内容）"),
        xlsx_cover.SheetEntry(xlsx_cover.CONTENTS, "各シートへのリンクと内容の一覧"),
    ]
    if about.notes:
        entries.append(xlsx_cover.SheetEntry(xlsx_cover.NOTES, f"表の注記（{about.notes[0].mark}〜{about.notes[-1].mark}）"))
    for name, table in print_tables(document).items():
        pages = print_sheet(wb, name, table)
        caption = table.caption.strip("＜＞")
        entries.append(xlsx_cover.SheetEntry(name, f"{caption}（印刷用。公表資料のとおりの表、A4横{pages}ページ）"))
    codes: dict[Worksheet, str] = {}
    users = []
    for data in document.data:
        ws = wb.create_sheet(data.sheet or data.name)
        found = data_sheet(ws, data, _lead(document, data.refers, about))
        if found:
            codes[ws] = found
        entries.append(xlsx_cover.SheetEntry(ws.title, f"{data.title}（データ。{data.summary}）" if data.summary else data.title))
        if data.refers:
            users.append(f"「{ws.title}」")
    charts = [b for b in document.blocks if isinstance(b, Chart)]
    described = xlsx_charts.chart_sheet(wb, charts, document.words)
    if charts:
        entries.append(xlsx_cover.SheetEntry(xlsx_charts.SHEET, document.words.sheet_entry))  # templates/sentences/web/sheet/entry.j2
    xlsx_cover.cover(front[0], document, about, entries[1:])
    xlsx_cover.contents(front[1], [e for e in entries if e.sheet != xlsx_cover.CONTENTS])
    if about.notes:
        prints = "・".join(f"「{n}」" for n, table in print_tables(document).items() if table.notes)
        xlsx_cover.notes(front[2], about, "シート" + "・".join(x for x in (prints, *users) if x))
    return codes, described


def render_xlsx(document: Document, template: bytes, template_name: str = "templates/tables.xlsx") -> bytes:
    """The workbook as bytes: 表紙, 目次, 注記, print sheets (表1, 表2, …), then data sheets; same input, same bytes."""
    prints = print_tables(document)
    title = f"{document.title}（表）"
    check_text((title, document.author, prints, document.data, document.about), "tables.xlsx")
    wb = _template(template, template_name)
    codes, described = _workbook(document, wb)
    wb.active = 0
    # openpyxl writes a naive time as UTC (…Z); the day's midnight, as in report.docx.
    stamp = document.date.moment.replace(tzinfo=None)
    props = wb.properties
    props.title, props.creator, props.lastModifiedBy = title, document.author, document.author
    props.created = props.modified = stamp
    props.language = document.language
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # compressed once, by normalise_zip
        ExcelWriter(wb, archive).save()  # openpyxl's save_workbook would stamp the current time
    patches: dict[str, Callable[[bytes], bytes]] = {
        ws.path.lstrip("/"): partial(ignore_number_as_text, sqref=sqref) for ws, sqref in codes.items()}
    if described:  # the one sheet with drawings: グラフ
        patches["xl/drawings/drawing1.xml"] = partial(xlsx_charts.describe_drawing, descriptions=described)
    return normalise_zip(out.getvalue(), document.date.day, patches)
