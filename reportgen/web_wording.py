"""The web edition's and the グラフ sheet's fixed words (見出し・リンク・表題・説明) from templates.

The words around the web pages' figures are an editor's, as the chart wording is: they live in
``templates/sentences/web/`` and are read, sandboxed and checked on loading exactly as the chart
templates (:class:`~reportgen.chart_wording.TemplateWording`). :func:`edition_words` writes them
for a document into :class:`~reportgen.document.EditionWords`, which the writers only escape and place.
"""

from __future__ import annotations

from dataclasses import replace

from reportgen.chart_wording import TemplateWording
from reportgen.document import Document, EditionWords, WardWords
from reportgen.render.html_wards import TABLE2, WARD_TABLE, records, wards, year_label

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
    "sheet/title": (),
    "sheet/note": (),
}
"""Every web template (without ``.j2``) and the names it may read."""


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


def edition_words(document: Document, wording: WebWording) -> EditionWords:
    """The fixed words of ``document``'s web pages (every ward of its ward results) and グラフ sheet."""
    text = wording.text
    page = {"subtitle": document.subtitle, "title": document.title, "author": document.author}
    before = _previous_years(document)
    pages = tuple(WardWords(code, text("ward/title", ward=name, **page), text("ward/lead", ward=name, **page), text("ward/caption", ward=name),
                            text("ward/previous", ward=name, year=year_label(before[code])))
                  for code, name in wards(document))
    return EditionWords(
        skip=text("page/skip"), back=text("page/back", title=document.title),
        data=text("index/data"), wards=text("index/wards"), no_wards=text("index/no_wards"),
        results=text("ward/results"), chart=text("ward/chart"), city=text("ward/city"),
        city_caption=text("ward/city_caption", group=city_group(document)),
        pages=pages, sheet_title=text("sheet/title"), sheet_note=text("sheet/note"))


def worded(document: Document, wording: WebWording) -> Document:
    """``document`` carrying its fixed words (:func:`edition_words`)."""
    return replace(document, words=edition_words(document, wording))
