"""The charts of report.docx: each a picture (PNG, render/charts_png.py) in a paragraph of its own, with its alt text.

The picture is inline in its own paragraph, so an editor selects it and deletes or moves it like a
line of text; its ``wp:docPr`` carries the chart's description as ``descr`` (Word's 代替テキスト)
and its title as ``title``; the title follows as a caption. Without a Japanese font to draw with,
the chart is stated in words: its title and description as the caption.
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from docx.document import Document as WordDocument
from docx.shared import Cm
from lxml import etree

from reportgen.document import Chart
from reportgen.render.charts import plan
from reportgen.render.charts_png import encode_png, render_image, render_png

WIDTH_CM = 16.0
"""The widest a chart is printed: the portrait text width (17 cm) less a little."""


PIXELS_AHEAD = 40_000_000
"""Pixels of pictures drawn and waiting for their PNG at once (a palette pixel is a byte): all of
FY2016's 15 (21 million), a few of a very large plan's at a time."""


class Pictures:
    """The PNG of each chart of a document, in the document's order: drawn on the calling thread,
    compressed on worker threads meanwhile.

    Compressing is most of a picture's cost, and Pillow lets go of the interpreter's lock while it
    compresses, so the pictures are encoded while the writer goes on with the text. Drawing stays on
    the calling thread (the fonts' FreeType faces are not shared between threads); the bytes are
    those :func:`render_png` gives. At most :data:`PIXELS_AHEAD` pixels are held at once (drawn and
not yet compressed), or one picture when it alone is larger.
    """

    def __init__(self, charts: Iterable[Chart], font: Path) -> None:
        self.font = font
        self.waiting: deque[Chart] = deque(charts)
        self.drawn: deque[tuple[Chart, Future[bytes], int]] = deque()
        self.pixels = 0
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="reportgen-png")

    def __enter__(self) -> Pictures:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def ahead(self) -> None:
        """Draw the next charts and queue their encoding, while the pixels waiting allow (always one)."""
        while self.waiting and (not self.drawn or self.pixels < PIXELS_AHEAD):
            chart = self.waiting.popleft()
            image = render_image(chart, self.font)
            pixels = image.width * image.height
            self.drawn.append((chart, self.pool.submit(encode_png, image), pixels))
            self.pixels += pixels

    def png(self, chart: Chart) -> bytes:
        """``chart``'s PNG bytes; the charts are asked for in the order they were given (any other is drawn here)."""
        if not self.drawn:
            self.ahead()
        if not self.drawn or self.drawn[0][0] is not chart:
            return render_png(chart, self.font)
        _, future, pixels = self.drawn.popleft()
        png = future.result()
        self.pixels -= pixels  # only now: its image was held until it was compressed
        self.ahead()
        return png


def picture_run(doc: WordDocument, chart: Chart, font: Path, png: bytes | None = None) -> etree._Element:
    """A ``w:r`` holding the chart as an inline picture with ``descr`` and ``title`` on its ``wp:docPr``
    (``png``: the chart's picture when already made, see :class:`Pictures`)."""
    laid = plan(chart)
    width = min(Cm(WIDTH_CM), Cm(laid.width * 2.54 / 96))
    height = int(width * laid.height / laid.width)
    inline = doc.part.new_pic_inline(io.BytesIO(render_png(chart, font) if png is None else png), width, height)
    inline.docPr.set("descr", chart.description)
    inline.docPr.set("title", chart.title)
    inline.docPr.set("name", chart.title)
    run = etree.Element("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}r")
    drawing = etree.SubElement(run, "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing")
    drawing.append(inline)
    return run
