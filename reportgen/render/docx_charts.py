"""The charts of report.docx: each a picture (PNG, render/charts_png.py) in a paragraph of its own, with its alt text.

The picture is inline in its own paragraph, so an editor selects it and deletes or moves it like a
line of text; its ``wp:docPr`` carries the chart's description as ``descr`` (Word's 代替テキスト)
and its title as ``title``; the title follows as a caption. Without a Japanese font to draw with,
the chart is stated in words: its title and description as the caption.

A chart taller than the page's text area less room for its caption (:func:`height_limit`, from the
template's section and styles) is split between bars (render/charts.py :func:`~reportgen.render.charts.split`)
into several pictures, each at most that tall, each with its own caption and alt text
(templates/sentences/charts/part/, carried as :class:`~reportgen.document.PartWords`). Word clips
an inline picture at the page's foot and LibreOffice squeezes it; a part never needs either. The
web edition's SVG and the workbook's グラフ sheet scroll, so they draw the chart whole.

Every picture of a document (a chart drawn whole or a part) is drawn ahead on the writer's thread
and compressed on worker threads while the text is written (:class:`Pictures`, fed by
:func:`drawings`); :func:`chart_pictures` takes the bytes in order. Same bytes as drawn alone.
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import TracebackType
from weakref import WeakKeyDictionary

from docx.document import Document as WordDocument
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Cm, Emu, Length, Pt
from lxml import etree
from PIL import Image

from reportgen.document import Chart, PartWords
from reportgen.errors import Location, OutputError, Problem
from reportgen.render import chart_font
from reportgen.render.charts import Part, Plan, Text, plan, split
from reportgen.render.charts_png import draw_image, encode_png, render_image, render_png

WIDTH_CM = 16.0
"""The widest a chart is printed: the portrait text width (17 cm) less a little."""
CAPTION_LINES = 2
"""The lines kept for a chart's caption below its picture (a long title with 「（1/3）」 may take two)."""
LINE_HEIGHT = 1.2
"""A line of single spacing is this many times its font size."""
MIN_HEIGHT = int(Cm(3))
"""The least room a page must leave a chart's picture: about three bars with the axis and legend."""
PIXELS_AHEAD = 40_000_000
"""Pixels of pictures drawn and not yet compressed at once (a palette pixel is a byte): all of
FY2016's 15 (21 million), one part or a few of a very large plan's at a time."""

Drawing = Callable[[], Image.Image]
"""Draws one picture (a chart drawn whole, or one part of a split chart), not yet encoded."""


class Pictures:
    """The PNG of each picture of a document, in the document's order: drawn on the calling thread,
    compressed on worker threads meanwhile.

    Compressing is most of a picture's cost, and Pillow lets go of the interpreter's lock while it
    compresses, so the pictures are encoded while the writer goes on with the text. Drawing stays on
    the calling thread (the fonts' FreeType faces are not shared between threads); the bytes are
    those a picture drawn and encoded alone gives. At most :data:`PIXELS_AHEAD` pixels are held at
    once (drawn and not yet compressed), or one picture when it alone is larger.
    """

    def __init__(self, font: Path, drawings: Iterable[tuple[Hashable, Drawing]]) -> None:
        self.font = font
        """The font the pictures are drawn with (the writer draws any asked out of order with it too)."""
        self.waiting: deque[tuple[Hashable, Drawing]] = deque(drawings)
        self.drawn: deque[tuple[Hashable, Future[bytes], int]] = deque()
        self.pixels = 0
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="reportgen-png")

    def __enter__(self) -> Pictures:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def ahead(self) -> None:
        """Draw the next pictures and queue their encoding, while the pixels held allow (always one)."""
        while self.waiting and (not self.drawn or self.pixels < PIXELS_AHEAD):
            key, draw = self.waiting.popleft()
            image = draw()
            pixels = image.width * image.height
            self.drawn.append((key, self.pool.submit(encode_png, image), pixels))
            self.pixels += pixels

    def png(self, key: Hashable, draw: Drawing) -> bytes:
        """Picture ``key``'s PNG bytes; pictures are asked for in the order they were given (any other is drawn here with ``draw``)."""
        if not self.drawn:
            self.ahead()
        if not self.drawn or self.drawn[0][0] != key:
            return encode_png(draw())
        _, future, pixels = self.drawn.popleft()
        png = future.result()
        self.pixels -= pixels  # only now: its image was held until it was compressed
        self.ahead()  # the next ones are drawn now, compressed while the writer goes on
        return png


def drawings(chart: Chart, font: Path, limit: int) -> list[tuple[Hashable, Drawing]]:
    """What :func:`chart_pictures` will ask :class:`Pictures` for, in order: ``(chart, part number)`` and how to draw it."""
    laid = plan(chart)
    parts = split(chart, limit * laid.width / _width(laid))
    if len(parts) == 1:
        return [((chart, 1), partial(render_image, chart, font))]  # checks the font's characters first
    return [((chart, part.number), partial(_part_image, chart, laid, part, font)) for part in parts]


