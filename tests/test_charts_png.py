"""The PNG charts: a palette image with the very pixels of an RGB drawing, patterns from a small strip, text masks reused."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw

from reportgen.document import Bar, Chart, Guide
from reportgen.render import charts_png
from reportgen.render.charts import SERIES_STYLE, TEXT, WHITE, Box, Line, Plan, Text, plan
from reportgen.render.charts_png import (
    INDEX,
    PALETTE,
    RESERVED,
    TILE_ROWS,
    draw_png,
    find_font,
    render_png,
)

FONT = find_font()
needs_font = pytest.mark.skipif(FONT is None, reason="no Japanese font to draw with")
SERIES = ("概ね順調", "必ずしも順調ではない", "参考数値")


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _image(raw: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(raw))
    image.load()
    return image


def _same(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None


def _rgb_drawing(laid: Plan, font: Path, scale: int = charts_png.SCALE) -> Image.Image:
    image = charts_png._draw(laid, font, scale, False)
    assert image is not None and image.mode == "RGB"
    return image


def test_the_palette_holds_every_gray_at_its_own_level_and_each_colour_below_them() -> None:
    levels = [tuple(PALETTE[3 * n: 3 * n + 3]) for n in range(256)]
    for colour, index in INDEX.items():
        assert levels[index] == _rgb(colour)
    colours = [c for c, _ in SERIES_STYLE if len(set(_rgb(c))) > 1]
    assert RESERVED == len(colours) >= 1 and sorted(INDEX[c] for c in colours) == list(range(RESERVED))
    assert INDEX[WHITE] == 255 and INDEX[TEXT] == _rgb(TEXT)[0]
    assert all(levels[v] == (v, v, v) for v in range(RESERVED, 256))  # every blend of text over gray has its colour


rates = st.lists(st.one_of(st.none(), st.decimals(0, 250, places=1)), min_size=1, max_size=30)


@needs_font
@settings(max_examples=8, deadline=None)
@given(rates, st.sampled_from([1, 2, 3]))
def test_a_chart_drawn_as_a_palette_image_has_the_pixels_of_its_rgb_drawing(values: list[Decimal | None], scale: int) -> None:
    assert FONT is not None
    bars = tuple(Bar(f"区{n}" * (n % 4 + 1), tuple(v if k == n % 3 else None for k in range(3)),
                     tuple(f"{v}％" if k == n % 3 and v is not None else "" for k in range(3))) for n, v in enumerate(values))
    chart = Chart("k", "図", "説明", "％", SERIES, (("", bars[: len(bars) // 2]), ("参考", bars[len(bars) // 2:])),
                  (Guide("基準 60％", Decimal(60)), Guide("目標 100％", Decimal(100))), Decimal(260))
    raw = render_png(chart, FONT, scale)
    picture = _image(raw)
    assert picture.mode == "P" and picture.info["dpi"] == pytest.approx((72 * scale, 72 * scale), abs=0.1)
    assert _same(picture, _rgb_drawing(plan(chart), FONT, scale))
    assert raw == render_png(chart, FONT, scale)


@needs_font
def test_by_default_a_chart_is_drawn_at_two_pixels_a_layout_px() -> None:
    assert FONT is not None
    laid = Plan(280, 40, (Text(10, 20, "北区"),))
    picture = _image(draw_png(laid, FONT))
    assert picture.size == (560, 80) and picture.info["dpi"] == pytest.approx((144, 144), abs=0.1)  # 16 cm at about 180 dpi in Word


@needs_font
def test_a_stacked_chart_with_every_pattern_is_drawn_the_same_in_both_modes() -> None:
    assert FONT is not None
    bars = tuple(Bar(f"1.{n}.a", (Decimal(n), Decimal(24 - n), Decimal(n % 3)), (f"{n}件", f"{24 - n}件", f"{n % 3}件")) for n in range(20))
    chart = Chart("overview", "図 表2の概観", "説明", "件", SERIES, (("", bars),), (), Decimal(40))
    picture = _image(render_png(chart, FONT))
    assert picture.mode == "P"  # the figures on their white boxes inside the segments: ink never on a colour
    assert _same(picture, _rgb_drawing(plan(chart), FONT))


@needs_font
def test_text_over_a_colour_makes_the_chart_rgb_with_the_blend_an_rgb_drawing_gives() -> None:
    assert FONT is not None
    laid = Plan(200, 60, (Box(10, 10, 180, 40, 0), Text(100, 36, "北区 86.0％", "middle"), Box(0, 55, 200, 5, 1)))
    picture = _image(draw_png(laid, FONT, 2))
    assert picture.mode == "RGB"
    assert _same(picture, _rgb_drawing(laid, FONT, 2))
    colours = {tuple(c) for _, c in picture.getcolors(100_000) or [] if isinstance(c, tuple)}
    assert any(c not in {_rgb(WHITE), _rgb(TEXT), _rgb(SERIES_STYLE[0][0]), _rgb(SERIES_STYLE[1][0])} and len(set(c)) > 1 for c in colours)


@needs_font
def test_text_over_gray_and_white_stays_a_palette_image() -> None:
    assert FONT is not None
    laid = Plan(200, 60, (Box(10, 10, 180, 40, 2), Text(100, 36, "都島区", "middle"), Text(4, 8, "基準", size=9)))
    assert SERIES_STYLE[2][0] in {c for c in INDEX if len(set(_rgb(c))) == 1}  # the third series is a gray
    picture = _image(draw_png(laid, FONT, 2))
    assert picture.mode == "P" and _same(picture, _rgb_drawing(laid, FONT, 2))


@needs_font
def test_a_text_with_a_line_break_is_drawn_by_pillow_as_lines() -> None:
    assert FONT is not None
    laid = Plan(120, 60, (Text(10, 20, "北区\n都島区"),))
    picture = _image(draw_png(laid, FONT, 2))
    assert picture.mode == "RGB" and _same(picture, _rgb_drawing(laid, FONT, 2))


@needs_font
@settings(max_examples=20, deadline=None)
@given(st.text(alphabet="北区都島福西港大正天王寺浪速淀川東成生野旭城鶴見阿倍野住之江吉平住所ーＡａ0123456789.％（）…", min_size=1, max_size=12),
       st.floats(0, 150), st.floats(20, 50), st.sampled_from(["start", "middle", "end"]), st.sampled_from([9.0, 11.0, 12.0]), st.booleans())
def test_a_text_drawn_from_its_kept_mask_is_the_text_pillow_draws(text: str, x: float, y: float, anchor: str, size: float, bold: bool) -> None:
    assert FONT is not None
    shape = Text(x, y, text, anchor, size, bold)
    face = charts_png._font(FONT, round(size * 2), bold)
    ours = Image.new("L", (400, 140), 255)
    assert charts_png._text(ours, ImageDraw.Draw(ours), shape, face, 2)
    assert charts_png._text(ours, ImageDraw.Draw(ours), shape, face, 2)  # the kept mask, drawn again over itself
    theirs = Image.new("L", (400, 140), 255)
    for _ in range(2):
        ImageDraw.Draw(theirs).text((x * 2, y * 2), text, fill=INDEX[TEXT], font=face, anchor=charts_png.ANCHORS[anchor])
    assert ImageChops.difference(ours, theirs).getbbox() is None


def _pattern_reference(series: int, size: tuple[int, int], scale: int) -> Image.Image:
    """The series' pattern drawn over a whole canvas at once (what the strip stands for)."""
    colour, kind = SERIES_STYLE[series]
    side = 256 * -(-max(size) // 256)
    image = Image.new("RGB", (side, side), _rgb(colour) if kind == "solid" else _rgb(WHITE))
    draw = ImageDraw.Draw(image)
    cell = 8 * scale
    if kind == "hatch":
        for k in range(-side, 2 * side, cell):
            draw.line([(k, side), (k + side, 0)], fill=_rgb(colour), width=int(2.5 * scale))
    if kind == "dots":
        r = 2.2 * scale
        for x in range(0, side, cell):
            for y in range(0, side, cell):
                draw.ellipse([x + cell / 2 - r, y + cell / 2 - r, x + cell / 2 + r, y + cell / 2 + r], fill=_rgb(colour))
    return image.crop((0, 0, *size))


@pytest.mark.parametrize("series", range(len(SERIES_STYLE)))
def test_a_tall_box_anywhere_down_the_picture_shows_the_pattern_the_whole_canvas_would(series: int) -> None:
    scale = 2
    width, height = 700, 3 * TILE_ROWS + 300
    for indexed in (True, False):
        image = Image.new("L" if indexed else "RGB", (width, height), 255 if indexed else (255, 255, 255))
        box = (37, TILE_ROWS - 11, 650, height - 5)  # crosses the strip's end several times
        charts_png._fill(image, charts_png._tile(series, 768, scale, indexed), box)
        if indexed:
            image.putpalette(PALETTE)
        expected = Image.new("RGB", (width, height), (255, 255, 255))
        expected.paste(_pattern_reference(series, (width, height), scale).crop(box), box[:2])
        assert _same(image, expected)


@needs_font
def test_a_chart_of_thousands_of_bars_keeps_its_pattern_strips_small() -> None:
    assert FONT is not None
    charts_png._tile.cache_clear()
    bars = tuple(Bar(f"区{n}", (Decimal(n % 97), None, None), (f"{n % 97}％", "", "")) for n in range(600))
    chart = Chart("rate-x", "図", "説明", "％", SERIES, (("", bars),), (), Decimal(100))
    picture = _image(render_png(chart, FONT, 1))
    assert picture.mode == "P" and picture.height > 10 * TILE_ROWS
    assert charts_png._tile.cache_info().currsize >= 1
    for series in range(len(SERIES_STYLE)):
        strip = charts_png._tile(series, 256 * -(-picture.width // 256), 1, True)
        assert strip.height == 2 * TILE_ROWS and strip.mode == "L"


def test_lines_are_drawn_in_the_text_colour_dashed_or_solid() -> None:
    laid = Plan(100, 40, (Line(10, 5, 10, 35), Line(50, 5, 50, 35, 1.5, (5, 3)), Line(60, 20, 90, 20, 1, (1.5, 2.5))))
    picture = _image(draw_png(laid, Path("unused.ttf"), 2))
    assert picture.mode == "P"
    rgb = picture.convert("RGB")
    assert rgb.getpixel((20, 40)) == _rgb(TEXT) and rgb.getpixel((21, 40)) == _rgb(TEXT)  # solid, 2 px wide
    down = [rgb.getpixel((100, y)) == _rgb(TEXT) for y in range(10, 70)]
    assert down[:10] == [True] * 10 and down[12:16] == [False] * 4  # 5 px on, 3 px off at scale 2
    assert all(down[y] == down[y + 16] for y in range(40))  # and again every 16 px
    across = [rgb.getpixel((x, 40)) == _rgb(TEXT) for x in range(120, 180)]
    assert sum(across[:8]) == 4 and all(across[x] == across[x + 8] for x in range(50))  # 3 px on (and its end pixel), 5 off
    assert _same(picture, _rgb_drawing(laid, Path("unused.ttf"), 2))


def test_an_empty_or_inverted_box_draws_nothing() -> None:
    laid = Plan(40, 40, (Box(10, 10, 0, 10, 0), Box(10, 10, 10, 0, 1), Box(30, 30, -5, 5, 0)))
    picture = _image(draw_png(laid, Path("unused.ttf"), 2)).convert("RGB")
    assert picture.getcolors() == [(80 * 80, _rgb(WHITE))]


@needs_font
def test_a_text_wholly_outside_the_picture_is_clipped_away() -> None:
    assert FONT is not None
    laid = Plan(100, 40, (Box(0, 0, 100, 40, 0), Text(50, -30, "北区", "middle"), Text(50, 90, "都島区", "middle"), Text(-80, 20, "西区")))
    picture = _image(draw_png(laid, FONT, 2))
    assert picture.mode == "P" and _same(picture, _rgb_drawing(laid, FONT, 2))


def test_a_japanese_font_this_machine_has_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPORTGEN_CHART_FONT", raising=False)
    present = [Path(c) for c in charts_png.FONT_FILES if Path(c).is_file()]
    if not present:
        pytest.skip("none of the known Japanese fonts on this machine")
    assert find_font() in present and charts_png._loads(present[0])


@needs_font
def test_a_colour_under_the_ink_at_the_pictures_edge_counts() -> None:
    assert FONT is not None
    laid = Plan(100, 40, (Box(-0.5, 0, 0.5, 40, 0), Text(0, 25, "■■■", "middle")))  # colour in the first column only, ink across it
    picture = _image(draw_png(laid, FONT, 2))
    assert picture.mode == "RGB" and _same(picture, _rgb_drawing(laid, FONT, 2))
    laid = Plan(100, 40, (Box(0, -0.5, 100, 0.5, 0), Text(50, 6, "■■■", "middle")))  # colour in the first row only
    picture = _image(draw_png(laid, FONT, 2))
    assert picture.mode == "RGB" and _same(picture, _rgb_drawing(laid, FONT, 2))


def test_a_series_box_has_its_outline_in_the_series_colour() -> None:
    laid = Plan(60, 30, (Box(10, 5, 40, 20, 1), Box(10, 5, 40, 20, 2)))
    rgb = _image(draw_png(laid, Path("unused.ttf"), 2)).convert("RGB")
    edge = [rgb.getpixel((x, y)) for x in range(20, 101) for y in (10, 11, 49, 50)] + [rgb.getpixel((x, y)) for x in (20, 21, 99, 100) for y in range(10, 51)]
    assert set(edge) == {_rgb(SERIES_STYLE[2][0])}  # the last box drawn: its 2 px outline all round
    assert _rgb(WHITE) in {rgb.getpixel((x, 20)) for x in range(24, 94)}  # dotted inside, not filled


@needs_font
def test_bold_text_is_drawn_with_the_bold_face() -> None:
    assert FONT is not None
    regular = _image(draw_png(Plan(100, 30, (Text(5, 20, "参考数値"),)), FONT, 2))
    bold = _image(draw_png(Plan(100, 30, (Text(5, 20, "参考数値", bold=True),)), FONT, 2))
    bold_file = FONT.with_name(charts_png.BOLD.get(FONT.name, FONT.name))
    assert _same(regular, bold) == (bold_file == FONT or not bold_file.is_file())


def test_thin_and_short_lines_still_show() -> None:
    laid = Plan(40, 20, (Line(5, 2, 5, 18, 0.4), Line(20, 10, 21, 10, 1, (5, 3))))
    rgb = _image(draw_png(laid, Path("unused.ttf"), 1)).convert("RGB")
    assert [rgb.getpixel((x, 10)) == _rgb(TEXT) for x in (4, 5, 6)] == [False, True, False]  # at least 1 px, not 2
    assert rgb.getpixel((20, 10)) == _rgb(TEXT)  # a dashed line a pixel long is still drawn


@needs_font
def test_text_half_over_a_colour_is_judged_by_its_ink() -> None:
    assert FONT is not None
    laid = Plan(200, 40, (Box(10, 5, 90, 30, 0), Text(100, 28, "北区都島区福島区", "middle")))  # the box ends under the text
    picture = _image(draw_png(laid, FONT, 2))
    assert picture.mode == "RGB" and _same(picture, _rgb_drawing(laid, FONT, 2))
