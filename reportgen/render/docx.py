"""The document model → report.docx on the city's Word template (styles, page setup, header/footer).

Like pandoc's reference document, ``templates/report.docx`` supplies every style by name; this
module writes only style references, never direct formatting. Paragraphs and tables are built as
WordprocessingML elements directly (python-docx's ``Table.cell(i, j)`` is quadratic); merges come
from the shared grid (:mod:`reportgen.document.grid`). Imports nothing from the rules or loaders.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
from collections.abc import Callable
from dataclasses import replace

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu
from lxml import etree

from reportgen.document import (
    Cell,
    Chart,
    Contents,
    Document,
    Footnote,
    Heading,
    PageRef,
    Paragraph,
    Table,
)
from reportgen.document.grid import Slot, layout
from reportgen.document.marks import CAPTION, PREFIX, Mark, marks
from reportgen.jp import breaks
from reportgen.render.charts_png import find_font
from reportgen.render.docx_charts import Pictures, chart_pictures, drawings, height_limit, part_id
from reportgen.render.docxsettings import insert_setting, settle_fields
from reportgen.render.template_check import open_docx
from reportgen.render.xmltext import check_text
from reportgen.render.zipfix import normalise_zip

FULL_PAGE_TABLE_ROWS = 20
"""A portrait table with more rows than this (header rows included) starts on a new page."""

FOOTNOTE_MARK = "※"
"""The mark of a term's footnote, in the text and before the note, as the publication prints it."""

STYLES = {
    "title": "Title",
    "subtitle": "Subtitle",
    "body": "Body Text",
    "indicator": "成果指標",
    "bullet": "箇条",
    "aside": "補足",
    "note": "注記",
    "label": "ラベル",
    "marker": "小見出し",
    "placeholder": "要記入",
    "caption": "Caption",
    "table_text": "表本文",
    "table_header": "表見出し",
    "table_number": "表数値",
    "note_detail": "注記（続き）",
    "contents_title": "TOC Heading",
    "footnote_text": "footnote text",
    "footnote_reference": "footnote reference",
    "table": "報告書の表",
    **{f"heading{n}": f"Heading {n}" for n in range(1, 5)},
}
"""Semantic style → the style name in the template (the city may restyle, not rename, these)."""
STYLE_TYPES = {"footnote_reference": 2, "table": 3}
"""The styles that are not paragraph styles (1): python-docx's WD_STYLE_TYPE 2 character, 3 table."""

FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
TWIPS_PER_CM = 567

def _keeps_with_next(table: Table, grid: list[list[Slot]], r: int) -> bool:
    """A body row stays on the page of the next one when a merged cell runs on into it (an
    indicator's 「参考：」 line, the rows of one item or direction) or when it is a heading row
    spanning the whole table (1「…」に向けて): no label or pair is left alone at a page's foot."""
    if r < table.header_rows or r + 1 >= len(grid):
        return False
    if all(slot.cell is grid[r][0].cell for slot in grid[r]):
        return True
    return any(slot.row <= r for slot in grid[r + 1])


def _drop(parent: etree._Element, tag: str) -> None:
    """Remove every ``tag`` child of ``parent``."""
    for child in parent.findall(qn(tag)):
        parent.remove(child)


def _el(tag: str, **attrs: str) -> etree._Element:
    element = etree.Element(qn(tag))
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    child = _el(tag, **attrs)
    parent.append(child)
    return child


LINE_HEIGHT = 1.2
"""A line of table text as high as this many times its font size (single spacing; BIZ UD 明朝 at 8 pt
measures 9.4 pt a line in LibreOffice's PDF)."""

PAGE_UNKNOWN = "〇〇"
"""What a page reference shows until the fields are updated (Word: F9; the PDF: LibreOffice does it)."""


def ref_bookmark(anchor: str) -> str:
    """The bookmark of a heading a :class:`PageRef` names: hidden (``_``), letters, digits and ``_``, at most 40."""
    return ("_Ref_" + "".join(c if c.isascii() and c.isalnum() else "_" for c in anchor))[:40]


def field_begin(p: etree._Element, instruction: str) -> None:
    """A complex field's begin, instruction and separate in ``p``: what follows is its shown result."""
    _sub(_sub(p, "w:r"), "w:fldChar", fldCharType="begin")
    instr = _sub(_sub(p, "w:r"), "w:instrText")
    instr.text = instruction
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _sub(_sub(p, "w:r"), "w:fldChar", fldCharType="separate")


