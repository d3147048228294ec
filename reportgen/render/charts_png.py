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

Pictures are palette PNGs with the pixels an RGB drawing has (see :func:`draw_png`); the series'
patterns come from strips a few hundred rows high, so a chart of thousands of wards needs no
pattern canvas of its own height squared.
"""

from __future__ import annotations

import io
import math
import os
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFont

from reportgen.document import Chart
from reportgen.errors import Location, OutputError, Problem
from reportgen.render import chart_font
from reportgen.render.charts import SERIES_STYLE, TEXT, WHITE, Box, Line, Plan, Text, plan

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


TILE_ROWS = 256
"""Rows of a pattern tile repeated down a chart (a multiple of the 8 px cell at any scale up to 32)."""


def _palette() -> tuple[dict[str, int], bytes]:
    """Each colour's index in a palette image, and the palette (768 bytes).

    A gray (r = g = b) is its own level: index v is (v, v, v), so antialiased text blended over
    white or any gray by Pillow's ``L`` drawing lands on the index of the very colour an RGB
    drawing gives it. The other colours take the lowest indices, darker than any gray used
    (tests/test_charts_png.py holds that they stay below the grays).
    """
    used = (WHITE, TEXT, *(colour for colour, _ in SERIES_STYLE))
    others = [c for c in dict.fromkeys(used) if len(set(_rgb(c))) > 1]
    index = {c: _rgb(c)[0] for c in used if len(set(_rgb(c))) == 1} | {c: n for n, c in enumerate(others)}
    levels = [(v, v, v) for v in range(256)]
    for c in others:
        levels[index[c]] = _rgb(c)
    return index, bytes(v for level in levels for v in level)


INDEX, PALETTE = _palette()
RESERVED = len({c for c, _ in SERIES_STYLE if len(set(_rgb(c))) > 1})
"""Indices below this are colours, not grays: text blended over them would not be the colour the palette says."""


@cache
def _tile(series: int, width: int, scale: int, indexed: bool) -> Image.Image:
    """A strip ``width`` wide and 2 × :data:`TILE_ROWS` high of one series' pattern (8 px cells, as the SVG's patterns).

    The pattern repeats every cell across and down, so a box anywhere takes its rows from the strip
    at its row modulo :data:`TILE_ROWS`; the strip stays small however tall a chart grows.
    """
    colour, kind = SERIES_STYLE[series]
    ink = INDEX if indexed else {c: _rgb(c) for c in INDEX}
    height = 2 * TILE_ROWS
    image = Image.new("L" if indexed else "RGB", (width, height), ink[colour] if kind == "solid" else ink[WHITE])
    if kind == "solid":
        return image
    draw = ImageDraw.Draw(image)
    cell = 8 * scale
    if kind == "hatch":
        for k in range(-height, width + height, cell):
            draw.line([(k, height), (k + height, 0)], fill=ink[colour], width=int(2.5 * scale))
    if kind == "dots":
        r = 2.2 * scale
        for x in range(0, width, cell):
            for y in range(0, height, cell):
                cx, cy = x + cell / 2, y + cell / 2
                draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=ink[colour])
    return image


def _fill(image: Image.Image, tile: Image.Image, box: tuple[int, int, int, int]) -> None:
    """Paint ``box`` with the pattern of ``tile`` as if the tile covered the whole picture."""
    x0, y, x1, y1 = box
    while y < y1:
        top, rows = y % TILE_ROWS, min(y1 - y, TILE_ROWS)
        image.paste(tile.crop((x0, top, x1, top + rows)), (x0, y))
        y += rows


@lru_cache(maxsize=4096)
def _mask(face: ImageFont.FreeTypeFont, text: str, anchor: str, start: tuple[float, float]) -> tuple[Image.Image, Image.Image, tuple[int, int]]:
    """The coverage mask of ``text``, its blank (white where the text leaves a pixel alone) and its offset, as
    :meth:`ImageDraw.ImageDraw.text` renders it (ward names and scale labels recur from chart to chart, at the
    same fraction of a pixel)."""
    core, offset = face.getmask2(text, "L", anchor=anchor, start=start)
    mask = Image.Image()._new(core)
    return mask, mask.point(BLANK), offset


BLANK = [255] + [0] * 255
"""Coverage 0 → 255 (untouched), any other → 0."""


def _text(image: Image.Image, draw: ImageDraw.ImageDraw, shape: Text, face: ImageFont.FreeTypeFont, scale: int) -> bool:
    """Draw ``shape`` on the palette image as ImageDraw.text would; False, drawing nothing, when it would
    blend over a colour (the palette has no entry for that blend)."""
    x, y = shape.x * scale, shape.y * scale
    mask, blank, (dx, dy) = _mask(face, shape.text, ANCHORS[shape.anchor], (math.modf(x)[0], math.modf(y)[0]))
    left, top = int(x) + dx, int(y) + dy
    box = (max(left, 0), max(top, 0), min(left + mask.width, image.width), min(top + mask.height, image.height))
    if box[2] > box[0] and box[3] > box[1]:
        under = image.crop(box)
        if under.getextrema()[0] < RESERVED:  # type: ignore[operator]  # a colour in the box: is any of it under ink?
            inked = ImageChops.lighter(under, blank.crop((box[0] - left, box[1] - top, box[2] - left, box[3] - top)))
            if inked.getextrema()[0] < RESERVED:  # type: ignore[operator]
                return False
    draw.bitmap((left, top), mask, fill=INDEX[TEXT])  # what ImageDraw.text does with the mask it renders
    return True


ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def _draw(laid: Plan, font: Path, scale: int, indexed: bool) -> Image.Image | None:
    """The shapes of ``laid`` painted; as a palette image when ``indexed`` (None if a text would cross a colour)."""
    ink: dict[str, Any] = INDEX if indexed else {c: _rgb(c) for c in INDEX}
    width, height = round(laid.width * scale), round(laid.height * scale)
    image = Image.new("L" if indexed else "RGB", (width, height), ink[WHITE])
    draw = ImageDraw.Draw(image)
    strip = 256 * -(-width // 256)  # one pattern strip per width step, kept between charts
    for shape in laid.shapes:
        if isinstance(shape, Box):
            box = (round(shape.x * scale), round(shape.y * scale), round((shape.x + shape.width) * scale), round((shape.y + shape.height) * scale))
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            if shape.series is None:
                draw.rectangle(box, fill=ink[WHITE])
                continue
            _fill(image, _tile(shape.series, strip, scale, indexed), box)
            draw.rectangle(box, outline=ink[SERIES_STYLE[shape.series][0]], width=scale)
        elif isinstance(shape, Line):
            _line(draw, shape, scale, ink[TEXT])
        elif isinstance(shape, Text):
            face = _font(font, round(shape.size * scale), shape.bold)
            if not indexed or "\n" in shape.text:
                if indexed:
                    return None
                draw.text((shape.x * scale, shape.y * scale), shape.text, fill=ink[TEXT], font=face, anchor=ANCHORS[shape.anchor])
            elif not _text(image, draw, shape, face, scale):
                return None
    if indexed:
        image.putpalette(PALETTE)
    return image


def render_png(chart: Chart, font: Path, scale: int = SCALE) -> bytes:
    """The chart as PNG bytes, drawn with ``font`` at ``scale`` pixels per layout px."""
    return encode_png(render_image(chart, font, scale), scale)


def render_image(chart: Chart, font: Path, scale: int = SCALE) -> Image.Image:
    """The chart drawn, not yet encoded (:func:`encode_png` makes its bytes)."""
    laid = plan(chart)
    chart_font.require(font, (s.text for s in laid.shapes if isinstance(s, Text)), chart.title)  # a box (豆腐) is never drawn
    return draw_image(laid, font, scale)


def draw_png(laid: Plan, font: Path, scale: int = SCALE) -> bytes:
    """The shapes of ``laid`` as PNG bytes (:func:`draw_image`, then :func:`encode_png`)."""
    return encode_png(draw_image(laid, font, scale), scale)


def draw_image(laid: Plan, font: Path, scale: int = SCALE) -> Image.Image:
    """The shapes of ``laid`` painted.

    Drawn as a palette image (every gray its own level, the series' colours beside them): the same
    pixels as an RGB drawing in a third of the memory, and a file less than half the size, quicker
    to compress. A text over a coloured area (which :func:`~reportgen.render.charts.plan` avoids)
    needs colours the palette lacks: such a picture is drawn in RGB.
    """
    image = _draw(laid, font, scale, True) or _draw(laid, font, scale, False)
    assert image is not None
    return image


def encode_png(image: Image.Image, scale: int = SCALE) -> bytes:
    """``image`` as PNG bytes with the dpi of ``scale``; reads the image only, so it may run on
    another thread (Pillow lets go of the interpreter's lock while it compresses)."""
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6, dpi=(72 * scale, 72 * scale))
    return out.getvalue()


def _line(draw: ImageDraw.ImageDraw, line: Line, scale: int, ink: Any) -> None:
    """A solid or dashed line (Pillow draws no dashes: the segments one by one; lines here are straight and axis-parallel or not)."""
    x1, y1, x2, y2 = (v * scale for v in (line.x1, line.y1, line.x2, line.y2))
    width = max(1, round(line.width * scale))
    if not line.dash:
        draw.line([(x1, y1), (x2, y2)], fill=ink, width=width)
        return
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    if length == 0:
        return
    on, off = line.dash[0] * scale, line.dash[1 % len(line.dash)] * scale
    at = 0.0
    while at < length:
        end = min(at + on, length)
        draw.line([(x1 + (x2 - x1) * at / length, y1 + (y2 - y1) * at / length),
                   (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)], fill=ink, width=width)
        at = end + off