def _part_image(chart: Chart, laid: Plan, part: Part, font: Path) -> Image.Image:
    """``part`` drawn; the first part checks the font has every character of the chart (as :func:`chart_pictures` does),
    so that the first chart lacking one is still the one named when its parts are drawn ahead."""
    if part.number == 1:
        chart_font.require(font, (s.text for s in laid.shapes if isinstance(s, Text)), chart.title)
    return draw_image(part.plan, font)


def picture_run(doc: WordDocument, chart: Chart, font: Path, png: bytes | None = None) -> etree._Element:
    """A ``w:r`` holding the chart as an inline picture with ``descr`` and ``title`` on its ``wp:docPr``
    (``png``: the chart's picture when already made, see :class:`Pictures`)."""
    laid = plan(chart)
    width = _width(laid)
    height = int(width * laid.height / laid.width)
    return _run(doc, render_png(chart, font) if png is None else png, width, height, chart.description, chart.title)


def _width(laid: Plan) -> int:
    return int(min(Cm(WIDTH_CM), Cm(laid.width * 2.54 / 96)))


def _run(doc: WordDocument, png: bytes, width: int, height: int, descr: str, title: str) -> etree._Element:
    return _wrap(doc.part.new_pic_inline(io.BytesIO(png), width, height), descr, title)


def _wrap(inline: CT_Inline, descr: str, title: str) -> etree._Element:
    """``inline`` with its alt text (``descr``) and title, in a ``w:r``."""
    inline.docPr.set("descr", descr)
    inline.docPr.set("title", title)
    inline.docPr.set("name", title)
    run = etree.Element(qn("w:r"))
    drawing = etree.SubElement(run, qn("w:drawing"))
    drawing.append(inline)
    return run


@dataclass(frozen=True)
class ChartPicture:
    """One picture of a chart in report.docx: its run (the inline picture) and the caption that follows it."""

    run: etree._Element
    caption: str
    number: int = 1
    """Its part's number (1 for a chart drawn whole)."""


def part_id(ident: str, number: int) -> str:
    """The mark id of part ``number`` of the chart marked ``ident``: the chart's own id for the first part (a chart
    drawn whole and the first part of a split one are the same generated part), ``<id>-<number>`` for the others."""
    return ident if number == 1 else f"{ident}-{number}"


def part_words(chart: Chart, part: Part) -> tuple[str, str]:
    """The caption and alt text of ``part`` of ``chart`` (templates part/; a chart drawn whole keeps its own words)."""
    words = chart.labels.parts
    if part.count == 1 or not words.caption:
        return chart.title, chart.description
    bars = part.bars()
    first, last = (bars[0].label, bars[-1].label) if bars else (part.groups[0][0], part.groups[-1][0])
    number, count = str(part.number), str(part.count)
    pattern = words.first_description if part.number == 1 else words.description
    return (PartWords.fill(words.caption, title=chart.title, number=number, count=count),
            PartWords.fill(pattern, title=chart.title, description=chart.description, number=number, count=count,
                           first=first, last=last))


def chart_pictures(doc: WordDocument, chart: Chart, font: Path, limit: int, pictures: Pictures | None = None) -> list[ChartPicture]:
    """The chart's pictures, each at most ``limit`` EMU high: one when it fits, else one per part (:func:`split`);
    their PNG from ``pictures`` when given (made while the text was written), else drawn here."""
    laid = plan(chart)
    width = _width(laid)
    parts = split(chart, limit * laid.width / width)
    if len(parts) == 1:
        png = None if pictures is None else pictures.png((chart, 1), partial(render_image, chart, font))
        return [ChartPicture(picture_run(doc, chart, font, png), chart.title)]
    chart_font.require(font, (s.text for s in laid.shapes if isinstance(s, Text)), chart.title)  # every part's words are the chart's
    out: list[ChartPicture] = []
    first = 0
    for part in parts:
        caption, descr = part_words(chart, part)
        height = int(width * part.plan.height / laid.width)
        shown = width
        if height > limit:  # one bar and the axis taller than the page (a template with a tiny page): narrower, never clipped
            shown = int(limit * laid.width / part.plan.height)
            height = int(shown * part.plan.height / laid.width)
        first = first or doc.part.next_id  # python-docx numbers after the body's pictures, where the parts are not yet
        draw = partial(draw_image, part.plan, font)
        png = encode_png(draw()) if pictures is None else pictures.png((chart, part.number), draw)
        inline = CT_Inline.new_pic_inline(first + part.number - 1, *_image(doc, png), Emu(shown), Emu(height))
        out.append(ChartPicture(_wrap(inline, descr, caption), caption, part.number))
    return out


