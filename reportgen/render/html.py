"""The web edition: the document model as accessible, self-contained HTML (index.html and a page per ward).

A writer of the document like the others (pandoc's writeHtml5): headings, paragraphs, the print
tables with every data cell tied to its headers (``headers``/``id``, ``scope``), the charts as
inline SVG with their figures as a table, the notes ※1… linked from where they are referred to,
the footnotes as linked notes, and the data tables (表1・表2 as records) at the end. Everything
from the document is escaped; no script, font or style comes from outside the page.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

from reportgen.document import (
    Chart,
    Contents,
    DataTable,
    Document,
    Heading,
    PageRef,
    Paragraph,
    Table,
)
from reportgen.document.grid import layout
from reportgen.document.nodes import Value
from reportgen.render.charts import plan, render_svg
from reportgen.render.html_page import STYLE, page
from reportgen.render.html_wards import ward_links, ward_pages

NOTE_MARK = re.compile(r"※(\d+)")
PARAGRAPH_CLASSES = {"body": "", "bullet": "bullet", "note": "note", "note_detail": "note-detail", "label": "label",
                     "marker": "marker", "indicator": "indicator", "aside": "aside", "subtitle": "subtitle",
                     "placeholder": "placeholder"}


def esc(text: str) -> str:
    """``text`` escaped for HTML text and attributes."""
    return html.escape(text, quote=True)


MINUS = re.compile("[▲△]")
"""The marks of a negative figure, which a screen reader would misread."""


def spoken(text: str, minus: str) -> str:
    """Escaped text whose marks a screen reader would misread carry words: ▲/△ are read ``minus`` (「マイナス」)."""
    said = f'</span><span class="vh">{esc(minus)}</span>'
    # One pass over the text: a ▲ in the words themselves is not replaced again.
    return MINUS.sub(lambda m: f'<span aria-hidden="true">{m.group()}{said}', esc(text)).replace("\n", "<br>")


def value_text(value: Value, none: str) -> str:
    """A datum of a data table as text: numbers plain (never 「-0」), None as ``none`` (「―」)."""
    if value is None:
        return none
    if isinstance(value, Decimal):
        return format(value.copy_abs() if value.is_zero() else value, "f")
    return str(value)


class _Writer:
    """One page being written: the notes known, the footnotes collected, ids handed out."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.notes = {p.text.split(" ", 1)[0] for b in document.blocks if isinstance(b, Table) for p in b.notes
                      if NOTE_MARK.fullmatch(p.text.split(" ", 1)[0])}
        self.footnotes: list[str] = []
        self.headings = [b for b in document.blocks if isinstance(b, Heading)]
        self.heading_ids = {id(h): f"s{n}" for n, h in enumerate(self.headings, start=1)}
        self.anchors = {h.anchor: self.heading_ids[id(h)] for h in self.headings if h.anchor}
        self.tables = 0
        self.words = document.words

    def spoken(self, text: str) -> str:
        """``text`` escaped, ▲/△ read as the document's words (:func:`spoken`)."""
        return spoken(text, self.words.minus)

    def inline(self, text: str, own_mark: str = "") -> str:
        """Escaped running text with ※N linked to its note (not the note's own mark)."""
        out = []
        last = 0
        for match in NOTE_MARK.finditer(text):
            mark = match.group()
            if mark not in self.notes or (own_mark == mark and match.start() == 0):
                continue
            out.append(self.spoken(text[last:match.start()]))
            out.append(f'<a class="noteref" href="#note-{match.group(1)}">{esc(mark)}</a>')
            last = match.end()
        out.append(self.spoken(text[last:]))
        return "".join(out)

    def paragraph(self, block: Paragraph) -> str:
        if block.style == "title":
            return f"<h1>{self.inline(block.text)}</h1>"
        mark = block.text.split(" ", 1)[0]
        own = mark if mark in self.notes and block.style == "note" else ""
        text = self.inline_with_footnotes(block)
        classes = PARAGRAPH_CLASSES.get(block.style, "")
        attrs = f' class="{classes}"' if classes else ""
        if own:
            attrs += f' id="note-{own[1:]}"'
        return f"<p{attrs}>{text}</p>"

    def inline_with_refs(self, block: Paragraph) -> str:
        """The paragraph's text with each page reference (「1⑶㋐」) a link to its heading: no pages here."""
        own = block.text.split(" ", 1)[0] if block.style == "note" else ""
        pieces: list[str] = []
        for piece in block.pieces():
            if isinstance(piece, PageRef):
                target = self.anchors.get(piece.anchor)
                pieces.append(f'<a href="#{target}">{esc(piece.text)}</a>' if target else self.inline(piece.text))
            else:
                pieces.append(self.inline(piece, own))
            own = ""
        return "".join(pieces)

    def inline_with_footnotes(self, block: Paragraph) -> str:
        """The paragraph's text with each footnote's term followed by a link to its note (注N)."""
        if block.refs and not block.footnotes:
            return self.inline_with_refs(block)
        own = block.text.split(" ", 1)[0] if block.style == "note" else ""
        pieces: list[str] = []
        rest = block.text
        for note in block.footnotes:
            at = rest.find(note.term)
            if at < 0:
                continue
            self.footnotes.append(f"{note.term}とは、{note.text}")
            n = len(self.footnotes)
            end = at + len(note.term)
            pieces.append(self.inline(rest[:end], own))
            pieces.append(f'<sup><a class="fnref" id="fnref-{n}" href="#fn-{n}">{esc(self.words.note_ref(n))}</a></sup>')
            rest, own = rest[end:], ""
        pieces.append(self.inline(rest, own))
        return "".join(pieces)

    def heading(self, block: Heading) -> str:
        level = min(block.level + 1, 6)
        return f'<h{level} id="{self.heading_ids[id(block)]}">{self.inline(block.text)}</h{level}>'

    def contents(self, block: Contents) -> str:
        """The contents as nested lists of links, down to ``block.levels``, then the data and the ward pages."""
        items = [(h.level, f'<a href="#{self.heading_ids[id(h)]}">{esc(h.text)}</a>') for h in self.headings if h.level <= block.levels]
        words = self.words
        items += [(1, f'<a href="#data">{esc(words.data)}</a>'), (1, f'<a href="#wards">{esc(words.wards)}</a>')]
        return f'<nav class="toc" aria-labelledby="toc"><h2 id="toc">{esc(block.title)}</h2>{nested(items)}</nav>'

    def table(self, block: Table) -> str:
        """A print table with its header cells' ids on every data cell (multi-level headers, row labels, groups)."""
        self.tables += 1
        tid = f"t{self.tables}"
        grid = layout(block)
        body_rows = range(block.header_rows, len(grid))
        numeric = [c for c in range(block.columns) if any(grid[r][c].cell.value is not None for r in body_rows)]
        labels = min(numeric) if numeric else block.columns
        column_heads: list[list[str]] = [[] for _ in range(block.columns)]
        row_heads: list[list[str]] = [[] for _ in grid]
        section = ""
        rows: list[str] = []
        for r, slots in enumerate(grid):
            cells: list[str] = []
            for c, slot in enumerate(slots):
                if not slot.is_origin(r, c):
                    continue
                cell = slot.cell
                span = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
                ident = f"{tid}-{r}-{c}"
                text = self.spoken(cell.text)
                if r < block.header_rows:
                    scope = "colgroup" if cell.colspan > 1 else "col"
                    for cc in range(c, c + cell.colspan):
                        column_heads[cc].append(ident)
                    cells.append(f'<th id="{ident}" scope="{scope}"{span}>{text}</th>')
                elif cell.colspan == block.columns:
                    section = ident
                    cells.append(f'<th id="{ident}" scope="colgroup" class="group"{span}>{text}</th>')
                elif c < labels:
                    for rr in range(r, r + cell.rowspan):
                        row_heads[rr].append(ident)
                    heads = " ".join([section] if section else [])
                    refs = f' headers="{heads}"' if heads else ""
                    cells.append(f'<th id="{ident}" scope="row"{refs}{span}>{text}</th>')
                else:
                    heads = " ".join([*dict.fromkeys(h for cc in range(c, c + cell.colspan) for h in column_heads[cc]),
                                      *([section] if section else []), *row_heads[r]])
                    if cell.text.startswith("(") and cell.text.endswith(")"):
                        text += f'<span class="vh">{esc(self.words.outside_total)}</span>'
                    cells.append(f'<td headers="{heads}"{span}>{text}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        head, body = rows[:block.header_rows], rows[block.header_rows:]
        total = sum(block.widths) if len(block.widths) == block.columns else 0
        cols = "".join(f'<col style="width: {100 * w / total:.1f}%">' for w in block.widths) if total else ""
        table = (f'<div class="scroll" role="region" aria-labelledby="{tid}-c" tabindex="0"><table class="print">'
                 f'<caption id="{tid}-c">{self.spoken(block.caption)}</caption>{f"<colgroup>{cols}</colgroup>" if cols else ""}'
                 f'<thead>{"".join(head)}</thead>'
                 f'<tbody>{"".join(body)}</tbody></table></div>')
        notes = "".join(self.paragraph(p) for p in block.notes)
        return table + (f'<div class="notes">{notes}</div>' if notes else "")

    def chart(self, block: Chart) -> str:
        return chart_figure(block, "", self.words.none)

    def block(self, block: object) -> str:
        if isinstance(block, Heading):
            return self.heading(block)
        if isinstance(block, Paragraph):
            return self.paragraph(block)
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Chart):
            return self.chart(block)
        if isinstance(block, Contents):
            return self.contents(block)
        return ""  # a block a later node type adds, not drawn on the web yet

    def footnote_list(self) -> str:
        if not self.footnotes:
            return ""
        items = "".join(f'<li id="fn-{n}">{self.spoken(text)} <a href="#fnref-{n}">{esc(self.words.note_back(n))}</a></li>'
                        for n, text in enumerate(self.footnotes, start=1))
        return f'<section class="footnotes" aria-labelledby="fn"><h2 id="fn">{esc(self.words.notes_heading)}</h2><ol>{items}</ol></section>'


