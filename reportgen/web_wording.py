"""The web edition's and the グラフ sheet's fixed words (見出し・リンク・表題・説明・セルの言葉・注) from templates.

The words around the web pages' figures are an editor's, as the chart wording is: they live in
``templates/sentences/web/`` and are read, sandboxed and checked on loading exactly as the chart
templates (:class:`~reportgen.chart_wording.TemplateWording`). :func:`edition_words` writes them
for a document into :class:`~reportgen.document.EditionWords`, which the writers only escape and place.
"""

from __future__ import annotations

from dataclasses import replace

from reportgen.chart_wording import TemplateWording
from reportgen.document import Chart, Document, EditionWords, Paragraph, Table, WardWords
from reportgen.render.html_wards import (
    HEAD_COLUMNS,
    TABLE2,
    WARD_COLUMNS,
    WARD_TABLE,
    records,
    wards,
    year_label,
)
from reportgen.render.xlsx_charts import SHEET

FOLDER = "web"
"""The web templates' folder inside the sentence templates' folder."""
_PAGE = ("ward", "subtitle", "title", "author")
TEMPLATES: dict[str, tuple[str, ...]] = {
    "page/skip": (),
    "page/back": ("title",),
    "index/data": (),
    "index/wards": (),
    "index/no_wards": (),
    "ward/title": _PAGE,
    "ward/lead": _PAGE,
    "ward/caption": ("ward",),
    "ward/previous": ("ward", "year"),
    "ward/results": (),
    "ward/chart": (),
    "ward/city": (),
    "ward/city_caption": ("group",),
    "ward/columns/id": (),
    "ward/columns/indicator": (),
    "ward/columns/result": (),
    "ward/columns/unit": (),
    "ward/columns/target": (),
    "ward/columns/rate": (),
    "ward/columns/status": (),
    "ward/columns/reference": (),
    "cell/none": (),
    "cell/reference": (),
    "cell/city_wide": (),
    "hidden/minus": (),
    "hidden/outside_total": (),
    "note/ref": ("number",),
    "note/back": ("number",),
    "note/heading": (),
    "sheet/title": (),
    "sheet/note": (),
    "sheet/entry": ("count",),
    "sheet/visual": ("count", "sheet"),
}
"""Every web template (without ``.j2``) and the names it may read."""
COLUMNS = dict(zip((*HEAD_COLUMNS, *WARD_COLUMNS),
                   ("id", "indicator", "result", "unit", "target", "rate", "status", "reference"), strict=True))
"""The template (``ward/columns/NAME``) of each column heading of the ward results table, by the data column it heads."""


class WebWording(TemplateWording):
    """The web templates of a sentence rules' folder, checked on loading; :meth:`text` writes one."""

    folder = FOLDER
    templates = TEMPLATES
    kind = ("ウェブ版の文言", "web wording")


def city_group(document: Document) -> str:
    """The 集計区分 of 表2's data whose counts the ward pages show (its first row's), "" without 表2."""
    table = next((t for t in document.data if t.name == TABLE2), None)
    rows = records(table) if table is not None else []
    return str(rows[0].get("集計区分") or "") if rows else ""


def _previous_years(document: Document) -> dict[str, int]:
    """The year before each ward's latest year of the ward results (whose columns the ward page heads as 前年度), by code."""
    table = next((t for t in document.data if t.name == WARD_TABLE), None)
    latest: dict[str, int] = {}
    for row in records(table) if table is not None else []:
        code, year = str(row["区コード"]), int(str(row["年度"]))
        latest[code] = max(year, latest.get(code, year))
    return {code: year - 1 for code, year in latest.items()}


def footnote_count(document: Document) -> int:
    """How many footnotes the web edition may number (注1…): every footnote of a paragraph, a table's notes' included.

    A footnote whose term its paragraph lacks is not numbered, so the writer may number fewer; every
    number it hands out has its words.
    """
    paragraphs = [p for b in document.blocks for p in ((b,) if isinstance(b, Paragraph) else b.notes if isinstance(b, Table) else ())]
    return sum(len(p.footnotes) for p in paragraphs)


def edition_words(document: Document, wording: WebWording) -> EditionWords:
    """The fixed words of ``document``'s web pages (every ward of its ward results) and グラフ sheet."""
    text = wording.text
    page = {"subtitle": document.subtitle, "title": document.title, "author": document.author}
    before = _previous_years(document)
    pages = tuple(WardWords(code, text("ward/title", ward=name, **page), text("ward/lead", ward=name, **page), text("ward/caption", ward=name),
                            text("ward/previous", ward=name, year=year_label(before[code])))
                  for code, name in wards(document))
    numbers = range(1, footnote_count(document) + 1)
    charts = sum(isinstance(b, Chart) for b in document.blocks)
    return EditionWords(
        skip=text("page/skip"), back=text("page/back", title=document.title),
        data=text("index/data"), wards=text("index/wards"), no_wards=text("index/no_wards"),
        results=text("ward/results"), chart=text("ward/chart"), city=text("ward/city"),
        city_caption=text("ward/city_caption", group=city_group(document)),
        pages=pages, sheet_title=text("sheet/title"), sheet_note=text("sheet/note"), sheet_entry=text("sheet/entry", count=charts),
        visual=text("sheet/visual", count=charts, sheet=SHEET),
        minus=text("hidden/minus"), outside_total=text("hidden/outside_total"),
        note_refs=tuple(text("note/ref", number=n) for n in numbers), note_backs=tuple(text("note/back", number=n) for n in numbers),
        notes_heading=text("note/heading"),
        none=text("cell/none"), reference=text("cell/reference"), city_wide=text("cell/city_wide"),
        columns=tuple((column, text(f"ward/columns/{name}")) for column, name in COLUMNS.items()))


def worded(document: Document, wording: WebWording) -> Document:
    """``document`` carrying its fixed words (:func:`edition_words`)."""
    return replace(document, words=edition_words(document, wording))
