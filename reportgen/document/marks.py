"""Stable identities of the generated parts of a document (sentences, tables, charts), and the record of their text.

Each generated paragraph (``source`` ``generated:<slot>.<rule>``) and each table gets an id from
its heading path, its slot (the sentence rule family, not the rule that matched: a data change that
switches ``progress.default`` to ``progress.with_comparison`` rewrites the same place) and its
ordinal among the parts with the same path and slot. The text is not part of the id, so a part keeps
its id when the data, and so its wording, changes. report.docx carries each id as a bookmark
``_RG_<id>`` inside the paragraph (or the table's first cell); :func:`base_record` is the text as
generated, kept beside the manifest for ``reportgen update`` (the three-way merge's base).

A chart (図) is a part too: its id from its heading path and its key (``rate-1.1.a``, ``overview``),
so a data change redraws it in place. report.docx carries the bookmark in the picture's paragraph
and ``_RG_<id>_cap`` in its caption's; the base keeps its title and description (the picture's
``descr``) and, from the written report.docx, the SHA-256 of its PNG and its caption
(:func:`base_record`'s ``pictures``): what tells a picture the editors left as generated from one
they replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from reportgen.document.grid import layout
from reportgen.document.nodes import Chart, Document, Heading, Paragraph, Table

PREFIX = "_RG_"
"""Bookmark names start with ``_`` so that Word hides them from its bookmark list (and LibreOffice keeps them)."""
BASE = ".reportgen-base.json"
"""The text of every generated part as last written, beside ``.reportgen-manifest.json``."""
BASE_VERSION = 2
"""2: charts are parts too (a base of version 1 was written when the charts carried no marks)."""
CAPTION = "_cap"
"""A chart's caption paragraph carries the bookmark ``_RG_<id>_cap`` (the picture's carries ``_RG_<id>``)."""


@dataclass(frozen=True, slots=True)
class Mark:
    """One generated part: its id, its place (heading path) and what it is."""

    id: str
    place: tuple[str, ...]
    paragraph: Paragraph | None = None
    table: Table | None = None
    chart: Chart | None = None

    @property
    def bookmark(self) -> str:
        """The bookmark name that carries the id in report.docx."""
        return PREFIX + self.id

    @property
    def caption_bookmark(self) -> str:
        """The bookmark of a chart's caption paragraph."""
        return PREFIX + self.id + CAPTION

    @property
    def kind(self) -> str:
        """What the part is, in the words of a message: 文, 表 or 図."""
        return "表" if self.table is not None else "図" if self.chart is not None else "文"

    @property
    def where(self) -> str:
        """The heading path as one line: 「Ⅰ．全体の総括 ＞ 1「…」に向けて」."""
        return " ＞ ".join(self.place) or "（最初の見出しの前）"


def _id(place: tuple[str, ...], slot: str, ordinal: int) -> str:
    key = "\x1f".join((*place, slot, str(ordinal)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def slot_of(source: str | None) -> str | None:
    """``generated:progress.with_comparison`` → ``progress``; None for text that is not generated."""
    if not source or not source.startswith("generated:"):
        return None
    return source.removeprefix("generated:").split(".", 1)[0]


def marks(document: Document) -> Iterator[Mark]:
    """Every generated part of ``document`` in reading order (table notes after their table)."""
    path: list[tuple[int, str]] = []
    seen: dict[tuple[tuple[str, ...], str], int] = {}

    def next_id(slot: str) -> tuple[str, tuple[str, ...]]:
        place = tuple(text for _, text in path)
        ordinal = seen.get((place, slot), 0)
        seen[(place, slot)] = ordinal + 1
        return _id(place, slot, ordinal), place

    def paragraph(block: Paragraph) -> Iterator[Mark]:
        slot = slot_of(block.source)
        if slot is not None:
            ident, place = next_id(slot)
            yield Mark(ident, place, paragraph=block)

    for block in document.blocks:
        if isinstance(block, Heading):
            while path and path[-1][0] >= block.level:
                path.pop()
            path.append((block.level, block.text))
        elif isinstance(block, Paragraph):
            yield from paragraph(block)
        elif isinstance(block, Table):
            ident, place = next_id("table:" + block.caption)
            yield Mark(ident, place, table=block)
            for note in block.notes:
                yield from paragraph(note)
        elif isinstance(block, Chart):
            ident, place = next_id("chart:" + block.key)
            yield Mark(ident, place, chart=block)


def cell_columns(table: Table) -> list[list[int]]:
    """The grid column of each Word cell (w:tc) of each row: a column span is one cell, a row span one cell per row.

    Cells are addressed by row and their order in the row, not by grid column: LibreOffice splits
    grid columns when it saves (a cell spanning 1 column comes back spanning 2), never the cells.
    """
    grid = layout(table)
    return [[c for c, slot in enumerate(row) if slot.column == c] for row in grid]


def table_texts(table: Table) -> list[list[str | None]]:
    """The printed text of each Word cell by row and order (:func:`cell_columns`); None where a row span continues."""
    grid = layout(table)
    return [[grid[r][c].cell.text if grid[r][c].row == r else None for c in columns]
            for r, columns in enumerate(cell_columns(table))]


def record(mark: Mark) -> dict[str, object]:
    """What the base keeps of one part: its text, or its table's texts by grid position."""
    if mark.table is not None:
        return {"id": mark.id, "place": list(mark.place), "caption": mark.table.caption,
                "header_rows": mark.table.header_rows, "cells": table_texts(mark.table)}
    if mark.chart is not None:
        return {"id": mark.id, "place": list(mark.place), "chart": mark.chart.key, "title": mark.chart.title,
                "descr": mark.chart.description}
    assert mark.paragraph is not None
    # as report.docx shows it, page references without their numbers (fields: living/wordxml.py)
    return {"id": mark.id, "place": list(mark.place), "text": mark.paragraph.paged_text()}


def base_record(document: Document, pictures: Mapping[str, Mapping[str, object]] | None = None) -> bytes:
    """The base of the next ``reportgen update``: every generated part's text, in reading order.

    ``pictures`` adds to each chart's record what the written report.docx holds for it (by mark id:
    ``picture``, the SHA-256 of its PNG or None when drawn in words, ``size``, its extent in EMU, and
    ``caption``, its caption's text).
    """
    found = pictures or {}
    parts = [{**record(m), **found.get(m.id, {})} if m.chart is not None else record(m) for m in marks(document)]
    body = {"generator": "reportgen", "version": BASE_VERSION, "parts": parts}
    return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def cell_place(table: Table, row: int, ordinal: int) -> str:
    """The ``ordinal``-th cell of ``row`` named as a reader finds it: the row's labels and the column's headings."""
    grid = layout(table)
    column = cell_columns(table)[row][ordinal]

    def distinct(texts: list[str]) -> str:
        cut = (t.replace("\n", "") for t in texts if t and t != "―")
        return "・".join(dict.fromkeys(t if len(t) <= 24 else t[:23] + "…" for t in cut))

    column_label = distinct([grid[r][column].cell.text for r in range(min(table.header_rows, row + 1, len(grid)))])
    row_label = distinct([grid[row][c].cell.text for c in range(column) if grid[row][c].cell.value is None])
    return f"{table.caption} {row_label or f'{row + 1}行目'}「{column_label or f'{column + 1}列目'}」"