def nested(items: list[tuple[int, str]]) -> str:
    """``(level, html)`` items as nested ordered lists; a level deeper than the one before by more than one is taken as one deeper."""
    out, depth = [], 0
    for level, item in items:
        level = max(1, min(level, depth + 1))
        if level > depth:
            out.append("<ol>")
        else:
            out.append("</li></ol>" * (depth - level) + "</li>")
        out.append(f"<li>{item}")
        depth = level
    out.append("</li></ol>" * depth)
    return "".join(out)


SCREEN_SCALE = 1.25
"""Charts are shown this much larger than drawn (12 px text reads as 15 px beside 16 px body text), never wider than the page."""


def _scaled(chart: Chart) -> str:
    return f"{plan(chart).width * SCREEN_SCALE:.0f}"


def chart_figure(chart: Chart, prefix: str, none: str) -> str:
    """A chart as a figure: the SVG (title, desc), its caption, and the same figures as a table (``none`` where a bar has no figure)."""
    ident = f"fig{prefix}-{chart.key.encode('utf-8').hex()}"
    single = all(sum(v is not None for v in bar.values) <= 1 for bar in chart.bars())
    words = chart.labels
    if single:
        head = f'<th scope="col">{esc(words.category)}</th><th scope="col">{esc(words.value)}</th><th scope="col">{esc(words.series)}</th>'
    else:
        head = f'<th scope="col">{esc(words.category)}</th>' + "".join(f'<th scope="col">{esc(s)}</th>' for s in chart.series)
    rows = []
    for bar in chart.bars():
        cells = [f'<th scope="row">{esc(bar.label)}</th>']
        if single:
            shown = [(n, t) for n, t in enumerate(bar.texts) if t]
            cells.append(f"<td>{esc(shown[0][1]) if shown else esc(none)}</td><td class=\"word\">{esc(chart.series[shown[0][0]]) if shown else esc(none)}</td>")
        else:
            cells.extend(f"<td>{esc(t) if t else esc(none)}</td>" for t in bar.texts)
        rows.append(f"<tr>{''.join(cells)}</tr>")
    caption = words.caption
    return (f'<figure id="{ident}" class="chart"><figcaption>{esc(chart.title)}</figcaption>'
            f'<div class="svg" style="width: {_scaled(chart)}px">{render_svg(chart, prefix)}</div>'
            f'<div class="scroll" role="region" aria-labelledby="{ident}-c" tabindex="0"><table class="chart-data">'
            f'<caption id="{ident}-c">{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
            f"</table></div></figure>")