def field_end(p: etree._Element) -> None:
    """A complex field's end in ``p`` (the field may have begun paragraphs before, as a TOC's does)."""
    _sub(_sub(p, "w:r"), "w:fldChar", fldCharType="end")


def field(p: etree._Element, instruction: str, result: Callable[[], None]) -> None:
    """A complex field in ``p``: begin, ``instruction``, separate, the runs ``result`` appends (what it
    shows until updated), end."""
    field_begin(p, instruction)
    result()
    field_end(p)


def toc_bookmark(n: int) -> str:
    """The hidden bookmark of the ``n``-th heading, which its contents entry links to (Word names them ``_Toc…``)."""
    return f"_Toc{n + 1:09d}"


def page_reference(p: etree._Element, ref: PageRef) -> None:
    """A PAGEREF field to the heading's bookmark (``\\h``: a link too), showing :data:`PAGE_UNKNOWN` until updated."""
    field(p, f" PAGEREF {ref_bookmark(ref.anchor)} \\h ", lambda: _runs(p, PAGE_UNKNOWN))


def _runs(parent: etree._Element, text: str, run_style: str | None = None) -> None:
    """Append runs for ``text``; a newline becomes a line break inside the paragraph."""
    for n, line in enumerate(text.split("\n")):
        r = _sub(parent, "w:r")
        if run_style:
            _sub(_sub(r, "w:rPr"), "w:rStyle", val=run_style)
        if n:
            _sub(r, "w:br")
        if line:
            t = _sub(r, "w:t")
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


