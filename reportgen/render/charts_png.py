"""Charts as PNG for report.docx: the shapes of :func:`reportgen.render.charts.plan` painted with Pillow.

Word takes pictures, not SVG, from python-docx, so the Word edition's charts are PNG drawn from the
same layout as the web's SVG (same bars, patterns, figures and guides). Japanese text needs a
font with kana and kanji: the first of :data:`FONT_FILES` found on this machine (BIZ UDPゴシック,
then Noto Sans CJK, then Windows' and macOS' Japanese fonts). Without one, :func:`find_font` is
None and the Word edition states each chart in words instead. A font that lacks a character a
chart draws never paints a box (render/chart_font.py): REPORTGEN_CHART_FONT naming one (a
Latin-only font such as DejaVu Sans) stops the build with the font, the character and the chart;
a found font without Japanese is passed over. Same chart and font, same bytes
(PNG has no time stamp; Pillow writes no other varying data).
"""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from reportgen.document import Chart
from reportgen.errors import Location, OutputError, Problem
from reportgen.render import chart_font
from reportgen.render.charts import SERIES_STYLE, TEXT, WHITE, Box, Line, Text, plan

SCALE = 2
"""Pixels per layout px: a 560 px chart prints 16 cm wide at about 180 dpi."""
FONT_FILES = (
    "/usr/share/fonts/truetype/bizud-gothic/BIZUDPGothic-Regular.ttf",
    "/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/BIZ-UDGothicR.ttc",
    "C:/Windows/Fonts/YuGothM.ttc",
    "C:/Windows/Fonts/meiryo.ttc",
    "C:/Windows/Fonts/msgothic.ttc",
    "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
)
"""Japanese fonts tried in order; REPORTGEN_CHART_FONT names another file."""
BOLD = {"BIZUDPGothic-Regular.ttf": "BIZUDPGothic-Bold.ttf", "BIZUDGothic-Regular.ttf": "BIZUDGothic-Bold.ttf"}


def _loads(path: Path) -> bool:
    try:
        ImageFont.truetype(str(path), 12)
    except OSError:  # not a font FreeType reads (damaged, or another kind of file)
        return False
    return True


def find_font() -> Path | None:
    """The font file the charts are drawn with, or None when this machine has no Japanese font known here.

    REPORTGEN_CHART_FONT, when set, must name a font file: otherwise the build stops and says so.
    """
    named = os.environ.get("REPORTGEN_CHART_FONT")
    if named:
        if not (Path(named).is_file() and _loads(Path(named))):
            raise OutputError([Problem(Location("REPORTGEN_CHART_FONT"),
                f"図を描くフォントを読めません: {named!r}（フォントファイル .ttf/.otf/.ttc を指定してください） (not a font file)")])
        return Path(named)
    return next((Path(c) for c in FONT_FILES if Path(c).is_file() and _loads(Path(c)) and chart_font.draws_japanese(Path(c))), None)


@cache
def _font(path: Path, size: int, bold: bool) -> ImageFont.FreeTypeFont:
    bold_path = path.with_name(BOLD.get(path.name, path.name))
    return ImageFont.truetype(str(bold_path if bold and bold_path.is_file() else path), size)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@cache
def _tile(series: int, size: int, scale: int) -> Image.Image:
    """A canvas-sized fill of one series' pattern (8 px cells, as the SVG's patterns)."""
    colour, kind = SERIES_STYLE[series]
    image = Image.new("RGB", (size, size), _rgb(colour) if kind == "solid" else _rgb(WHITE))
    if kind == "solid":
        return image
    draw = ImageDraw.Draw(image)
    cell = 8 * scale
    for k in range(-size, 2 * size, cell):
        if kind == "hatch":
            draw.line([(k, size), (k + size, 0)], fill=_rgb(colour), width=int(2.5 * scale))
    if kind == "dots":
        r = 2.2 * scale
        for x in range(0, size, cell):
            for y in range(0, size, cell):
                cx, cy = x + cell / 2, y + cell / 2
                draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_rgb(colour))
    return image


def render_png(chart: Chart, font: Path, scale: int = SCALE) -> bytes:
    """The chart as PNG bytes, drawn with ``font`` at ``scale`` pixels per layout px."""
    laid = plan(chart)
    chart_font.require(font, (s.text for s in laid.shapes if isinstance(s, Text)), chart.title)  # a box (豆腐) is never drawn
    width, height = round(laid.width * scale), round(laid.height * scale)
    image = Image.new("RGB", (width, height), _rgb(WHITE))
    draw = ImageDraw.Draw(image)
    side = 256 * -(-max(width, height) // 256)  # one pattern canvas per size step, kept between charts
    for shape in laid.shapes:
        if isinstance(shape, Box):
            box = (round(shape.x * scale), round(shape.y * scale), round((shape.x + shape.width) * scale), round((shape.y + shape.height) * scale))
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            if shape.series is None:
                draw.rectangle(box, fill=_rgb(WHITE))
                continue
            image.paste(_tile(shape.series, side, scale).crop(box), box[:2])
            draw.rectangle(box, outline=_rgb(SERIES_STYLE[shape.series][0]), width=scale)
        elif isinstance(shape, Line):
            _line(draw, shape, scale)
        elif isinstance(shape, Text):
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
            draw.text((shape.x * scale, shape.y * scale), shape.text, fill=_rgb(TEXT), font=_font(font, round(shape.size * scale), shape.bold),
                      anchor=anchor)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6, dpi=(72 * scale, 72 * scale))
    return out.getvalue()


def _line(draw: ImageDraw.ImageDraw, line: Line, scale: int) -> None:
    """A solid or dashed line (Pillow draws no dashes: the segments one by one; lines here are straight and axis-parallel or not)."""
    x1, y1, x2, y2 = (v * scale for v in (line.x1, line.y1, line.x2, line.y2))
    width = max(1, round(line.width * scale))
    if not line.dash:
        draw.line([(x1, y1), (x2, y2)], fill=_rgb(TEXT), width=width)
        return
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    if length == 0:
        return
    on, off = line.dash[0] * scale, line.dash[1 % len(line.dash)] * scale
    at = 0.0
    while at < length:
        end = min(at + on, length)
        draw.line([(x1 + (x2 - x1) * at / length, y1 + (y2 - y1) * at / length),
                   (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)], fill=_rgb(TEXT), width=width)
        at = end + off
