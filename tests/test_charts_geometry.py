"""The charts' geometry (render/charts.py): bars proportional to their values, guides and ticks where their values are,
reference wards apart, every shape on the canvas, a pattern per series, and the SVG drawing exactly the layout."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from chart_strategies import charts
from hypothesis import given, settings
from lxml import etree

from reportgen.document import Bar, Chart, Guide
from reportgen.render import charts as c
from reportgen.render.charts import (
    BAR,
    LEFT_PAD,
    PLOT,
    ROW,
    SMALL,
    TOP,
    Box,
    Line,
    Text,
    plan,
    render_svg,
    text_width,
)

SVG = "{http://www.w3.org/2000/svg}"
EPS = 1e-6
LEGEND = 12.0
"""Legend swatches are 12 px high, bars BAR (14): how the two kinds of box are told apart."""


def _bars(laid: c.Plan) -> list[Box]:
    return [s for s in laid.shapes if isinstance(s, Box) and s.series is not None and s.height == BAR]


def _axis(laid: c.Plan) -> Line:
    return next(s for s in laid.shapes if isinstance(s, Line) and s.x1 == s.x2 and not s.dash and s.y2 - s.y1 > 4)


def _extent(text: Text) -> tuple[float, float]:
    width = text_width(text.text, text.size)
    start = {"start": text.x, "middle": text.x - width / 2, "end": text.x - width}[text.anchor]
    return start, start + width


@settings(max_examples=60, deadline=None)
@given(chart=charts())
def test_bars_are_proportional_to_their_values_and_stack_from_the_axis(chart: Chart) -> None:
    laid = plan(chart)
    axis = _axis(laid)
    boxes = iter(_bars(laid))
    labels = [s for s in laid.shapes if isinstance(s, Text) and s.anchor == "end"]
    assert [t.text for t in labels] == [c.fit(b.label) for b in chart.bars()]
    for bar, label in zip(chart.bars(), labels, strict=True):
        mid = label.y - 4
        start = axis.x1
        assert abs(label.x - (axis.x1 - 6)) < EPS  # right-aligned against the axis
        for n, value in enumerate(bar.values):
            if value is None:
                continue
            box = next(boxes)
            assert box.series == n % len(c.SERIES_STYLE)  # the series' own pattern
            assert abs(box.x - start) < EPS and abs(box.width - PLOT * float(value) / float(chart.maximum)) < 1e-6
            assert abs(box.y + BAR / 2 - mid) < EPS
            start = box.x + box.width
    assert next(boxes, None) is None
    assert all(b.y - a.y >= ROW - EPS for a, b in zip(labels, labels[1:], strict=False))  # one row a bar, in reading order


@settings(max_examples=60, deadline=None)
@given(chart=charts())
def test_reference_wards_stand_apart_under_their_heading(chart: Chart) -> None:
    laid = plan(chart)
    texts = [s for s in laid.shapes if isinstance(s, Text)]
    labels = [t for t in texts if t.anchor == "end"]
    first = len(chart.groups[0][1])
    for label, bars in chart.groups[1:]:
        heading = next(t for t in texts if t.text == label and t.bold)
        assert heading.x == LEFT_PAD
        above, below = labels[:first], labels[first:first + len(bars)]
        assert all(t.y < heading.y - 6 for t in above) and all(t.y > heading.y for t in below)
        if above:
            assert below[0].y - above[-1].y >= 2 * ROW + 6 - EPS  # a gap and a heading row between the runs
    assert all(not t.bold for t in texts if t.text not in [g for g, _ in chart.groups if g])


@settings(max_examples=60, deadline=None)
@given(chart=charts())
def test_guides_and_ticks_stand_at_their_values_and_guide_labels_do_not_collide(chart: Chart) -> None:
    laid = plan(chart)
    axis = _axis(laid)
    bottom = axis.y2

    def x_of(value: float) -> float:
        return axis.x1 + PLOT * value / float(chart.maximum)

    dashed = [s for s in laid.shapes if isinstance(s, Line) and s.dash]
    assert len(dashed) == len(chart.guides)
    tops = []
    for n, (guide, line) in enumerate(zip(chart.guides, dashed, strict=True)):
        assert abs(line.x1 - x_of(float(guide.value))) < EPS and line.x1 == line.x2 and line.y2 == bottom
        assert line.dash == ((5, 3) if n % 2 == 0 else (1.5, 2.5)) and line.width == 1.5  # told apart by their dashes
        label = next(s for s in laid.shapes if isinstance(s, Text) and s.text == guide.label)
        assert label.x == line.x1 and label.anchor == "middle" and label.y < line.y1 <= TOP
        tops.append(label.y)
    assert len(set(tops)) == len(tops)  # stepped: two guides close together keep their labels readable
    for tick in c.ticks(float(chart.maximum)):
        mark = next(s for s in laid.shapes if isinstance(s, Line) and abs(s.x1 - x_of(tick)) < EPS and s.y1 == bottom)
        assert mark.y2 == bottom + 4
        words = next(s for s in laid.shapes if isinstance(s, Text) and s.y == bottom + 17 and abs(s.x - x_of(tick)) < EPS)
        assert words.text == c._num(tick) + chart.unit and words.size == SMALL
    assert axis.x1 == axis.x2 and axis.y1 == c.TOP_PAD + c.GUIDE_STEP * len(chart.guides) - 4  # no room kept for guides a chart lacks


@settings(max_examples=60, deadline=None)
@given(chart=charts())
def test_every_shape_lies_on_the_canvas_and_figures_are_drawn_over_the_guides(chart: Chart) -> None:
    laid = plan(chart)
    for shape in laid.shapes:
        if isinstance(shape, Box):
            assert 0 <= shape.x and shape.x + shape.width <= laid.width + EPS and 0 <= shape.y and shape.y + shape.height <= laid.height
        elif isinstance(shape, Line):
            assert 0 <= min(shape.x1, shape.x2) and max(shape.x1, shape.x2) <= laid.width and max(shape.y1, shape.y2) <= laid.height
        else:
            left, right = _extent(shape)
            assert left >= -EPS and right <= laid.width + EPS, shape
            assert shape.size <= shape.y <= laid.height
    order = list(laid.shapes)
    last_guide = max((order.index(s) for s in order if isinstance(s, Line) and s.dash), default=-1)
    figures = [t for b in chart.bars() for t in b.texts if t]
    for shape in order:
        if isinstance(shape, Text) and shape.size == SMALL and shape.text in figures:
            assert order.index(shape) > last_guide  # no guide crosses a figure


@settings(max_examples=60, deadline=None)
@given(chart=charts())
def test_figures_sit_on_white_labels_and_inside_or_after_their_bars(chart: Chart) -> None:
    laid = plan(chart)
    order = list(laid.shapes)
    axis = _axis(laid)
    stacked = any(sum(v is not None for v in b.values) > 1 for b in chart.bars())
    for n, shape in enumerate(order):
        if not (isinstance(shape, Text) and shape.size == SMALL and shape.anchor == "middle" and n > 0):
            continue
        box = order[n - 1]
        if not (isinstance(box, Box) and box.series is None):
            continue  # a tick or guide label
        assert abs(box.x + box.width / 2 - shape.x) < EPS and abs(box.width - (text_width(shape.text, SMALL) + 4)) < EPS
        assert abs(box.y + 7 - (shape.y - 4)) < EPS and box.height == 14
    if not stacked:
        for bar in chart.bars():
            shown = [t for t in bar.texts if t] or ["―"]
            assert all(any(isinstance(s, Text) and s.text == t and s.x > axis.x1 for s in order) for t in shown)
    width = LEFT_PAD + min(max([text_width(b.label) for b in chart.bars()] + [24.0]), c.LABEL_MAX) + 8 + PLOT + (40.0 if stacked else 120.0)
    assert abs(laid.width - width) < EPS


@settings(max_examples=60, deadline=None)
@given(chart=charts())
def test_the_legend_shows_each_drawn_series_with_its_pattern_and_fits_the_width(chart: Chart) -> None:
    laid = plan(chart)
    order = list(laid.shapes)
    swatches = [s for s in order if isinstance(s, Box) and s.series is not None and s.height == LEGEND]
    used = [n for n in range(len(chart.series)) if any(b.values[n] is not None for b in chart.bars())]
    assert [s.series for s in swatches] == [n % len(c.SERIES_STYLE) for n in used]
    for swatch, n in zip(swatches, used, strict=True):
        name = order[order.index(swatch) + 1]
        assert isinstance(name, Text) and name.text == chart.series[n] and name.x == swatch.x + 22 and name.y == swatch.y + 11
        assert swatch.width == 16 and swatch.x + 22 + text_width(name.text) <= laid.width - 8 + EPS or swatch.x == LEFT_PAD
    assert laid.height == max(s.y for s in order if isinstance(s, Text)) + 12


def _attributes(shape: c.Shape, ident: str) -> tuple[str, dict[str, str]]:
    num = c._num
    if isinstance(shape, Box):
        attrs = {"x": num(shape.x), "y": num(shape.y), "width": num(shape.width), "height": num(shape.height)}
        if shape.series is None:
            return "rect", {**attrs, "fill": c.WHITE}
        return "rect", {**attrs, "fill": f"url(#{ident}-p{shape.series})", "stroke": c.SERIES_STYLE[shape.series][0]}
    if isinstance(shape, Line):
        attrs = {"x1": num(shape.x1), "y1": num(shape.y1), "x2": num(shape.x2), "y2": num(shape.y2), "stroke": c.TEXT}
        if shape.width != 1:
            attrs["stroke-width"] = num(shape.width)
        if shape.dash:
            attrs["stroke-dasharray"] = " ".join(num(d) for d in shape.dash)
        return "line", attrs
    attrs = {"x": num(shape.x), "y": num(shape.y)}
    if shape.anchor != "start":
        attrs["text-anchor"] = shape.anchor
    if shape.size != c.FONT_SIZE:
        attrs["font-size"] = num(shape.size)
    if shape.bold:
        attrs["font-weight"] = "bold"
    return "text", attrs


@settings(max_examples=40, deadline=None)
@given(chart=charts())
def test_the_svg_draws_exactly_the_layout(chart: Chart) -> None:
    laid = plan(chart)
    svg = etree.fromstring(render_svg(chart, "p").encode("utf-8"))
    ident = c.chart_id(chart, "p")
    assert svg.get("viewBox") == f"0 0 {c._num(laid.width)} {c._num(laid.height)}"
    assert (svg.get("width"), svg.get("height")) == (c._num(laid.width), c._num(laid.height))
    assert svg.get("font-family") == c.FONT and svg.get("fill") == c.TEXT and svg.get("font-size") == str(c.FONT_SIZE)
    drawn = [e for e in svg if e.tag not in (f"{SVG}title", f"{SVG}desc", f"{SVG}defs")]
    background = drawn.pop(0)
    assert background.get("width") == "100%" and background.get("fill") == c.WHITE
    assert len(drawn) == len(laid.shapes)
    for element, shape in zip(drawn, laid.shapes, strict=True):
        tag, attrs = _attributes(shape, ident)
        assert element.tag == SVG + tag and dict(element.attrib) == attrs
        if isinstance(shape, Text):
            assert element.text == shape.text
    patterns = svg.find(f"{SVG}defs")
    assert [p.get("id") for p in patterns] == [f"{ident}-p{n}" for n in range(len(c.SERIES_STYLE))]
    for pattern, (colour, kind) in zip(patterns, c.SERIES_STYLE, strict=True):
        marks = [e for e in pattern.iter() if e.get("fill") == colour or e.get("stroke") == colour]
        assert marks and marks[0].tag == SVG + {"solid": "rect", "hatch": "path", "dots": "circle"}[kind]
        assert pattern.get("width") == pattern.get("height") == "8" and pattern.get("patternUnits") == "userSpaceOnUse"


def test_numbers_and_widths_in_the_small() -> None:
    assert [c._num(v) for v in (0, 2, 1.5, 66.66, 100.04, 0.05)] == ["0", "2", "1.5", "66.7", "100", "0.1"]
    assert text_width("区") == 12 and abs(text_width("a") - 7.2) < EPS and abs(text_width("北区1", 10) - 26) < EPS
    assert c.ticks(100) == [0, 20, 40, 60, 80, 100] and c.ticks(61) == [0, 20, 40, 60] and c.ticks(60) == [0, 10, 20, 30, 40, 50, 60]
    assert c.ticks(20) == [0, 5, 10, 15, 20] and c.ticks(21) == [0, 10, 20] and c.ticks(10) == [0, 5, 10]
    assert c.chart_id(Chart("a-1", "t", "d", "％", ("s",), ()), "x") == "cx-" + b"a-1".hex()
    assert c.fit("北区") == "北区" and c.fit("北区" * 20, 60) == "北区北区…" and c.fit("abc", 1) == "…"  # as much as fits, at worst 「…」
    assert c.fit("a" * 10, text_width("a" * 10)) == "a" * 10  # exactly as wide: whole
    assert c.fit("abcdefghij", text_width("abcde…")) == "abcde…"  # cut one character at a time


def test_shapes_are_values_the_svg_and_png_writers_share_unchanged() -> None:
    for shape in (Box(1, 2, 3, 4, 0), Line(1, 2, 3, 4), Text(1, 2, "t"), c.Plan(1, 2, ())):
        assert hash(shape) == hash(shape) and not hasattr(shape, "__dict__")  # frozen and slotted
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(shape, dataclasses.fields(shape)[0].name, 5)


def test_a_chart_of_one_ward_on_track_one_below_and_one_apart() -> None:
    """A worked example: 北区 50％ on track, 南区 25％ below, 東区 75％ a reference value; threshold 40％ and target 100％."""
    bars = (Bar("北区", (Decimal(50), None, None), ("50.0％", "", "")), Bar("南区", (None, Decimal(25), None), ("", "25.0％", "")))
    apart = (Bar("東区", (None, None, Decimal(75)), ("", "", "75.0％")),)
    chart = Chart("k", "t", "d", "％", ("順調", "不調", "参考"), (("", bars), ("参考の区", apart)),
                  (Guide("基準 40％", Decimal(40)), Guide("目標 100％", Decimal(100))), Decimal(100))
    laid = plan(chart)
    left = LEFT_PAD + text_width("北区") + 8  # the widest bar label: the group's heading has a row of its own
    boxes = _bars(laid)
    assert [(b.series, b.x, b.width) for b in boxes] == [(0, left, PLOT / 2), (1, left, PLOT / 4), (2, left, PLOT * 3 / 4)]
    assert [b.y for b in boxes] == [TOP + ROW / 2 - BAR / 2, TOP + 3 * ROW / 2 - BAR / 2, TOP + 2 * ROW + 6 + ROW + ROW / 2 - BAR / 2]
    guides = [s for s in laid.shapes if isinstance(s, Line) and s.dash]
    assert [g.x1 for g in guides] == [left + PLOT * 0.4, left + PLOT]
    assert laid.width == left + PLOT + 120
    # the whole layout in px, as drawn (golden): a change of any size or place shows here
    T, B, L = Text, Box, Line
    assert (laid.width, laid.height) == (520, 188)
    assert laid.shapes == (
        T(34, 59, "北区", "end"), B(40, 48, 180, 14, 0), T(34, 81, "南区", "end"), B(40, 70, 90, 14, 1),
        T(34, 131, "東区", "end"), B(40, 120, 270, 14, 2),
        L(40, 40, 40, 142),
        *(shape for k in range(6) for shape in (L(40 + 72 * k, 142, 40 + 72 * k, 146), T(40 + 72 * k, 159, f"{20 * k}％", "middle", 11))),
        L(184, 18, 184, 142, 1.5, (5, 3)), T(184, 14, "基準 40％", "middle", 11),
        L(400, 32, 400, 142, 1.5, (1.5, 2.5)), T(400, 28, "目標 100％", "middle", 11),
        B(224, 48, pytest.approx(41.4), 14), T(pytest.approx(244.7), 59, "50.0％", "middle", 11),
        B(134, 70, pytest.approx(41.4), 14), T(pytest.approx(154.7), 81, "25.0％", "middle", 11),
        B(6, 95, 52, 17), T(8, 108, "参考の区", bold=True),  # the heading on white, over the guides and the axis
        B(314, 120, pytest.approx(41.4), 14), T(pytest.approx(334.7), 131, "75.0％", "middle", 11),
        B(8, 165, 16, 12, 0), T(30, 176, "順調"), B(72, 165, 16, 12, 1), T(94, 176, "不調"), B(136, 165, 16, 12, 2), T(158, 176, "参考"),
    )


def test_a_stacked_chart_without_guides_starts_high_and_leaves_empty_segments_unlabelled() -> None:
    bars = (Bar("1.1.a", (18, 1), ("18件", "1件")), Bar("1.2.b", (0, 19), ("0件", "19件")), Bar("1.3.a", (1, 0), ("1件", "0件")))
    laid = plan(Chart("o", "t", "d", "件", ("順調", "不調"), (("", bars),), (), 20))
    order = list(laid.shapes)
    figures = [s.text for n, s in enumerate(order) if isinstance(s, Text) and isinstance(order[n - 1], Box) and order[n - 1].series is None]
    assert sorted(figures) == sorted(["18件", "1件", "19件", "1件"])  # no 「0件」 on a bar: the only 0件 is the axis tick
    assert _axis(laid).y1 == c.TOP_PAD - 4 and min(b.y for b in _bars(laid)) == c.TOP_PAD + (ROW - BAR) / 2
    assert len(_bars(laid)) == 6  # the empty segments are still there, of no width
    inside = next(s for s in order if isinstance(s, Text) and s.text == "18件")
    first = _bars(laid)[0]
    assert abs(inside.x - (first.x + first.width / 2)) < EPS  # a figure that fits its segment stands at its middle