class _Writer:
    """Appends the blocks of one document to the template's body."""

    def __init__(self, template: bytes, template_name: str) -> None:
        # Every part this writer reads is checked here, once (render/template_check.py).
        self.doc, by_name = open_docx(template, template_name, {(n, STYLE_TYPES.get(k, 1)) for k, n in STYLES.items()})
        self.template_name = template_name
        self.ids = {key: by_name[name] for key, name in STYLES.items()}
        self.cell_margins = self._table_style_cell_margins()
        self.body = self.doc.element.body
        self.final_sect = self.body.find(qn("w:sectPr"))
        self.sections_ended = 0
        for child in list(self.body):
            if child is not self.final_sect:
                self.body.remove(child)
        self.footnotes: list[etree._Element] = []
        self.footnotes_root, self.footnotes_part = self._footnotes_part()
        ids = [int(f.get(qn("w:id"), "0")) for f in self.footnotes_root.findall(qn("w:footnote"))]
        self.next_footnote = max([0, *ids]) + 1
        self.headings: list[Heading] = []
        self.contents: list[tuple[etree._Element, Contents]] = []
        self.marks: list[Mark] = []
        self.bookmarks = 0
        self.pictures: Pictures | None = None
        self.chart_limit: int | None = None
        """The tallest a chart's picture may be (EMU), read from the template by :meth:`write` when it has charts to draw."""

    def _table_style_cell_margins(self) -> etree._Element | None:
        """The cell margins of the template's table style, to be repeated on each table.

        Word reads a table style's top and bottom cell margins; LibreOffice (and so ``--pdf``)
        reads only a table's own. The template stays their only source: restyle it and rebuild.
        """
        style = self.doc.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{self.ids['table']}']")
        margins = style.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}") if style is not None else None
        return margins

    # -- blocks ----------------------------------------------------------------------------
    def paragraph(self, style: str, text: str = "") -> etree._Element:
        p = _el("w:p")
        _sub(_sub(p, "w:pPr"), "w:pStyle", val=self.ids[style])
        if text:
            _runs(p, text)
        return p

    def append(self, element: etree._Element) -> None:
        self.final_sect.addprevious(element)

    def mark(self, p: etree._Element, block: Paragraph | Table) -> None:
        """Put the next generated part's bookmark around ``p``'s content, wholly inside the paragraph.

        One bookmark per paragraph: LibreOffice keeps such bookmarks by name (ids renumbered) but
        damages one spanning two paragraphs, and drops content controls' tags (FACTS.md).
        """
        if not self.marks or (self.marks[0].paragraph is not block and self.marks[0].table is not block):
            return
        self.bookmark(p, self.marks.pop(0).bookmark)

    def write(self, document: Document) -> None:
        font = find_font()
        charts = [b for b in document.blocks if isinstance(b, Chart)]
        if font is None or not charts:  # no Japanese font: each chart is stated in words
            self.write_blocks(document, None)
            return
        limit = self.chart_limit = height_limit(self.doc, self.ids["caption"], self.ids["body"], self.template_name)
        with Pictures(font, (drawing for chart in charts for drawing in drawings(chart, font, limit))) as pictures:
            pictures.ahead()  # drawn now, compressed while the text is written
            self.write_blocks(document, pictures)

    def write_blocks(self, document: Document, pictures: Pictures | None) -> None:
        self.pictures = pictures
        self.marks = list(marks(document))
        listed = max((b.levels for b in document.blocks if isinstance(b, Contents)), default=0)
        for block in document.blocks:
            if isinstance(block, Heading):
                heading = self.paragraph(f"heading{min(block.level, 4)}", block.text)
                if block.level <= listed:  # the contents' entry links to it and shows its page
                    self.bookmark(heading, toc_bookmark(len(self.headings)))
                if block.anchor:
                    self.bookmark(heading, ref_bookmark(block.anchor))
                self.headings.append(block)
                self.append(heading)
            elif isinstance(block, Paragraph):
                self.append(self.text_paragraph(block))
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Chart):
                self.chart(block)
            elif isinstance(block, Contents):
                self.append(self.paragraph("contents_title", block.title))
                field = self.paragraph("body")
                self.append(field)
                self.contents.append((field, block))
                # the title page ends with the contents: the 前文 starts a page of its own (and the
                # title page keeps its header-less first page as a section of its own)
                self.end_section_at_last_paragraph(landscape=False)
        for field, block in self.contents:
            self.fill_contents(field, block)
        if self.sections_ended:
            _drop(self.final_sect, "w:titlePg")  # the last section starts on an ordinary page
        self.write_footnotes()
        self.properties(document)

    def bookmark(self, p: etree._Element, name: str) -> None:
        """A bookmark ``name`` around the whole content of ``p`` (inside the paragraph: FACTS.md)."""
        number = str(self.bookmarks)
        self.bookmarks += 1
        start = _el("w:bookmarkStart", id=number, name=name)
        pr = p.find(qn("w:pPr"))
        if pr is None:
            p.insert(0, start)
        else:
            pr.addnext(start)
        _sub(p, "w:bookmarkEnd", id=number)

    def chart(self, block: Chart) -> None:
        """A chart: its picture in a paragraph of its own (alt text on it), then its title as a caption.

        Both carry the chart's mark (document/marks.py): ``_RG_<id>`` in the picture's paragraph,
        ``_RG_<id>_cap`` in the caption's, so ``reportgen update`` redraws the chart where an editor left it.
        A chart taller than the page comes as several pictures (render/docx_charts.py), each with its caption
        and the mark of its part (``_RG_<id>-2`` … from the second).
        """
        mark = self.marks.pop(0) if self.marks and self.marks[0].chart is block else None
        if self.pictures is None or self.chart_limit is None:  # no Japanese font (write() made no queue)
            caption = self.paragraph("caption", f"{block.title}：{block.description}")
            if mark is not None:
                self.bookmark(caption, mark.caption_bookmark)
            self.append(caption)
            return
        pictures = chart_pictures(self.doc, block, self.pictures.font, self.chart_limit, self.pictures)
        for picture in pictures:
            p = self.paragraph("body")  # styles only, no direct formatting (the template's Body Text)
            if len(pictures) > 1:  # a part as tall as the page below a few lines would leave its caption to the next page
                p_pr = p.find(qn("w:pPr"))
                assert p_pr is not None  # self.paragraph always writes the style
                p_pr.append(_el("w:keepNext"))
            p.append(picture.run)
            if mark is not None:
                self.bookmark(p, PREFIX + part_id(mark.id, picture.number))
            self.append(p)
            caption = self.paragraph("caption", picture.caption)
            if picture.number < len(pictures):
                # the caption style keeps with the next paragraph (a table's caption is above it): below a part, that
                # would carry it over to the next part's page (seen in LibreOffice's PDF), away from its own picture
                caption_pr = caption.find(qn("w:pPr"))
                assert caption_pr is not None  # self.paragraph always writes the style
                caption_pr.append(_el("w:keepNext", val="0"))
            if mark is not None:
                self.bookmark(caption, PREFIX + part_id(mark.id, picture.number) + CAPTION)
            self.append(caption)

    def text_paragraph(self, block: Paragraph) -> etree._Element:
        style = block.style if block.style in STYLES else "body"
        p = self.paragraph(style)
        pending = list(block.footnotes)
        for piece in block.pieces():
            if isinstance(piece, PageRef):
                _runs(p, piece.prefix)
                page_reference(p, piece)
                continue
            text = piece
            while pending and pending[0].term in text:  # each term's note after its first use
                before, term, text = text.partition(pending[0].term)
                _runs(p, before + term)
                self.footnote_reference(p, pending.pop(0))
            _runs(p, text)
        for note in pending:  # a term cut by a page reference: its note at the paragraph's end
            self.footnote_reference(p, note)
        self.mark(p, block)
        return p

    # -- footnotes -------------------------------------------------------------------------
    def footnote_reference(self, p: etree._Element, note: Footnote) -> None:
        """A real footnote (Word keeps it on the page of its term) marked ※, as the publication
        marks its term notes, instead of Word's superscript number: w:customMarkFollows.

        The note itself does not repeat the mark: LibreOffice prints a custom mark before the note
        on its own, so a written ※ would print twice in the PDF (measured with LibreOffice 7.4).
        """
        number = self.next_footnote
        self.next_footnote += 1
        r = _sub(p, "w:r")
        _sub(_sub(r, "w:rPr"), "w:rStyle", val=self.ids["footnote_reference"])
        _sub(r, "w:footnoteReference", customMarkFollows="1", id=str(number))
        _sub(r, "w:t").text = FOOTNOTE_MARK
        footnote = _el("w:footnote", id=str(number))
        fp = _sub(footnote, "w:p")
        _sub(_sub(fp, "w:pPr"), "w:pStyle", val=self.ids["footnote_text"])
        _runs(fp, f"{note.term}とは、{note.text}")
        self.footnotes.append(footnote)

    def _footnotes_part(self) -> tuple[etree._Element, Part | None]:
        """The template's footnotes part, or the separators Word expects in a new one."""
        try:
            part = self.doc.part.part_related_by(RT.FOOTNOTES)
            return etree.fromstring(part.blob), part
        except KeyError:
            root = parse_xml(
                f"<w:footnotes {nsdecls('w')}>"
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                "</w:footnotes>"
            )
            return root, None

    def write_footnotes(self) -> None:
        if not self.footnotes:
            return
        part = self.footnotes_part
        if part is None:
            part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, b"", self.doc.part.package)
            self.doc.part.relate_to(part, RT.FOOTNOTES)
            settings = self.doc.settings.element
            if settings.find(qn("w:footnotePr")) is None:  # Word's own files name the separators here
                pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
                insert_setting(settings, pr)
        for footnote in self.footnotes:
            self.footnotes_root.append(footnote)
        part._blob = etree.tostring(self.footnotes_root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # -- table of contents ---------------------------------------------------------------
    def fill_contents(self, end: etree._Element, block: Contents) -> None:
        """A TOC field as Word writes one: a paragraph per heading in the template's ``toc N`` style
        (a right tab with leader dots), linked to the heading's bookmark, and its page as a PAGEREF
        field showing :data:`PAGE_UNKNOWN` until updated; Word fills the pages with Update Field (F9)
        and rebuilds the list from the headings then (``\\o``, ``\\u``), the PDF pass refreshes the
        index in LibreOffice (a plain conversion keeps the entries as written, 〇〇 included).

        One paragraph with line breaks, as before, was justified line by line (両端揃え) in Word and
        LibreOffice until updated. The field ends in the last entry; ``end`` (the paragraph written where
        the contents stand, holding the title page's section break) stays after the entries, empty:
        LibreOffice loses the title page's number when the index ends in the section's last paragraph.
        """
        entries = [(n, h) for n, h in enumerate(self.headings) if h.level <= block.levels]
        instruction = f' TOC \\o "1-{block.levels}" \\h \\z \\u '
        if not entries:
            field(end, instruction, lambda: None)
            return
        paragraphs: list[etree._Element] = []
        for n, heading in entries:
            p = _el("w:p")
            _sub(_sub(p, "w:pPr"), "w:pStyle", val=self.toc_style(heading.level))
            if not paragraphs:
                field_begin(p, instruction)
            link = _sub(p, "w:hyperlink", anchor=toc_bookmark(n), history="1")
            _runs(link, heading.text)
            _sub(_sub(link, "w:r"), "w:tab")
            field(link, f" PAGEREF {toc_bookmark(n)} \\h ", functools.partial(_runs, link, PAGE_UNKNOWN))
            end.addprevious(p)
            paragraphs.append(p)
        field_end(paragraphs[-1])

    def toc_style(self, level: int) -> str:
        """The style id of Word's built-in ``toc N``: the template's, or one made here when it has none
        (indented a character a level, a right tab with leader dots at the text's width)."""
        name = f"toc {level}"
        styles = self.doc.styles.element
        for style in styles.findall(qn("w:style")):
            found = style.find(qn("w:name"))
            if style.get(qn("w:type")) == "paragraph" and found is not None and found.get(qn("w:val")) == name:
                return str(style.get(qn("w:styleId")))
        style_id = f"TOC{level}"
        style = _sub(styles, "w:style", type="paragraph", styleId=style_id)
        _sub(style, "w:name", val=name)
        _sub(style, "w:basedOn", val="Normal")
        _sub(style, "w:next", val="Normal")
        _sub(style, "w:uiPriority", val="39")
        _sub(style, "w:unhideWhenUsed")
        pr = _sub(style, "w:pPr")
        _sub(_sub(pr, "w:tabs"), "w:tab", val="right", leader="dot", pos=str(int(self.text_width_cm(False) * TWIPS_PER_CM)))
        _sub(pr, "w:ind", left=str(210 * (level - 1)))
        _sub(pr, "w:jc", val="left")
        return style_id

    # -- tables --------------------------------------------------------------------------
    def text_width_cm(self, landscape: bool) -> float:
        sect = self.doc.sections[0]
        width = sect.page_height if landscape else sect.page_width
        left, right = sect.left_margin, sect.right_margin
        # render/template_check.py refuses a template without them; python-docx types them optional
        assert width is not None and left is not None and right is not None
        return float(Emu(width - left - right).cm)

    def section_break(self, landscape: bool) -> etree._Element:
        """A copy of the template's page setup, turned to landscape when asked.

        Only the first section keeps a title page of its own (w:titlePg: the template's first-page
        header, without the running title): a later section's first page is an ordinary page.
        """
        sect: etree._Element = copy.deepcopy(self.final_sect)
        if self.sections_ended:
            _drop(sect, "w:titlePg")
        self.sections_ended += 1
        size = sect.find(qn("w:pgSz"))
        if size is None:  # render/template_check.py refuses a template without a page size
            raise AssertionError("w:sectPr without w:pgSz")
        w, h = int(size.get(qn("w:w"), "0")), int(size.get(qn("w:h"), "0"))
        if landscape:
            size.set(qn("w:w"), str(max(w, h)))
            size.set(qn("w:h"), str(min(w, h)))
            size.set(qn("w:orient"), "landscape")
        return sect

    def end_section_at_last_paragraph(self, landscape: bool) -> None:
        last = self.final_sect.getprevious()
        if last is None or last.tag != qn("w:p"):
            last = self.paragraph("body")
            self.append(last)
        last.find(qn("w:pPr")).append(self.section_break(landscape))

    def table(self, table: Table) -> None:
        if table.landscape:
            self.end_section_at_last_paragraph(landscape=False)
        caption = self.paragraph("caption", table.caption)
        if not table.landscape and len(table.rows) > FULL_PAGE_TABLE_ROWS:
            # a table of a page or more starts on a page of its own: LibreOffice does not keep a
            # table's first rows with the rest, and would leave the caption and a row at a page's foot
            caption_pr = caption.find(qn("w:pPr"))
            assert caption_pr is not None  # self.paragraph always writes the style
            caption_pr.append(_el("w:pageBreakBefore"))
        self.append(caption)
        self.append(self.table_element(table))
        for note in table.notes:
            self.append(self.text_paragraph(note))
        if table.landscape:
            self.end_section_at_last_paragraph(landscape=True)

    def table_element(self, table: Table) -> etree._Element:
        grid = layout(table)
        available = self.text_width_cm(table.landscape)
        widths = list(table.widths) or [1.0] * table.columns
        scale = available / sum(widths)
        twips = [int(w * scale * TWIPS_PER_CM) for w in widths]
        tbl = _el("w:tbl")
        pr = _sub(tbl, "w:tblPr")
        _sub(pr, "w:tblStyle", val=self.ids["table"])
        _sub(pr, "w:tblW", w=str(sum(twips)), type="dxa")
        _sub(pr, "w:tblLayout", type="fixed")
        if self.cell_margins is not None:
            pr.append(copy.deepcopy(self.cell_margins))
        _sub(pr, "w:tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0", noHBand="1", noVBand="1")
        _sub(pr, "w:tblCaption", val=table.caption.strip("＜＞"))  # alt text for screen readers
        first_cell = self.marks[0].table is table if self.marks else False
        tbl_grid = _sub(tbl, "w:tblGrid")
        for width in twips:
            _sub(tbl_grid, "w:gridCol", w=str(width))
        heights = self.balanced_heights(table, grid, twips)
        for r in range(len(grid)):
            tr = _sub(tbl, "w:tr")
            tr_pr = _sub(tr, "w:trPr")
            _sub(tr_pr, "w:cantSplit")
            if heights[r]:
                _sub(tr_pr, "w:trHeight", val=str(heights[r]), hRule="atLeast")
            if r < table.header_rows:
                _sub(tr_pr, "w:tblHeader")
            c = 0
            while c < table.columns:
                slot = grid[r][c]
                cell = slot.cell
                if slot.column != c:  # inside a column span already written
                    c += 1
                    continue
                span_width = sum(twips[c : c + cell.colspan])
                tr.append(self.cell_element(cell, span_width, first=slot.row == r))
                if first_cell:  # the table's bookmark sits in its first cell's paragraph
                    self.mark(tr[-1][-1], table)
                    first_cell = False
                c += cell.colspan
            if _keeps_with_next(table, grid, r):
                for ppr in tr.iter(qn("w:pPr")):
                    ppr.append(_el("w:keepNext"))
        return tbl

    def _margin(self, side: str) -> int:
        """The table style's cell margin on ``side`` (top, left, bottom, right), in twips."""
        found = self.cell_margins.find(qn(f"w:{side}")) if self.cell_margins is not None else None
        return int(found.get(qn("w:w"), "0")) if found is not None else 0

    def _text_size_twips(self) -> int:
        """The table text's font size, in twips (its style's w:sz, in half-points; 8 pt when it has none)."""
        style = self.doc.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{self.ids['table_text']}']")
        size = style.find(f"{qn('w:rPr')}/{qn('w:sz')}") if style is not None else None
        return int(size.get(qn("w:val"), "16")) * 10 if size is not None else 160

    def balanced_heights(self, table: Table, grid: list[list[Slot]], twips: list[int]) -> list[int]:
        """The least height of each row (twips; 0: none) so that a cell spanning rows shares its height
        evenly among them: Word and LibreOffice give a span's extra height to its last row alone, which
        squeezes 表2's counted figures into one line above a tall 「参考：」 row.
        """
        size = self._text_size_twips()
        line = size * LINE_HEIGHT
        margins = (self._margin("left") + self._margin("right"), self._margin("top") + self._margin("bottom"))
        heights = [0] * len(grid)
        for r, row in enumerate(grid):
            for c, slot in enumerate(row):
                cell = slot.cell
                if slot.row != r or slot.column != c or cell.rowspan < 2 or r < table.header_rows:
                    continue
                capacity = (sum(twips[c:c + cell.colspan]) - margins[0]) / size
                needed = breaks.line_count(cell.text, capacity) * line + margins[1]
                share = int(needed / cell.rowspan + 0.999)
                for covered in range(r, min(r + cell.rowspan, len(grid))):
                    heights[covered] = max(heights[covered], share)
        return heights

    def cell_element(self, cell: Cell, width: int, first: bool) -> etree._Element:
        tc = _el("w:tc")
        pr = _sub(tc, "w:tcPr")
        _sub(pr, "w:tcW", w=str(width), type="dxa")
        if cell.colspan > 1:
            _sub(pr, "w:gridSpan", val=str(cell.colspan))
        if cell.rowspan > 1:
            _sub(pr, "w:vMerge", val="restart") if first else _sub(pr, "w:vMerge")
        _sub(pr, "w:vAlign", val="center")
        style = "table_header" if cell.header else "table_number" if cell.value is not None or cell.text == "―" else "table_text"
        tc.append(self.paragraph(style, cell.text if first else ""))
        return tc

    # -- properties ----------------------------------------------------------------------
    def properties(self, document: Document) -> None:
        settle_fields(self.doc, document.title)
        props = self.doc.core_properties
        props.title = document.title
        props.subject = document.subtitle
        props.author = document.author
        props.last_modified_by = document.author
        props.language = document.language
        props.revision = 1
        props.comments = ""
        when = document.date.moment
        props.created = props.modified = when
        props.last_printed = when

    def save(self, day: dt.date) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return normalise_zip(out.getvalue(), day)


def render_docx(document: Document, template: bytes, template_name: str = "templates/report.docx") -> bytes:
    """``document`` as .docx bytes on ``template``; the same input always gives the same bytes."""
    check_text(replace(document, data=()), "report.docx")  # the data tables are not printed here
    writer = _Writer(template, template_name)
    writer.write(document)
    return writer.save(document.date.day)