def data_table(table: DataTable, ident: str, none: str, keys: int = 0) -> str:
    """A machine-readable table as a plain HTML table: one header row, the first ``keys`` columns as row headers, ``none`` for no value."""
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in table.columns)
    rows = []
    for row in table.rows:
        cells = [f'<th scope="row">{esc(value_text(v, none))}</th>' if n < keys else f"<td>{esc(value_text(v, none))}</td>" for n, v in enumerate(row)]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<div class="scroll" role="region" aria-labelledby="{ident}-c" tabindex="0"><table class="data" id="{ident}">'
            f'<caption id="{ident}-c">{esc(table.title)}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
            "</table></div>")


DATA_KEYS = {"table1": 2, "table2": 4}
"""The data tables the web edition shows in full, and how many leading columns name a row (年度, 指標ID…)."""


def render_index(document: Document) -> bytes:
    """index.html: the whole publication, then the data of 表1・表2 and the links to the ward pages."""
    writer = _Writer(document)
    body = [writer.block(b) for b in document.blocks]
    data = [data_table(t, f"data-{t.name}", document.words.none, DATA_KEYS[t.name]) for t in document.data if t.name in DATA_KEYS]
    main = (f'{"".join(body)}<section aria-labelledby="data"><h2 id="data">{esc(document.words.data)}</h2>{"".join(data)}</section>'
            f'<section aria-labelledby="wards"><h2 id="wards">{esc(document.words.wards)}</h2>{ward_links(document, "wards/")}</section>'
            f"{writer.footnote_list()}")
    return page(document, document.title, main).encode("utf-8")


def render_html(document: Document) -> dict[str, bytes]:
    """Every file of the web edition, by its path under html/: index.html and wards/CODE.html."""
    files = {"index.html": render_index(document)}
    for code, text in ward_pages(document, chart_figure).items():
        files[f"wards/{code}.html"] = text.encode("utf-8")
    return files


__all__ = ["STYLE", "render_html", "render_index"]
