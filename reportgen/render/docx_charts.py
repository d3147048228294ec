"""The charts of report.docx: each a picture (PNG, render/charts_png.py) in a paragraph of its own, with its alt text.

The picture is inline in its own paragraph, so an editor selects it and deletes or moves it like a
line of text; its ``wp:docPr`` carries the chart's description as ``descr`` (Word's 代替テキスト)
and its title as ``title``; the title follows as a caption. Without a Japanese font to draw with,
the chart is stated in words: its title and description as the caption.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.document import Document as WordDocument
from docx.shared import Cm
from lxml import etree

from reportgen.document import Chart
from reportgen.render.charts import plan
from reportgen.render.charts_png import render_png

WIDTH_CM = 16.0
"""The widest a chart is printed: the portrait text width (17 cm) less a little."""


def picture_run(doc: WordDocument, chart: Chart, font: Path) -> etree._Element:
    """A ``w:r`` holding the chart as an inline picture with ``descr`` and ``title`` on its ``wp:docPr``."""
    laid = plan(chart)
    width = min(Cm(WIDTH_CM), Cm(laid.width * 2.54 / 96))
    height = int(width * laid.height / laid.width)
    inline = doc.part.new_pic_inline(io.BytesIO(render_png(chart, font)), width, height)
    inline.docPr.set("descr", chart.description)
    inline.docPr.set("title", chart.title)
    inline.docPr.set("name", chart.title)
    run = etree.Element("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}r")
    drawing = etree.SubElement(run, "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing")
    drawing.append(inline)
    return run