@dataclass
class _Images:
    """The image parts of a document by SHA-1, as far as ``seen`` of them, and the highest partname number in use."""

    seen: int = 0
    by_digest: dict[str, ImagePart] = field(default_factory=dict)
    last: int = 0


_KNOWN: WeakKeyDictionary[object, _Images] = WeakKeyDictionary()


def _image(doc: WordDocument, png: bytes) -> tuple[str, str]:
    """The relationship id and file name of ``png`` as an image part of ``doc`` (the same bytes share one part).

    What python-docx's new_pic_inline does, without hashing every image part and scanning the body for ids at
    each picture: a chart of 2,400 wards is 90 parts, a report of 100× the wards a thousand pictures.
    """
    package = doc.part.package
    assert package is not None
    parts = package.image_parts
    known = _KNOWN.setdefault(parts, _Images())
    for part in list(parts)[known.seen:]:  # added since, by python-docx (a chart drawn whole) or here
        known.by_digest.setdefault(part.sha1, part)
        known.last = max(known.last, part.partname.idx or 0)
    known.seen = len(parts)
    image = DocxImage.from_blob(png)
    digest = image.sha1
    found = known.by_digest.get(digest)
    if found is None:
        known.last += 1
        found = ImagePart.from_image(image, PackURI(f"/word/media/image{known.last}.{image.ext}"))
        parts.append(found)
        known.by_digest[digest] = found
        known.seen += 1
    return doc.part.relate_to(found, RT.IMAGE), image.filename


def _q(path: str) -> str:
    """``w:a/w:b`` in Clark notation, for lxml's find."""
    return "/".join(qn(step) for step in path.split("/"))


def _style_value(styles: etree._Element, style_id: str, path: str, attribute: str) -> str | None:
    """``attribute`` of the first ``path`` element (``w:rPr/…`` or ``w:pPr/…``) along style ``style_id``'s basedOn
    chain, else of the document's defaults (w:docDefaults); None when none states it."""
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current not in seen:  # a basedOn loop in an edited template ends here
        seen.add(current)
        style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{current}']")
        if style is None:
            break
        found = style.find(_q(path))
        if found is not None and found.get(qn(attribute)) is not None:
            return str(found.get(qn(attribute)))
        based = style.find(qn("w:basedOn"))
        current = str(based.get(qn("w:val"))) if based is not None else None
    kind = path.split("/", 1)[0].removeprefix("w:")  # rPr or pPr
    found = styles.find(_q(f"w:docDefaults/w:{kind}Default/{path}"))
    return str(found.get(qn(attribute))) if found is not None and found.get(qn(attribute)) is not None else None


def _twips(value: str | None) -> int:
    return int(value) if value is not None and value.isdigit() else 0


def height_limit(doc: WordDocument, caption_style: str, picture_style: str, template_name: str = "templates/report.docx") -> int:
    """The tallest a chart's picture may be (EMU): the first section's page height less its top and bottom margins,
    less room for :data:`CAPTION_LINES` lines of the caption style and the spacing around the picture and caption.

    A margin the template leaves out counts as none (a negative one, text not pushed below the header, by its size);
    a page with no room left for a picture stops the build, naming the template.
    """
    section = doc.sections[0]
    page = section.page_height
    assert page is not None  # render/template_check.py refuses a template without a page size
    top, bottom = (abs(margin or 0) for margin in (section.top_margin, section.bottom_margin))
    styles = doc.styles.element
    size = _twips(_style_value(styles, caption_style, "w:rPr/w:sz", "w:val")) or 20  # half-points; Word's default 10 pt
    line = _twips(_style_value(styles, caption_style, "w:pPr/w:spacing", "w:line"))
    rule = _style_value(styles, caption_style, "w:pPr/w:spacing", "w:lineRule") or "auto"
    line_height = Pt(size / 2 * LINE_HEIGHT * max(line / 240 if rule == "auto" and line else 1.0, 1.0))
    if rule == "exact" and line:
        line_height = Pt(line / 20)
    elif rule == "atLeast" and line:
        line_height = max(line_height, Pt(line / 20))
    spacing = sum(_twips(_style_value(styles, style, "w:pPr/w:spacing", side))
                  for style, side in ((caption_style, "w:before"), (caption_style, "w:after"), (picture_style, "w:before"),
                                      (picture_style, "w:after")))
    limit = int(page - top - bottom - CAPTION_LINES * line_height - Pt(spacing / 20))
    if limit < MIN_HEIGHT:
        raise OutputError([Problem(Location(template_name),
            f"上下の余白と図の見出しの分を除くと、図を置く高さが{Length(max(limit, 0)).cm:.1f} cm しかありません"
            f"（{Length(MIN_HEIGHT).cm:.0f} cm 以上必要です）。用紙の高さか上下の余白を直してください (no room for a chart on the page)")])
    return limit
